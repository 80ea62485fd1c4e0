//! Non-determinism: the workflow's commands contradict what its history records.
//!
//! A workflow must decide the same way every time it runs over the same history. When its code
//! changes under a running execution (an activity renamed, a step removed or added), a run over
//! the old history asks for something else than what was decided back then. Sending the new
//! commands would mix two versions of the workflow in one execution, so the decider reports the
//! contradiction instead, and makes no decision. The report names both sides: what the history
//! recorded (and at which event) and what the workflow asks for now (and in which replayed
//! decision task), as [`DecisionKey`]s a test can match on, not only as text.
//!
//! # What is compared
//!
//! A decision is compared by its [`DecisionKey`]: its **kind** (the decision type), its **id**
//! (activity id, timer id, marker name, child workflow id, Lambda function id, the `control` of a
//! signal or cancel request to another execution; none for the decisions that close the
//! execution) and, for the kinds that have one, its **type** (the activity or child workflow type
//! as `name/version`, the Lambda function's name). Nothing else is: not the timeouts, the task
//! list, the priority, the `control` of an activity, nor, unless asked, the input. Two checks use
//! it:
//!
//! - **On every run**, an id the history already shows must be asked for with the same type: the
//!   history schedules activity `charge` as `charge/1`, the workflow now asks for `charge/2`
//!   ([`Mismatch::TypeChanged`]).
//! - **Per decision task**, replaying the history up to the start of a completed task and running
//!   the workflow there must give exactly the decisions that task recorded, as a set of keys: a
//!   recorded decision the workflow no longer makes ([`Mismatch::NotAsked`], with what it asks for
//!   instead), or a decision it now makes that was not recorded ([`Mismatch::NotRecorded`], with
//!   what the task did record), is a mismatch. The decider checks the latest completed task by
//!   default; replay tests check every task ([`ReplayCheck`](crate::ReplayCheck)).
//!
//! Replay tests can also compare inputs ([`Replay::compare_inputs`](crate::testing::Replay::compare_inputs),
//! [`Mismatch::InputChanged`]): the input of an activity, child, Lambda function, signal or
//! continue-as-new, and a marker's details, byte for byte as encoded. It is off by default because
//! an input may be re-encoded without any change of meaning (a field added with a default, a
//! reordered map, another codec), and SWF itself matches decisions to events by id, never by input.

mod compare;

use std::fmt;

use swf_core::text::truncate_with_ellipsis;
use swf_core::types::DecisionType;

use crate::commands::CommandKey;

pub(crate) use compare::{Recorded, compare, recorded_decision, type_name};

/// A contradiction between the workflow's commands and its history: where it was found and what
/// it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonDeterminism {
    event_id: Option<i64>,
    decision_task: Option<i64>,
    // Boxed: both sides of a mismatch make it large, and errors travel in every `Result` of the
    // decide path, where the common case is `Ok`.
    mismatch: Box<Mismatch>,
}

/// One decision as the comparison sees it: its kind, its id and its type. What the history
/// recorded and what the workflow asks for now are both given in this form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DecisionKey {
    /// The decision type: `ScheduleActivityTask`, `StartTimer`, …
    pub kind: DecisionType,
    /// The id the workflow gave it: the activity id, timer id, marker name, child workflow id or
    /// Lambda function id, or the `control` of a signal or cancel request to another execution.
    /// Empty for the decisions that close the execution.
    pub id: String,
    /// The activity or child workflow type as `name/version`, or the Lambda function's name;
    /// `None` for the kinds that concern no type.
    pub type_name: Option<String>,
}

impl DecisionKey {
    /// A decision of `kind` with `id` (empty for the decisions that close the execution) and, for
    /// the kinds that have one, its type: to compare with what a [`Mismatch`] names.
    pub fn new(kind: DecisionType, id: impl Into<String>, type_name: Option<&str>) -> DecisionKey {
        DecisionKey {
            kind,
            id: id.into(),
            type_name: type_name.map(str::to_owned),
        }
    }
}

impl From<&CommandKey> for DecisionKey {
    fn from(key: &CommandKey) -> DecisionKey {
        DecisionKey {
            kind: key.kind.clone(),
            id: key.id.clone(),
            type_name: key.type_name.clone(),
        }
    }
}

/// The decision in words, for errors and logs: ``ScheduleActivityTask `charge` (charge/1)``.
impl fmt::Display for DecisionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.type_name {
            Some(t) => write!(f, "{} `{}` ({t})", self.kind, self.id),
            None if self.id.is_empty() => write!(f, "{}", self.kind),
            None => write!(f, "{} `{}`", self.kind, self.id),
        }
    }
}

/// What the contradiction is, with both sides where there are two.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mismatch {
    /// An id the history shows is asked for with another type.
    TypeChanged {
        /// The decision as the history recorded it.
        recorded: DecisionKey,
        /// The same kind and id, with the type asked for now.
        asked: DecisionKey,
    },
    /// A decision the replayed task recorded that the workflow no longer makes there.
    NotAsked {
        /// The recorded decision.
        recorded: DecisionKey,
        /// What the workflow asks for at that task that the task did not record, in the order
        /// asked: often the same step under a new id. Empty when it asks for nothing in its place.
        asked_instead: Vec<DecisionKey>,
    },
    /// A decision the workflow now makes at the replayed task that the task did not record.
    NotRecorded {
        /// The decision asked for now.
        asked: DecisionKey,
        /// Every decision the task did record, in history order (the workflow still asks for
        /// each of them).
        task_recorded: Vec<DecisionKey>,
    },
    /// With input comparison on ([`Replay::compare_inputs`](crate::testing::Replay::compare_inputs)):
    /// a decision asked for again at its task with another input (a marker: other details).
    InputChanged {
        /// The decision, the same on both sides.
        decision: DecisionKey,
        /// The input the history recorded, as encoded.
        recorded_input: Option<String>,
        /// The input the workflow gives now, as encoded.
        asked_input: Option<String>,
    },
}

impl NonDeterminism {
    pub(crate) fn new(event_id: Option<i64>, mismatch: Mismatch) -> NonDeterminism {
        NonDeterminism {
            event_id,
            decision_task: None,
            mismatch: Box::new(mismatch),
        }
    }

    /// The per-run check's finding: `id`, which the history (at `event_id`) records as a `kind`
    /// of type `recorded`, is now asked for with type `asked`. One constructor, so that
    /// activities, children and Lambda functions word the contradiction alike.
    pub(crate) fn type_changed(
        kind: DecisionType,
        id: &str,
        recorded: String,
        asked: String,
        event_id: Option<i64>,
    ) -> NonDeterminism {
        let mismatch = Mismatch::TypeChanged {
            recorded: DecisionKey::new(kind.clone(), id, Some(&recorded)),
            asked: DecisionKey::new(kind, id, Some(&asked)),
        };
        NonDeterminism::new(event_id, mismatch)
    }

    pub(crate) fn in_task(mut self, started_event_id: i64) -> NonDeterminism {
        self.decision_task = Some(started_event_id);
        self
    }

    /// The history event that records the contradicted decision, when there is one (a decision
    /// the workflow now makes that was never recorded has none).
    pub fn event_id(&self) -> Option<i64> {
        self.event_id
    }

    /// The `DecisionTaskStarted` event of the task whose replay found it, for the per-task check.
    pub fn decision_task_started_event_id(&self) -> Option<i64> {
        self.decision_task
    }

    /// What the contradiction is.
    pub fn mismatch(&self) -> &Mismatch {
        &self.mismatch
    }
}

/// How many decisions of a list a message names before it says how many more there are.
const LISTED: usize = 3;

/// How many characters of an input a message shows.
const INPUT_SHOWN: usize = 120;

/// `A, B, C and 2 more`, or `none`.
fn list(keys: &[DecisionKey]) -> String {
    let mut out = keys
        .iter()
        .take(LISTED)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if keys.len() > LISTED {
        out.push_str(&format!(" and {} more", keys.len() - LISTED));
    }
    out
}

/// An input as a message shows it: quoted and cut, or `no input`.
fn shown(what: &str, input: Option<&str>) -> String {
    match input {
        Some(text) => format!(
            "{what} `{}`",
            truncate_with_ellipsis(text.to_owned(), INPUT_SHOWN)
        ),
        None => format!("no {what}"),
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::TypeChanged { recorded, asked } => write!(
                f,
                "the history records {recorded}; the workflow now asks for {asked}"
            ),
            Mismatch::NotAsked {
                recorded,
                asked_instead,
            } => {
                write!(
                    f,
                    "the history records {recorded}, which the workflow no longer asks for; "
                )?;
                if asked_instead.is_empty() {
                    f.write_str("it asks for nothing in its place")
                } else {
                    write!(f, "it now asks for {} instead", list(asked_instead))
                }
            }
            Mismatch::NotRecorded {
                asked,
                task_recorded,
            } => {
                write!(
                    f,
                    "the workflow now asks for {asked}, which the history does not record; "
                )?;
                if task_recorded.is_empty() {
                    f.write_str("the task recorded no decision")
                } else {
                    write!(f, "the task recorded only {}", list(task_recorded))
                }
            }
            Mismatch::InputChanged {
                decision,
                recorded_input,
                asked_input,
            } => {
                let what = match decision.kind {
                    DecisionType::RecordMarker => "details",
                    _ => "input",
                };
                write!(
                    f,
                    "the history records {decision} with {}; the workflow now asks for it with {}",
                    shown(what, recorded_input.as_deref()),
                    shown(what, asked_input.as_deref()),
                )
            }
        }
    }
}

impl fmt::Display for NonDeterminism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("non-determinism")?;
        if let Some(id) = self.event_id {
            write!(f, " at event {id}")?;
        }
        if let Some(task) = self.decision_task {
            write!(f, " (replaying the decision task started at event {task})")?;
        }
        write!(f, ": {}", self.mismatch)
    }
}

impl std::error::Error for NonDeterminism {}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(id: &str) -> DecisionKey {
        DecisionKey::new(DecisionType::ScheduleActivityTask, id, Some("a/1"))
    }

    #[test]
    fn a_long_list_names_three_decisions_and_counts_the_rest() {
        let mismatch = Mismatch::NotAsked {
            recorded: activity("old"),
            asked_instead: ["b", "c", "d", "e", "f"].map(activity).to_vec(),
        };
        assert!(
            mismatch.to_string().ends_with(
                "it now asks for ScheduleActivityTask `b` (a/1), ScheduleActivityTask `c` (a/1), ScheduleActivityTask `d` (a/1) and 2 more instead"
            ),
            "{mismatch}"
        );
    }

    #[test]
    fn a_long_input_is_cut_and_a_missing_one_is_said() {
        let mismatch = Mismatch::InputChanged {
            decision: activity("x"),
            recorded_input: None,
            asked_input: Some("9".repeat(500)),
        };
        let text = mismatch.to_string();
        assert!(text.contains("with no input;"), "{text}");
        let shown = format!("with input `{}…`", "9".repeat(INPUT_SHOWN - 1));
        assert!(text.ends_with(&shown), "{text}");
    }

    #[test]
    fn a_closing_decision_is_named_by_its_kind_alone() {
        let key = DecisionKey::new(DecisionType::CompleteWorkflowExecution, "", None);
        assert_eq!(key.to_string(), "CompleteWorkflowExecution");
        let timer = DecisionKey::new(DecisionType::StartTimer, "t", None);
        assert_eq!(timer.to_string(), "StartTimer `t`");
    }
}
