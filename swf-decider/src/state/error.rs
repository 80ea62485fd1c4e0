//! A history that cannot be folded.

use std::fmt;

use swf_core::types::EventType;

/// A history that cannot be folded into state: an event without its attributes, events out of
/// order (a page missing), or an event naming an earlier event the history does not have.
///
/// A history SWF sent never has these; a hand-made or truncated one may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryError {
    event_id: i64,
    problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    MissingAttributes(EventType),
    OutOfOrder { previous: i64 },
    NotStarted(EventType),
    UnknownReference(String),
}

impl HistoryError {
    /// The event at fault.
    pub fn event_id(&self) -> i64 {
        self.event_id
    }

    pub(crate) fn missing_attributes(event_id: i64, event_type: EventType) -> HistoryError {
        HistoryError {
            event_id,
            problem: Problem::MissingAttributes(event_type),
        }
    }

    pub(crate) fn out_of_order(event_id: i64, previous: i64) -> HistoryError {
        HistoryError {
            event_id,
            problem: Problem::OutOfOrder { previous },
        }
    }

    pub(crate) fn not_started(event_id: i64, event_type: EventType) -> HistoryError {
        HistoryError {
            event_id,
            problem: Problem::NotStarted(event_type),
        }
    }

    pub(crate) fn unknown_reference(event_id: i64, what: String) -> HistoryError {
        HistoryError {
            event_id,
            problem: Problem::UnknownReference(what),
        }
    }
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.event_id;
        match &self.problem {
            Problem::MissingAttributes(t) => {
                write!(f, "history event {id} ({t}) has no {t} attributes")
            }
            Problem::OutOfOrder { previous } => write!(
                f,
                "history event {id} follows event {previous}: events must come in order without gaps (was a page of the history lost?)"
            ),
            Problem::NotStarted(t) => write!(
                f,
                "history starts with event {id} ({t}), not WorkflowExecutionStarted"
            ),
            Problem::UnknownReference(what) => {
                write!(
                    f,
                    "history event {id} refers to {what}, which the history does not have"
                )
            }
        }
    }
}

impl std::error::Error for HistoryError {}
