//! Activities, timers, signals, markers and the execution's own events.

use std::time::Duration;

use swf_core::types::*;

use super::{HistoryBuilder, Scheduled};

impl HistoryBuilder {
    // Activities.

    /// `ActivityTaskScheduled` for `id` of type `name`/`version`, by the latest decision task.
    pub fn activity_scheduled(&mut self, id: &str, name: &str, version: &str) -> &mut Self {
        self.activity_scheduled_with(ActivityTaskScheduledEventAttributes {
            activity_id: id.to_owned(),
            activity_type: ActivityType {
                name: name.to_owned(),
                version: version.to_owned(),
            },
            ..Default::default()
        })
    }

    /// `ActivityTaskScheduled` with these attributes; the decision task and an unset task list
    /// are filled in.
    pub fn activity_scheduled_with(
        &mut self,
        mut a: ActivityTaskScheduledEventAttributes,
    ) -> &mut Self {
        a.decision_task_completed_event_id = self.completed_id();
        if a.task_list.name.is_empty() {
            a.task_list.name = self.task_list.clone();
        }
        let id = a.activity_id.clone();
        let scheduled = self.push(a);
        self.activities.insert(
            id,
            Scheduled {
                scheduled,
                ..Default::default()
            },
        );
        self
    }

    /// `ScheduleActivityTaskFailed` for `id` with `cause`.
    pub fn schedule_activity_failed(
        &mut self,
        id: &str,
        name: &str,
        version: &str,
        cause: ScheduleActivityTaskFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(ScheduleActivityTaskFailedEventAttributes {
            activity_id: id.to_owned(),
            activity_type: ActivityType {
                name: name.to_owned(),
                version: version.to_owned(),
            },
            cause,
            decision_task_completed_event_id: completed,
        });
        self
    }

    /// `ActivityTaskStarted` for the scheduled activity `id`.
    pub fn activity_started(&mut self, id: &str) -> &mut Self {
        let scheduled = self.activity(id).scheduled;
        let started = self.push(ActivityTaskStartedEventAttributes {
            identity: Some("worker".to_owned()),
            scheduled_event_id: scheduled,
        });
        self.activities.get_mut(id).expect("scheduled").started = Some(started);
        self
    }

    /// `ActivityTaskCompleted` for `id` with the encoded `result` (started first if needed).
    pub fn activity_completed(&mut self, id: &str, result: Option<&str>) -> &mut Self {
        let (scheduled, started) = self.activity_running(id);
        self.push_trigger(ActivityTaskCompletedEventAttributes {
            result: result.map(str::to_owned),
            scheduled_event_id: scheduled,
            started_event_id: started,
        });
        self
    }

    /// `ActivityTaskFailed` for `id` (started first if needed).
    pub fn activity_failed(&mut self, id: &str, reason: &str, details: Option<&str>) -> &mut Self {
        let (scheduled, started) = self.activity_running(id);
        self.push_trigger(ActivityTaskFailedEventAttributes {
            details: details.map(str::to_owned),
            reason: Some(reason.to_owned()),
            scheduled_event_id: scheduled,
            started_event_id: started,
        });
        self
    }

    /// Notes a heartbeat of the started activity `id` with `details`. SWF records no event for a
    /// heartbeat; the details of the latest one go into the activity's `ActivityTaskTimedOut`.
    pub fn activity_heartbeat(&mut self, id: &str, details: Option<&str>) -> &mut Self {
        self.activity_running(id);
        if let Some(details) = details {
            let activity = self.activities.get_mut(id).expect("scheduled");
            activity.heartbeat_details = Some(details.to_owned());
        }
        self
    }

    /// `ActivityTaskTimedOut` for `id` with `details`: what SWF records there, the details of the
    /// activity's latest heartbeat. `None` takes those of the latest
    /// [`activity_heartbeat`](Self::activity_heartbeat), if any. A start-to-close or heartbeat
    /// timeout starts it first if needed (those clocks run only once it started); a
    /// schedule-to-start timeout leaves it unstarted, and a schedule-to-close one as it is.
    pub fn activity_timed_out(
        &mut self,
        id: &str,
        timeout_type: ActivityTaskTimeoutType,
        details: Option<&str>,
    ) -> &mut Self {
        let (scheduled, started) = match timeout_type {
            ActivityTaskTimeoutType::ScheduleToStart => (self.activity(id).scheduled, 0),
            ActivityTaskTimeoutType::ScheduleToClose => {
                let a = self.activity(id);
                (a.scheduled, a.started.unwrap_or(0))
            }
            _ => self.activity_running(id),
        };
        let details = details
            .map(str::to_owned)
            .or(self.activity(id).heartbeat_details);
        self.push_trigger(ActivityTaskTimedOutEventAttributes {
            details,
            scheduled_event_id: scheduled,
            started_event_id: started,
            timeout_type,
        });
        self
    }

    /// `ActivityTaskCancelRequested` for `id`, by the latest decision task. The activity's
    /// `ActivityTaskCanceled` names it as the latest request.
    pub fn activity_cancel_requested(&mut self, id: &str) -> &mut Self {
        let completed = self.completed_id();
        let requested = self.push(ActivityTaskCancelRequestedEventAttributes {
            activity_id: id.to_owned(),
            decision_task_completed_event_id: completed,
        });
        // A request for an activity that is not open is recorded all the same (SWF then adds
        // `RequestCancelActivityTaskFailed`), so there may be nothing to note it on.
        if let Some(activity) = self.activities.get_mut(id) {
            activity.cancel_requested = Some(requested);
        }
        self
    }

    /// `RequestCancelActivityTaskFailed` for `id` with `cause`.
    pub fn request_cancel_activity_failed(
        &mut self,
        id: &str,
        cause: RequestCancelActivityTaskFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(RequestCancelActivityTaskFailedEventAttributes {
            activity_id: id.to_owned(),
            cause,
            decision_task_completed_event_id: completed,
        });
        self
    }

    /// `ActivityTaskCanceled` for `id` (started first if needed), naming the latest
    /// `ActivityTaskCancelRequested` of the activity, if any.
    pub fn activity_canceled(&mut self, id: &str, details: Option<&str>) -> &mut Self {
        let (scheduled, started) = self.activity_running(id);
        let requested = self.activity(id).cancel_requested;
        self.push_trigger(ActivityTaskCanceledEventAttributes {
            details: details.map(str::to_owned),
            latest_cancel_requested_event_id: requested,
            scheduled_event_id: scheduled,
            started_event_id: started,
        });
        self
    }

    fn activity(&self, id: &str) -> Scheduled {
        self.activities
            .get(id)
            .cloned()
            .unwrap_or_else(|| panic!("activity `{id}` was not scheduled in this history"))
    }

    fn activity_running(&mut self, id: &str) -> (i64, i64) {
        if self.activity(id).started.is_none() {
            self.activity_started(id);
        }
        let a = self.activity(id);
        (a.scheduled, a.started.unwrap_or_default())
    }

    // Timers.

    /// `TimerStarted` for `id`, to fire after `delay` (whole seconds, rounded up as the decider
    /// rounds it), by the latest decision task.
    pub fn timer_started(&mut self, id: &str, delay: Duration) -> &mut Self {
        self.timer_started_with(TimerStartedEventAttributes {
            start_to_fire_timeout: swf_core::Timeout::from(delay).to_string(),
            timer_id: id.to_owned(),
            ..Default::default()
        })
    }

    /// `TimerStarted` with these attributes (a `control`, say); the decision task is filled in.
    pub fn timer_started_with(&mut self, mut a: TimerStartedEventAttributes) -> &mut Self {
        a.decision_task_completed_event_id = self.completed_id();
        let delay_ms = a.start_to_fire_timeout.parse::<i64>().unwrap_or(0) * 1000;
        let id = a.timer_id.clone();
        let started = self.push(a);
        let fires_at = self.now + delay_ms;
        self.timers.insert(id, (started, fires_at));
        self
    }

    /// `TimerFired` for `id`, no earlier than its delay after it started.
    pub fn timer_fired(&mut self, id: &str) -> &mut Self {
        let (started, fires_at) = self.timer(id);
        self.now = self.now.max(fires_at - self.step);
        self.push_trigger(TimerFiredEventAttributes {
            started_event_id: started,
            timer_id: id.to_owned(),
        });
        self
    }

    /// `TimerCanceled` for `id`, by the latest decision task.
    pub fn timer_canceled(&mut self, id: &str) -> &mut Self {
        let (started, _) = self.timer(id);
        let completed = self.completed_id();
        self.push(TimerCanceledEventAttributes {
            decision_task_completed_event_id: completed,
            started_event_id: started,
            timer_id: id.to_owned(),
        });
        self
    }

    /// `StartTimerFailed` for `id` with `cause`.
    pub fn start_timer_failed(&mut self, id: &str, cause: StartTimerFailedCause) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(StartTimerFailedEventAttributes {
            cause,
            decision_task_completed_event_id: completed,
            timer_id: id.to_owned(),
        });
        self
    }

    /// `CancelTimerFailed` for `id` with `cause`.
    pub fn cancel_timer_failed(&mut self, id: &str, cause: CancelTimerFailedCause) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(CancelTimerFailedEventAttributes {
            cause,
            decision_task_completed_event_id: completed,
            timer_id: id.to_owned(),
        });
        self
    }

    fn timer(&self, id: &str) -> (i64, i64) {
        *self
            .timers
            .get(id)
            .unwrap_or_else(|| panic!("timer `{id}` was not started in this history"))
    }

    // Signals and markers.

    /// `WorkflowExecutionSignaled` with `name` and the encoded `input`.
    pub fn signaled(&mut self, name: &str, input: Option<&str>) -> &mut Self {
        self.push_trigger(WorkflowExecutionSignaledEventAttributes {
            input: input.map(str::to_owned),
            signal_name: name.to_owned(),
            ..Default::default()
        });
        self
    }

    /// `MarkerRecorded` named `name`, by the latest decision task.
    pub fn marker_recorded(&mut self, name: &str, details: Option<&str>) -> &mut Self {
        let completed = self.completed_id();
        self.push(MarkerRecordedEventAttributes {
            decision_task_completed_event_id: completed,
            details: details.map(str::to_owned),
            marker_name: name.to_owned(),
        });
        self
    }

    /// `RecordMarkerFailed` for `name`.
    pub fn record_marker_failed(&mut self, name: &str) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(RecordMarkerFailedEventAttributes {
            cause: RecordMarkerFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: completed,
            marker_name: name.to_owned(),
        });
        self
    }

    // The execution.

    /// `WorkflowExecutionCancelRequested`, as by an operator.
    pub fn cancel_requested(&mut self) -> &mut Self {
        self.push_trigger(WorkflowExecutionCancelRequestedEventAttributes::default());
        self
    }

    /// `WorkflowExecutionCompleted` with the encoded `result`, by the latest decision task.
    pub fn workflow_completed(&mut self, result: Option<&str>) -> &mut Self {
        let completed = self.completed_id();
        self.push(WorkflowExecutionCompletedEventAttributes {
            decision_task_completed_event_id: completed,
            result: result.map(str::to_owned),
        });
        self
    }

    /// `CompleteWorkflowExecutionFailed` with `cause` (`UNHANDLED_DECISION` when events arrived
    /// during the decision).
    pub fn complete_workflow_failed(
        &mut self,
        cause: CompleteWorkflowExecutionFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(CompleteWorkflowExecutionFailedEventAttributes {
            cause,
            decision_task_completed_event_id: completed,
        });
        self
    }

    /// `WorkflowExecutionFailed`, by the latest decision task.
    pub fn workflow_failed(&mut self, reason: &str, details: Option<&str>) -> &mut Self {
        let completed = self.completed_id();
        self.push(WorkflowExecutionFailedEventAttributes {
            decision_task_completed_event_id: completed,
            details: details.map(str::to_owned),
            reason: Some(reason.to_owned()),
        });
        self
    }

    /// `FailWorkflowExecutionFailed` with `cause`.
    pub fn fail_workflow_failed(&mut self, cause: FailWorkflowExecutionFailedCause) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(FailWorkflowExecutionFailedEventAttributes {
            cause,
            decision_task_completed_event_id: completed,
        });
        self
    }

    /// `WorkflowExecutionCanceled`, by the latest decision task.
    pub fn workflow_canceled(&mut self, details: Option<&str>) -> &mut Self {
        let completed = self.completed_id();
        self.push(WorkflowExecutionCanceledEventAttributes {
            decision_task_completed_event_id: completed,
            details: details.map(str::to_owned),
        });
        self
    }

    /// `CancelWorkflowExecutionFailed` with `cause`.
    pub fn cancel_workflow_failed(
        &mut self,
        cause: CancelWorkflowExecutionFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(CancelWorkflowExecutionFailedEventAttributes {
            cause,
            decision_task_completed_event_id: completed,
        });
        self
    }

    /// `WorkflowExecutionContinuedAsNew` with the next run's encoded `input`, everything else as
    /// this run has it.
    pub fn continued_as_new(&mut self, input: Option<&str>) -> &mut Self {
        self.continued_as_new_with(ContinueAsNewWorkflowExecutionDecisionAttributes {
            input: input.map(str::to_owned),
            ..Default::default()
        })
    }

    /// `WorkflowExecutionContinuedAsNew` as SWF records the decision `d`: the next run gets the
    /// decision's members; a member it leaves unset comes from the workflow type's defaults,
    /// which a builder does not know, so from this run's `WorkflowExecutionStarted` instead (its
    /// tags are not carried over: SWF takes tags only from the decision).
    pub fn continued_as_new_with(
        &mut self,
        d: ContinueAsNewWorkflowExecutionDecisionAttributes,
    ) -> &mut Self {
        let completed = self.completed_id();
        let run_id = self.next_run_id();
        // Every constructor pushes `WorkflowExecutionStarted` first, and events are never removed.
        let EventAttributesRef::WorkflowExecutionStarted(this) = self.events[0].attributes() else {
            unreachable!("a HistoryBuilder's event 0 is WorkflowExecutionStarted")
        };
        let this = this.clone();
        let workflow_type = WorkflowType {
            version: d
                .workflow_type_version
                .unwrap_or(this.workflow_type.version),
            name: this.workflow_type.name,
        };
        self.push(WorkflowExecutionContinuedAsNewEventAttributes {
            child_policy: d.child_policy.unwrap_or(this.child_policy),
            decision_task_completed_event_id: completed,
            execution_start_to_close_timeout: d
                .execution_start_to_close_timeout
                .or(this.execution_start_to_close_timeout),
            input: d.input,
            lambda_role: d.lambda_role.or(this.lambda_role),
            new_execution_run_id: run_id,
            tag_list: d.tag_list,
            task_list: d.task_list.unwrap_or(this.task_list),
            task_priority: d.task_priority.or(this.task_priority),
            task_start_to_close_timeout: d
                .task_start_to_close_timeout
                .or(this.task_start_to_close_timeout),
            workflow_type,
        });
        self
    }

    /// `ContinueAsNewWorkflowExecutionFailed` with `cause`.
    pub fn continue_as_new_failed(
        &mut self,
        cause: ContinueAsNewWorkflowExecutionFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(ContinueAsNewWorkflowExecutionFailedEventAttributes {
            cause,
            decision_task_completed_event_id: completed,
        });
        self
    }

    /// `WorkflowExecutionTimedOut`.
    pub fn workflow_timed_out(&mut self) -> &mut Self {
        self.push(WorkflowExecutionTimedOutEventAttributes {
            child_policy: ChildPolicy::Terminate,
            timeout_type: WorkflowExecutionTimeoutType::StartToClose,
        });
        self
    }

    /// `WorkflowExecutionTerminated`, as by an operator.
    pub fn workflow_terminated(&mut self, reason: &str) -> &mut Self {
        self.push(WorkflowExecutionTerminatedEventAttributes {
            cause: Some(WorkflowExecutionTerminatedCause::OperatorInitiated),
            child_policy: ChildPolicy::Terminate,
            details: None,
            reason: Some(reason.to_owned()),
        });
        self
    }
}
