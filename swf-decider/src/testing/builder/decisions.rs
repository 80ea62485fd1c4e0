//! Recording a decision task's decisions as SWF would: what a simulated run needs.

use swf_core::types::*;

use super::HistoryBuilder;

impl HistoryBuilder {
    /// Completes the started decision task with `decisions` and records each as SWF would
    /// (`ScheduleActivityTask` → `ActivityTaskScheduled`, `StartTimer` → `TimerStarted`, …). With
    /// a replay's decisions, this plays SWF's part in a simulated run.
    pub fn decision_task_completed_with(&mut self, decisions: &[Decision]) -> &mut Self {
        self.decision_task_completed();
        for d in decisions {
            self.record(d);
        }
        self
    }

    fn record(&mut self, d: &Decision) {
        use DecisionAttributes as D;
        match d.clone().into_attributes_or_default() {
            D::ScheduleActivityTask(a) => {
                self.activity_scheduled_with(ActivityTaskScheduledEventAttributes {
                    activity_id: a.activity_id,
                    activity_type: a.activity_type,
                    control: a.control,
                    heartbeat_timeout: a.heartbeat_timeout,
                    input: a.input,
                    schedule_to_close_timeout: a.schedule_to_close_timeout,
                    schedule_to_start_timeout: a.schedule_to_start_timeout,
                    start_to_close_timeout: a.start_to_close_timeout,
                    task_list: a.task_list.unwrap_or_default(),
                    task_priority: a.task_priority,
                    decision_task_completed_event_id: 0,
                });
            }
            D::RequestCancelActivityTask(a) => {
                self.activity_cancel_requested(&a.activity_id);
            }
            D::StartTimer(a) => {
                self.timer_started_with(TimerStartedEventAttributes {
                    control: a.control,
                    decision_task_completed_event_id: 0,
                    start_to_fire_timeout: a.start_to_fire_timeout,
                    timer_id: a.timer_id,
                });
            }
            D::CancelTimer(a) => {
                self.timer_canceled(&a.timer_id);
            }
            D::RecordMarker(a) => {
                self.marker_recorded(&a.marker_name, a.details.as_deref());
            }
            D::CompleteWorkflowExecution(a) => {
                self.workflow_completed(a.result.as_deref());
            }
            D::FailWorkflowExecution(a) => {
                self.workflow_failed(
                    a.reason.as_deref().unwrap_or_default(),
                    a.details.as_deref(),
                );
            }
            D::CancelWorkflowExecution(a) => {
                self.workflow_canceled(a.details.as_deref());
            }
            D::ContinueAsNewWorkflowExecution(a) => {
                self.continued_as_new_with(*a);
            }
            D::SignalExternalWorkflowExecution(a) => {
                let id = a.control.unwrap_or_default();
                self.external_signal_initiated(
                    &id,
                    &a.workflow_id,
                    &a.signal_name,
                    a.input.as_deref(),
                );
            }
            D::RequestCancelExternalWorkflowExecution(a) => {
                let id = a.control.unwrap_or_default();
                self.external_cancel_initiated(&id, &a.workflow_id);
            }
            D::StartChildWorkflowExecution(a) => {
                self.child_initiated_with(StartChildWorkflowExecutionInitiatedEventAttributes {
                    child_policy: a.child_policy.unwrap_or(ChildPolicy::Terminate),
                    control: a.control,
                    execution_start_to_close_timeout: a.execution_start_to_close_timeout,
                    input: a.input,
                    lambda_role: a.lambda_role,
                    tag_list: a.tag_list,
                    task_list: a.task_list.unwrap_or_default(),
                    task_priority: a.task_priority,
                    task_start_to_close_timeout: a.task_start_to_close_timeout,
                    workflow_id: a.workflow_id,
                    workflow_type: a.workflow_type,
                    decision_task_completed_event_id: 0,
                });
            }
            D::ScheduleLambdaFunction(a) => {
                self.lambda_scheduled(&a.id, &a.name, a.input.as_deref());
            }
            D::Unknown(d) => panic!(
                "cannot record a decision of unknown type {}",
                d.decision_type
            ),
        }
    }
}

/// Whether SWF writes an event with these attributes while it handles a decision task's
/// decisions (so with that task's other events, before the next `DecisionTaskScheduled`), rather
/// than when something happens later. Every type is listed, so a new one must be placed.
pub(super) fn records_a_decision(attributes: EventAttributesRef<'_>) -> bool {
    use EventAttributesRef as E;
    match attributes {
        E::ActivityTaskScheduled(_)
        | E::ScheduleActivityTaskFailed(_)
        | E::ActivityTaskCancelRequested(_)
        | E::RequestCancelActivityTaskFailed(_)
        | E::TimerStarted(_)
        | E::StartTimerFailed(_)
        | E::TimerCanceled(_)
        | E::CancelTimerFailed(_)
        | E::MarkerRecorded(_)
        | E::RecordMarkerFailed(_)
        | E::WorkflowExecutionCompleted(_)
        | E::CompleteWorkflowExecutionFailed(_)
        | E::WorkflowExecutionFailed(_)
        | E::FailWorkflowExecutionFailed(_)
        | E::WorkflowExecutionCanceled(_)
        | E::CancelWorkflowExecutionFailed(_)
        | E::WorkflowExecutionContinuedAsNew(_)
        | E::ContinueAsNewWorkflowExecutionFailed(_)
        | E::StartChildWorkflowExecutionInitiated(_)
        | E::StartChildWorkflowExecutionFailed(_)
        | E::SignalExternalWorkflowExecutionInitiated(_)
        | E::RequestCancelExternalWorkflowExecutionInitiated(_)
        | E::LambdaFunctionScheduled(_)
        | E::ScheduleLambdaFunctionFailed(_) => true,
        E::WorkflowExecutionStarted(_)
        | E::WorkflowExecutionCancelRequested(_)
        | E::WorkflowExecutionTimedOut(_)
        | E::WorkflowExecutionTerminated(_)
        | E::DecisionTaskScheduled(_)
        | E::DecisionTaskStarted(_)
        | E::DecisionTaskCompleted(_)
        | E::DecisionTaskTimedOut(_)
        | E::ActivityTaskStarted(_)
        | E::ActivityTaskCompleted(_)
        | E::ActivityTaskFailed(_)
        | E::ActivityTaskTimedOut(_)
        | E::ActivityTaskCanceled(_)
        | E::WorkflowExecutionSignaled(_)
        | E::TimerFired(_)
        | E::ChildWorkflowExecutionStarted(_)
        | E::ChildWorkflowExecutionCompleted(_)
        | E::ChildWorkflowExecutionFailed(_)
        | E::ChildWorkflowExecutionTimedOut(_)
        | E::ChildWorkflowExecutionCanceled(_)
        | E::ChildWorkflowExecutionTerminated(_)
        | E::SignalExternalWorkflowExecutionFailed(_)
        | E::ExternalWorkflowExecutionSignaled(_)
        | E::RequestCancelExternalWorkflowExecutionFailed(_)
        | E::ExternalWorkflowExecutionCancelRequested(_)
        | E::LambdaFunctionStarted(_)
        | E::LambdaFunctionCompleted(_)
        | E::LambdaFunctionFailed(_)
        | E::LambdaFunctionTimedOut(_)
        | E::StartLambdaFunctionFailed(_)
        | E::Unknown(_) => false,
    }
}
