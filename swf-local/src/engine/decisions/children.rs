//! Decisions that start executions: `StartChildWorkflowExecution` and the new run of
//! `ContinueAsNewWorkflowExecution`.

use super::Effect;
use crate::engine::executions::{ConfigOverrides, MissingDefault, NewRun, resolve_config};
use crate::engine::state::{DomainState, type_key};
use crate::server::DecisionQuota;
use std::sync::Arc;
use swf_core::types::*;

use swf_core::limits::MAX_OPEN_CHILDREN;

/// How many children the decisions so far initiated, to be started after the list.
fn initiated(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::StartChild { .. }))
        .count()
}

impl DomainState {
    /// `StartChildWorkflowExecution`: records the initiation (the child starts after the list)
    /// or the failure. Returns whether it failed.
    pub(super) fn initiate_child(
        &mut self,
        run_id: &Arc<str>,
        completed_id: i64,
        a: StartChildWorkflowExecutionDecisionAttributes,
        effects: &mut Vec<Effect>,
    ) -> bool {
        let key = type_key(&a.workflow_type.name, &a.workflow_type.version);
        // Children initiated earlier in this list start after it, but count already.
        let open_children = self.exec(run_id).children.len() + initiated(effects);
        let resolved = match self.meta.workflow_types.get(&key) {
            None => Err(StartChildWorkflowExecutionFailedCause::WorkflowTypeDoesNotExist),
            Some(t) if t.info.status == RegistrationStatus::Deprecated => {
                Err(StartChildWorkflowExecutionFailedCause::WorkflowTypeDeprecated)
            }
            Some(t) if open_children >= MAX_OPEN_CHILDREN => {
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
        let resolved = resolved.and_then(|c| {
            if self.over_decision_rate(DecisionQuota::StartChildWorkflowExecution) {
                Err(StartChildWorkflowExecutionFailedCause::ChildCreationRateExceeded)
            } else {
                Ok(c)
            }
        });
        let config = match resolved {
            Ok(c) => c,
            Err(cause) => {
                self.append(
                    run_id,
                    EventAttributes::from(StartChildWorkflowExecutionFailedEventAttributes {
                        cause,
                        control: a.control,
                        decision_task_completed_event_id: completed_id,
                        initiated_event_id: 0,
                        workflow_id: a.workflow_id,
                        workflow_type: a.workflow_type,
                    }),
                );
                return true;
            }
        };
        let initiated_id = self.append(
            run_id,
            EventAttributes::from(StartChildWorkflowExecutionInitiatedEventAttributes {
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
            }),
        );
        effects.push(Effect::StartChild {
            initiated_id,
            attrs: Box::new(a),
            config: Box::new(config),
        });
        false
    }

    /// Resolves the new run of a `ContinueAsNewWorkflowExecution` decision, or the cause it fails with.
    pub(super) fn continue_as_new_run(
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
}
