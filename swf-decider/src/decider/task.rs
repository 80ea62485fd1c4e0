//! Deciding one decision task and answering it.

use std::sync::Arc;
use std::time::Instant;

use swf_core::codec::Codec;
use swf_core::types::{
    Decision, DecisionAttributesRef, DecisionTask, FailWorkflowExecutionDecisionAttributes,
    RespondDecisionTaskCompletedInput,
};
use tracing::Instrument;
use tracing::field::Empty;

use super::{Inner, OnError, TaskReport};
use crate::error::DecideError;
use crate::limits;
use crate::workflow::WorkflowError;

/// Decides `task` and answers it as the decider's error policy says.
pub(crate) async fn decide<C: Codec>(
    inner: Arc<Inner<C>>,
    mut task: DecisionTask,
    pages: usize,
) -> TaskReport {
    let span = tracing::info_span!(
        "decision_task",
        workflow_id = %task.workflow_execution.workflow_id,
        run_id = %task.workflow_execution.run_id,
        workflow_type = %format_args!("{}/{}", task.workflow_type.name, task.workflow_type.version),
        events = task.events.len(),
        pages,
        decisions = Empty,
        error = Empty,
    );
    let events = std::mem::take(&mut task.events);
    let event_count = events.len();
    async move {
        let started = Instant::now();
        let key = (task.workflow_type.name.clone(), task.workflow_type.version.clone());
        let outcome = match inner.workflows.get(&key).cloned() {
            None => Err(DecideError::UnknownWorkflowType { name: key.0, version: key.1 }),
            Some(workflow) => {
                let (inner2, execution) = (inner.clone(), task.workflow_execution.clone());
                tokio::task::spawn_blocking(move || workflow.decide(&inner2.codec, &execution, events, inner2.check))
                    .await
                    .unwrap_or_else(|e| Err(WorkflowError::new(format!("deciding stopped: {e}")).into()))
            }
        };
        let replay_ms = started.elapsed().as_millis() as u64;
        let span = tracing::Span::current();
        let answer = match &outcome {
            Ok(decisions) => {
                span.record("decisions", describe(decisions).as_str());
                Some(decisions.clone())
            }
            Err(e) => {
                span.record("error", tracing::field::display(e));
                match (inner.on_error, e) {
                    (OnError::FailWorkflow, DecideError::NonDeterminism(_) | DecideError::Workflow(_)) => {
                        tracing::error!(error = %e, "failing the workflow execution");
                        Some(vec![fail(e)])
                    }
                    _ => {
                        tracing::error!(error = %e, "leaving the decision task to time out and be retried");
                        None
                    }
                }
            }
        };
        let mut responded = false;
        if let Some(decisions) = answer {
            let input = RespondDecisionTaskCompletedInput {
                task_token: task.task_token.clone(),
                decisions: Some(decisions),
                ..Default::default()
            };
            match inner.client.respond_decision_task_completed(input).await {
                Ok(()) => responded = true,
                // The task timed out meanwhile, or the execution closed: SWF has moved on.
                Err(e) if e.is_unknown_resource() => tracing::warn!(error = %e, "the decision task is gone"),
                Err(e) => tracing::error!(error = %e, "answering the decision task failed"),
            }
        }
        tracing::info!(replay_ms, total_ms = started.elapsed().as_millis() as u64, responded, "decision task done");
        TaskReport {
            execution: task.workflow_execution,
            workflow_type: task.workflow_type,
            events: event_count,
            pages,
            outcome,
            responded,
        }
    }
    .instrument(span)
    .await
}

/// The decision that fails the execution because of `error`.
fn fail(error: &DecideError) -> Decision {
    let reason = match error {
        DecideError::NonDeterminism(_) => "non-determinism",
        _ => "workflow error",
    };
    let details = swf_core::text::truncate_owned(error.to_string(), limits::MAX_PAYLOAD_CHARS);
    Decision::from(FailWorkflowExecutionDecisionAttributes {
        reason: Some(reason.to_owned()),
        details: Some(details),
    })
}

/// The decisions in a few words for the span: `ScheduleActivityTask charge, StartTimer t`.
fn describe(decisions: &[Decision]) -> String {
    const SHOWN: usize = 10;
    let mut words: Vec<String> = decisions.iter().take(SHOWN).map(one).collect();
    if decisions.len() > SHOWN {
        words.push(format!("and {} more", decisions.len() - SHOWN));
    }
    if words.is_empty() {
        "none".to_owned()
    } else {
        words.join(", ")
    }
}

/// One decision as a word of the log: its type, and the id it names if it names one.
fn one(d: &Decision) -> String {
    use DecisionAttributesRef as D;
    let id = match d.attributes() {
        D::ScheduleActivityTask(a) => Some(a.activity_id.as_str()),
        D::RequestCancelActivityTask(a) => Some(a.activity_id.as_str()),
        D::StartTimer(a) => Some(a.timer_id.as_str()),
        D::CancelTimer(a) => Some(a.timer_id.as_str()),
        D::RecordMarker(a) => Some(a.marker_name.as_str()),
        D::StartChildWorkflowExecution(a) => Some(a.workflow_id.as_str()),
        D::ScheduleLambdaFunction(a) => Some(a.id.as_str()),
        D::SignalExternalWorkflowExecution(a) => Some(a.workflow_id.as_str()),
        D::RequestCancelExternalWorkflowExecution(a) => Some(a.workflow_id.as_str()),
        D::CompleteWorkflowExecution(_)
        | D::FailWorkflowExecution(_)
        | D::CancelWorkflowExecution(_)
        | D::ContinueAsNewWorkflowExecution(_)
        | D::Unknown(_) => None,
    };
    match id {
        Some(id) => format!("{} {id}", d.decision_type),
        None => d.decision_type.to_string(),
    }
}
