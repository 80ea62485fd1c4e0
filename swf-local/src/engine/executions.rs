//! Workflow executions: starting a run, signals, cancel requests, termination, and the one path
//! every run closes by, which applies child policies and tells the parent.

use super::durations::{self, deadline};
use super::state::{
    Deadline, DomainState, Execution, MAX_HISTORY_EVENTS, ParentLink, TaskRef,
    task_list_or_default, type_key,
};
use super::tokens::TaskKind;
use crate::error::{Fault, FaultKind};
use std::sync::Arc;
use swf_core::Closing;
use swf_core::types::*;

/// A run about to start, with its configuration resolved.
#[derive(Debug)]
pub(crate) struct NewRun {
    pub(crate) workflow_id: String,
    pub(crate) workflow_type: WorkflowType,
    pub(crate) config: WorkflowExecutionConfiguration,
    pub(crate) input: Option<String>,
    pub(crate) tag_list: Vec<String>,
    pub(crate) parent: Option<ParentLink>,
    pub(crate) continued_from: Option<String>,
}

/// Which default was missing when resolving a run's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MissingDefault {
    TaskList,
    ExecutionStartToCloseTimeout,
    TaskStartToCloseTimeout,
    ChildPolicy,
}

impl MissingDefault {
    pub(crate) fn member(self) -> &'static str {
        match self {
            MissingDefault::TaskList => "taskList",
            MissingDefault::ExecutionStartToCloseTimeout => "executionStartToCloseTimeout",
            MissingDefault::TaskStartToCloseTimeout => "taskStartToCloseTimeout",
            MissingDefault::ChildPolicy => "childPolicy",
        }
    }
}

/// The members a request may give to override the type's defaults.
#[derive(Debug, Default)]
pub(crate) struct ConfigOverrides<'a> {
    pub(crate) task_list: Option<&'a TaskList>,
    pub(crate) execution_start_to_close_timeout: Option<&'a String>,
    pub(crate) task_start_to_close_timeout: Option<&'a String>,
    pub(crate) child_policy: Option<&'a ChildPolicy>,
    pub(crate) task_priority: Option<&'a String>,
    pub(crate) lambda_role: Option<&'a String>,
}

/// Checks the duration and child policy members a request gives (before anything changes).
pub(crate) fn check_overrides(o: &ConfigOverrides<'_>) -> Result<(), Fault> {
    if let Some(p) = o.child_policy.filter(|p| p.is_unknown()) {
        return Err(Fault::validation(format!(
            "Value '{p}' at 'childPolicy' failed to satisfy constraint: Member must satisfy enum value set: [TERMINATE, REQUEST_CANCEL, ABANDON]"
        )));
    }
    if let Some(t) = o.execution_start_to_close_timeout
        && durations::parse("executionStartToCloseTimeout", t)?.is_none()
    {
        return Err(Fault::validation(
            "executionStartToCloseTimeout cannot be NONE: an execution must have a limit",
        ));
    }
    if let Some(t) = o.task_start_to_close_timeout {
        durations::parse("taskStartToCloseTimeout", t)?;
    }
    Ok(())
}

/// The configuration of a new run: the request's members, else the type's defaults.
pub(crate) fn resolve_config(
    defaults: &WorkflowTypeConfiguration,
    o: &ConfigOverrides<'_>,
) -> Result<WorkflowExecutionConfiguration, MissingDefault> {
    let task_list = task_list_or_default(o.task_list, defaults.default_task_list.as_ref())
        .ok_or(MissingDefault::TaskList)?;
    let exec_timeout = o
        .execution_start_to_close_timeout
        .or(defaults.default_execution_start_to_close_timeout.as_ref())
        .ok_or(MissingDefault::ExecutionStartToCloseTimeout)?;
    let task_timeout = o
        .task_start_to_close_timeout
        .or(defaults.default_task_start_to_close_timeout.as_ref())
        .ok_or(MissingDefault::TaskStartToCloseTimeout)?;
    let child_policy = o
        .child_policy
        .or(defaults.default_child_policy.as_ref())
        .ok_or(MissingDefault::ChildPolicy)?;
    Ok(WorkflowExecutionConfiguration {
        child_policy: child_policy.clone(),
        execution_start_to_close_timeout: exec_timeout.clone(),
        lambda_role: o
            .lambda_role
            .or(defaults.default_lambda_role.as_ref())
            .cloned(),
        task_list: task_list.clone(),
        task_priority: o
            .task_priority
            .or(defaults.default_task_priority.as_ref())
            .cloned(),
        task_start_to_close_timeout: task_timeout.clone(),
    })
}

/// A fresh run id: 128 random bits in hex.
pub(crate) fn new_run_id() -> String {
    format!("{:032x}", fastrand::u128(..))
}

impl DomainState {
    /// `StartWorkflowExecution`.
    pub(crate) fn start_workflow_execution(
        &mut self,
        input: StartWorkflowExecutionInput,
    ) -> Result<Run, Fault> {
        if self.is_deprecated() {
            return Err(Fault::unknown(format!(
                "Domain is deprecated: {}",
                self.name
            )));
        }
        let key = type_key(&input.workflow_type.name, &input.workflow_type.version);
        let record = self.meta.workflow_types.get(&key).ok_or_else(|| {
            Fault::unknown(format!(
                "Unknown type: WorkflowType=[name={}, version={}]",
                input.workflow_type.name, input.workflow_type.version
            ))
        })?;
        if record.info.status == RegistrationStatus::Deprecated {
            return Err(Fault::new(
                FaultKind::TypeDeprecated,
                format!(
                    "WorkflowType=[name={}, version={}]",
                    input.workflow_type.name, input.workflow_type.version
                ),
            ));
        }
        if self.open_runs.contains_key(&input.workflow_id) {
            return Err(Fault::new(
                FaultKind::WorkflowExecutionAlreadyStarted,
                format!("Already Started: workflowId {}", input.workflow_id),
            ));
        }
        self.check_open_executions()?;
        let overrides = ConfigOverrides {
            task_list: input.task_list.as_ref(),
            execution_start_to_close_timeout: input.execution_start_to_close_timeout.as_ref(),
            task_start_to_close_timeout: input.task_start_to_close_timeout.as_ref(),
            child_policy: input.child_policy.as_ref(),
            task_priority: input.task_priority.as_ref(),
            lambda_role: input.lambda_role.as_ref(),
        };
        check_overrides(&overrides)?;
        let config = resolve_config(&record.config, &overrides).map_err(|m| {
            Fault::new(
                FaultKind::DefaultUndefined,
                format!(
                    "{} is not set and the workflow type has no default",
                    m.member()
                ),
            )
        })?;
        let run_id = self.start_run(NewRun {
            workflow_id: input.workflow_id,
            workflow_type: input.workflow_type,
            config,
            input: input.input,
            tag_list: input.tag_list.unwrap_or_default(),
            parent: None,
            continued_from: None,
        });
        Ok(Run {
            run_id: Some(run_id.to_string()),
        })
    }

    /// Creates a run, records its `WorkflowExecutionStarted` event and schedules its first
    /// decision task.
    pub(crate) fn start_run(&mut self, new: NewRun) -> Arc<str> {
        let run_id: Arc<str> = Arc::from(new_run_id());
        let started = WorkflowExecutionStartedEventAttributes {
            child_policy: new.config.child_policy.clone(),
            continued_execution_run_id: new.continued_from.clone(),
            execution_start_to_close_timeout: Some(
                new.config.execution_start_to_close_timeout.clone(),
            ),
            input: new.input,
            lambda_role: new.config.lambda_role.clone(),
            parent_initiated_event_id: new.parent.as_ref().map(|p| p.initiated_event_id),
            parent_workflow_execution: new.parent.as_ref().map(|p| p.execution.clone()),
            tag_list: (!new.tag_list.is_empty()).then(|| new.tag_list.clone()),
            task_list: new.config.task_list.clone(),
            task_priority: new.config.task_priority.clone(),
            task_start_to_close_timeout: Some(new.config.task_start_to_close_timeout.clone()),
            workflow_type: new.workflow_type.clone(),
        };
        let exec = Execution {
            execution: WorkflowExecution {
                run_id: run_id.to_string(),
                workflow_id: new.workflow_id.clone(),
            },
            workflow_type: new.workflow_type,
            decision: super::state::DecisionState {
                task_list: new.config.task_list.name.clone(),
                ..Default::default()
            },
            config: new.config,
            tag_list: new.tag_list,
            start_ms: self.now,
            start_seq: self.next_start_seq,
            close_ms: None,
            close_status: None,
            parent: new.parent,
            cancel_requested: false,
            activities: Default::default(),
            timers: Default::default(),
            children: Default::default(),
            latest_activity_ms: None,
            latest_execution_context: None,
            history: Vec::new(),
            persisted_events: 0,
        };
        self.next_start_seq += 1;
        let exec_timeout = exec.execution_timeout_secs();
        self.runs.insert(run_id.clone(), exec);
        self.open_runs
            .insert(new.workflow_id.clone(), run_id.clone());
        self.latest_runs.insert(new.workflow_id, run_id.clone());
        self.append(&run_id, EventAttributes::from(started));
        self.arm(
            deadline(self.now, exec_timeout),
            &run_id,
            Deadline::Execution,
        );
        self.request_decision(&run_id);
        run_id
    }

    /// Makes sure a decision task will see the events just recorded: schedules one unless one
    /// is already scheduled; if one is started, schedules the next when it completes.
    pub(crate) fn request_decision(&mut self, run_id: &Arc<str>) {
        let exec = self.exec_mut(run_id);
        if !exec.is_open() || exec.decision.scheduled_id.is_some() {
            return;
        }
        if exec.decision.started_id.is_some() {
            exec.decision.pending = true;
            self.mark(run_id);
            return;
        }
        // The 25,000th event is the termination's, which `enforce_history_limit` writes at the
        // end of this operation: a task scheduled now could never be answered anyway.
        if exec.history.len() + 1 >= MAX_HISTORY_EVENTS {
            return;
        }
        let schedule_to_start = exec.decision.override_schedule_to_start;
        let attrs = DecisionTaskScheduledEventAttributes {
            schedule_to_start_timeout: schedule_to_start.map(|s| s.to_string()),
            start_to_close_timeout: Some(exec.config.task_start_to_close_timeout.clone()),
            task_list: TaskList {
                name: exec.decision.task_list.clone(),
            },
            task_priority: exec.config.task_priority.clone(),
        };
        let task_list = exec.decision.task_list.clone();
        let id = self.append(run_id, EventAttributes::from(attrs));
        let now = self.now;
        let decision = &mut self.exec_mut(run_id).decision;
        decision.scheduled_id = Some(id);
        decision.scheduled_ms = now;
        self.arm(
            deadline(now, schedule_to_start),
            run_id,
            Deadline::DecisionScheduleToStart { scheduled: id },
        );
        self.enqueue(
            TaskKind::Decision,
            &task_list,
            TaskRef {
                run_id: run_id.clone(),
                scheduled_id: id,
            },
        );
    }

    /// `SignalWorkflowExecution`.
    pub(crate) fn signal_workflow_execution(
        &mut self,
        input: SignalWorkflowExecutionInput,
    ) -> Result<(), Fault> {
        let run_id = self.open_run_or_fault(&input.workflow_id, input.run_id.as_deref())?;
        self.append(
            &run_id,
            EventAttributes::from(WorkflowExecutionSignaledEventAttributes {
                external_initiated_event_id: None,
                external_workflow_execution: None,
                input: input.input,
                signal_name: input.signal_name,
            }),
        );
        self.request_decision(&run_id);
        Ok(())
    }

    /// `RequestCancelWorkflowExecution`.
    pub(crate) fn request_cancel_workflow_execution(
        &mut self,
        input: RequestCancelWorkflowExecutionInput,
    ) -> Result<(), Fault> {
        let run_id = self.open_run_or_fault(&input.workflow_id, input.run_id.as_deref())?;
        self.record_cancel_request(
            &run_id,
            WorkflowExecutionCancelRequestedEventAttributes::default(),
        );
        Ok(())
    }

    /// Records a cancel request on an open run and asks its decider to handle it.
    pub(crate) fn record_cancel_request(
        &mut self,
        run_id: &Arc<str>,
        attrs: WorkflowExecutionCancelRequestedEventAttributes,
    ) {
        self.exec_mut(run_id).cancel_requested = true;
        self.append(run_id, EventAttributes::from(attrs));
        self.request_decision(run_id);
    }

    /// `TerminateWorkflowExecution`.
    pub(crate) fn terminate_workflow_execution(
        &mut self,
        input: TerminateWorkflowExecutionInput,
    ) -> Result<(), Fault> {
        let run_id = self.open_run_or_fault(&input.workflow_id, input.run_id.as_deref())?;
        let policy = input
            .child_policy
            .unwrap_or_else(|| self.exec(&run_id).config.child_policy.clone());
        self.terminate(
            &run_id,
            WorkflowExecutionTerminatedEventAttributes {
                cause: Some(WorkflowExecutionTerminatedCause::OperatorInitiated),
                child_policy: policy,
                details: input.details,
                reason: input.reason,
            },
        );
        Ok(())
    }

    /// Terminates an open run, applying the child policy in `attrs`.
    pub(crate) fn terminate(
        &mut self,
        run_id: &Arc<str>,
        attrs: WorkflowExecutionTerminatedEventAttributes,
    ) {
        let policy = attrs.child_policy.clone();
        self.close(
            run_id,
            CloseStatus::Terminated,
            EventAttributes::from(attrs),
            Some(policy),
        );
    }

    /// Terminates the runs this operation grew to SWF's history limit, as SWF does.
    pub(crate) fn enforce_history_limit(&mut self) {
        let full: Vec<Arc<str>> = self
            .changes
            .runs
            .iter()
            .filter(|r| {
                let e = self.exec(r);
                e.is_open() && e.history.len() + 1 >= MAX_HISTORY_EVENTS
            })
            .cloned()
            .collect();
        for run_id in full {
            // A run may be listed more than once; terminate it once.
            if self.exec(&run_id).is_open() {
                self.terminate_for_history_limit(&run_id);
            }
        }
    }

    /// Terminates a run whose history is full, with SWF's cause.
    pub(crate) fn terminate_for_history_limit(&mut self, run_id: &Arc<str>) {
        let policy = self.exec(run_id).config.child_policy.clone();
        self.terminate(
            run_id,
            WorkflowExecutionTerminatedEventAttributes {
                cause: Some(WorkflowExecutionTerminatedCause::EventLimitExceeded),
                child_policy: policy,
                details: None,
                reason: None,
            },
        );
    }

    fn open_run_or_fault(
        &self,
        workflow_id: &str,
        run_id: Option<&str>,
    ) -> Result<Arc<str>, Fault> {
        self.find_open(workflow_id, run_id).ok_or_else(|| {
            Fault::unknown(format!(
                "Unknown execution: WorkflowExecution=[workflowId={workflow_id}, runId={}]",
                run_id.unwrap_or("")
            ))
        })
    }

    /// Closes a run: records `close_event`, drops its open tasks and timers, applies
    /// `child_policy` (given when the run was terminated or timed out) to its open children and
    /// tells its parent.
    pub(crate) fn close(
        &mut self,
        run_id: &Arc<str>,
        status: CloseStatus,
        close_event: EventAttributes,
        child_policy: Option<ChildPolicy>,
    ) {
        self.append(run_id, close_event);
        let now = self.now;
        let retention_end = self.retention_end(now);
        self.arm(Some(retention_end), run_id, Deadline::Retention);
        let exec = self.exec_mut(run_id);
        exec.close_status = Some(status.clone());
        exec.close_ms = Some(now);
        exec.decision.scheduled_id = None;
        exec.decision.started_id = None;
        exec.decision.pending = false;
        exec.activities.clear();
        exec.timers.clear();
        let children: Vec<(String, String)> = std::mem::take(&mut exec.children)
            .into_iter()
            .map(|(wid, link)| (wid, link.run_id))
            .collect();
        let parent = exec.parent.clone();
        let execution = exec.execution.clone();
        let workflow_type = exec.workflow_type.clone();
        let workflow_id = execution.workflow_id.clone();
        if self.open_runs.get(&workflow_id) == Some(run_id) {
            self.open_runs.remove(&workflow_id);
        }
        if let Some(policy) = child_policy {
            for (child_wid, child_run) in children {
                let Some(child) = self.find_open(&child_wid, Some(&child_run)) else {
                    continue;
                };
                match policy {
                    ChildPolicy::Terminate => {
                        let policy = self.exec(&child).config.child_policy.clone();
                        self.terminate(
                            &child,
                            WorkflowExecutionTerminatedEventAttributes {
                                cause: Some(WorkflowExecutionTerminatedCause::ChildPolicyApplied),
                                child_policy: policy,
                                details: None,
                                reason: None,
                            },
                        );
                    }
                    ChildPolicy::RequestCancel => self.record_cancel_request(
                        &child,
                        WorkflowExecutionCancelRequestedEventAttributes {
                            cause: Some(WorkflowExecutionCancelRequestedCause::ChildPolicyApplied),
                            ..Default::default()
                        },
                    ),
                    _ => {}
                }
            }
        }
        if let Some(parent) = parent {
            self.tell_parent(&parent, execution, workflow_type, run_id);
        }
    }

    /// Records the close of a child in its parent's history, read from the child's closing event.
    fn tell_parent(
        &mut self,
        parent: &ParentLink,
        execution: WorkflowExecution,
        workflow_type: WorkflowType,
        child_run: &Arc<str>,
    ) {
        let Some(parent_run) = self.find_open(
            &parent.execution.workflow_id,
            Some(&parent.execution.run_id),
        ) else {
            return;
        };
        let (initiated_event_id, started_event_id) =
            (parent.initiated_event_id, parent.started_event_id);
        let child = self.exec(child_run);
        // `close` records the closing event before it tells the parent, so it is the last one.
        let close = child.event(child.history.len() as i64);
        let attr = match Closing::of(&close) {
            Closing::Completed(a) => {
                EventAttributes::from(ChildWorkflowExecutionCompletedEventAttributes {
                    initiated_event_id,
                    started_event_id,
                    result: a.result.clone(),
                    workflow_execution: execution.clone(),
                    workflow_type,
                })
            }
            Closing::Failed(a) => {
                EventAttributes::from(ChildWorkflowExecutionFailedEventAttributes {
                    details: a.details.clone(),
                    initiated_event_id,
                    reason: a.reason.clone(),
                    started_event_id,
                    workflow_execution: execution.clone(),
                    workflow_type,
                })
            }
            Closing::Canceled(a) => {
                EventAttributes::from(ChildWorkflowExecutionCanceledEventAttributes {
                    details: a.details.clone(),
                    initiated_event_id,
                    started_event_id,
                    workflow_execution: execution.clone(),
                    workflow_type,
                })
            }
            Closing::TimedOut(a) => {
                EventAttributes::from(ChildWorkflowExecutionTimedOutEventAttributes {
                    initiated_event_id,
                    started_event_id,
                    timeout_type: a.timeout_type.clone(),
                    workflow_execution: execution.clone(),
                    workflow_type,
                })
            }
            Closing::Terminated(_) => {
                EventAttributes::from(ChildWorkflowExecutionTerminatedEventAttributes {
                    initiated_event_id,
                    started_event_id,
                    workflow_execution: execution.clone(),
                    workflow_type,
                })
            }
            // The new run keeps the parent link and tells the parent when it closes; the parent
            // goes on tracking the child as before.
            Closing::ContinuedAsNew(_) => return,
            // Cannot happen (see above); telling the parent a made-up outcome would be worse
            // than telling it nothing.
            Closing::Other(e) => {
                debug_assert!(false, "a run closed with {:?}", e.event_type);
                return;
            }
        };
        let p = self.exec_mut(&parent_run);
        if p.children
            .get(&execution.workflow_id)
            .is_some_and(|c| c.run_id == execution.run_id)
        {
            p.children.remove(&execution.workflow_id);
        }
        self.append(&parent_run, attr);
        self.request_decision(&parent_run);
    }
}
