//! Graceful shutdown: no new polls, polls in flight finish and their tasks run, running tasks
//! get the grace period and then their cancellation signal, and `run` returns once every task
//! has been answered, leaving no task to time out.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use swf_core::types::EventType;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    CancellationReason, Timeout,
};
use tokio::sync::{Notify, mpsc};

/// `"finish"`: waits for the test's release, then completes. `"stubborn"`: works until its
/// cancellation signal fires. Both tell the test when they start, and heartbeat with a 1 s
/// timeout, shorter than the grace period.
struct Job {
    started: mpsc::UnboundedSender<String>,
    release: Arc<Notify>,
}

impl ActivityDeclaration for Job {
    const NAME: &'static str = "Job";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;
}

impl Activity for Job {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Seconds(1))
    }

    async fn run(&self, ctx: &ActivityContext, mode: String) -> Result<String, ActivityError> {
        let release = self.release.notified();
        self.started.send(mode.clone()).unwrap();
        match mode.as_str() {
            "finish" => {
                release.await;
                Ok("done".into())
            }
            _ => {
                ctx.cancelled().await;
                assert_eq!(
                    ctx.cancellation_reason(),
                    Some(CancellationReason::WorkerShutdown)
                );
                Err(ActivityError::cancelled().with_details("stopped mid-way"))
            }
        }
    }
}

#[tokio::test]
async fn shutdown_with_tasks_in_flight_leaves_no_task_to_time_out() {
    within(30, async {
        let env = Env::start().await;
        let (started, mut started_rx) = mpsc::unbounded_channel();
        let release = Arc::new(Notify::new());
        let mut builder = env.worker();
        builder
            .activity(Job {
                started,
                release: release.clone(),
            })
            .shutdown_grace_period(Duration::from_millis(1500));
        let worker = env.run(&mut builder).await;

        let modes = ["finish", "stubborn", "finish", "stubborn"];
        let decisions = modes
            .iter()
            .enumerate()
            .map(|(i, mode)| schedule("Job", &format!("{mode}-{i}"), Some(&format!("\"{mode}\""))))
            .collect();
        let execution = env.start_workflow("shutdown", decisions).await;
        for _ in modes {
            started_rx.recv().await.unwrap();
        }

        worker.shutdown.cancel();
        // Tasks that finish within the grace period are answered as usual.
        release.notify_waiters();
        // The stubborn ones are cancelled when the grace period ends and answered as failed.
        let m = worker.finish().await;
        assert_eq!(
            Ends::from(m),
            Ends {
                completed: 2,
                failed: 2,
                ..Ends::default()
            }
        );

        // Everything was answered before `run` returned: nothing is left open to time out.
        assert_eq!(env.open_activity_tasks(&execution).await, 0);
        let events = env.history(&execution).await;
        assert_no_timeouts(&events);
        let mut completed: Vec<_> = of_type(&events, EventType::ActivityTaskCompleted)
            .into_iter()
            .map(|e| {
                let attrs = e.activity_task_completed_event_attributes.as_ref().unwrap();
                (
                    activity_id(&events, attrs.scheduled_event_id),
                    attrs.result.clone(),
                )
            })
            .collect();
        completed.sort();
        let done = Some("\"done\"".to_owned());
        assert_eq!(
            completed,
            [("finish-0".into(), done.clone()), ("finish-2".into(), done)]
        );
        // Exactly the two stubborn tasks failed, each with the shutdown's reason.
        let mut failed = failures(&events);
        failed.sort();
        let stopped = |id: &str| {
            (
                id.to_owned(),
                "cancelled: the worker shut down before the task finished".to_owned(),
                Some("stopped mid-way".to_owned()),
            )
        };
        assert_eq!(failed, [stopped("stubborn-1"), stopped("stubborn-3")]);
    })
    .await
}

struct Quick;

impl ActivityDeclaration for Quick {
    const NAME: &'static str = "Quick";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;
}

impl Activity for Quick {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, n: u32) -> Result<u32, ActivityError> {
        Ok(n * 10)
    }
}

#[tokio::test]
async fn a_task_brought_by_a_poll_in_flight_at_shutdown_is_run() {
    within(30, async {
        // Long polls, so that the poll is still parked when the task is scheduled.
        let env = Env::with_poll_timeout(Duration::from_secs(10)).await;
        let mut builder = env.worker();
        builder.activity(Quick).pollers(1);
        let worker = env.run(&mut builder).await;

        // The worker's one poll is parked at the service when the shutdown comes.
        env.server.wait_for_parked_polls(1).await;
        worker.shutdown.cancel();
        let execution = env
            .start_workflow("late", vec![schedule("Quick", "q", Some("7"))])
            .await;
        let m = worker.finish().await;

        let events = env.history(&execution).await;
        let completed = of_type(&events, EventType::ActivityTaskCompleted);
        assert_eq!(completed.len(), 1, "the task the poll brought was run");
        let attrs = completed[0]
            .activity_task_completed_event_attributes
            .as_ref()
            .unwrap();
        assert_eq!(attrs.result.as_deref(), Some("70"));
        assert_eq!(
            (m.polls, m.tasks_completed),
            (1, 1),
            "no poll after the signal"
        );
    })
    .await
}
