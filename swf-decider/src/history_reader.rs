//! Reading a decision task's whole history before the workflow runs.
//!
//! `PollForDecisionTask` returns at most `maximumPageSize` events (1,000 by default); the rest come
//! from polling again with the same task list and the page's `nextPageToken`. The tokens expire
//! after about 60 s, so the pages are fetched back to back, before anything else is done with the
//! task. A history holds at most 25,000 events, which bounds the number of pages: a token chain
//! longer than that is a service fault, not a reason to loop forever.

use swf_core::Client;
use swf_core::types::{DecisionTask, PollForDecisionTaskInput};

use crate::limits::MAX_HISTORY_EVENTS;

/// SWF's default and largest page.
const DEFAULT_PAGE_SIZE: usize = 1_000;

/// A decision task with every page of its history, or why it could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// A poll failed.
    Poll(swf_core::Error),
    /// The pages never ended.
    TooManyPages(usize),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Poll(e) => e.fmt(f),
            ReadError::TooManyPages(n) => write!(f, "the history did not end after {n} pages"),
        }
    }
}

/// Polls once; if a task comes, reads all its pages. `None` when the long poll ended empty.
pub(crate) async fn poll_whole_task(
    client: &Client,
    input: &PollForDecisionTaskInput,
) -> Result<Option<(DecisionTask, usize)>, ReadError> {
    let mut task = client
        .poll_for_decision_task(input.clone())
        .await
        .map_err(ReadError::Poll)?;
    if task.task_token.is_empty() {
        return Ok(None);
    }
    let page_size = input
        .maximum_page_size
        .map(|n| n.max(1) as usize)
        .unwrap_or(DEFAULT_PAGE_SIZE);
    let max_pages = MAX_HISTORY_EVENTS.div_ceil(page_size) + 2;
    let mut pages = 1;
    while let Some(token) = task.next_page_token.take().filter(|t| !t.is_empty()) {
        if pages >= max_pages {
            return Err(ReadError::TooManyPages(pages));
        }
        let next = PollForDecisionTaskInput {
            next_page_token: Some(token),
            ..input.clone()
        };
        let page = client
            .poll_for_decision_task(next)
            .await
            .map_err(ReadError::Poll)?;
        task.events.extend(page.events);
        task.next_page_token = page.next_page_token;
        pages += 1;
    }
    Ok(Some((task, pages)))
}
