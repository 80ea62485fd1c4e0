//! A decision task with its whole history, however many pages it spans.
//!
//! `PollForDecisionTask` returns at most `maximumPageSize` events (1,000 by default); the rest are
//! fetched by calling `PollForDecisionTask` again with the same task list and the page's
//! `nextPageToken`. The tokens expire (after about 60 s), so the pages are fetched one right after
//! the other, before anything else is done with the task.

use crate::client::Client;
use crate::error::Error;
use crate::types::{DecisionTask, PollForDecisionTaskInput};
use futures::StreamExt;

impl Client {
    /// Polls for a decision task and reads every page of its history.
    ///
    /// Returns `None` when the poll ended without a task (the long poll timed out). The returned
    /// task has the first page's token, ids and type, and all events of all pages in order.
    ///
    /// ```no_run
    /// # async fn f(client: swf_core::Client) -> Result<(), swf_core::Error> {
    /// use swf_core::types::{PollForDecisionTaskInput, TaskList};
    /// let input = PollForDecisionTaskInput {
    ///     domain: "shop".into(),
    ///     task_list: TaskList { name: "orders".into() },
    ///     ..Default::default()
    /// };
    /// if let Some(task) = client.poll_for_whole_decision_task(input).await? {
    ///     println!("{} events", task.events.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn poll_for_whole_decision_task(
        &self,
        input: PollForDecisionTaskInput,
    ) -> Result<Option<DecisionTask>, Error> {
        let mut pages = Box::pin(self.poll_for_decision_task_pages(input));
        let mut task = match pages.next().await {
            None => return Ok(None),
            Some(first) => first?,
        };
        if task.task_token.is_empty() {
            return Ok(None);
        }
        while let Some(page) = pages.next().await {
            task.events.extend(page?.events);
        }
        task.next_page_token = None;
        Ok(Some(task))
    }
}
