//! Commands: what a run of the workflow asks for, made idempotent against the history.
//!
//! Every command has a key: the id the workflow gives it (activity id, timer id, marker name, child
//! workflow id, Lambda id, or the command id of a request to another execution). A command whose
//! key the history already shows is not emitted again, and neither is one asked for twice in the
//! same run, so the workflow can re-ask everything it ever asked for on every run. What the
//! history shows comes back to the workflow as a handle ([`ActivityHandle`], [`TimerHandle`], …).
//!
//! Each family's methods on [`WorkflowContext`](crate::WorkflowContext) live in the family's file
//! here, next to its options and its handle.
//!
//! A command asked for in this run and then canceled before the run ends is withdrawn: it is taken
//! off the list and never sent, and the handles of later asks in the same run report it canceled
//! ([`Cancellation::Withdrawn`]). Each run asks and cancels again, so every run over the same
//! history withdraws it again.
//!
//! Faults found while building a command (an input that cannot be encoded, a payload over SWF's
//! limits, a bad id, an id reused with another type) do not interrupt the workflow: the first one
//! is kept and, after the run, turns the whole decision into an error. A workflow therefore never
//! has to handle them, and never sends a partial answer because of them.

mod activity;
mod activity_handle;
mod cancel;
mod child;
mod close;
mod external;
mod lambda;
mod marker;
mod timer;
mod typed;

use std::collections::HashSet;
use std::time::Duration;

use swf_core::Timeout;
use swf_core::types::{Decision, DecisionType};

use crate::error::DecideError;

pub use activity::ActivityOptions;
pub use activity_handle::ActivityHandle;
pub use cancel::Cancellation;
pub use child::{ChildHandle, ChildOptions};
pub use close::ContinueAsNew;
pub use external::ExternalHandle;
pub use lambda::{LambdaHandle, LambdaOptions};
pub use timer::TimerHandle;
pub use typed::{TakesInput, Typed, Untyped};

pub(crate) use activity_handle::Stage;
pub(crate) use close::close_decision;

/// One decision the run asked for and the history does not show yet, with its key.
#[derive(Debug, Clone)]
pub(crate) struct Command {
    pub(crate) key: CommandKey,
    pub(crate) decision: Decision,
}

/// What identifies a command in the history: its kind, its id, and for the kinds that have one,
/// the type it concerns (`name/version`), which must not change for the same id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CommandKey {
    pub(crate) kind: DecisionType,
    pub(crate) id: String,
    pub(crate) type_name: Option<String>,
}

impl CommandKey {
    pub(crate) fn new(kind: DecisionType, id: impl Into<String>) -> CommandKey {
        CommandKey {
            kind,
            id: id.into(),
            type_name: None,
        }
    }

    pub(crate) fn typed(
        kind: DecisionType,
        id: impl Into<String>,
        type_name: String,
    ) -> CommandKey {
        CommandKey {
            kind,
            id: id.into(),
            type_name: Some(type_name),
        }
    }
}

/// The commands of one run, in the order asked, and the first fault found building them.
#[derive(Debug, Default)]
pub(crate) struct Commands {
    pub(crate) list: Vec<Command>,
    // Everything asked for in this run, withdrawn commands included, so that asking again does
    // not emit a withdrawn command anew.
    asked: HashSet<(DecisionType, String)>,
    withdrawn: HashSet<(DecisionType, String)>,
    pub(crate) error: Option<DecideError>,
}

impl Commands {
    /// Whether a command of this kind and id was already emitted (or withdrawn) in this run.
    pub(crate) fn already_asked(&self, kind: &DecisionType, id: &str) -> bool {
        // The set is keyed by owned strings; building one only when the set is non-empty keeps
        // the common replay path (everything already in the history) allocation-free.
        !self.asked.is_empty() && self.asked.contains(&(kind.clone(), id.to_owned()))
    }

    /// Takes the command of this kind and id off the list, if this run asked for it; it is then
    /// never sent. Returns whether there was one.
    pub(crate) fn withdraw(&mut self, kind: &DecisionType, id: &str) -> bool {
        let Some(at) = self
            .list
            .iter()
            .position(|c| &c.key.kind == kind && c.key.id == id)
        else {
            return false;
        };
        self.list.remove(at);
        self.withdrawn.insert((kind.clone(), id.to_owned()));
        true
    }

    /// Whether this run withdrew the command of this kind and id.
    pub(crate) fn is_withdrawn(&self, kind: &DecisionType, id: &str) -> bool {
        !self.withdrawn.is_empty() && self.withdrawn.contains(&(kind.clone(), id.to_owned()))
    }

    pub(crate) fn push(&mut self, key: CommandKey, decision: Decision) {
        self.asked.insert((key.kind.clone(), key.id.clone()));
        self.list.push(Command { key, decision });
    }

    /// Keeps the first fault of the run.
    pub(crate) fn fail(&mut self, error: impl Into<DecideError>) {
        if self.error.is_none() {
            self.error = Some(error.into());
        }
    }
}

/// A duration as SWF's timeouts spell it: whole seconds, rounded up as [`Timeout`] rounds, so a
/// timeout is never shorter than asked.
pub(crate) fn seconds(d: Duration) -> String {
    Timeout::from(d).to_string()
}
