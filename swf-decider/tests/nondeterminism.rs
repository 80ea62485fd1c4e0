//! Non-determinism detection: commands that contradict the history are reported with the event id
//! and the mismatch, both sides named (what the history recorded, what the workflow asks for now),
//! and no decision is made.

mod common;

use common::workflows::{Order, OrderWorkflow, activity};
use common::{decide_and_record, order};
use swf_core::types::DecisionType;
use swf_decider::testing::{HistoryBuilder, Replay};
use swf_decider::{
    ChildOptions, DecideError, DecisionKey, Exit, LambdaOptions, Mismatch, ReplayCheck, Workflow,
    WorkflowContext, WorkflowResult,
};

/// The order workflow after three tasks: `reserve` done, `charge` scheduled.
fn history() -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<OrderWorkflow>(&order());
    decide_and_record(OrderWorkflow, &mut h);
    h.activity_completed("reserve", None);
    decide_and_record(OrderWorkflow, &mut h);
    h.signaled("unrelated", None);
    decide_and_record(OrderWorkflow, &mut h);
    h.decision_task_started();
    h
}

/// The order workflow edited in one of several ways.
#[derive(Clone, Copy)]
enum Edited {
    ReserveV2,
    CheckStockFirst,
    AuditToo,
    SkipReserve,
    WaitsOnly,
}

impl Workflow for Edited {
    const NAME: &'static str = "order";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<()> {
        match self {
            Edited::ReserveV2 => {
                let v2 = swf_decider::ActivityOptions::new("reserve", "2");
                ctx.activity("reserve", &v2, &order).result::<()>()?;
            }
            Edited::CheckStockFirst => ctx
                .activity("check-stock", &activity("check-stock"), &order)
                .result::<()>()?,
            Edited::SkipReserve => {}
            Edited::WaitsOnly => return Err(Exit::Pending),
            Edited::AuditToo => {
                ctx.activity("audit", &activity("audit"), &order);
                ctx.activity("reserve", &activity("reserve"), &order)
                    .result::<()>()?;
            }
        }
        ctx.activity("charge", &activity("charge"), &order)
            .result::<String>()?;
        Ok(())
    }
}

fn replay(workflow: Edited, check: ReplayCheck) -> swf_decider::NonDeterminism {
    match Replay::new(workflow).check(check).run(history().events()) {
        Err(DecideError::NonDeterminism(n)) => n,
        other => panic!("expected non-determinism, got {other:?}"),
    }
}

#[test]
fn an_id_asked_for_with_another_type_names_the_scheduled_event() {
    // Caught on the final run itself, whatever is checked per task.
    let n = replay(Edited::ReserveV2, ReplayCheck::Off);
    assert_eq!(n.event_id(), Some(5));
    let Mismatch::TypeChanged { recorded, asked } = n.mismatch() else {
        panic!("{n}")
    };
    assert_eq!(
        (recorded, asked),
        (&reserve("reserve/1"), &reserve("reserve/2"))
    );
    assert_eq!(
        n.to_string(),
        "non-determinism at event 5: the history records ScheduleActivityTask `reserve` (reserve/1); the workflow now asks for ScheduleActivityTask `reserve` (reserve/2)"
    );
}

#[test]
fn a_recorded_step_the_workflow_no_longer_takes_is_reported() {
    let n = replay(Edited::CheckStockFirst, ReplayCheck::EveryTask);
    assert_eq!(
        n.event_id(),
        Some(5),
        "the ActivityTaskScheduled of `reserve`"
    );
    assert_eq!(n.decision_task_started_event_id(), Some(3));
    let Mismatch::NotAsked {
        recorded,
        asked_instead,
    } = n.mismatch()
    else {
        panic!("{n}")
    };
    assert_eq!(recorded, &reserve("reserve/1"));
    assert_eq!(
        asked_instead,
        &[key(
            DecisionType::ScheduleActivityTask,
            "check-stock",
            Some("check-stock/1")
        )]
    );
    assert_eq!(
        n.to_string(),
        "non-determinism at event 5 (replaying the decision task started at event 3): the history records ScheduleActivityTask `reserve` (reserve/1), which the workflow no longer asks for; it now asks for ScheduleActivityTask `check-stock` (check-stock/1) instead"
    );
}

#[test]
fn a_recorded_step_with_nothing_in_its_place_says_so() {
    let n = replay(Edited::WaitsOnly, ReplayCheck::EveryTask);
    assert_eq!(n.event_id(), Some(5));
    assert!(
        matches!(n.mismatch(), Mismatch::NotAsked { asked_instead, .. } if asked_instead.is_empty()),
        "{n}"
    );
    assert!(
        n.to_string()
            .ends_with("which the workflow no longer asks for; it asks for nothing in its place"),
        "{n}"
    );
}

/// A decision as the comparison sees it.
fn key(kind: DecisionType, id: &str, type_name: Option<&str>) -> DecisionKey {
    DecisionKey::new(kind, id, type_name)
}

/// `ScheduleActivityTask reserve` of type `type_name`.
fn reserve(type_name: &str) -> DecisionKey {
    key(
        DecisionType::ScheduleActivityTask,
        "reserve",
        Some(type_name),
    )
}

#[test]
fn a_new_step_the_task_did_not_record_is_reported() {
    let n = replay(Edited::AuditToo, ReplayCheck::EveryTask);
    assert_eq!(n.event_id(), None);
    let Mismatch::NotRecorded {
        asked,
        task_recorded,
    } = n.mismatch()
    else {
        panic!("{n}")
    };
    assert_eq!(
        asked,
        &key(DecisionType::ScheduleActivityTask, "audit", Some("audit/1"))
    );
    assert_eq!(task_recorded, &[reserve("reserve/1")]);
    assert_eq!(
        n.to_string(),
        "non-determinism (replaying the decision task started at event 3): the workflow now asks for ScheduleActivityTask `audit` (audit/1), which the history does not record; the task recorded only ScheduleActivityTask `reserve` (reserve/1)"
    );
}

#[test]
fn the_latest_task_check_sees_changes_to_the_latest_step_only() {
    // Dropping the first step changes nothing at the latest completed task (the workflow re-asks
    // `charge`, already in the history), so the default check lets it pass; every-task replay
    // catches it.
    let outcome = Replay::new(Edited::SkipReserve)
        .check(ReplayCheck::LastTask)
        .run(history().events());
    assert!(outcome.is_ok(), "{outcome:?}");
    let n = replay(Edited::SkipReserve, ReplayCheck::EveryTask);
    assert_eq!(n.decision_task_started_event_id(), Some(3));
    // An edit that shows at the latest task is caught by the default check.
    let n = replay(Edited::CheckStockFirst, ReplayCheck::LastTask);
    assert_eq!(n.decision_task_started_event_id(), Some(14));
    // A change at the latest step is caught.
    #[derive(Clone, Copy)]
    struct ChargeRenamed;
    impl Workflow for ChargeRenamed {
        const NAME: &'static str = "order";
        const VERSION: &'static str = "1";
        type Input = Order;
        type Output = ();
        fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<()> {
            ctx.activity("reserve", &activity("reserve"), &order)
                .result::<()>()?;
            ctx.activity("pay", &activity("charge"), &order)
                .result::<String>()?;
            Ok(())
        }
    }
    let err = Replay::new(ChargeRenamed)
        .check(ReplayCheck::LastTask)
        .run(history().events())
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "asks for ScheduleActivityTask `pay` (charge/1), which the history does not record"
        ),
        "{err}"
    );
}

#[test]
fn the_unchanged_workflow_replays_every_task() {
    let replay = Replay::new(OrderWorkflow).run(history().events()).unwrap();
    let per_task: Vec<_> = replay
        .tasks()
        .iter()
        .map(|t| t.decisions.activity_ids())
        .collect();
    assert_eq!(per_task, [vec!["reserve"], vec!["charge"], vec![], vec![]]);
    assert_eq!(replay.task(2).unwrap().started_event_id, 9);
    assert!(replay.decisions().is_empty());
}

#[test]
fn run_to_task_decides_as_at_that_task() {
    let at_two = Replay::new(OrderWorkflow)
        .run_to_task(history().events(), 2)
        .unwrap();
    assert_eq!(at_two.decisions().activity_ids(), ["charge"]);
}

/// Starts child `kid` and Lambda function `lam` with the types it carries, then waits.
#[derive(Clone, Copy)]
struct Asks {
    child_version: &'static str,
    function: &'static str,
}

impl Workflow for Asks {
    const NAME: &'static str = "asks";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        ctx.child("kid", &ChildOptions::new("kid", self.child_version), &());
        ctx.lambda("lam", &LambdaOptions::new(self.function), &());
        Err(Exit::Pending)
    }
}

#[test]
fn a_child_or_lambda_function_asked_for_with_another_type_names_its_recorded_event() {
    let recorded = Asks {
        child_version: "1",
        function: "f1",
    };
    let mut h = HistoryBuilder::for_workflow::<Asks>(&());
    // Events 5 and 6: the child's initiation, then the function's scheduling.
    decide_and_record(recorded, &mut h);
    h.signaled("wake", None);
    h.decision_task_started();
    let found = |edited: Asks| match Replay::new(edited).check(ReplayCheck::Off).run(h.events()) {
        Err(DecideError::NonDeterminism(n)) => n,
        other => panic!("expected non-determinism, got {other:?}"),
    };

    let n = found(Asks {
        child_version: "2",
        ..recorded
    });
    assert_eq!(n.event_id(), Some(5));
    assert_eq!(
        n.to_string(),
        "non-determinism at event 5: the history records StartChildWorkflowExecution `kid` (kid/1); the workflow now asks for StartChildWorkflowExecution `kid` (kid/2)"
    );
    let n = found(Asks {
        function: "f2",
        ..recorded
    });
    assert_eq!(n.event_id(), Some(6));
    assert_eq!(
        n.to_string(),
        "non-determinism at event 6: the history records ScheduleLambdaFunction `lam` (f1); the workflow now asks for ScheduleLambdaFunction `lam` (f2)"
    );
}

/// Schedules `charge` with the order's amount scaled by `factor`, and records marker `note` with
/// the same amount: one input and one marker's details to change.
#[derive(Clone, Copy)]
struct Charges {
    factor: u64,
}

impl Workflow for Charges {
    const NAME: &'static str = "charges";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<()> {
        let cents = order.cents * self.factor;
        ctx.record_marker("note", &cents);
        ctx.activity("charge", &activity("charge"), &cents)
            .result::<String>()?;
        Ok(())
    }
}

/// A history recorded by `Charges { factor: 1 }`: its first task, then a signal.
fn charged() -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<Charges>(&order());
    decide_and_record(Charges { factor: 1 }, &mut h);
    h.signaled("unrelated", None);
    h.decision_task_started();
    h
}

#[test]
fn a_changed_input_passes_by_default_and_fails_when_inputs_are_compared() {
    // Without the option only kind, id and type are compared: the same decisions pass.
    let edited = Charges { factor: 2 };
    let outcome = Replay::new(edited).run(charged().events());
    assert!(outcome.is_ok(), "{outcome:?}");

    let err = Replay::new(edited)
        .compare_inputs(true)
        .run(charged().events())
        .unwrap_err();
    let DecideError::NonDeterminism(n) = &err else {
        panic!("{err}")
    };
    assert_eq!(n.decision_task_started_event_id(), Some(3));
    // The marker comes first in the task's records (event 5), its details are the first change.
    assert_eq!(n.event_id(), Some(5));
    let Mismatch::InputChanged {
        decision,
        recorded_input,
        asked_input,
    } = n.mismatch()
    else {
        panic!("{n}")
    };
    assert_eq!(decision, &key(DecisionType::RecordMarker, "note", None));
    assert_eq!(
        (recorded_input.as_deref(), asked_input.as_deref()),
        (Some("1250"), Some("2500"))
    );
    assert_eq!(
        n.to_string(),
        "non-determinism at event 5 (replaying the decision task started at event 3): the history records RecordMarker `note` with details `1250`; the workflow now asks for it with details `2500`"
    );
}

#[test]
fn an_activity_input_changed_is_named_with_both_inputs() {
    /// Records the marker as before, changes only the activity's input.
    #[derive(Clone, Copy)]
    struct ChargesMore;
    impl Workflow for ChargesMore {
        const NAME: &'static str = "charges";
        const VERSION: &'static str = "1";
        type Input = Order;
        type Output = ();
        fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<()> {
            ctx.record_marker("note", &order.cents);
            ctx.activity("charge", &activity("charge"), &(order.cents + 1))
                .result::<String>()?;
            Ok(())
        }
    }
    let err = Replay::new(ChargesMore)
        .compare_inputs(true)
        .run(charged().events())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "non-determinism at event 6 (replaying the decision task started at event 3): the history records ScheduleActivityTask `charge` (charge/1) with input `1250`; the workflow now asks for it with input `1251`"
    );
    // The unchanged workflow passes with inputs compared.
    let outcome = Replay::new(Charges { factor: 1 })
        .compare_inputs(true)
        .run(charged().events());
    assert!(outcome.is_ok(), "{outcome:?}");
}
