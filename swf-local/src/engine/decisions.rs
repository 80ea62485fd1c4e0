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

use super::durations::{self, deadline};
use super::events::Attr;
use super::executions::{ConfigOverrides, MissingDefault, NewRun, check_overrides, resolve_config};
use super::state::{
    ActivityState, ChildLink, Deadline, DomainState, MAX_HISTORY_EVENTS, ParentLink, TaskRef,
    TimerState, type_key,
};
use super::tokens::{TaskKind, TaskToken};
use crate::error::Fault;
use std::sync::Arc;
use swf_core::types::*;

/// The most activities an execution may have open, as in SWF.
const MAX_OPEN_ACTIVITIES: usize = 1000;
/// The most timers an execution may have open, as in SWF.
const MAX_OPEN_TIMERS: usize = 1000;
/// The most children an execution may have open, as in SWF.
const MAX_OPEN_CHILDREN: usize = 1000;

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

fn is_closing(d: &DecisionType) -> bool {
    matches!(
        d,
        DecisionType::CompleteWorkflowExecution
            | DecisionType::FailWorkflowExecution
            | DecisionType::CancelWorkflowExecution
            | DecisionType::ContinueAsNewWorkflowExecution
    )
}

/// Checks what the model cannot: each decision carries the attributes of its type, durations
/// parse, and a closing decision is the last one. SWF refuses such a list as a whole.
fn check_decisions(decisions: &[Decision]) -> Result<(), Fault> {
    for (i, d) in decisions.iter().enumerate() {
        let missing = |name: &str| {
            Fault::validation(format!(
                "decisions.{}.member.{name} must be set for decision type {}",
                i + 1,
                d.decision_type
            ))
        };
        let dur = |name: &str, v: &Option<String>| -> Result<(), Fault> {
            if let Some(v) = v {
                durations::parse(&format!("decisions.{}.member.{name}", i + 1), v)?;
            }
            Ok(())
        };
        match &d.decision_type {
            DecisionType::ScheduleActivityTask => {
                let a = d
                    .schedule_activity_task_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("scheduleActivityTaskDecisionAttributes"))?;
                dur("scheduleToCloseTimeout", &a.schedule_to_close_timeout)?;
                dur("scheduleToStartTimeout", &a.schedule_to_start_timeout)?;
                dur("startToCloseTimeout", &a.start_to_close_timeout)?;
                dur("heartbeatTimeout", &a.heartbeat_timeout)?;
            }
            DecisionType::RequestCancelActivityTask => {
                d.request_cancel_activity_task_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("requestCancelActivityTaskDecisionAttributes"))?;
            }
            DecisionType::CompleteWorkflowExecution
            | DecisionType::FailWorkflowExecution
            | DecisionType::CancelWorkflowExecution => {}
            DecisionType::ContinueAsNewWorkflowExecution => {
                if let Some(a) = &d.continue_as_new_workflow_execution_decision_attributes {
                    check_overrides(&ConfigOverrides {
                        execution_start_to_close_timeout: a
                            .execution_start_to_close_timeout
                            .as_ref(),
                        task_start_to_close_timeout: a.task_start_to_close_timeout.as_ref(),
                        child_policy: a.child_policy.as_ref(),
                        ..Default::default()
                    })?;
                }
            }
            DecisionType::RecordMarker => {
                d.record_marker_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("recordMarkerDecisionAttributes"))?;
            }
            DecisionType::StartTimer => {
                let a = d
                    .start_timer_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("startTimerDecisionAttributes"))?;
                if durations::parse("startToFireTimeout", &a.start_to_fire_timeout)?.is_none() {
                    return Err(Fault::validation(format!(
                        "decisions.{}.member.startTimerDecisionAttributes.startToFireTimeout cannot be NONE",
                        i + 1
                    )));
                }
            }
            DecisionType::CancelTimer => {
                d.cancel_timer_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("cancelTimerDecisionAttributes"))?;
            }
            DecisionType::SignalExternalWorkflowExecution => {
                d.signal_external_workflow_execution_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("signalExternalWorkflowExecutionDecisionAttributes"))?;
            }
            DecisionType::RequestCancelExternalWorkflowExecution => {
                d.request_cancel_external_workflow_execution_decision_attributes
                    .as_ref()
                    .ok_or_else(|| {
                        missing("requestCancelExternalWorkflowExecutionDecisionAttributes")
                    })?;
            }
            DecisionType::StartChildWorkflowExecution => {
                let a = d
                    .start_child_workflow_execution_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("startChildWorkflowExecutionDecisionAttributes"))?;
                check_overrides(&ConfigOverrides {
                    execution_start_to_close_timeout: a.execution_start_to_close_timeout.as_ref(),
                    task_start_to_close_timeout: a.task_start_to_close_timeout.as_ref(),
                    child_policy: a.child_policy.as_ref(),
                    ..Default::default()
                })?;
            }
            DecisionType::ScheduleLambdaFunction => {
                d.schedule_lambda_function_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("scheduleLambdaFunctionDecisionAttributes"))?;
            }
            other => {
                return Err(Fault::validation(format!(
                    "Value '{other}' at 'decisions.{}.member.decisionType' failed to satisfy constraint: Member must satisfy enum value set",
                    i + 1
                )));
            }
        }
        if is_closing(&d.decision_type) && i + 1 != decisions.len() {
            return Err(Fault::validation(format!(
                "Close must be last decision in list: decision {} is {} but is followed by other decisions",
                i + 1,
                d.decision_type
            )));
        }
    }
    Ok(())
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
            Attr::DecisionTaskCompleted(DecisionTaskCompletedEventAttributes {
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
            exec.decision.task_list = tl.name;
        }
        // Events that arrived while the task was started are unhandled: they need a new task.
        let mut unhandled = std::mem::take(&mut exec.decision.pending);

        let mut closing = None;
        let mut effects = Vec::new();
        for d in decisions {
            // Leave room for the decision's events and the termination: a full history ends
            // the execution and the rest of the list with it.
            if self.exec(&run_id).history.len() + 3 >= MAX_HISTORY_EVENTS {
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
            self.apply_effect(&run_id, effect);
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
        match d.decision_type {
            DecisionType::ScheduleActivityTask => {
                let a = d
                    .schedule_activity_task_decision_attributes
                    .unwrap_or_default();
                self.schedule_activity(run_id, completed_id, a)
            }
            DecisionType::RequestCancelActivityTask => {
                let a = d
                    .request_cancel_activity_task_decision_attributes
                    .unwrap_or_default();
                self.request_cancel_activity(run_id, completed_id, a)
            }
            DecisionType::CompleteWorkflowExecution => {
                if unhandled {
                    self.append(
                        run_id,
                        Attr::CompleteWorkflowExecutionFailed(
                            CompleteWorkflowExecutionFailedEventAttributes {
                                cause: CompleteWorkflowExecutionFailedCause::UnhandledDecision,
                                decision_task_completed_event_id: completed_id,
                            },
                        ),
                    );
                    return true;
                }
                *closing = Some(Closing::Complete(
                    d.complete_workflow_execution_decision_attributes
                        .unwrap_or_default(),
                ));
                false
            }
            DecisionType::FailWorkflowExecution => {
                if unhandled {
                    self.append(
                        run_id,
                        Attr::FailWorkflowExecutionFailed(
                            FailWorkflowExecutionFailedEventAttributes {
                                cause: FailWorkflowExecutionFailedCause::UnhandledDecision,
                                decision_task_completed_event_id: completed_id,
                            },
                        ),
                    );
                    return true;
                }
                *closing = Some(Closing::Fail(
                    d.fail_workflow_execution_decision_attributes
                        .unwrap_or_default(),
                ));
                false
            }
            DecisionType::CancelWorkflowExecution => {
                if unhandled {
                    self.append(
                        run_id,
                        Attr::CancelWorkflowExecutionFailed(
                            CancelWorkflowExecutionFailedEventAttributes {
                                cause: CancelWorkflowExecutionFailedCause::UnhandledDecision,
                                decision_task_completed_event_id: completed_id,
                            },
                        ),
                    );
                    return true;
                }
                *closing = Some(Closing::Cancel(
                    d.cancel_workflow_execution_decision_attributes
                        .unwrap_or_default(),
                ));
                false
            }
            DecisionType::ContinueAsNewWorkflowExecution => {
                let a = d
                    .continue_as_new_workflow_execution_decision_attributes
                    .unwrap_or_default();
                let cause = if unhandled {
                    Err(ContinueAsNewWorkflowExecutionFailedCause::UnhandledDecision)
                } else {
                    self.continue_as_new_run(run_id, &a)
                };
                match cause {
                    Ok(new) => {
                        *closing = Some(Closing::ContinueAsNew(Box::new(new), a));
                        false
                    }
                    Err(cause) => {
                        self.append(
                            run_id,
                            Attr::ContinueAsNewWorkflowExecutionFailed(
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
            DecisionType::RecordMarker => {
                let a = d.record_marker_decision_attributes.unwrap_or_default();
                self.append(
                    run_id,
                    Attr::MarkerRecorded(MarkerRecordedEventAttributes {
                        decision_task_completed_event_id: completed_id,
                        details: a.details,
                        marker_name: a.marker_name,
                    }),
                );
                false
            }
            DecisionType::StartTimer => {
                let a = d.start_timer_decision_attributes.unwrap_or_default();
                self.start_timer(run_id, completed_id, a)
            }
            DecisionType::CancelTimer => {
                let a = d.cancel_timer_decision_attributes.unwrap_or_default();
                let exec = self.exec_mut(run_id);
                match exec.timers.remove(&a.timer_id) {
                    Some(t) => {
                        self.append(
                            run_id,
                            Attr::TimerCanceled(TimerCanceledEventAttributes {
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
                            Attr::CancelTimerFailed(CancelTimerFailedEventAttributes {
                                cause: CancelTimerFailedCause::TimerIdUnknown,
                                decision_task_completed_event_id: completed_id,
                                timer_id: a.timer_id,
                            }),
                        );
                        true
                    }
                }
            }
            DecisionType::SignalExternalWorkflowExecution => {
                let a = d
                    .signal_external_workflow_execution_decision_attributes
                    .unwrap_or_default();
                let initiated_id = self.append(
                    run_id,
                    Attr::SignalExternalWorkflowExecutionInitiated(
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
                    attrs: a,
                });
                false
            }
            DecisionType::RequestCancelExternalWorkflowExecution => {
                let a = d
                    .request_cancel_external_workflow_execution_decision_attributes
                    .unwrap_or_default();
                let initiated_id = self.append(
                    run_id,
                    Attr::RequestCancelExternalWorkflowExecutionInitiated(
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
                    attrs: a,
                });
                false
            }
            DecisionType::StartChildWorkflowExecution => {
                let a = d
                    .start_child_workflow_execution_decision_attributes
                    .unwrap_or_default();
                self.initiate_child(run_id, completed_id, a, effects)
            }
            DecisionType::ScheduleLambdaFunction => {
                let a = d
                    .schedule_lambda_function_decision_attributes
                    .unwrap_or_default();
                self.append(
                    run_id,
                    Attr::ScheduleLambdaFunctionFailed(ScheduleLambdaFunctionFailedEventAttributes {
                        cause: ScheduleLambdaFunctionFailedCause::LambdaServiceNotAvailableInRegion,
                        decision_task_completed_event_id: completed_id,
                        id: a.id,
                        name: a.name,
                    }),
                );
                true
            }
            _ => false,
        }
    }

    fn schedule_activity(
        &mut self,
        run_id: &Arc<str>,
        completed_id: i64,
        a: ScheduleActivityTaskDecisionAttributes,
    ) -> bool {
        let key = type_key(&a.activity_type.name, &a.activity_type.version);
        let resolved = match self.meta.activity_types.get(&key) {
            None => Err(ScheduleActivityTaskFailedCause::ActivityTypeDoesNotExist),
            Some(t) if t.info.status == RegistrationStatus::Deprecated => {
                Err(ScheduleActivityTaskFailedCause::ActivityTypeDeprecated)
            }
            Some(t) => {
                let exec = self.exec(run_id);
                let c = &t.config;
                let pick = |given: &Option<String>, default: &Option<String>, cause| {
                    given
                        .as_ref()
                        .or(default.as_ref())
                        .map(|v| durations::parse("timeout", v).unwrap_or(None))
                        .ok_or(cause)
                };
                (|| {
                    if exec.activity_by_id(&a.activity_id).is_some() {
                        return Err(ScheduleActivityTaskFailedCause::ActivityIdAlreadyInUse);
                    }
                    if exec.activities.len() >= MAX_OPEN_ACTIVITIES {
                        return Err(ScheduleActivityTaskFailedCause::OpenActivitiesLimitExceeded);
                    }
                    let task_list = a
                        .task_list
                        .as_ref()
                        .or(c.default_task_list.as_ref())
                        .filter(|t| !t.name.is_empty())
                        .ok_or(ScheduleActivityTaskFailedCause::DefaultTaskListUndefined)?
                        .clone();
                    let s2c = pick(
                        &a.schedule_to_close_timeout,
                        &c.default_task_schedule_to_close_timeout,
                        ScheduleActivityTaskFailedCause::DefaultScheduleToCloseTimeoutUndefined,
                    )?;
                    let s2s = pick(
                        &a.schedule_to_start_timeout,
                        &c.default_task_schedule_to_start_timeout,
                        ScheduleActivityTaskFailedCause::DefaultScheduleToStartTimeoutUndefined,
                    )?;
                    let st2c = pick(
                        &a.start_to_close_timeout,
                        &c.default_task_start_to_close_timeout,
                        ScheduleActivityTaskFailedCause::DefaultStartToCloseTimeoutUndefined,
                    )?;
                    let hb = pick(
                        &a.heartbeat_timeout,
                        &c.default_task_heartbeat_timeout,
                        ScheduleActivityTaskFailedCause::DefaultHeartbeatTimeoutUndefined,
                    )?;
                    let priority = a.task_priority.clone().or(c.default_task_priority.clone());
                    Ok((task_list, s2c, s2s, st2c, hb, priority))
                })()
                .map(|r| (r, c.clone()))
            }
        };
        let ((task_list, s2c, s2s, st2c, hb, priority), c) = match resolved {
            Ok(r) => r,
            Err(cause) => {
                self.append(
                    run_id,
                    Attr::ScheduleActivityTaskFailed(ScheduleActivityTaskFailedEventAttributes {
                        activity_id: a.activity_id,
                        activity_type: a.activity_type,
                        cause,
                        decision_task_completed_event_id: completed_id,
                    }),
                );
                return true;
            }
        };
        let or_default =
            |given: &Option<String>, default: &Option<String>| given.clone().or(default.clone());
        let scheduled_id = self.append(
            run_id,
            Attr::ActivityTaskScheduled(ActivityTaskScheduledEventAttributes {
                activity_id: a.activity_id.clone(),
                activity_type: a.activity_type.clone(),
                control: a.control,
                decision_task_completed_event_id: completed_id,
                heartbeat_timeout: or_default(
                    &a.heartbeat_timeout,
                    &c.default_task_heartbeat_timeout,
                ),
                input: a.input.clone(),
                schedule_to_close_timeout: or_default(
                    &a.schedule_to_close_timeout,
                    &c.default_task_schedule_to_close_timeout,
                ),
                schedule_to_start_timeout: or_default(
                    &a.schedule_to_start_timeout,
                    &c.default_task_schedule_to_start_timeout,
                ),
                start_to_close_timeout: or_default(
                    &a.start_to_close_timeout,
                    &c.default_task_start_to_close_timeout,
                ),
                task_list: task_list.clone(),
                task_priority: priority,
            }),
        );
        let now = self.now;
        let exec = self.exec_mut(run_id);
        exec.latest_activity_ms = Some(now);
        exec.activities.insert(
            scheduled_id,
            ActivityState {
                activity_id: a.activity_id,
                activity_type: a.activity_type,
                input: a.input,
                task_list: task_list.name.clone(),
                scheduled_ms: now,
                schedule_to_start: s2s,
                schedule_to_close: s2c,
                start_to_close: st2c,
                heartbeat: hb,
                started_id: None,
                started_ms: 0,
                last_heartbeat_ms: 0,
                details: None,
                cancel_requested_id: None,
            },
        );
        self.arm(
            deadline(now, s2s),
            run_id,
            Deadline::ActivityScheduleToStart {
                scheduled: scheduled_id,
            },
        );
        self.arm(
            deadline(now, s2c),
            run_id,
            Deadline::ActivityScheduleToClose {
                scheduled: scheduled_id,
            },
        );
        self.enqueue(
            TaskKind::Activity,
            &task_list.name,
            TaskRef {
                run_id: run_id.clone(),
                scheduled_id,
            },
        );
        false
    }

    fn request_cancel_activity(
        &mut self,
        run_id: &Arc<str>,
        completed_id: i64,
        a: RequestCancelActivityTaskDecisionAttributes,
    ) -> bool {
        let Some(scheduled_id) = self.exec(run_id).activity_by_id(&a.activity_id) else {
            self.append(
                run_id,
                Attr::RequestCancelActivityTaskFailed(
                    RequestCancelActivityTaskFailedEventAttributes {
                        activity_id: a.activity_id,
                        cause: RequestCancelActivityTaskFailedCause::ActivityIdUnknown,
                        decision_task_completed_event_id: completed_id,
                    },
                ),
            );
            return true;
        };
        let requested_id = self.append(
            run_id,
            Attr::ActivityTaskCancelRequested(ActivityTaskCancelRequestedEventAttributes {
                activity_id: a.activity_id,
                decision_task_completed_event_id: completed_id,
            }),
        );
        let exec = self.exec_mut(run_id);
        let activity = exec
            .activities
            .get_mut(&scheduled_id)
            .expect("open activity");
        if activity.started_id.is_some() {
            // The worker learns of it from its next heartbeat.
            activity.cancel_requested_id = Some(requested_id);
            return false;
        }
        // Not yet handed to a worker: canceled at once.
        exec.activities.remove(&scheduled_id);
        self.append(
            run_id,
            Attr::ActivityTaskCanceled(ActivityTaskCanceledEventAttributes {
                details: None,
                latest_cancel_requested_event_id: Some(requested_id),
                scheduled_event_id: scheduled_id,
                started_event_id: 0,
            }),
        );
        true
    }

    fn start_timer(
        &mut self,
        run_id: &Arc<str>,
        completed_id: i64,
        a: StartTimerDecisionAttributes,
    ) -> bool {
        let exec = self.exec(run_id);
        let cause = if exec.timers.contains_key(&a.timer_id) {
            Some(StartTimerFailedCause::TimerIdAlreadyInUse)
        } else if exec.timers.len() >= MAX_OPEN_TIMERS {
            Some(StartTimerFailedCause::OpenTimersLimitExceeded)
        } else {
            None
        };
        if let Some(cause) = cause {
            self.append(
                run_id,
                Attr::StartTimerFailed(StartTimerFailedEventAttributes {
                    cause,
                    decision_task_completed_event_id: completed_id,
                    timer_id: a.timer_id,
                }),
            );
            return true;
        }
        let secs = durations::parse("startToFireTimeout", &a.start_to_fire_timeout)
            .ok()
            .flatten();
        let started_id = self.append(
            run_id,
            Attr::TimerStarted(TimerStartedEventAttributes {
                control: a.control,
                decision_task_completed_event_id: completed_id,
                start_to_fire_timeout: a.start_to_fire_timeout,
                timer_id: a.timer_id.clone(),
            }),
        );
        let fire_ms = deadline(self.now, secs).unwrap_or(self.now);
        self.exec_mut(run_id).timers.insert(
            a.timer_id,
            TimerState {
                started_id,
                fire_ms,
            },
        );
        self.arm(
            Some(fire_ms),
            run_id,
            Deadline::Timer {
                started: started_id,
            },
        );
        false
    }

    fn initiate_child(
        &mut self,
        run_id: &Arc<str>,
        completed_id: i64,
        a: StartChildWorkflowExecutionDecisionAttributes,
        effects: &mut Vec<Effect>,
    ) -> bool {
        let key = type_key(&a.workflow_type.name, &a.workflow_type.version);
        let resolved = match self.meta.workflow_types.get(&key) {
            None => Err(StartChildWorkflowExecutionFailedCause::WorkflowTypeDoesNotExist),
            Some(t) if t.info.status == RegistrationStatus::Deprecated => {
                Err(StartChildWorkflowExecutionFailedCause::WorkflowTypeDeprecated)
            }
            Some(t) if self.exec(run_id).children.len() >= MAX_OPEN_CHILDREN => {
                let _ = t;
                Err(StartChildWorkflowExecutionFailedCause::OpenChildrenLimitExceeded)
            }
            Some(t) => resolve_config(
                &t.config,
                &ConfigOverrides {
                    task_list: a.task_list.as_ref(),
                    execution_start_to_close_timeout: a.execution_start_to_close_timeout.as_ref(),
                    task_start_to_close_timeout: a.task_start_to_close_timeout.as_ref(),
                    child_policy: a.child_policy.as_ref(),
                    task_priority: a.task_priority.as_ref(),
                    lambda_role: a.lambda_role.as_ref(),
                },
            )
            .map_err(|m| match m {
                MissingDefault::TaskList => StartChildWorkflowExecutionFailedCause::DefaultTaskListUndefined,
                MissingDefault::ExecutionStartToCloseTimeout => {
                    StartChildWorkflowExecutionFailedCause::DefaultExecutionStartToCloseTimeoutUndefined
                }
                MissingDefault::TaskStartToCloseTimeout => {
                    StartChildWorkflowExecutionFailedCause::DefaultTaskStartToCloseTimeoutUndefined
                }
                MissingDefault::ChildPolicy => StartChildWorkflowExecutionFailedCause::DefaultChildPolicyUndefined,
            }),
        };
        let config = match resolved {
            Ok(c) => c,
            Err(cause) => {
                self.append(
                    run_id,
                    Attr::StartChildWorkflowExecutionFailed(
                        StartChildWorkflowExecutionFailedEventAttributes {
                            cause,
                            control: a.control,
                            decision_task_completed_event_id: completed_id,
                            initiated_event_id: 0,
                            workflow_id: a.workflow_id,
                            workflow_type: a.workflow_type,
                        },
                    ),
                );
                return true;
            }
        };
        let initiated_id = self.append(
            run_id,
            Attr::StartChildWorkflowExecutionInitiated(
                StartChildWorkflowExecutionInitiatedEventAttributes {
                    child_policy: config.child_policy.clone(),
                    control: a.control.clone(),
                    decision_task_completed_event_id: completed_id,
                    execution_start_to_close_timeout: Some(
                        config.execution_start_to_close_timeout.clone(),
                    ),
                    input: a.input.clone(),
                    lambda_role: config.lambda_role.clone(),
                    tag_list: a.tag_list.clone(),
                    task_list: config.task_list.clone(),
                    task_priority: config.task_priority.clone(),
                    task_start_to_close_timeout: Some(config.task_start_to_close_timeout.clone()),
                    workflow_id: a.workflow_id.clone(),
                    workflow_type: a.workflow_type.clone(),
                },
            ),
        );
        effects.push(Effect::StartChild {
            initiated_id,
            attrs: Box::new(a),
            config: Box::new(config),
        });
        false
    }

    /// Resolves the new run of a `ContinueAsNewWorkflowExecution` decision, or the cause it fails with.
    fn continue_as_new_run(
        &self,
        run_id: &Arc<str>,
        a: &ContinueAsNewWorkflowExecutionDecisionAttributes,
    ) -> Result<NewRun, ContinueAsNewWorkflowExecutionFailedCause> {
        use ContinueAsNewWorkflowExecutionFailedCause as C;
        let exec = self.exec(run_id);
        let version = a
            .workflow_type_version
            .clone()
            .unwrap_or_else(|| exec.workflow_type.version.clone());
        let workflow_type = WorkflowType {
            name: exec.workflow_type.name.clone(),
            version,
        };
        let t = self
            .meta
            .workflow_types
            .get(&type_key(&workflow_type.name, &workflow_type.version))
            .ok_or(C::WorkflowTypeDoesNotExist)?;
        if t.info.status == RegistrationStatus::Deprecated {
            return Err(C::WorkflowTypeDeprecated);
        }
        // As for a new execution, the decision's members override the type's defaults: SWF
        // says these members override the type's registration, not the current run's values.
        let config = resolve_config(
            &t.config,
            &ConfigOverrides {
                task_list: a.task_list.as_ref(),
                execution_start_to_close_timeout: a.execution_start_to_close_timeout.as_ref(),
                task_start_to_close_timeout: a.task_start_to_close_timeout.as_ref(),
                child_policy: a.child_policy.as_ref(),
                task_priority: a.task_priority.as_ref(),
                lambda_role: a.lambda_role.as_ref(),
            },
        )
        .map_err(|m| match m {
            MissingDefault::TaskList => C::DefaultTaskListUndefined,
            MissingDefault::ExecutionStartToCloseTimeout => {
                C::DefaultExecutionStartToCloseTimeoutUndefined
            }
            MissingDefault::TaskStartToCloseTimeout => C::DefaultTaskStartToCloseTimeoutUndefined,
            MissingDefault::ChildPolicy => C::DefaultChildPolicyUndefined,
        })?;
        Ok(NewRun {
            workflow_id: exec.execution.workflow_id.clone(),
            workflow_type,
            config,
            input: a.input.clone(),
            tag_list: a.tag_list.clone().unwrap_or_default(),
            parent: exec.parent.clone(),
            continued_from: Some(run_id.to_string()),
        })
    }

    fn apply_effect(&mut self, run_id: &Arc<str>, effect: Effect) {
        let source = self.exec(run_id).execution.clone();
        match effect {
            Effect::StartChild {
                initiated_id,
                attrs,
                config,
            } => {
                let (attrs, config) = (*attrs, *config);
                if self.open_runs.contains_key(&attrs.workflow_id) {
                    self.append(
                        run_id,
                        Attr::StartChildWorkflowExecutionFailed(
                            StartChildWorkflowExecutionFailedEventAttributes {
                                cause:
                                    StartChildWorkflowExecutionFailedCause::WorkflowAlreadyRunning,
                                control: attrs.control,
                                decision_task_completed_event_id: self
                                    .completed_id_of(run_id, initiated_id),
                                initiated_event_id: initiated_id,
                                workflow_id: attrs.workflow_id,
                                workflow_type: attrs.workflow_type,
                            },
                        ),
                    );
                    self.request_decision(run_id);
                    return;
                }
                let child = self.start_run(NewRun {
                    workflow_id: attrs.workflow_id.clone(),
                    workflow_type: attrs.workflow_type.clone(),
                    config,
                    input: attrs.input,
                    tag_list: attrs.tag_list.unwrap_or_default(),
                    parent: Some(ParentLink {
                        execution: source,
                        initiated_event_id: initiated_id,
                        started_event_id: 0,
                    }),
                    continued_from: None,
                });
                let started_id = self.append(
                    run_id,
                    Attr::ChildWorkflowExecutionStarted(
                        ChildWorkflowExecutionStartedEventAttributes {
                            initiated_event_id: initiated_id,
                            workflow_execution: WorkflowExecution {
                                run_id: child.to_string(),
                                workflow_id: attrs.workflow_id.clone(),
                            },
                            workflow_type: attrs.workflow_type.clone(),
                        },
                    ),
                );
                if let Some(p) = self.exec_mut(&child).parent.as_mut() {
                    p.started_event_id = started_id;
                }
                self.mark(&child);
                self.exec_mut(run_id).children.insert(
                    attrs.workflow_id,
                    ChildLink {
                        run_id: child.to_string(),
                        workflow_type: attrs.workflow_type,
                        initiated_event_id: initiated_id,
                    },
                );
                self.request_decision(run_id);
            }
            Effect::Signal {
                initiated_id,
                attrs,
            } => {
                match self.find_open(&attrs.workflow_id, attrs.run_id.as_deref()) {
                    Some(target) => {
                        let target_execution = self.exec(&target).execution.clone();
                        self.append(
                            &target,
                            Attr::WorkflowExecutionSignaled(
                                WorkflowExecutionSignaledEventAttributes {
                                    external_initiated_event_id: Some(initiated_id),
                                    external_workflow_execution: Some(source),
                                    input: attrs.input,
                                    signal_name: attrs.signal_name,
                                },
                            ),
                        );
                        self.request_decision(&target);
                        self.append(
                            run_id,
                            Attr::ExternalWorkflowExecutionSignaled(
                                ExternalWorkflowExecutionSignaledEventAttributes {
                                    initiated_event_id: initiated_id,
                                    workflow_execution: target_execution,
                                },
                            ),
                        );
                    }
                    None => {
                        self.append(
                            run_id,
                            Attr::SignalExternalWorkflowExecutionFailed(
                                SignalExternalWorkflowExecutionFailedEventAttributes {
                                    cause: SignalExternalWorkflowExecutionFailedCause::UnknownExternalWorkflowExecution,
                                    control: attrs.control,
                                    decision_task_completed_event_id: self.completed_id_of(run_id, initiated_id),
                                    initiated_event_id: initiated_id,
                                    run_id: attrs.run_id,
                                    workflow_id: attrs.workflow_id,
                                },
                            ),
                        );
                    }
                }
                self.request_decision(run_id);
            }
            Effect::Cancel {
                initiated_id,
                attrs,
            } => {
                match self.find_open(&attrs.workflow_id, attrs.run_id.as_deref()) {
                    Some(target) => {
                        let target_execution = self.exec(&target).execution.clone();
                        self.record_cancel_request(
                            &target,
                            WorkflowExecutionCancelRequestedEventAttributes {
                                cause: None,
                                external_initiated_event_id: Some(initiated_id),
                                external_workflow_execution: Some(source),
                            },
                        );
                        self.append(
                            run_id,
                            Attr::ExternalWorkflowExecutionCancelRequested(
                                ExternalWorkflowExecutionCancelRequestedEventAttributes {
                                    initiated_event_id: initiated_id,
                                    workflow_execution: target_execution,
                                },
                            ),
                        );
                    }
                    None => {
                        self.append(
                            run_id,
                            Attr::RequestCancelExternalWorkflowExecutionFailed(
                                RequestCancelExternalWorkflowExecutionFailedEventAttributes {
                                    cause: RequestCancelExternalWorkflowExecutionFailedCause::UnknownExternalWorkflowExecution,
                                    control: attrs.control,
                                    decision_task_completed_event_id: self.completed_id_of(run_id, initiated_id),
                                    initiated_event_id: initiated_id,
                                    run_id: attrs.run_id,
                                    workflow_id: attrs.workflow_id,
                                },
                            ),
                        );
                    }
                }
                self.request_decision(run_id);
            }
        }
    }

    /// The `DecisionTaskCompleted` event an initiated event belongs to.
    fn completed_id_of(&self, run_id: &Arc<str>, initiated_id: i64) -> i64 {
        let e = &self.exec(run_id).history[(initiated_id - 1) as usize];
        e.signal_external_workflow_execution_initiated_event_attributes
            .as_ref()
            .map(|a| a.decision_task_completed_event_id)
            .or(e
                .request_cancel_external_workflow_execution_initiated_event_attributes
                .as_ref()
                .map(|a| a.decision_task_completed_event_id))
            .or(e
                .start_child_workflow_execution_initiated_event_attributes
                .as_ref()
                .map(|a| a.decision_task_completed_event_id))
            .unwrap_or(0)
    }

    fn apply_closing(&mut self, run_id: &Arc<str>, completed_id: i64, closing: Closing) {
        match closing {
            Closing::Complete(a) => self.close(
                run_id,
                CloseStatus::Completed,
                Attr::WorkflowExecutionCompleted(WorkflowExecutionCompletedEventAttributes {
                    decision_task_completed_event_id: completed_id,
                    result: a.result,
                }),
                None,
            ),
            Closing::Fail(a) => self.close(
                run_id,
                CloseStatus::Failed,
                Attr::WorkflowExecutionFailed(WorkflowExecutionFailedEventAttributes {
                    decision_task_completed_event_id: completed_id,
                    details: a.details,
                    reason: a.reason,
                }),
                None,
            ),
            Closing::Cancel(a) => self.close(
                run_id,
                CloseStatus::Canceled,
                Attr::WorkflowExecutionCanceled(WorkflowExecutionCanceledEventAttributes {
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
                    Attr::WorkflowExecutionContinuedAsNew(
                        WorkflowExecutionContinuedAsNewEventAttributes {
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
                        },
                    ),
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
