//! Decisions that open tasks and timers in the deciding execution: `ScheduleActivityTask`,
//! `RequestCancelActivityTask`, `StartTimer`.

use crate::engine::durations::{self, deadline};
use crate::engine::state::{
    ActivityState, Deadline, DomainState, TaskRef, TimerState, task_list_or_default, type_key,
};
use crate::engine::tokens::TaskKind;
use crate::server::DecisionQuota;
use std::sync::Arc;
use swf_core::types::*;

use swf_core::limits::{MAX_OPEN_ACTIVITIES, MAX_OPEN_TIMERS};

impl DomainState {
    /// `ScheduleActivityTask`: records `ActivityTaskScheduled` and queues the task, or the
    /// failure with its cause. Returns whether it failed.
    pub(super) fn schedule_activity(
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
                    let task_list =
                        task_list_or_default(a.task_list.as_ref(), c.default_task_list.as_ref())
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
        let resolved = resolved.and_then(|r| {
            if self.over_decision_rate(DecisionQuota::ScheduleActivityTask)
                || self.over_task_list_rate(&(r.0).0.name)
            {
                Err(ScheduleActivityTaskFailedCause::ActivityCreationRateExceeded)
            } else {
                Ok(r)
            }
        });
        let ((task_list, s2c, s2s, st2c, hb, priority), c) = match resolved {
            Ok(r) => r,
            Err(cause) => {
                self.append(
                    run_id,
                    EventAttributes::from(ScheduleActivityTaskFailedEventAttributes {
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
            EventAttributes::from(ActivityTaskScheduledEventAttributes {
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
                task_priority: priority.clone(),
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
                task_priority: priority,
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

    /// `RequestCancelActivityTask`: cancels a waiting task at once, flags a started one for its
    /// next heartbeat. Returns whether a new event needs a decision.
    pub(super) fn request_cancel_activity(
        &mut self,
        run_id: &Arc<str>,
        completed_id: i64,
        a: RequestCancelActivityTaskDecisionAttributes,
    ) -> bool {
        let Some(scheduled_id) = self.exec(run_id).activity_by_id(&a.activity_id) else {
            self.append(
                run_id,
                EventAttributes::from(RequestCancelActivityTaskFailedEventAttributes {
                    activity_id: a.activity_id,
                    cause: RequestCancelActivityTaskFailedCause::ActivityIdUnknown,
                    decision_task_completed_event_id: completed_id,
                }),
            );
            return true;
        };
        let requested_id = self.append(
            run_id,
            EventAttributes::from(ActivityTaskCancelRequestedEventAttributes {
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
            EventAttributes::from(ActivityTaskCanceledEventAttributes {
                details: None,
                latest_cancel_requested_event_id: Some(requested_id),
                scheduled_event_id: scheduled_id,
                started_event_id: 0,
            }),
        );
        true
    }

    /// `StartTimer`: records `TimerStarted` and arms it. Returns whether it failed.
    pub(super) fn start_timer(
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
        } else if self.over_decision_rate(DecisionQuota::StartTimer) {
            Some(StartTimerFailedCause::TimerCreationRateExceeded)
        } else {
            None
        };
        if let Some(cause) = cause {
            self.append(
                run_id,
                EventAttributes::from(StartTimerFailedEventAttributes {
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
            EventAttributes::from(TimerStartedEventAttributes {
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
}
