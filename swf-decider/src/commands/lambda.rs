//! Lambda functions: [`WorkflowContext::lambda`], its options and its handle.

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use swf_core::codec::Codec;
use swf_core::types::{Decision, DecisionType, ScheduleLambdaFunctionDecisionAttributes};

use super::{CommandKey, seconds};
use crate::context::WorkflowContext;
use crate::limits;
use crate::nondeterminism::NonDeterminism;
use crate::race::Contender;
use crate::state::{LambdaState, LambdaStatus};
use crate::workflow::{Exit, WorkflowResult};

/// How to invoke a Lambda function: its name and optionally a start-to-close timeout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LambdaOptions {
    name: String,
    start_to_close: Option<Duration>,
    control: Option<String>,
}

impl LambdaOptions {
    /// The Lambda function `name` (its name or ARN).
    pub fn new(name: impl Into<String>) -> LambdaOptions {
        LambdaOptions {
            name: name.into(),
            start_to_close: None,
            control: None,
        }
    }

    /// The start-to-close timeout (whole seconds, rounded up; SWF's default is 300 s).
    pub fn start_to_close_timeout(mut self, timeout: Duration) -> Self {
        self.start_to_close = Some(timeout);
        self
    }

    /// `control` data recorded with the scheduled event.
    pub fn control(mut self, control: impl Into<String>) -> Self {
        self.control = Some(control.into());
        self
    }
}

/// What the history says about a Lambda function invocation the workflow asked for.
#[derive(Debug)]
pub struct LambdaHandle<'a, C: Codec> {
    lambda: Option<&'a LambdaState>,
    codec: &'a C,
}

impl<'a, C: Codec> LambdaHandle<'a, C> {
    /// The invocation as the history shows it, if it shows it yet.
    pub fn state(&self) -> Option<&'a LambdaState> {
        self.lambda
    }

    /// For [`first_of`](WorkflowContext::first_of): the invocation closing, however it closes
    /// (or failing to be scheduled or started), at that event.
    pub fn closed(&self) -> Contender<'static> {
        Contender::at(self.lambda.and_then(|l| l.closed_event_id))
    }

    /// The decoded result once completed; [`Exit::Pending`] while it runs; [`Exit::Fail`] naming
    /// it when it failed, timed out or could not be scheduled or started.
    pub fn result<T: DeserializeOwned>(&self) -> WorkflowResult<T> {
        let Some(lambda) = self.lambda else {
            return Err(Exit::Pending);
        };
        let id = &lambda.id;
        let failed = |what: String, details: Option<&String>| {
            Err(Exit::fail(
                limits::truncate_reason(format!("Lambda function `{id}` {what}")),
                details.cloned(),
            ))
        };
        match &lambda.status {
            LambdaStatus::Scheduled | LambdaStatus::Started => Err(Exit::Pending),
            LambdaStatus::Completed { result } => {
                self.codec.decode(result.as_deref()).map_err(|e| {
                    Exit::error(format!(
                        "cannot decode the result of Lambda function `{id}`: {e}"
                    ))
                })
            }
            LambdaStatus::Failed { reason, details } => failed(
                format!("failed: {}", reason.as_deref().unwrap_or("no reason given")),
                details.as_ref(),
            ),
            LambdaStatus::TimedOut => failed("timed out".to_owned(), None),
            LambdaStatus::ScheduleFailed { cause } => {
                failed(format!("could not be scheduled: {cause}"), None)
            }
            LambdaStatus::StartFailed { cause, message } => failed(
                format!(
                    "could not be started: {} {}",
                    cause.as_deref().unwrap_or_default(),
                    message.as_deref().unwrap_or_default()
                ),
                None,
            ),
        }
    }
}

impl<'a, C: Codec> WorkflowContext<'a, C> {
    /// Asks for Lambda function invocation `id` with `options` and `input` (encoded by the codec),
    /// and tells what the history says about it. Scheduled the first time; nothing is emitted on
    /// later runs.
    pub fn lambda<I: Serialize>(
        &mut self,
        id: &str,
        options: &LambdaOptions,
        input: &I,
    ) -> LambdaHandle<'a, C> {
        let kind = DecisionType::ScheduleLambdaFunction;
        let lambda = self.state.lambdas().get(id);
        match lambda {
            Some(l) if l.name != options.name => {
                let (recorded, asked) = (l.name.clone(), options.name.clone());
                let event_id = l.scheduled_event_id;
                let e = NonDeterminism::type_changed(kind, id, recorded, asked, event_id);
                self.commands.fail(e);
            }
            Some(_) => {}
            None if self.commands.already_asked(&kind, id) => {}
            None => match limits::check_id(id, &|| "Lambda function id".to_owned()) {
                Err(e) => self.commands.fail(e),
                Ok(()) => {
                    let input =
                        self.encode(input, &|| format!("the input of Lambda function `{id}`"));
                    let d = Decision::from(ScheduleLambdaFunctionDecisionAttributes {
                        control: options.control.clone(),
                        id: id.to_owned(),
                        input,
                        name: options.name.clone(),
                        start_to_close_timeout: options.start_to_close.map(seconds),
                    });
                    self.commands
                        .push(CommandKey::typed(kind, id, options.name.clone()), d);
                }
            },
        }
        LambdaHandle {
            lambda,
            codec: self.codec,
        }
    }
}
