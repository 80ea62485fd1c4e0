//! Retried non-idempotent calls tell the truth when an earlier attempt was applied but its
//! answer was lost. moto is the service; swf-testkit's proxy in front of it loses answers on
//! purpose (it forwards the call, so moto applies it, then answers 500) and counts what it did.
//!
//! Every test asserts the proxy's counts, so a proxy that stopped losing answers, or a client that
//! stopped retrying or reconciling, fails the test rather than passing it another way. The client
//! under test is the only one talking through the proxy; the tests set up and check moto's state
//! with a second client that talks to moto directly.
//!
//! `StartWorkflowExecution`'s reconciliation (`swf-core/src/reconcile.rs`), branch by branch:
//! - the fault was not after an ambiguous attempt: returned, nothing listed;
//! - the one open execution with the id, type and (when asked for) tags: its run is returned;
//! - an open execution with the id but another type, or other tags: the fault is returned;
//! - the listing fails: the fault is returned.
//!
//! Not covered here: two matching open executions (SWF allows one open execution per workflow id,
//! so no service that follows SWF can produce them), and an execution older than the 15-minute
//! look-back (moto's clock cannot be moved).

use crate::client_for;
use swf_core::types::*;
use swf_core::{Client, Error};
use swf_testkit::Moto;
use swf_testkit::proxy::{Fault, FaultProxy, Stats};

const START: &str = "StartWorkflowExecution";
const LIST_OPEN: &str = "ListOpenWorkflowExecutions";
/// The client's attempts per call (`RetryConfig`'s default).
const ATTEMPTS: u64 = 4;

/// moto, a proxy in front of it, the client under test (through the proxy) and a client that
/// sets up and checks moto directly, with `domain` and the workflow types `wf` and `other`
/// registered.
struct Setup {
    // Held so that moto runs for the whole test.
    _moto: Moto,
    proxy: FaultProxy,
    client: Client,
    direct: Client,
    domain: String,
}

impl Setup {
    async fn start(test: &str, domain: &str) -> Option<Setup> {
        let moto = Moto::start(test)?;
        let proxy = FaultProxy::start(&moto.endpoint).await;
        let client = Client::builder()
            .endpoint_url(proxy.endpoint_url())
            .region("us-east-1")
            .static_credentials("testing", "testing", None)
            .retry_config(
                swf_core::RetryConfig::new()
                    .with_max_attempts(ATTEMPTS as u32)
                    .with_initial_backoff(std::time::Duration::from_millis(1)),
            )
            .build()
            .await
            .expect("client builds");
        let direct = client_for(&moto).await;
        register(&direct, domain).await;
        Some(Setup {
            _moto: moto,
            proxy,
            client,
            direct,
            domain: domain.to_owned(),
        })
    }

    fn start_input(
        &self,
        workflow_id: &str,
        type_name: &str,
        tags: &[&str],
    ) -> StartWorkflowExecutionInput {
        StartWorkflowExecutionInput {
            domain: self.domain.clone(),
            workflow_id: workflow_id.into(),
            workflow_type: workflow_type(type_name),
            tag_list: (!tags.is_empty()).then(|| tags.iter().map(|t| t.to_string()).collect()),
            ..Default::default()
        }
    }

    /// Starts an execution directly on moto, as another client would; returns its run id.
    async fn started_by_someone_else(&self, input: StartWorkflowExecutionInput) -> String {
        self.direct
            .start_workflow_execution(input)
            .await
            .expect("the other client's start")
            .run_id
            .expect("a run id")
    }

    /// The run ids of the open executions with `workflow_id`, as moto reports them.
    async fn open_runs(&self, workflow_id: &str) -> Vec<String> {
        use futures::TryStreamExt;
        let open: Vec<WorkflowExecutionInfo> = self
            .direct
            .list_open_workflow_executions_stream(ListOpenWorkflowExecutionsInput {
                domain: self.domain.clone(),
                start_time_filter: ExecutionTimeFilter {
                    oldest_date: Timestamp::from_millis(0),
                    latest_date: None,
                },
                ..Default::default()
            })
            .try_collect()
            .await
            .expect("list open executions");
        open.into_iter()
            .filter(|info| info.execution.workflow_id == workflow_id)
            .map(|info| info.execution.run_id)
            .collect()
    }
}

fn workflow_type(name: &str) -> WorkflowType {
    WorkflowType {
        name: name.into(),
        version: "1".into(),
    }
}

async fn register(client: &Client, domain: &str) {
    client
        .register_domain(RegisterDomainInput {
            name: domain.into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .expect("register domain");
    for name in ["wf", "other"] {
        client
            .register_workflow_type(RegisterWorkflowTypeInput {
                domain: domain.into(),
                name: name.into(),
                version: "1".into(),
                default_task_list: Some(TaskList {
                    name: "main".into(),
                }),
                default_child_policy: Some(ChildPolicy::Terminate),
                default_execution_start_to_close_timeout: Some("3600".into()),
                default_task_start_to_close_timeout: Some("300".into()),
                ..Default::default()
            })
            .await
            .expect("register workflow type");
    }
}

/// `received` calls, of which `faulted` met the scripted fault and the rest were answered.
fn stats(received: u64, faulted: u64) -> Stats {
    Stats {
        received,
        faulted,
        answered: received - faulted,
    }
}

/// The fault a retried start returns when it cannot show that the execution is its own.
fn assert_already_started_after_a_lost_answer(err: &Error) {
    assert!(err.is_workflow_execution_already_started(), "{err}");
    assert!(
        err.after_ambiguous_attempt(),
        "the error says an earlier attempt may have been applied: {err}"
    );
    assert_eq!(err.attempts(), 2, "{err}");
}

#[tokio::test]
async fn a_start_whose_answer_was_lost_returns_the_run_it_started() {
    let test = "a_start_whose_answer_was_lost_returns_the_run_it_started";
    let Some(s) = Setup::start(test, "r1").await else {
        return;
    };
    // Another open execution of the same type under another id: the listing must be filtered by
    // workflow id, or this one would match too.
    s.started_by_someone_else(s.start_input("elsewhere", "wf", &[]))
        .await;

    s.proxy.fail_next(START, Fault::LoseAnswer, 1);
    let run = s
        .client
        .start_workflow_execution(s.start_input("once", "wf", &[]))
        .await
        .expect("the retry finds the execution the lost attempt started");

    // The first attempt's answer was lost; the second met the execution it had started, and the
    // client listed open executions once to find it.
    assert_eq!(s.proxy.stats(START), stats(2, 1));
    assert_eq!(s.proxy.stats(LIST_OPEN), stats(1, 0));
    // What it returns is the one open execution with that id, not a second one.
    assert_eq!(s.open_runs("once").await, [run.run_id.expect("run id")]);
}

#[tokio::test]
async fn a_lost_start_with_tags_returns_the_run_with_those_tags() {
    let test = "a_lost_start_with_tags_returns_the_run_with_those_tags";
    let Some(s) = Setup::start(test, "r2").await else {
        return;
    };
    s.proxy.fail_next(START, Fault::LoseAnswer, 1);
    let run = s
        .client
        .start_workflow_execution(s.start_input("tagged", "wf", &["a", "b"]))
        .await
        .expect("the retry finds the execution with the same tags");
    assert_eq!(s.proxy.stats(START), stats(2, 1));
    assert_eq!(s.proxy.stats(LIST_OPEN), stats(1, 0));
    assert_eq!(s.open_runs("tagged").await, [run.run_id.expect("run id")]);
}

#[tokio::test]
async fn a_start_that_really_collides_still_fails() {
    let Some(s) = Setup::start("a_start_that_really_collides_still_fails", "r3").await else {
        return;
    };
    let input = s.start_input("taken", "wf", &[]);
    let theirs = s.started_by_someone_else(input.clone()).await;

    let err = s
        .client
        .start_workflow_execution(input)
        .await
        .expect_err("the start collides");
    assert!(err.is_workflow_execution_already_started(), "{err}");
    assert!(
        !err.after_ambiguous_attempt(),
        "no attempt was ambiguous: {err}"
    );
    // One attempt, answered; no attempt was ambiguous, so nothing was reconciled.
    assert_eq!(s.proxy.stats(START), stats(1, 0));
    assert_eq!(s.proxy.stats(LIST_OPEN), stats(0, 0));
    assert_eq!(s.open_runs("taken").await, [theirs]);
}

#[tokio::test]
async fn a_competing_execution_of_another_type_is_not_claimed() {
    let test = "a_competing_execution_of_another_type_is_not_claimed";
    let Some(s) = Setup::start(test, "r4").await else {
        return;
    };
    let theirs = s
        .started_by_someone_else(s.start_input("contested", "other", &[]))
        .await;

    // moto refuses the first attempt (the id is taken) and the proxy loses that answer, so the
    // client cannot tell the retry's fault from one its own first attempt caused.
    s.proxy.fail_next(START, Fault::LoseAnswer, 1);
    let err = s
        .client
        .start_workflow_execution(s.start_input("contested", "wf", &[]))
        .await
        .expect_err("the open execution is of another type: not ours");
    assert_already_started_after_a_lost_answer(&err);
    assert_eq!(s.proxy.stats(START), stats(2, 1));
    assert_eq!(
        s.proxy.stats(LIST_OPEN),
        stats(1, 0),
        "the client looked and found no match"
    );
    assert_eq!(s.open_runs("contested").await, [theirs]);
}

#[tokio::test]
async fn a_competing_execution_with_other_tags_is_not_claimed() {
    let test = "a_competing_execution_with_other_tags_is_not_claimed";
    let Some(s) = Setup::start(test, "r5").await else {
        return;
    };
    let theirs = s
        .started_by_someone_else(s.start_input("contested", "wf", &["theirs"]))
        .await;

    s.proxy.fail_next(START, Fault::LoseAnswer, 1);
    let err = s
        .client
        .start_workflow_execution(s.start_input("contested", "wf", &["mine"]))
        .await
        .expect_err("the open execution has other tags: not ours");
    assert_already_started_after_a_lost_answer(&err);
    assert_eq!(s.proxy.stats(START), stats(2, 1));
    assert_eq!(s.proxy.stats(LIST_OPEN), stats(1, 0));
    assert_eq!(s.open_runs("contested").await, [theirs]);
}

#[tokio::test]
async fn a_lost_start_whose_execution_cannot_be_listed_returns_the_fault() {
    let test = "a_lost_start_whose_execution_cannot_be_listed_returns_the_fault";
    let Some(s) = Setup::start(test, "r6").await else {
        return;
    };
    s.proxy.fail_next(START, Fault::LoseAnswer, 1);
    // Every answer to the listing is lost too: the client retries it, then gives up.
    s.proxy.fail_next(LIST_OPEN, Fault::LoseAnswer, u64::MAX);
    let err = s
        .client
        .start_workflow_execution(s.start_input("unseen", "wf", &[]))
        .await
        .expect_err("without the listing the client cannot show the execution is its own");
    assert_already_started_after_a_lost_answer(&err);
    assert_eq!(s.proxy.stats(START), stats(2, 1));
    assert_eq!(s.proxy.stats(LIST_OPEN), stats(ATTEMPTS, ATTEMPTS));
    // The lost attempt did start it: the fault is the honest answer the client can give.
    assert_eq!(s.open_runs("unseen").await.len(), 1);
}

#[tokio::test]
async fn a_completion_whose_answer_was_lost_says_so() {
    let Some(s) = Setup::start("a_completion_whose_answer_was_lost_says_so", "r7").await else {
        return;
    };
    s.started_by_someone_else(s.start_input("w", "wf", &[]))
        .await;
    let task = s
        .client
        .poll_for_decision_task(PollForDecisionTaskInput {
            domain: s.domain.clone(),
            task_list: TaskList {
                name: "main".into(),
            },
            ..Default::default()
        })
        .await
        .expect("poll");
    assert!(!task.task_token.is_empty(), "a decision task was waiting");

    s.proxy
        .fail_next("RespondDecisionTaskCompleted", Fault::LoseAnswer, 1);
    let err = s
        .client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: task.task_token,
            decisions: Some(vec![]),
            ..Default::default()
        })
        .await
        .expect_err("the retry meets the task the first attempt closed");
    assert!(err.is_unknown_resource(), "{err}");
    assert!(
        err.after_ambiguous_attempt(),
        "the error says an earlier attempt may have been applied: {err}"
    );
    assert_eq!(err.attempts(), 2, "{err}");
    assert_eq!(s.proxy.stats("RespondDecisionTaskCompleted"), stats(2, 1));
}
