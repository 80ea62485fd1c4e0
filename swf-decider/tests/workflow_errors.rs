//! Faults in a workflow's code or data make no decision (the decider's error policy applies),
//! except input that cannot be decoded, which fails the execution for good.

mod common;

use swf_core::types::DecisionType;
use swf_decider::testing::{HistoryBuilder, Replay};
use swf_decider::{ActivityOptions, DecideError, Exit, Workflow, WorkflowContext, WorkflowResult};

#[derive(Clone, Copy)]
enum Fault {
    Panic,
    Explicit,
    BadResultType,
    BadId,
}

impl Workflow for Fault {
    const NAME: &'static str = "fault";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: u32) -> WorkflowResult<()> {
        let a = ctx.activity("a", &ActivityOptions::new("a", "1"), &());
        match self {
            Fault::Panic => panic!("boom"),
            Fault::Explicit => Err(Exit::error("the order has no lines")),
            Fault::BadResultType => a.result::<Vec<u32>>().map(|_| ()),
            Fault::BadId => {
                ctx.timer("a/b", std::time::Duration::from_secs(1));
                Err(Exit::Pending)
            }
        }
    }
}

fn error(fault: Fault) -> String {
    let mut h = HistoryBuilder::with_input("fault", "1", Some("7"));
    h.decision_task_completed_with(&[])
        .activity_scheduled("a", "a", "1")
        .activity_completed("a", Some("\"text\""));
    h.decision_task_started();
    let err = Replay::new(fault)
        .check(swf_decider::ReplayCheck::Off)
        .run(h.events())
        .unwrap_err();
    assert!(matches!(err, DecideError::Workflow(_)), "{err:?}");
    err.to_string()
}

#[test]
fn faults_are_errors_naming_what_went_wrong() {
    assert_eq!(
        error(Fault::Panic),
        "workflow error: the workflow panicked: boom"
    );
    assert_eq!(
        error(Fault::Explicit),
        "workflow error: the order has no lines"
    );
    assert!(
        error(Fault::BadResultType)
            .starts_with("workflow error: cannot decode the result of activity `a`:")
    );
    assert_eq!(
        error(Fault::BadId),
        "workflow error: timer id `a/b` must not contain a colon, slash, vertical bar or control \
         character, got '/' in \"a/b\""
    );
}

#[test]
fn input_that_cannot_be_decoded_fails_the_execution() {
    let mut h = HistoryBuilder::with_input("fault", "1", Some("\"not a number\""));
    h.decision_task_started();
    let replay = Replay::new(Fault::Explicit).run(h.events()).unwrap();
    assert_eq!(
        replay.decisions().types(),
        [DecisionType::FailWorkflowExecution]
    );
    let reason = replay
        .decisions()
        .failure()
        .unwrap()
        .reason
        .clone()
        .unwrap();
    assert!(
        reason.starts_with("cannot decode the workflow input:"),
        "{reason}"
    );
}
