//! Effects of decisions on other executions, carried out after the list: starting children,
//! delivering signals and cancel requests.

use super::Effect;
use crate::engine::executions::NewRun;
use crate::engine::state::{ChildLink, DomainState, ParentLink};
use crate::server::DecisionQuota;
use std::sync::Arc;
use swf_core::types::*;

impl DomainState {
    /// Carries out an effect on another execution and records the outcome in the deciding one.
    /// `completed_id` is the `DecisionTaskCompleted` event of the list the effect came from, which
    /// its initiated event and any failure of it both name.
    pub(super) fn apply_effect(&mut self, run_id: &Arc<str>, completed_id: i64, effect: Effect) {
        let source = self.exec(run_id).execution.clone();
        match effect {
            Effect::StartChild {
                initiated_id,
                attrs,
                config,
            } => {
                let (attrs, config) = (*attrs, *config);
                let refused = if self.open_runs.contains_key(&attrs.workflow_id) {
                    Some(StartChildWorkflowExecutionFailedCause::WorkflowAlreadyRunning)
                } else if self.open_executions_full() {
                    Some(StartChildWorkflowExecutionFailedCause::OpenWorkflowsLimitExceeded)
                } else {
                    None
                };
                if let Some(cause) = refused {
                    self.append(
                        run_id,
                        EventAttributes::from(StartChildWorkflowExecutionFailedEventAttributes {
                            cause,
                            control: attrs.control,
                            decision_task_completed_event_id: completed_id,
                            initiated_event_id: initiated_id,
                            workflow_id: attrs.workflow_id,
                            workflow_type: attrs.workflow_type,
                        }),
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
                    EventAttributes::from(ChildWorkflowExecutionStartedEventAttributes {
                        initiated_event_id: initiated_id,
                        workflow_execution: WorkflowExecution {
                            run_id: child.to_string(),
                            workflow_id: attrs.workflow_id.clone(),
                        },
                        workflow_type: attrs.workflow_type.clone(),
                    }),
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
                let over_rate =
                    self.over_decision_rate(DecisionQuota::SignalExternalWorkflowExecution);
                let target = if over_rate {
                    None
                } else {
                    self.find_open(&attrs.workflow_id, attrs.run_id.as_deref())
                };
                match target {
                    Some(target) => {
                        let target_execution = self.exec(&target).execution.clone();
                        self.append(
                            &target,
                            EventAttributes::from(WorkflowExecutionSignaledEventAttributes {
                                external_initiated_event_id: Some(initiated_id),
                                external_workflow_execution: Some(source),
                                input: attrs.input,
                                signal_name: attrs.signal_name,
                            }),
                        );
                        self.request_decision(&target);
                        self.append(
                            run_id,
                            EventAttributes::from(
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
                            EventAttributes::from(
                                SignalExternalWorkflowExecutionFailedEventAttributes {
                                    cause: if over_rate {
                                        SignalExternalWorkflowExecutionFailedCause::SignalExternalWorkflowExecutionRateExceeded
                                    } else {
                                        SignalExternalWorkflowExecutionFailedCause::UnknownExternalWorkflowExecution
                                    },
                                    control: attrs.control,
                                    decision_task_completed_event_id: completed_id,
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
                let over_rate =
                    self.over_decision_rate(DecisionQuota::RequestCancelExternalWorkflowExecution);
                let target = if over_rate {
                    None
                } else {
                    self.find_open(&attrs.workflow_id, attrs.run_id.as_deref())
                };
                match target {
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
                            EventAttributes::from(
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
                            EventAttributes::from(
                                RequestCancelExternalWorkflowExecutionFailedEventAttributes {
                                    cause: if over_rate {
                                        RequestCancelExternalWorkflowExecutionFailedCause::RequestCancelExternalWorkflowExecutionRateExceeded
                                    } else {
                                        RequestCancelExternalWorkflowExecutionFailedCause::UnknownExternalWorkflowExecution
                                    },
                                    control: attrs.control,
                                    decision_task_completed_event_id: completed_id,
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
}
