//! Reading histories page by page: `GetWorkflowExecutionHistory`, and the pages of a decision
//! task's history.
//!
//! A page token carries the run and the position of the next page in the order asked for, so the
//! next page is found without keeping anything per reader. Histories only grow at the end and
//! a token also carries how many events the first page saw, so the pages of one reading are
//! consistent even while new events arrive.
//!
//! A token is only taken back with the request it was issued for ([`PageRequest`]: the
//! execution, the order, for a decision task its task list) and only while its position lies
//! within the history it reads, and for 24 hours after it was issued; anything else is refused
//! with a `ValidationException`, since a token is the client's to forge.

use super::state::DomainState;
use super::tokens::{PageRequest, invalid_page_token};
use crate::error::Fault;
use swf_core::types::*;

/// The largest page SWF returns, and its default: the model's bound on `maximumPageSize`.
pub(crate) const MAX_PAGE_SIZE: usize = swf_core::limits::PAGE_SIZE_MAX as usize;

/// The page size a request asks for: 0 or absent means the largest.
pub(crate) fn page_size(requested: Option<i32>) -> usize {
    match requested {
        Some(n) if n > 0 => (n as usize).min(MAX_PAGE_SIZE),
        _ => MAX_PAGE_SIZE,
    }
}

/// An answer that carries history events (`History`, `DecisionTask`): the answer with its
/// `events` left empty, and the events as the JSON the history keeps them in. The server splices
/// that JSON into the answer, so a page of history is never decoded and encoded again.
#[derive(Debug, Clone, Default)]
pub(crate) struct WithEvents<T> {
    pub(crate) shell: T,
    pub(crate) events: Vec<Box<str>>,
}

/// Where a reading of a history stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub(crate) run_id: String,
    /// The events read are `history[first..end]`.
    pub(crate) first: usize,
    pub(crate) end: usize,
    /// How many events of that range were already returned.
    pub(crate) returned: usize,
}

impl Cursor {
    /// The token, issued at `now_ms`, of the page this cursor points at.
    pub(crate) fn encode(&self, request: &PageRequest, now_ms: i64) -> String {
        request.encode(
            &format!(
                "{}:{}:{}:{}",
                self.run_id, self.first, self.end, self.returned
            ),
            now_ms,
        )
    }

    /// The cursor a token of `request` carries, alive at `now_ms` and checked against the
    /// history it reads: the run `run_id`, of `len` events.
    pub(crate) fn decode(
        request: &PageRequest,
        token: &str,
        now_ms: i64,
        run_id: &str,
        len: usize,
    ) -> Result<Cursor, Fault> {
        let text = request.decode(token, now_ms)?;
        let garbled = || invalid_page_token("it is not a token this service issued");
        let mut parts = text.split(':');
        let run = parts.next().ok_or_else(garbled)?.to_owned();
        let mut num = || -> Result<usize, Fault> {
            parts
                .next()
                .and_then(|p| p.parse().ok())
                .ok_or_else(garbled)
        };
        let (first, end, returned) = (num()?, num()?, num()?);
        if parts.next().is_some() {
            return Err(garbled());
        }
        if run != run_id {
            return Err(invalid_page_token("it belongs to another execution"));
        }
        if first > end || end > len || returned > end - first {
            return Err(invalid_page_token(
                "it points outside the execution's history",
            ));
        }
        Ok(Cursor {
            run_id: run,
            first,
            end,
            returned,
        })
    }
}

/// One page of `events[first..end]`, in the order asked for, and the cursor of the next page.
/// Total for any cursor: one that [`Cursor::decode`] would refuse reads a clamped range, never
/// past the slice.
pub(crate) fn page(
    events: &[Box<str>],
    cursor: &Cursor,
    size: usize,
    reverse: bool,
) -> (Vec<Box<str>>, Option<Cursor>) {
    let end = cursor.end.min(events.len());
    let first = cursor.first.min(end);
    let total = end - first;
    let start = cursor.returned.min(total);
    let take = size.min(total - start);
    let out: Vec<Box<str>> = if reverse {
        let hi = end - start;
        events[hi - take..hi].iter().rev().cloned().collect()
    } else {
        let lo = first + start;
        events[lo..lo + take].to_vec()
    };
    let next = (start + take < total).then(|| Cursor {
        returned: start + take,
        ..cursor.clone()
    });
    (out, next)
}

/// Tags of the two kinds of history page tokens.
pub(crate) const HISTORY_TAG: &str = "h";
pub(crate) const DECISION_TAG: &str = "d";

impl DomainState {
    /// `GetWorkflowExecutionHistory`.
    pub(crate) fn get_history(
        &self,
        input: GetWorkflowExecutionHistoryInput,
    ) -> Result<WithEvents<History>, Fault> {
        let exec = self
            .runs
            .get(input.execution.run_id.as_str())
            .filter(|e| e.execution.workflow_id == input.execution.workflow_id)
            .ok_or_else(|| {
                Fault::unknown(format!(
                    "Unknown execution: WorkflowExecution=[workflowId={}, runId={}]",
                    input.execution.workflow_id, input.execution.run_id
                ))
            })?;
        let reverse = input.reverse_order.unwrap_or(false);
        let request = PageRequest::new(
            HISTORY_TAG,
            &[
                self.name.as_ref(),
                input.execution.workflow_id.as_str(),
                input.execution.run_id.as_str(),
                if reverse { "reverse" } else { "forward" },
            ],
        );
        let cursor = match input.next_page_token.as_deref().filter(|t| !t.is_empty()) {
            Some(token) => Cursor::decode(
                &request,
                token,
                self.now,
                &input.execution.run_id,
                exec.history.len(),
            )?,
            None => Cursor {
                run_id: input.execution.run_id.clone(),
                first: 0,
                end: exec.history.len(),
                returned: 0,
            },
        };
        let (events, next) = page(
            &exec.history,
            &cursor,
            page_size(input.maximum_page_size),
            reverse,
        );
        Ok(WithEvents {
            shell: History {
                events: Vec::new(),
                next_page_token: next.map(|c| c.encode(&request, self.now)),
            },
            events,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::state::decode_event;

    fn ids(page: &[Box<str>]) -> Vec<i64> {
        page.iter().map(|e| decode_event(e).event_id).collect()
    }

    fn events(n: i64) -> Vec<Box<str>> {
        (1..=n)
            .map(|event_id| {
                let e = HistoryEvent {
                    event_id,
                    ..Default::default()
                };
                serde_json::to_string(&e).unwrap().into()
            })
            .collect()
    }

    #[test]
    fn pages_forward_and_backward() {
        let all = events(5);
        let c = Cursor {
            run_id: "r".into(),
            first: 0,
            end: 5,
            returned: 0,
        };
        let (p1, next) = page(&all, &c, 2, false);
        assert_eq!(ids(&p1), [1, 2]);
        let (p2, next) = page(&all, &next.unwrap(), 2, false);
        assert_eq!(ids(&p2), [3, 4]);
        let (p3, next) = page(&all, &next.unwrap(), 2, false);
        assert_eq!(ids(&p3), [5]);
        assert!(next.is_none());

        let (r1, next) = page(&all, &c, 3, true);
        assert_eq!(ids(&r1), [5, 4, 3]);
        let (r2, next) = page(&all, &next.unwrap(), 3, true);
        assert_eq!(ids(&r2), [2, 1]);
        assert!(next.is_none());
    }

    #[test]
    fn any_cursor_reads_within_the_slice() {
        let all = events(3);
        for (first, end, returned) in [(1000, 1000, 0), (5, 2, 0), (0, 1000, 999), (2, 9, 1)] {
            let c = Cursor {
                run_id: "r".into(),
                first,
                end,
                returned,
            };
            for reverse in [false, true] {
                let (p, _) = page(&all, &c, 2, reverse);
                assert!(p.len() <= 2);
            }
        }
    }

    #[test]
    fn cursor_tokens_round_trip_and_are_checked_against_the_history() {
        let request = PageRequest::new(HISTORY_TAG, &["d", "w", "abc", "forward"]);
        let c = Cursor {
            run_id: "abc".into(),
            first: 2,
            end: 9,
            returned: 3,
        };
        let token = c.encode(&request, 0);
        assert_eq!(Cursor::decode(&request, &token, 0, "abc", 9).unwrap(), c);
        let refused = |token: &str, run: &str, len: usize| {
            Cursor::decode(&request, token, 0, run, len)
                .unwrap_err()
                .message()
                .to_owned()
        };
        assert!(refused(&token, "other", 9).contains("another execution"));
        assert!(refused(&token, "abc", 8).contains("outside"));
        for position in [
            "abc:5:4:0",
            "abc:0:9:10",
            "abc:1:2",
            "abc:1:2:0:0",
            "abc:x:2:0",
        ] {
            let forged = request.encode(position, 0);
            assert!(
                Cursor::decode(&request, &forged, 0, "abc", 9).is_err(),
                "{position}"
            );
        }
        let decision = PageRequest::new(DECISION_TAG, &["d", "w", "abc", "forward"]);
        assert!(Cursor::decode(&decision, &token, 0, "abc", 9).is_err());
    }
}
