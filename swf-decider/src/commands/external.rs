//! Requests to other executions: [`WorkflowContext::signal_external`] and
//! [`WorkflowContext::request_cancel_external`].

use serde::Serialize;
use swf_core::codec::Codec;
use swf_core::types::{
    Decision, DecisionType, RequestCancelExternalWorkflowExecutionDecisionAttributes,
    SignalExternalWorkflowExecutionDecisionAttributes,
};

use super::CommandKey;
use crate::context::WorkflowContext;
use crate::limits;
use crate::state::{ExternalRequest, ExternalStatus};
use crate::workflow::{Exit, WorkflowResult};

/// What the history says about a signal sent or a cancellation requested.
#[derive(Debug, Clone, Copy)]
pub struct ExternalHandle<'a> {
    request: Option<&'a ExternalRequest>,
}

impl<'a> ExternalHandle<'a> {
    /// The request as the history shows it, if it shows it yet.
    pub fn state(&self) -> Option<&'a ExternalRequest> {
        self.request
    }

    /// `Ok` once the target received it; [`Exit::Pending`] until then; [`Exit::Fail`] naming the
    /// target and the cause when it failed (no such execution, …).
    pub fn wait(&self) -> WorkflowResult<()> {
        let Some(request) = self.request else {
            return Err(Exit::Pending);
        };
        match &request.status {
            ExternalStatus::Initiated => Err(Exit::Pending),
            ExternalStatus::Delivered { .. } => Ok(()),
            ExternalStatus::Failed { cause, .. } => Err(Exit::fail(
                limits::truncate_reason(format!(
                    "request `{}` to workflow `{}` failed: {cause}",
                    request.id, request.workflow_id
                )),
                None,
            )),
        }
    }
}

impl<'a, C: Codec> WorkflowContext<'a, C> {
    /// Sends signal `signal_name` with `input` (encoded by the codec) to execution `workflow_id`
    /// (its current run, or `run_id`), once: the command id `id` is kept in the decision's
    /// `control`, and an id the history shows is not sent again.
    pub fn signal_external<I: Serialize>(
        &mut self,
        id: &str,
        workflow_id: &str,
        run_id: Option<&str>,
        signal_name: &str,
        input: &I,
    ) -> ExternalHandle<'a> {
        let kind = DecisionType::SignalExternalWorkflowExecution;
        let request = self.state.external().signals.get(id);
        if request.is_none() && !self.commands.already_asked(&kind, id) {
            let checked = limits::check_name(id, &|| "signal command id".to_owned())
                .and_then(|()| limits::check_name(signal_name, &|| "signal name".to_owned()));
            match checked {
                Err(e) => self.commands.fail(e),
                Ok(()) => {
                    let input =
                        self.encode(input, &|| format!("the input of signal `{signal_name}`"));
                    let d = Decision::from(SignalExternalWorkflowExecutionDecisionAttributes {
                        control: Some(id.to_owned()),
                        input,
                        run_id: run_id.map(str::to_owned),
                        signal_name: signal_name.to_owned(),
                        workflow_id: workflow_id.to_owned(),
                    });
                    self.commands.push(CommandKey::new(kind, id), d);
                }
            }
        }
        ExternalHandle { request }
    }

    /// Requests cancellation of execution `workflow_id` (its current run, or `run_id`), once,
    /// under command id `id` (kept in the decision's `control`).
    pub fn request_cancel_external(
        &mut self,
        id: &str,
        workflow_id: &str,
        run_id: Option<&str>,
    ) -> ExternalHandle<'a> {
        let kind = DecisionType::RequestCancelExternalWorkflowExecution;
        let request = self.state.external().cancels.get(id);
        if request.is_none() && !self.commands.already_asked(&kind, id) {
            match limits::check_name(id, &|| "cancel command id".to_owned()) {
                Err(e) => self.commands.fail(e),
                Ok(()) => {
                    let d =
                        Decision::from(RequestCancelExternalWorkflowExecutionDecisionAttributes {
                            control: Some(id.to_owned()),
                            run_id: run_id.map(str::to_owned),
                            workflow_id: workflow_id.to_owned(),
                        });
                    self.commands.push(CommandKey::new(kind, id), d);
                }
            }
        }
        ExternalHandle { request }
    }
}
