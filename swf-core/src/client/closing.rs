//! How a closed run closed, read from its closing event.
//!
//! A run's history ends with one of six events, and what a caller wants from it (the result, the
//! reason, the new run) depends on which. [`Closing::of`] is the one match over every event type
//! that tells them apart, so the decider's outcome and the CLI's report do not each keep one.

use crate::types::{
    EventAttributesRef as R, HistoryEvent, WorkflowExecutionCanceledEventAttributes,
    WorkflowExecutionCompletedEventAttributes, WorkflowExecutionContinuedAsNewEventAttributes,
    WorkflowExecutionFailedEventAttributes, WorkflowExecutionTerminatedEventAttributes,
    WorkflowExecutionTimedOutEventAttributes,
};

/// A run's closing event, as one variant per way a run closes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Closing<'a> {
    /// `WorkflowExecutionCompleted`, with the result.
    Completed(&'a WorkflowExecutionCompletedEventAttributes),
    /// `WorkflowExecutionFailed`, with the reason and details.
    Failed(&'a WorkflowExecutionFailedEventAttributes),
    /// `WorkflowExecutionCanceled`, with the details.
    Canceled(&'a WorkflowExecutionCanceledEventAttributes),
    /// `WorkflowExecutionTerminated`, with the reason, details and cause.
    Terminated(&'a WorkflowExecutionTerminatedEventAttributes),
    /// `WorkflowExecutionTimedOut`, with the timeout that fired.
    TimedOut(&'a WorkflowExecutionTimedOutEventAttributes),
    /// `WorkflowExecutionContinuedAsNew`, with the new run.
    ContinuedAsNew(&'a WorkflowExecutionContinuedAsNewEventAttributes),
    /// An event that does not close a run, or one this version cannot read (a type from a newer
    /// service, or attributes that do not match the type).
    Other(&'a HistoryEvent),
}

impl<'a> Closing<'a> {
    /// How `event` closed its run.
    pub fn of(event: &'a HistoryEvent) -> Closing<'a> {
        match event.attributes() {
            R::WorkflowExecutionCompleted(a) => Closing::Completed(a),
            R::WorkflowExecutionFailed(a) => Closing::Failed(a),
            R::WorkflowExecutionCanceled(a) => Closing::Canceled(a),
            R::WorkflowExecutionTerminated(a) => Closing::Terminated(a),
            R::WorkflowExecutionTimedOut(a) => Closing::TimedOut(a),
            R::WorkflowExecutionContinuedAsNew(a) => Closing::ContinuedAsNew(a),
            // Listed one by one, not with `_`: a new event type that closes a run must not
            // pass for one that does not.
            R::WorkflowExecutionStarted(_)
            | R::WorkflowExecutionCancelRequested(_)
            | R::CompleteWorkflowExecutionFailed(_)
            | R::FailWorkflowExecutionFailed(_)
            | R::CancelWorkflowExecutionFailed(_)
            | R::ContinueAsNewWorkflowExecutionFailed(_)
            | R::DecisionTaskScheduled(_)
            | R::DecisionTaskStarted(_)
            | R::DecisionTaskCompleted(_)
            | R::DecisionTaskTimedOut(_)
            | R::ActivityTaskScheduled(_)
            | R::ScheduleActivityTaskFailed(_)
            | R::ActivityTaskStarted(_)
            | R::ActivityTaskCompleted(_)
            | R::ActivityTaskFailed(_)
            | R::ActivityTaskTimedOut(_)
            | R::ActivityTaskCanceled(_)
            | R::ActivityTaskCancelRequested(_)
            | R::RequestCancelActivityTaskFailed(_)
            | R::WorkflowExecutionSignaled(_)
            | R::MarkerRecorded(_)
            | R::RecordMarkerFailed(_)
            | R::TimerStarted(_)
            | R::StartTimerFailed(_)
            | R::TimerFired(_)
            | R::TimerCanceled(_)
            | R::CancelTimerFailed(_)
            | R::StartChildWorkflowExecutionInitiated(_)
            | R::StartChildWorkflowExecutionFailed(_)
            | R::ChildWorkflowExecutionStarted(_)
            | R::ChildWorkflowExecutionCompleted(_)
            | R::ChildWorkflowExecutionFailed(_)
            | R::ChildWorkflowExecutionTimedOut(_)
            | R::ChildWorkflowExecutionCanceled(_)
            | R::ChildWorkflowExecutionTerminated(_)
            | R::SignalExternalWorkflowExecutionInitiated(_)
            | R::SignalExternalWorkflowExecutionFailed(_)
            | R::ExternalWorkflowExecutionSignaled(_)
            | R::RequestCancelExternalWorkflowExecutionInitiated(_)
            | R::RequestCancelExternalWorkflowExecutionFailed(_)
            | R::ExternalWorkflowExecutionCancelRequested(_)
            | R::LambdaFunctionScheduled(_)
            | R::LambdaFunctionStarted(_)
            | R::LambdaFunctionCompleted(_)
            | R::LambdaFunctionFailed(_)
            | R::LambdaFunctionTimedOut(_)
            | R::ScheduleLambdaFunctionFailed(_)
            | R::StartLambdaFunctionFailed(_)
            | R::Unknown(_) => Closing::Other(event),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{
        ActivityTaskCompletedEventAttributes, EventAttributes, EventType, Timestamp,
    };

    fn event(attributes: impl Into<EventAttributes>) -> HistoryEvent {
        HistoryEvent::new(7, Timestamp::default(), attributes.into())
    }

    #[test]
    fn each_closing_event_reads_as_its_own_way_of_closing() {
        let completed = WorkflowExecutionCompletedEventAttributes {
            result: Some("r".into()),
            ..Default::default()
        };
        let failed = WorkflowExecutionFailedEventAttributes {
            reason: Some("f".into()),
            ..Default::default()
        };
        let canceled = WorkflowExecutionCanceledEventAttributes {
            details: Some("c".into()),
            ..Default::default()
        };
        let terminated = WorkflowExecutionTerminatedEventAttributes {
            reason: Some("t".into()),
            ..Default::default()
        };
        let timed_out = WorkflowExecutionTimedOutEventAttributes::default();
        let continued = WorkflowExecutionContinuedAsNewEventAttributes {
            new_execution_run_id: "next".into(),
            ..Default::default()
        };
        let events = [
            event(completed.clone()),
            event(failed.clone()),
            event(canceled.clone()),
            event(terminated.clone()),
            event(timed_out.clone()),
            event(continued.clone()),
        ];
        let read: Vec<Closing<'_>> = events.iter().map(Closing::of).collect();
        assert_eq!(
            read,
            [
                Closing::Completed(&completed),
                Closing::Failed(&failed),
                Closing::Canceled(&canceled),
                Closing::Terminated(&terminated),
                Closing::TimedOut(&timed_out),
                Closing::ContinuedAsNew(&continued),
            ]
        );
    }

    #[test]
    fn any_other_event_is_other_and_kept_whole() {
        let activity = event(ActivityTaskCompletedEventAttributes::default());
        assert_eq!(Closing::of(&activity), Closing::Other(&activity));
        // The type of a closing event without its attributes: nothing to read the outcome from.
        let bare = HistoryEvent {
            event_type: EventType::WorkflowExecutionCompleted,
            ..Default::default()
        };
        assert_eq!(Closing::of(&bare), Closing::Other(&bare));
    }
}
