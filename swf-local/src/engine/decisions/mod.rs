//! `RespondDecisionTaskCompleted`: the thirteen decisions and the failure events SWF records for
//! the ones it cannot carry out.
//!
//! Decisions are carried out in order. A decision that cannot be carried out records its
//! `...Failed` event with SWF's cause and leaves the others alone; the failure is an event the
//! decider has not seen, so a closing decision later in the list fails with
//! `UNHANDLED_DECISION`, as does a closing decision while events arrived during the task.
//! Effects on other executions (starting a child, signals and cancel requests to external
//! executions) are what SWF does asynchronously; here they run right after the list is
//! processed, before the run closes, so they never count as unhandled events for this list.

mod check;
mod children;
mod effects;
mod rates;
mod scheduling;

use super::durations;
use super::executions::NewRun;
use super::state::{DomainState, MAX_HISTORY_EVENTS};
use super::tokens::TaskToken;
use crate::error::Fault;
use check::check_decisions;
use std::sync::Arc;
use swf_core::types::{DecisionAttributes as D, *};

/// The most events a decision adds to its own run's history, counting those its effect adds
/// after the list, but not a decision task it calls for.
fn events_at_most(d: &Decision) -> usize {
    match d.decision_type {
        // Cancel requested, then canceled at once if the activity had not started.
        DecisionType::RequestCancelActivityTask => 2,
        // Initiated, then started, signaled, cancel requested or failed.
        DecisionType::StartChildWorkflowExecution
        | DecisionType::SignalExternalWorkflowExecution
        | DecisionType::RequestCancelExternalWorkflowExecution => 2,
        _ => 1,
    }
}

/// A closing decision that passed its checks, carried out after the list.
#[derive(Debug)]
enum Closing {
    Complete(CompleteWorkflowExecutionDecisionAttributes),
    Fail(FailWorkflowExecutionDecisionAttributes),
    Cancel(CancelWorkflowExecutionDecisionAttributes),
    ContinueAsNew(
        Box<NewRun>,
        ContinueAsNewWorkflowExecutionDecisionAttributes,
    ),
}

/// An effect on another execution, carried out after the list.
#[derive(Debug)]
enum Effect {
    StartChild {
        initiated_id: i64,
        attrs: Box<StartChildWorkflowExecutionDecisionAttributes>,
        config: Box<WorkflowExecutionConfiguration>,
    },
    Signal {
        initiated_id: i64,
        attrs: SignalExternalWorkflowExecutionDecisionAttributes,
    },
    Cancel {
        initiated_id: i64,
        attrs: RequestCancelExternalWorkflowExecutionDecisionAttributes,
    },
}

impl DomainState {
    /// `RespondDecisionTaskCompleted`.
    pub(crate) fn respond_decision_task_completed(
        &mut self,
        token: &TaskToken,
        input: RespondDecisionTaskCompletedInput,
    ) -> Result<(), Fault> {
        let run_id = self.started_decision(token)?;
        let decisions = input.decisions.unwrap_or_default();
        check_decisions(&decisions)?;
        if let Some(t) = &input.task_list_schedule_to_start_timeout {
            durations::parse("taskListScheduleToStartTimeout", t)?;
        }

        let completed_id = self.append(
            &run_id,
            EventAttributes::from(DecisionTaskCompletedEventAttributes {
                execution_context: input.execution_context.clone(),
                scheduled_event_id: token.scheduled_event_id,
                started_event_id: token.started_event_id,
                task_list: input.task_list.clone(),
                task_list_schedule_to_start_timeout: input
                    .task_list_schedule_to_start_timeout
                    .clone(),
            }),
        );
        let exec = self.exec_mut(&run_id);
        exec.decision.started_id = None;
        exec.decision.previous_started_id = token.started_event_id;
        if input.execution_context.is_some() {
            exec.latest_execution_context = input.execution_context;
        }
        if let Some(tl) = input.task_list.filter(|t| !t.name.is_empty()) {
            // With a schedule-to-start timeout the move is temporary (see `DecisionState`).
            exec.decision.override_schedule_to_start = input
                .task_list_schedule_to_start_timeout
                .as_deref()
                .and_then(|t| durations::parse("taskListScheduleToStartTimeout", t).ok())
                .flatten()
                .filter(|_| tl.name != exec.config.task_list.name);
            exec.decision.task_list = tl.name;
        }
        // Events that arrived while the task was started are unhandled: they need a new task.
        let mut unhandled = std::mem::take(&mut exec.decision.pending);

        let mut closing = None;
        let mut effects = Vec::new();
        for d in decisions {
            // The termination must be the 25,000th event at most: a decision is carried out
            // only if its events, those its predecessors' effects will still add, a decision task
            // it or they may call for, and the termination all fit. If not, the history is full
            // and ends the execution and the rest of the list with it.
            let may_call_for_decision = unhandled
                || closing.is_some()
                || !effects.is_empty()
                || d.decision_type != DecisionType::RecordMarker;
            let needed =
                effects.len() + events_at_most(&d) + usize::from(may_call_for_decision) + 1;
            if self.exec(&run_id).history.len() + needed > MAX_HISTORY_EVENTS {
                self.terminate_for_history_limit(&run_id);
                return Ok(());
            }
            let failed = self.apply_decision(
                &run_id,
                completed_id,
                d,
                unhandled,
                &mut closing,
                &mut effects,
            );
            unhandled |= failed;
        }
        for effect in effects {
            self.apply_effect(&run_id, completed_id, effect);
        }
        match closing {
            Some(c) => self.apply_closing(&run_id, completed_id, c),
            None => {
                if unhandled {
                    self.request_decision(&run_id);
                }
            }
        }
        Ok(())
    }

    /// The run whose decision task `token` names, if that task is still started.
    fn started_decision(&self, token: &TaskToken) -> Result<Arc<str>, Fault> {
        let stale = || Fault::unknown("Unknown decision task: the task token is stale or invalid");
        let (run_id, exec) = self
            .runs
            .get_key_value(token.run_id.as_str())
            .ok_or_else(stale)?;
        if !exec.is_open()
            || exec.decision.started_id != Some(token.started_event_id)
            || exec.decision.started_scheduled_id != token.scheduled_event_id
        {
            return Err(stale());
        }
        Ok(run_id.clone())
    }

    /// Carries out one decision; returns whether it recorded a failure event.
    fn apply_decision(
        &mut self,
        run_id: &Arc<str>,
        completed_id: i64,
        d: Decision,
        unhandled: bool,
        closing: &mut Option<Closing>,
        effects: &mut Vec<Effect>,
    ) -> bool {
        // With an auth file, each decision is an action the caller's policy must allow.
        if let Some(refused) = crate::auth::refused_decision(self, run_id, &d, completed_id) {
            self.append(run_id, refused);
            return true;
        }
        match d.into_attributes_or_default() {
            D::ScheduleActivityTask(a) => self.schedule_activity(run_id, completed_id, *a),
            D::RequestCancelActivityTask(a) => {
                self.request_cancel_activity(run_id, completed_id, *a)
            }
            D::CompleteWorkflowExecution(a) => {
                if unhandled {
                    self.append(
                        run_id,
                        EventAttributes::from(CompleteWorkflowExecutionFailedEventAttributes {
                            cause: CompleteWorkflowExecutionFailedCause::UnhandledDecision,
                            decision_task_completed_event_id: completed_id,
                        }),
                    );
                    return true;
                }
                *closing = Some(Closing::Complete(*a));
                false
            }
            D::FailWorkflowExecution(a) => {
                if unhandled {
                    self.append(
                        run_id,
                        EventAttributes::from(FailWorkflowExecutionFailedEventAttributes {
                            cause: FailWorkflowExecutionFailedCause::UnhandledDecision,
                            decision_task_completed_event_id: completed_id,
                        }),
                    );
                    return true;
                }
                *closing = Some(Closing::Fail(*a));
                false
            }
            D::CancelWorkflowExecution(a) => {
                if unhandled {
                    self.append(
                        run_id,
                        EventAttributes::from(CancelWorkflowExecutionFailedEventAttributes {
                            cause: CancelWorkflowExecutionFailedCause::UnhandledDecision,
                            decision_task_completed_event_id: completed_id,
                        }),
                    );
                    return true;
                }
                *closing = Some(Closing::Cancel(*a));
                false
            }
            D::ContinueAsNewWorkflowExecution(a) => {
                let cause = if unhandled {
                    Err(ContinueAsNewWorkflowExecutionFailedCause::UnhandledDecision)
                } else {
                    self.continue_as_new_run(run_id, &a)
                };
                match cause {
                    Ok(new) => {
                        *closing = Some(Closing::ContinueAsNew(Box::new(new), *a));
                        false
                    }
                    Err(cause) => {
                        self.append(
                            run_id,
                            EventAttributes::from(
                                ContinueAsNewWorkflowExecutionFailedEventAttributes {
                                    cause,
                                    decision_task_completed_event_id: completed_id,
                                },
                            ),
                        );
                        true
                    }
                }
            }
            D::RecordMarker(a) => {
                self.append(
                    run_id,
                    EventAttributes::from(MarkerRecordedEventAttributes {
                        decision_task_completed_event_id: completed_id,
                        details: a.details,
                        marker_name: a.marker_name,
                    }),
                );
                false
            }
            D::StartTimer(a) => self.start_timer(run_id, completed_id, *a),
            D::CancelTimer(a) => {
                let exec = self.exec_mut(run_id);
                match exec.timers.remove(&a.timer_id) {
                    Some(t) => {
                        self.append(
                            run_id,
                            EventAttributes::from(TimerCanceledEventAttributes {
                                decision_task_completed_event_id: completed_id,
                                started_event_id: t.started_id,
                                timer_id: a.timer_id,
                            }),
                        );
                        false
                    }
                    None => {
                        self.append(
                            run_id,
                            EventAttributes::from(CancelTimerFailedEventAttributes {
                                cause: CancelTimerFailedCause::TimerIdUnknown,
                                decision_task_completed_event_id: completed_id,
                                timer_id: a.timer_id,
                            }),
                        );
                        true
                    }
                }
            }
            D::SignalExternalWorkflowExecution(a) => {
                let initiated_id = self.append(
                    run_id,
                    EventAttributes::from(
                        SignalExternalWorkflowExecutionInitiatedEventAttributes {
                            control: a.control.clone(),
                            decision_task_completed_event_id: completed_id,
                            input: a.input.clone(),
                            run_id: a.run_id.clone(),
                            signal_name: a.signal_name.clone(),
                            workflow_id: a.workflow_id.clone(),
                        },
                    ),
                );
                effects.push(Effect::Signal {
                    initiated_id,
                    attrs: *a,
                });
                false
            }
            D::RequestCancelExternalWorkflowExecution(a) => {
                let initiated_id = self.append(
                    run_id,
                    EventAttributes::from(
                        RequestCancelExternalWorkflowExecutionInitiatedEventAttributes {
                            control: a.control.clone(),
                            decision_task_completed_event_id: completed_id,
                            run_id: a.run_id.clone(),
                            workflow_id: a.workflow_id.clone(),
                        },
                    ),
                );
                effects.push(Effect::Cancel {
                    initiated_id,
                    attrs: *a,
                });
                false
            }
            D::StartChildWorkflowExecution(a) => {
                self.initiate_child(run_id, completed_id, *a, effects)
            }
            D::ScheduleLambdaFunction(a) => {
                self.append(
                    run_id,
                    EventAttributes::from(ScheduleLambdaFunctionFailedEventAttributes {
                        cause: ScheduleLambdaFunctionFailedCause::LambdaServiceNotAvailableInRegion,
                        decision_task_completed_event_id: completed_id,
                        id: a.id,
                        name: a.name,
                    }),
                );
                true
            }
            // A type this version does not know, or a type without the attributes it requires:
            // check_decisions refused both already.
            D::Unknown(_) => false,
        }
    }

    fn apply_closing(&mut self, run_id: &Arc<str>, completed_id: i64, closing: Closing) {
        match closing {
            Closing::Complete(a) => self.close(
                run_id,
                CloseStatus::Completed,
                EventAttributes::from(WorkflowExecutionCompletedEventAttributes {
                    decision_task_completed_event_id: completed_id,
                    result: a.result,
                }),
                None,
            ),
            Closing::Fail(a) => self.close(
                run_id,
                CloseStatus::Failed,
                EventAttributes::from(WorkflowExecutionFailedEventAttributes {
                    decision_task_completed_event_id: completed_id,
                    details: a.details,
                    reason: a.reason,
                }),
                None,
            ),
            Closing::Cancel(a) => self.close(
                run_id,
                CloseStatus::Canceled,
                EventAttributes::from(WorkflowExecutionCanceledEventAttributes {
                    decision_task_completed_event_id: completed_id,
                    details: a.details,
                }),
                None,
            ),
            Closing::ContinueAsNew(new, a) => {
                let workflow_id = new.workflow_id.clone();
                let parent = new.parent.clone();
                let config = new.config.clone();
                let workflow_type = new.workflow_type.clone();
                let tag_list = new.tag_list.clone();
                let input = a.input.clone();
                // The new run's id must be in the closing event, so make room for it first:
                // the old run gives up its workflow id before the new one takes it.
                self.open_runs.remove(&workflow_id);
                let new_run = self.start_run(*new);
                self.close(
                    run_id,
                    CloseStatus::ContinuedAsNew,
                    EventAttributes::from(WorkflowExecutionContinuedAsNewEventAttributes {
                        child_policy: config.child_policy,
                        decision_task_completed_event_id: completed_id,
                        execution_start_to_close_timeout: Some(
                            config.execution_start_to_close_timeout,
                        ),
                        input,
                        lambda_role: config.lambda_role,
                        new_execution_run_id: new_run.to_string(),
                        tag_list: (!tag_list.is_empty()).then_some(tag_list),
                        task_list: config.task_list,
                        task_priority: config.task_priority,
                        task_start_to_close_timeout: Some(config.task_start_to_close_timeout),
                        workflow_type,
                    }),
                    None,
                );
                // A continued child stays the parent's child under its new run id.
                if let Some(parent) = parent
                    && let Some(p) = self.find_open(
                        &parent.execution.workflow_id,
                        Some(&parent.execution.run_id),
                    )
                {
                    if let Some(link) = self.exec_mut(&p).children.get_mut(&workflow_id) {
                        link.run_id = new_run.to_string();
                    }
                    self.mark(&p);
                }
            }
        }
    }
}
