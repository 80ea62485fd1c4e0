//! History events: one typed attribute value per event, turned into SWF's `HistoryEvent`.
//!
//! `HistoryEvent` has one optional member per event type; [`Attr`] is the same information as a
//! single enum, so the engine cannot build an event whose type and attributes disagree.

use swf_core::types::*;

macro_rules! event_attributes {
    ($( $variant:ident($ty:ident) => $field:ident, )+) => {
        /// The attributes of one history event; the variant names the event type.
        #[derive(Debug, Clone)]
        #[allow(clippy::large_enum_variant)]
        // The Lambda events are never built: Lambda is not available in this service.
        #[allow(dead_code)]
        pub(crate) enum Attr {
            $( $variant($ty), )+
        }

        impl Attr {
            /// The history event with these attributes, its id and its time.
            pub(crate) fn into_event(self, event_id: i64, event_timestamp: Timestamp) -> HistoryEvent {
                let mut event = HistoryEvent { event_id, event_timestamp, ..Default::default() };
                match self {
                    $( Attr::$variant(a) => {
                        event.event_type = EventType::$variant;
                        event.$field = Some(Box::new(a));
                    } )+
                }
                event
            }
        }
    };
}

event_attributes! {
    ActivityTaskCancelRequested(ActivityTaskCancelRequestedEventAttributes) => activity_task_cancel_requested_event_attributes,
    ActivityTaskCanceled(ActivityTaskCanceledEventAttributes) => activity_task_canceled_event_attributes,
    ActivityTaskCompleted(ActivityTaskCompletedEventAttributes) => activity_task_completed_event_attributes,
    ActivityTaskFailed(ActivityTaskFailedEventAttributes) => activity_task_failed_event_attributes,
    ActivityTaskScheduled(ActivityTaskScheduledEventAttributes) => activity_task_scheduled_event_attributes,
    ActivityTaskStarted(ActivityTaskStartedEventAttributes) => activity_task_started_event_attributes,
    ActivityTaskTimedOut(ActivityTaskTimedOutEventAttributes) => activity_task_timed_out_event_attributes,
    CancelTimerFailed(CancelTimerFailedEventAttributes) => cancel_timer_failed_event_attributes,
    CancelWorkflowExecutionFailed(CancelWorkflowExecutionFailedEventAttributes) => cancel_workflow_execution_failed_event_attributes,
    ChildWorkflowExecutionCanceled(ChildWorkflowExecutionCanceledEventAttributes) => child_workflow_execution_canceled_event_attributes,
    ChildWorkflowExecutionCompleted(ChildWorkflowExecutionCompletedEventAttributes) => child_workflow_execution_completed_event_attributes,
    ChildWorkflowExecutionFailed(ChildWorkflowExecutionFailedEventAttributes) => child_workflow_execution_failed_event_attributes,
    ChildWorkflowExecutionStarted(ChildWorkflowExecutionStartedEventAttributes) => child_workflow_execution_started_event_attributes,
    ChildWorkflowExecutionTerminated(ChildWorkflowExecutionTerminatedEventAttributes) => child_workflow_execution_terminated_event_attributes,
    ChildWorkflowExecutionTimedOut(ChildWorkflowExecutionTimedOutEventAttributes) => child_workflow_execution_timed_out_event_attributes,
    CompleteWorkflowExecutionFailed(CompleteWorkflowExecutionFailedEventAttributes) => complete_workflow_execution_failed_event_attributes,
    ContinueAsNewWorkflowExecutionFailed(ContinueAsNewWorkflowExecutionFailedEventAttributes) => continue_as_new_workflow_execution_failed_event_attributes,
    DecisionTaskCompleted(DecisionTaskCompletedEventAttributes) => decision_task_completed_event_attributes,
    DecisionTaskScheduled(DecisionTaskScheduledEventAttributes) => decision_task_scheduled_event_attributes,
    DecisionTaskStarted(DecisionTaskStartedEventAttributes) => decision_task_started_event_attributes,
    DecisionTaskTimedOut(DecisionTaskTimedOutEventAttributes) => decision_task_timed_out_event_attributes,
    ExternalWorkflowExecutionCancelRequested(ExternalWorkflowExecutionCancelRequestedEventAttributes) => external_workflow_execution_cancel_requested_event_attributes,
    ExternalWorkflowExecutionSignaled(ExternalWorkflowExecutionSignaledEventAttributes) => external_workflow_execution_signaled_event_attributes,
    FailWorkflowExecutionFailed(FailWorkflowExecutionFailedEventAttributes) => fail_workflow_execution_failed_event_attributes,
    LambdaFunctionCompleted(LambdaFunctionCompletedEventAttributes) => lambda_function_completed_event_attributes,
    LambdaFunctionFailed(LambdaFunctionFailedEventAttributes) => lambda_function_failed_event_attributes,
    LambdaFunctionScheduled(LambdaFunctionScheduledEventAttributes) => lambda_function_scheduled_event_attributes,
    LambdaFunctionStarted(LambdaFunctionStartedEventAttributes) => lambda_function_started_event_attributes,
    LambdaFunctionTimedOut(LambdaFunctionTimedOutEventAttributes) => lambda_function_timed_out_event_attributes,
    MarkerRecorded(MarkerRecordedEventAttributes) => marker_recorded_event_attributes,
    RecordMarkerFailed(RecordMarkerFailedEventAttributes) => record_marker_failed_event_attributes,
    RequestCancelActivityTaskFailed(RequestCancelActivityTaskFailedEventAttributes) => request_cancel_activity_task_failed_event_attributes,
    RequestCancelExternalWorkflowExecutionFailed(RequestCancelExternalWorkflowExecutionFailedEventAttributes) => request_cancel_external_workflow_execution_failed_event_attributes,
    RequestCancelExternalWorkflowExecutionInitiated(RequestCancelExternalWorkflowExecutionInitiatedEventAttributes) => request_cancel_external_workflow_execution_initiated_event_attributes,
    ScheduleActivityTaskFailed(ScheduleActivityTaskFailedEventAttributes) => schedule_activity_task_failed_event_attributes,
    ScheduleLambdaFunctionFailed(ScheduleLambdaFunctionFailedEventAttributes) => schedule_lambda_function_failed_event_attributes,
    SignalExternalWorkflowExecutionFailed(SignalExternalWorkflowExecutionFailedEventAttributes) => signal_external_workflow_execution_failed_event_attributes,
    SignalExternalWorkflowExecutionInitiated(SignalExternalWorkflowExecutionInitiatedEventAttributes) => signal_external_workflow_execution_initiated_event_attributes,
    StartChildWorkflowExecutionFailed(StartChildWorkflowExecutionFailedEventAttributes) => start_child_workflow_execution_failed_event_attributes,
    StartChildWorkflowExecutionInitiated(StartChildWorkflowExecutionInitiatedEventAttributes) => start_child_workflow_execution_initiated_event_attributes,
    StartLambdaFunctionFailed(StartLambdaFunctionFailedEventAttributes) => start_lambda_function_failed_event_attributes,
    StartTimerFailed(StartTimerFailedEventAttributes) => start_timer_failed_event_attributes,
    TimerCanceled(TimerCanceledEventAttributes) => timer_canceled_event_attributes,
    TimerFired(TimerFiredEventAttributes) => timer_fired_event_attributes,
    TimerStarted(TimerStartedEventAttributes) => timer_started_event_attributes,
    WorkflowExecutionCancelRequested(WorkflowExecutionCancelRequestedEventAttributes) => workflow_execution_cancel_requested_event_attributes,
    WorkflowExecutionCanceled(WorkflowExecutionCanceledEventAttributes) => workflow_execution_canceled_event_attributes,
    WorkflowExecutionCompleted(WorkflowExecutionCompletedEventAttributes) => workflow_execution_completed_event_attributes,
    WorkflowExecutionContinuedAsNew(WorkflowExecutionContinuedAsNewEventAttributes) => workflow_execution_continued_as_new_event_attributes,
    WorkflowExecutionFailed(WorkflowExecutionFailedEventAttributes) => workflow_execution_failed_event_attributes,
    WorkflowExecutionSignaled(WorkflowExecutionSignaledEventAttributes) => workflow_execution_signaled_event_attributes,
    WorkflowExecutionStarted(WorkflowExecutionStartedEventAttributes) => workflow_execution_started_event_attributes,
    WorkflowExecutionTerminated(WorkflowExecutionTerminatedEventAttributes) => workflow_execution_terminated_event_attributes,
    WorkflowExecutionTimedOut(WorkflowExecutionTimedOutEventAttributes) => workflow_execution_timed_out_event_attributes,
}
