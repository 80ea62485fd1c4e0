//! End to end on swf-local: shutting the decider down lets the decision task being decided finish
//! and be answered, keeps the poll in flight and decides the task it brings, and starts no new
//! poll.

mod common;

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use common::local::{execution, start_with_poll_timeout, within};
use swf_decider::{StartOptions, Workflow, WorkflowContext, WorkflowResult};

/// Completes at once, but only after telling the test it is deciding and hearing back.
struct Blocking {
    deciding: Mutex<Sender<()>>,
    go: Mutex<Receiver<()>>,
}

impl Workflow for Blocking {
    const NAME: &'static str = "blocking";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, _: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        self.deciding.lock().unwrap().send(()).unwrap();
        self.go.lock().unwrap().recv().unwrap();
        Ok(())
    }

    fn registration() -> swf_decider::Registration {
        common::workflows::OrderWorkflow::registration()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_being_decided_and_polled_are_answered_before_run_returns() {
    // SWF's own 60 s long polls: `run` returning within the 10 s bound below shows that it started
    // no poll after the shutdown (it would wait that poll out).
    let local = start_with_poll_timeout(Duration::from_secs(60)).await;
    let (deciding_tx, deciding) = channel();
    let (go, go_rx) = channel();
    let workflow = Blocking {
        deciding: Mutex::new(deciding_tx),
        go: Mutex::new(go_rx),
    };
    let decider = local
        .decider("shutdown")
        .workflow(workflow)
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let (shutdown, running) = local.run(decider);
    let start = |id: &'static str| {
        let workflows = local.workflows();
        async move {
            workflows
                .start::<Blocking>(id, &(), &StartOptions::new().task_list("shutdown"))
                .await
                .unwrap()
        }
    };
    let deciding = std::sync::Arc::new(Mutex::new(deciding));
    let next_decision = || {
        let deciding = deciding.clone();
        within(
            10,
            tokio::task::spawn_blocking(move || deciding.lock().unwrap().recv().unwrap()),
        )
    };

    // The decider is in the middle of a decision, and with a slot to spare its poller has gone
    // back to polling: a poll is in flight at shutdown.
    let first = start("blocking-1").await;
    next_decision().await.unwrap();
    within(10, local.server.wait_for_parked_polls(1)).await;
    shutdown.cancel();

    // The poll in flight is kept: the task it brings after the shutdown is decided too.
    let second = start("blocking-2").await;
    go.send(()).unwrap();
    next_decision().await.unwrap();
    go.send(()).unwrap();
    within(10, running).await.unwrap();
    assert_eq!(local.server.parked_polls(), 0, "no poll outlives run");

    // `run` returned only after both answers were accepted: both executions completed.
    for run in [first, second] {
        let events = local.history(&execution(&run)).await;
        assert_eq!(
            events.last().unwrap().event_type.as_str(),
            "WorkflowExecutionCompleted",
            "{events:#?}"
        );
    }
}
