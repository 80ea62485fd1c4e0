//! What the shared polling runtime ([`swf_core::runtime`]) polls for a worker: the activity task
//! list, counting polls, empty polls and poll errors, each task run by [`crate::task::run`].
//!
//! The runtime takes a task slot before each poll, backs off with jitter after a failed poll,
//! never abandons a poll in flight, and stops on an error no retry can fix (an unknown domain,
//! refused credentials), which [`Worker::run`](crate::Worker::run) returns.

use std::future::Future;
use std::sync::Arc;

use swf_core::runtime::TaskSource;
use swf_core::types::{ActivityTask, PollForActivityTaskInput, TaskList};

use crate::worker::Shared;

impl TaskSource for Shared {
    type Task = ActivityTask;

    async fn poll(&self) -> Result<Option<ActivityTask>, swf_core::Error> {
        let input = PollForActivityTaskInput {
            domain: self.domain.clone(),
            task_list: TaskList {
                name: self.task_list.clone(),
            },
            identity: Some(self.identity.clone()),
        };
        let counters = &*self.counters;
        match self.client.poll_for_activity_task(input).await {
            Ok(task) => {
                counters.polls.increment();
                if task.task_token.is_empty() {
                    counters.empty_polls.increment();
                    return Ok(None);
                }
                Ok(Some(task))
            }
            Err(err) => {
                counters.poll_errors.increment();
                Err(err)
            }
        }
    }

    fn run(self: Arc<Self>, task: ActivityTask) -> impl Future<Output = ()> + Send + 'static {
        crate::task::run(self, task)
    }

    fn grace_period_over(&self) {
        self.tasks_cancel.cancel();
    }
}
