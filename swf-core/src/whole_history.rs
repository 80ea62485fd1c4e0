//! Whole histories, however many pages they span: a decision task's
//! ([`Client::poll_for_whole_decision_task`]) and an execution's
//! ([`Client::get_whole_workflow_execution_history`]).
//!
//! `PollForDecisionTask` and `GetWorkflowExecutionHistory` return at most `maximumPageSize` events
//! (1,000 by default); the rest are fetched by calling the operation again with the same input and
//! the page's `nextPageToken`. A decision task's tokens expire (after about 60 s), so its pages are
//! fetched one right after the other, before anything else is done with the task.
//!
//! A history holds at most 25,000 events, which bounds the number of pages: a token chain longer
//! than that is a service fault, not a reason to loop forever. Both readers count their pages
//! with one [`PageCount`], so they give up at the same bound with the same error.

use crate::Operation;
use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::limits::{MAX_HISTORY_EVENTS, PAGE_SIZE_MAX};
use crate::types::{
    DecisionTask, GetWorkflowExecutionHistoryInput, HistoryEvent, PollForDecisionTaskInput,
};

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

/// An execution's history, every page, from [`Client::get_whole_workflow_execution_history`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WholeHistory {
    /// The events of all pages, in the order the pages gave them: oldest first, or newest first
    /// when the input asked for `reverse_order`.
    pub events: Vec<HistoryEvent>,
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
        let mut pages = PageCount::new(Operation::PollForDecisionTask, input.maximum_page_size);
        while let Some(token) = pages.next(task.next_page_token.take())? {
            let next = PollForDecisionTaskInput {
                next_page_token: Some(token),
                ..input.clone()
            };
            let page = self.poll_for_decision_task(next).await?;
            task.events.extend(page.events);
            task.next_page_token = page.next_page_token;
        }
        Ok(Some(WholeDecisionTask {
            task,
            pages: pages.read,
        }))
    }

    /// Reads an execution's history with `GetWorkflowExecutionHistory`, page after page until
    /// the pages end.
    ///
    /// Every page is asked for with the input's `maximum_page_size` and `reverse_order`; the
    /// first starts at the input's `next_page_token` (normally none: the history's start). A
    /// history whose pages do not end within what 25,000 events fill at that page size (plus two
    /// pages to spare) fails with [`ErrorKind::EndlessHistory`] once that many pages are read,
    /// rather than looping for as long as the service sends tokens.
    ///
    /// ```no_run
    /// # async fn f(client: swf_core::Client) -> Result<(), swf_core::Error> {
    /// use swf_core::types::{GetWorkflowExecutionHistoryInput, WorkflowExecution};
    /// let input = GetWorkflowExecutionHistoryInput {
    ///     domain: "shop".into(),
    ///     execution: WorkflowExecution { workflow_id: "order-1".into(), run_id: "22Ab...".into() },
    ///     ..Default::default()
    /// };
    /// let whole = client.get_whole_workflow_execution_history(input).await?;
    /// println!("{} events in {} pages", whole.events.len(), whole.pages);
    /// # Ok(()) }
    /// ```
    pub async fn get_whole_workflow_execution_history(
        &self,
        input: GetWorkflowExecutionHistoryInput,
    ) -> Result<WholeHistory, Error> {
        let first = self.get_workflow_execution_history(input.clone()).await?;
        let mut events = first.events;
        let mut next_page_token = first.next_page_token;
        let mut pages = PageCount::new(
            Operation::GetWorkflowExecutionHistory,
            input.maximum_page_size,
        );
        while let Some(token) = pages.next(next_page_token.take())? {
            let next = GetWorkflowExecutionHistoryInput {
                next_page_token: Some(token),
                ..input.clone()
            };
            let page = self.get_workflow_execution_history(next).await?;
            events.extend(page.events);
            next_page_token = page.next_page_token;
        }
        Ok(WholeHistory {
            events,
            pages: pages.read,
        })
    }
}

/// The pages of one history read so far, against the most it can have.
struct PageCount {
    /// The operation that reads the pages, named by the error.
    operation: Operation,
    /// Pages read, the first included.
    read: usize,
    /// The most pages the history can take ([`max_pages`]).
    max: usize,
}

impl PageCount {
    /// The count once the first page is read, for pages of `page_size` events.
    fn new(operation: Operation, page_size: Option<i32>) -> PageCount {
        PageCount {
            operation,
            read: 1,
            max: max_pages(page_size),
        }
    }

    /// The token to read the next page with, counting that page, or `None` when `token` (the
    /// last page's `nextPageToken`) says the history ended. Fails with
    /// [`ErrorKind::EndlessHistory`] when there is a token but the history already took as many
    /// pages as it can.
    fn next(&mut self, token: Option<String>) -> Result<Option<String>, Error> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if self.read >= self.max {
            let kind = ErrorKind::EndlessHistory { pages: self.read };
            return Err(Error::new(Some(self.operation), kind));
        }
        self.read += 1;
        Ok(Some(token))
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
    use super::{PageCount, max_pages};
    use crate::{ErrorKind, Operation};

    #[test]
    fn the_page_bound_follows_the_page_size() {
        assert_eq!(max_pages(Some(100)), 252);
        assert_eq!(max_pages(None), 27);
        assert_eq!(max_pages(Some(1000)), 27);
        assert_eq!(max_pages(Some(7)), 3_574);
        // A page size SWF would refuse still gives a bound rather than a division by zero.
        assert_eq!(max_pages(Some(0)), 25_002);
    }

    #[test]
    fn a_missing_or_empty_token_ends_the_history() {
        let mut pages = PageCount::new(Operation::GetWorkflowExecutionHistory, None);
        assert_eq!(pages.next(None).unwrap(), None);
        assert_eq!(pages.next(Some(String::new())).unwrap(), None);
        assert_eq!(pages.read, 1);
    }

    #[test]
    fn a_token_past_the_bound_is_an_endless_history() {
        let mut pages = PageCount::new(Operation::GetWorkflowExecutionHistory, Some(1000));
        for read in 2..=27 {
            assert_eq!(pages.next(Some("t".into())).unwrap().as_deref(), Some("t"));
            assert_eq!(pages.read, read);
        }
        let error = pages.next(Some("t".into())).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::EndlessHistory { pages: 27 }),
            "{error:?}"
        );
        assert_eq!(
            error.operation(),
            Some(Operation::GetWorkflowExecutionHistory)
        );
        assert_eq!(pages.read, 27);
    }
}
