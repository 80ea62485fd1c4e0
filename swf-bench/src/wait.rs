//! The activity the `worker` and `heartbeat` workloads serve, and the backlog of its tasks that
//! each schedules before its worker starts. The two workloads differ in how long a task works
//! and in the timeouts, so those are the activity's fields; everything else is here once.

use std::time::Duration;

use swf_core::types::{ScheduleActivityTaskDecisionAttributes, TaskList};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    CancellationToken, Worker,
};

use crate::Error;
use crate::backlog;

/// The schedule-to-start, start-to-close and schedule-to-close timeouts the type is registered
/// with: an hour, longer than any workload waits, so none of them ends a task.
const TASK_TIMEOUTS: Duration = Duration::from_secs(3600);
/// How many tasks each workflow run of the backlog schedules.
const PER_WORKFLOW: usize = 500;

/// An activity that waits for its work's length (none: it answers at once) and returns its
/// input; it records no heartbeat details, so every heartbeat is the worker's own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wait {
    /// How long each task works.
    pub(crate) work: Duration,
    /// The heartbeat timeout the type is registered with (a task may be scheduled with another).
    pub(crate) heartbeat_timeout: Duration,
}

impl ActivityDeclaration for Wait {
    const NAME: &'static str = "Wait";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;
}

impl Activity for Wait {
    fn registration(&self) -> ActivityRegistration {
        ActivityRegistration::new()
            .schedule_to_start_timeout(TASK_TIMEOUTS)
            .start_to_close_timeout(TASK_TIMEOUTS)
            .schedule_to_close_timeout(TASK_TIMEOUTS)
            .heartbeat_timeout(self.heartbeat_timeout)
    }

    async fn run(&self, _ctx: &ActivityContext, n: u32) -> Result<u32, ActivityError> {
        // No timer at all for no work: the `worker` workload times dispatch, not a timer's tick.
        if !self.work.is_zero() {
            tokio::time::sleep(self.work).await;
        }
        Ok(n)
    }
}

impl Wait {
    /// Registers the bench domain and this type (through a worker that stops at once), then
    /// schedules `tasks` tasks of it on `task_list`, [`PER_WORKFLOW`] a workflow run, each with
    /// `heartbeat_timeout` if given (else the registered one) and its number as input.
    pub(crate) async fn schedule(
        self,
        client: &swf_core::Client,
        task_list: &str,
        tasks: usize,
        heartbeat_timeout: Option<Duration>,
    ) -> Result<(), Error> {
        let mut builder = Worker::builder(client.clone());
        builder
            .domain(backlog::DOMAIN)
            .task_list(task_list)
            .activity(self)
            .register(true);
        let stopped = CancellationToken::new();
        stopped.cancel();
        builder.build()?.run(stopped).await?;
        let heartbeat_timeout = heartbeat_timeout.map(|t| t.as_secs().to_string());
        backlog::schedule::<Wait>(client, tasks, PER_WORKFLOW, |i| {
            ScheduleActivityTaskDecisionAttributes {
                input: Some(i.to_string()),
                task_list: Some(TaskList {
                    name: task_list.into(),
                }),
                heartbeat_timeout: heartbeat_timeout.clone(),
                ..Default::default()
            }
        })
        .await
        .map_err(|e| format!("scheduling {tasks} tasks: {e}"))?;
        Ok(())
    }
}
