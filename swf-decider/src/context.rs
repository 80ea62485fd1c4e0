//! [`WorkflowContext`]: what a run of a workflow sees (the replayed state) and how it asks for
//! things (the commands, whose methods live in [`commands`](crate::commands) by family).

use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use swf_core::codec::{Codec, JsonCodec};
use swf_core::types::{Timestamp, WorkflowExecution};

use crate::commands::{Commands, Stage};
use crate::limits;
use crate::state::{CancelRequest, Signal, WorkflowState};
use crate::workflow::{Exit, Failure, WorkflowError, WorkflowResult};

/// The view a workflow has of its execution during one run, and the commands it asks for.
///
/// Reads come from the replayed [`WorkflowState`] and borrow it for `'a`, so handles and
/// references stay usable while more commands are asked for.
#[derive(Debug)]
pub struct WorkflowContext<'a, C: Codec = JsonCodec> {
    pub(crate) state: &'a WorkflowState,
    pub(crate) codec: &'a C,
    pub(crate) execution: &'a WorkflowExecution,
    pub(crate) commands: Commands,
    /// Where each activity asked for with a retry policy stands in this run, by the workflow's
    /// id: how a cancel by that id reaches the current attempt.
    pub(crate) series: HashMap<String, Stage<'a>>,
}

impl<'a, C: Codec> WorkflowContext<'a, C> {
    pub(crate) fn new(
        state: &'a WorkflowState,
        codec: &'a C,
        execution: &'a WorkflowExecution,
    ) -> Self {
        WorkflowContext {
            state,
            codec,
            execution,
            commands: Commands::default(),
            series: HashMap::new(),
        }
    }

    /// Everything the history says, folded.
    pub fn state(&self) -> &'a WorkflowState {
        self.state
    }

    /// The workflow's time: the timestamp of the decision task's start. The same history always
    /// gives the same time, unlike the machine's clock.
    pub fn now(&self) -> Timestamp {
        self.state.now()
    }

    /// The execution being decided (workflow id and run id). Empty in replay tests unless the test
    /// sets it.
    pub fn execution(&self) -> &'a WorkflowExecution {
        self.execution
    }

    /// The codec of inputs, results and details.
    pub fn codec(&self) -> &'a C {
        self.codec
    }

    /// The request to cancel this execution, if one arrived.
    pub fn cancel_requested(&self) -> Option<&'a CancelRequest> {
        self.state.cancel_requested()
    }

    /// `Err(Exit::Cancel)` once cancellation was requested, so `ctx.check_cancel()?` at the top of
    /// [`run`](crate::Workflow::run) honours cancel requests.
    pub fn check_cancel(&self) -> WorkflowResult<()> {
        match self.cancel_requested() {
            Some(_) => Err(Exit::Cancel { details: None }),
            None => Ok(()),
        }
    }

    /// The first signal named `name`, if one arrived.
    pub fn signal(&self, name: &str) -> Option<&'a Signal> {
        self.state.signals_named(name).next()
    }

    /// Every signal named `name`, in the order received.
    pub fn signals_named<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a Signal> + 'n
    where
        'a: 'n,
    {
        self.state.signals_named(name)
    }

    /// The decoded input of the first signal named `name`, or [`Exit::Pending`] until one arrives.
    pub fn wait_signal<T: DeserializeOwned>(&self, name: &str) -> WorkflowResult<T> {
        match self.signal(name) {
            Some(signal) => self.decode(
                signal.input.as_deref(),
                &format!("the input of signal `{name}`"),
            ),
            None => Err(Exit::Pending),
        }
    }

    /// Decodes `text` with the codec; a failure stops the run with [`Exit::Error`] naming `what`.
    pub fn decode<T: DeserializeOwned>(&self, text: Option<&str>, what: &str) -> WorkflowResult<T> {
        self.codec
            .decode(text)
            .map_err(|e| Exit::Error(WorkflowError::new(format!("cannot decode {what}: {e}"))))
    }

    /// Encodes `value` for a payload named `what`, recording a fault (and returning `None`) when it
    /// cannot be encoded or is over SWF's 32,768 characters.
    pub(crate) fn encode<T: Serialize>(
        &mut self,
        value: &T,
        what: &dyn Fn() -> String,
    ) -> Option<String> {
        match self.codec.encode(value) {
            Ok(text) => match limits::check_payload(text.as_deref(), what) {
                Ok(()) => text,
                Err(e) => {
                    self.commands.fail(e);
                    None
                }
            },
            Err(e) => {
                self.commands
                    .fail(WorkflowError::new(format!("cannot encode {}: {e}", what())));
                None
            }
        }
    }

    /// An exit that fails the execution with `reason` and `details` encoded by the codec.
    pub fn fail<T: Serialize>(&mut self, reason: impl Into<String>, details: &T) -> Exit {
        match self.codec.encode(details) {
            Ok(details) => Exit::Fail(Failure {
                reason: reason.into(),
                details,
            }),
            Err(e) => Exit::error(format!("cannot encode the failure details: {e}")),
        }
    }
}
