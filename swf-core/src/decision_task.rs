//! A decision task with its whole history, however many pages it spans.
//!
//! `PollForDecisionTask` returns at most `maximumPageSize` events (1,000 by default); the rest are
//! fetched by calling `PollForDecisionTask` again with the same task list and the page's
//! `nextPageToken`. The tokens expire (after about 60 s), so the pages are fetched one right after
//! the other, before anything else is done with the task. A history holds at most 25,000 events,
//! which bounds the number of pages: a token chain longer than that is a service fault, not a
//! reason to loop forever.

use crate::Operation;
use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::limits::{MAX_HISTORY_EVENTS, PAGE_SIZE_MAX};
use crate::types::{DecisionTask, PollForDecisionTaskInput};

/// A decision task with every page of its history, from
/// [`Client::poll_for_whole_decision_task`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WholeDecisionTask {
    /// The first page's token, ids and type, with the events of all pages in order and no
    /// `next_page_token`.
    pub task: DecisionTask,
    /// How many pages the history came in (1 when it fitted in the first).
    pub pages: usize,
}

impl Client {
    /// Polls for a decision task and reads every page of its history.
    ///
    /// Returns `None` when the poll ended without a task (the long poll timed out). A history
    /// whose pages do not end within what 25,000 events fill at the input's page size (plus two
    /// pages to spare) fails with [`ErrorKind::EndlessHistory`] once that many pages are read.
    ///
    /// ```no_run
    /// # async fn f(client: swf_core::Client) -> Result<(), swf_core::Error> {
    /// use swf_core::types::{PollForDecisionTaskInput, TaskList};
    /// let input = PollForDecisionTaskInput {
    ///     domain: "shop".into(),
    ///     task_list: TaskList { name: "orders".into() },
    ///     ..Default::default()
    /// };
    /// if let Some(whole) = client.poll_for_whole_decision_task(input).await? {
    ///     println!("{} events in {} pages", whole.task.events.len(), whole.pages);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn poll_for_whole_decision_task(
        &self,
        input: PollForDecisionTaskInput,
    ) -> Result<Option<WholeDecisionTask>, Error> {
        let mut task = self.poll_for_decision_task(input.clone()).await?;
        if task.task_token.is_empty() {
            return Ok(None);
        }
        let max_pages = max_pages(input.maximum_page_size);
        let mut pages = 1;
        while let Some(token) = task.next_page_token.take().filter(|t| !t.is_empty()) {
            if pages >= max_pages {
                let kind = ErrorKind::EndlessHistory { pages };
                return Err(Error::new(Some(Operation::PollForDecisionTask), kind));
            }
            let next = PollForDecisionTaskInput {
                next_page_token: Some(token),
                ..input.clone()
            };
            let page = self.poll_for_decision_task(next).await?;
            task.events.extend(page.events);
            task.next_page_token = page.next_page_token;
            pages += 1;
        }
        Ok(Some(WholeDecisionTask { task, pages }))
    }
}

/// The most pages a whole history can take at `page_size` events a page (SWF's largest page when
/// unset), with two to spare.
fn max_pages(page_size: Option<i32>) -> usize {
    let page_size = match page_size {
        Some(n) => n.max(1) as usize,
        None => PAGE_SIZE_MAX as usize,
    };
    MAX_HISTORY_EVENTS.div_ceil(page_size) + 2
}

#[cfg(test)]
mod tests {
    use super::max_pages;

    #[test]
    fn the_page_bound_follows_the_page_size() {
        assert_eq!(max_pages(Some(100)), 252);
        assert_eq!(max_pages(None), 27);
        assert_eq!(max_pages(Some(1000)), 27);
        assert_eq!(max_pages(Some(7)), 3_574);
        // A page size SWF would refuse still gives a bound rather than a division by zero.
        assert_eq!(max_pages(Some(0)), 25_002);
    }
}
