//! Deciding one decision task and answering it.

use std::sync::Arc;
use std::time::Instant;

use swf_core::codec::Codec;
use swf_core::types::{
    Decision, DecisionAttributesRef, DecisionTask, FailWorkflowExecutionDecisionAttributes,
    GetWorkflowExecutionHistoryInput, HistoryEvent, RespondDecisionTaskCompletedInput,
};
use tracing::Instrument;
use tracing::field::Empty;

use super::cache::{Cached, DecidedFrom, Fallback, lock};
use super::erased::Start;
use super::sticky::Route;
use super::{Inner, OnError, TaskReport};
use crate::error::DecideError;
use crate::limits;
use crate::workflow::WorkflowError;

/// Decides `task` (from the sticky task list if `from_sticky_list`) and answers it as the
/// decider's error policy says.
pub(crate) async fn decide<C: Codec>(
    inner: Arc<Inner<C>>,
    mut task: DecisionTask,
    pages: usize,
    from_sticky_list: bool,
) -> TaskReport {
    let span = tracing::info_span!(
        "decision_task",
        workflow_id = %task.workflow_execution.workflow_id,
        run_id = %task.workflow_execution.run_id,
        workflow_type = %format_args!("{}/{}", task.workflow_type.name, task.workflow_type.version),
        events = task.events.len(),
        pages,
        from_sticky_list,
        decided_from = Empty,
        decisions = Empty,
        error = Empty,
    );
    let events = std::mem::take(&mut task.events);
    let event_count = events.len();
    async move {
        let started = Instant::now();
        let key = (task.workflow_type.name.clone(), task.workflow_type.version.clone());
        let (from, decided_from) = start(&inner, &task, events);
        let span = tracing::Span::current();
        span.record("decided_from", tracing::field::debug(decided_from));
        let mut history_pages = 0;
        let outcome = match inner.workflows.get(&key).cloned() {
            None => Err(DecideError::UnknownWorkflowType { name: key.0, version: key.1 }),
            Some(workflow) => match whole(&inner, &task, from, &mut history_pages).await {
                Err(e) => Err(e),
                Ok(from) => {
                    let (inner2, execution) = (inner.clone(), task.workflow_execution.clone());
                    tokio::task::spawn_blocking(move || workflow.decide(&inner2.codec, &execution, from, inner2.check))
                        .await
                        .unwrap_or_else(|e| Err(WorkflowError::new(format!("deciding stopped: {e}")).into()))
                }
            },
        };
        // Only a successful decision is kept: after an error the next task replays in full. A run
        // being closed has no next task (unless the close fails, and then a full replay serves).
        let mut kept = false;
        let outcome = outcome.map(|(decisions, resume)| {
            if !decisions.iter().any(closes) {
                let cached = Cached { run_id: task.workflow_execution.run_id.clone(), resume };
                kept = lock(&inner.cache).put(task.workflow_execution.workflow_id.clone(), cached);
            }
            decisions
        });
        let route = route(&inner, kept);
        let routed_to_sticky_list = route.schedule_to_start.is_some();
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
                task_list: route.task_list,
                task_list_schedule_to_start_timeout: route.schedule_to_start,
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
            decided_from,
            from_sticky_list,
            routed_to_sticky_list: routed_to_sticky_list && responded,
            history_pages,
            outcome,
            responded,
        }
    }
    .instrument(span)
    .await
}

/// Where the answer sends the execution's next task: nowhere in particular without a sticky list;
/// else back to this decider when it `kept` the state and is not stopping, and otherwise
/// explicitly to the shared list, undoing an earlier move.
fn route<C: Codec>(inner: &Inner<C>, kept: bool) -> Route {
    match &inner.sticky {
        None => Route::default(),
        Some(list) if kept && !inner.stopping() => list.route(),
        Some(_) => Route::shared(&inner.task_list),
    }
}

/// Where the task's replay starts: the execution's cached replay and the new events when the
/// task plainly continues it, else the task's history, and why not the cache.
fn start<C>(
    inner: &Inner<C>,
    task: &DecisionTask,
    events: Vec<HistoryEvent>,
) -> (Start, DecidedFrom) {
    let mut cache = lock(&inner.cache);
    if !cache.enabled() {
        return (
            Start::Full(events),
            DecidedFrom::FullReplay(Fallback::Disabled),
        );
    }
    let execution = &task.workflow_execution;
    let Some(cached) = cache.take(&execution.workflow_id) else {
        return (Start::Full(events), DecidedFrom::FullReplay(Fallback::Miss));
    };
    drop(cache);
    match cached.continue_with(
        &execution.run_id,
        task.previous_started_event_id,
        task.started_event_id,
        events,
    ) {
        Ok((resume, new)) => (Start::Resume(Box::new(resume), new), DecidedFrom::Cache),
        Err((fallback, events)) => {
            tracing::debug!(?fallback, "replaying the whole history");
            (Start::Full(events), DecidedFrom::FullReplay(fallback))
        }
    }
}

/// `from`, with the whole history read first when a full replay has only part of it (a task polled
/// with `startAtPreviousStartedEvent`), up to the task's `DecisionTaskStarted`: what SWF recorded
/// after it belongs to the next task. `pages` counts the `GetWorkflowExecutionHistory` pages read.
async fn whole<C>(
    inner: &Inner<C>,
    task: &DecisionTask,
    from: Start,
    pages: &mut usize,
) -> Result<Start, DecideError> {
    let partial =
        matches!(&from, Start::Full(events) if events.first().is_none_or(|e| e.event_id != 1));
    if !partial {
        return Ok(from);
    }
    let input = GetWorkflowExecutionHistoryInput {
        domain: inner.domain.clone(),
        execution: task.workflow_execution.clone(),
        maximum_page_size: inner.maximum_page_size,
        ..Default::default()
    };
    let read = inner
        .client
        .get_whole_workflow_execution_history(input)
        .await;
    let mut history = read.map_err(|e| DecideError::HistoryRead(e.to_string()))?;
    *pages = history.pages;
    history
        .events
        .retain(|e| e.event_id <= task.started_event_id);
    Ok(Start::Full(history.events))
}

/// Whether `d` closes the run.
fn closes(d: &Decision) -> bool {
    use swf_core::types::DecisionType as T;
    matches!(
        d.decision_type,
        T::CompleteWorkflowExecution
            | T::FailWorkflowExecution
            | T::CancelWorkflowExecution
            | T::ContinueAsNewWorkflowExecution
    )
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
