//! End to end on swf-local: shutting the decider down lets the decision task being decided finish
//! and be answered, and abandons the poll in flight instead of waiting for it to end.

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
async fn a_task_being_decided_is_answered_before_run_returns() {
    // SWF's own 60 s long polls: `run` returning within the 10 s bound below shows that it did not
    // wait for the poll parked meanwhile.
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
    let run = local
        .workflows()
        .start::<Blocking>(
            "blocking-1",
            &(),
            &StartOptions::new().task_list("shutdown"),
        )
        .await
        .unwrap();

    // The decider is in the middle of the decision: shut it down, then let the decision finish.
    within(
        10,
        tokio::task::spawn_blocking(move || deciding.recv().unwrap()),
    )
    .await
    .unwrap();
    // With a slot to spare, the poller has gone back to polling: a poll is in flight at shutdown.
    within(10, local.server.wait_for_parked_polls(1)).await;
    shutdown.cancel();
    go.send(()).unwrap();
    within(10, running).await.unwrap();

    // `run` returned only after the answer was accepted: the execution completed.
    let events = local.history(&execution(&run)).await;
    assert_eq!(
        events.last().unwrap().event_type.as_str(),
        "WorkflowExecutionCompleted"
    );
}
