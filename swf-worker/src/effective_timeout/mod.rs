//! The heartbeat timeout each task was scheduled with: its *effective* heartbeat timeout.
//!
//! A decider may schedule an activity with a heartbeat timeout of its own, which replaces the
//! one the type is registered with, and `PollForActivityTask` does not say which one a task
//! got. A worker that heartbeats for the registered timeout lets a task scheduled with a shorter
//! one time out while it runs fine. The effective timeout is written in one place only, the
//! task's `ActivityTaskScheduled` event, so the worker reads it from there
//! ([`history`]), unless told not to ([`HeartbeatTimeoutSource`]).
//!
//! - **Off the critical path.** The activity starts at once. Until the timeout is known, the
//!   task is heartbeated as if it had SWF's shortest heartbeat timeout, 1 s ([`provisional`]),
//!   so no task can time out while its timeout is being learned.
//! - **Free for short tasks.** The read starts after an eighth of that provisional interval
//!   (100 ms at the default ratio), a quarter of the earliest a provisional heartbeat can fall.
//!   A task done by then needed no heartbeat whatever its timeout, and costs no request.
//! - **Usually one page.** The task's events are normally among the last of the history, so
//!   it is read newest first and the read stops at the scheduled event.
//! - **Shared per run.** Events never change, so what a read learned serves every later task
//!   of the same run ([`runs`]); the lookups of one run take turns. When a decider fans out many
//!   activities, later tasks usually find their scheduled event already read, and read only the
//!   page with their own start, or nothing.
//! - **Loud when unknown.** When the read is refused (no `swf:GetWorkflowExecutionHistory`
//!   permission) or fails, the task is heartbeated for the type's registered timeout, as the
//!   worker did before it read histories, and a warning names the activity, both timeouts, and
//!   the fix; then at most one a minute per type, while `heartbeat_timeouts_unknown` counts
//!   them all.
//!
//! An [`ActivityRegistration::heartbeat_timeout_override`](crate::ActivityRegistration) wins
//! over both sources, without a request.

mod history;
mod runs;

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use swf_core::Timeout;
use tokio::time::Instant;

use crate::context::ActivityContext;
use crate::dispatch::ServedActivity;
use crate::heartbeat_schedule::{HeartbeatPolicy, HeartbeatSchedule, registered_heartbeat_timeout};
use crate::worker::Shared;
use history::{HistoryReader, LookupError};
use runs::Runs;

/// SWF's shortest heartbeat timeout: timeouts are whole seconds, and 0 is none.
const SHORTEST: Timeout = Timeout::Seconds(1);
/// The longest a task waits for its history before heartbeating for its registered timeout.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(10);
/// How often, at most, the worker warns about one activity type's unknown timeouts.
const WARN_EVERY: Duration = Duration::from_secs(60);

/// Where a worker learns each task's heartbeat timeout, which its automatic heartbeats follow;
/// set with [`WorkerBuilder::heartbeat_timeout_source`](crate::WorkerBuilder::heartbeat_timeout_source).
///
/// An activity's
/// [`heartbeat_timeout_override`](crate::ActivityRegistration::heartbeat_timeout_override)
/// wins over either.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeartbeatTimeoutSource {
    /// The task's `ActivityTaskScheduled` event: right whatever heartbeat timeout the decider
    /// scheduled the task with. A task that runs longer than about 100 ms costs one
    /// `GetWorkflowExecutionHistory` page, often none when other tasks of its run read it
    /// first; shorter ones cost nothing. Needs the `swf:GetWorkflowExecutionHistory`
    /// permission on the domain; without it, the worker warns and falls back to the type's
    /// registration.
    #[default]
    ScheduledEvent,
    /// The activity type's registration (`DescribeActivityType`, once per type): no request
    /// per task. Right only when no decider gives a heartbeat timeout when it schedules the
    /// worker's activities; a task scheduled with a shorter one times out.
    Registration,
}

/// How a worker learns its tasks' heartbeat timeouts, and what the reads have told.
#[derive(Debug)]
pub(crate) struct EffectiveTimeouts {
    source: HeartbeatTimeoutSource,
    runs: Runs,
    /// When each activity type (name, version) was last warned about.
    warned: Mutex<HashMap<(&'static str, &'static str), Instant>>,
}

impl EffectiveTimeouts {
    pub(crate) fn new(source: HeartbeatTimeoutSource) -> Self {
        EffectiveTimeouts {
            source,
            runs: Runs::new(),
            warned: Mutex::default(),
        }
    }

    /// Whether the tasks of `served` learn their timeout from their history.
    pub(crate) fn reads_history(&self, served: &ServedActivity) -> bool {
        self.source == HeartbeatTimeoutSource::ScheduledEvent
            && served.registration.heartbeat_timeout_override.is_none()
    }

    /// Whether to warn about `served` now, rather than count quietly.
    fn warn_now(&self, served: &ServedActivity) -> bool {
        let key = (served.activity.name(), served.activity.version());
        let now = Instant::now();
        let mut warned = self.warned.lock().unwrap_or_else(PoisonError::into_inner);
        let due = warned
            .get(&key)
            .is_none_or(|&at| now.duration_since(at) >= WARN_EVERY);
        if due {
            warned.insert(key, now);
        }
        due
    }
}

/// The schedule of a task until its effective timeout is known: that of SWF's shortest.
pub(crate) fn provisional(policy: HeartbeatPolicy) -> HeartbeatSchedule {
    policy.schedule(Some(SHORTEST))
}

/// The heartbeat schedule of the task of `ctx`, for its effective timeout; see the
/// [module docs](self). Meant to run beside the activity while [`provisional`] heartbeats.
pub(crate) async fn effective_schedule(
    shared: &Shared,
    served: &ServedActivity,
    ctx: &ActivityContext,
) -> HeartbeatSchedule {
    // The earliest a provisional heartbeat falls is half its interval: a task done within a
    // quarter of that needed no heartbeat, whatever its timeout, and reads nothing.
    tokio::time::sleep(provisional(shared.heartbeat).interval / 8).await;
    // Boxed: only tasks that run this long pay for the read's future.
    Box::pin(look_up(shared, served, ctx)).await
}

async fn look_up(
    shared: &Shared,
    served: &ServedActivity,
    ctx: &ActivityContext,
) -> HeartbeatSchedule {
    let counters = &*shared.counters;
    let execution = ctx.workflow_execution();
    let reader = HistoryReader {
        client: &shared.client,
        requests: &shared.requests,
        counters,
        domain: &shared.domain,
        execution,
    };
    let run = shared.effective_timeouts.runs.get(&execution.run_id);
    let read = async {
        let mut known = run.lock().await;
        reader
            .heartbeat_timeout(&mut known, ctx.started_event_id())
            .await
    };
    let found = tokio::time::timeout(LOOKUP_TIMEOUT, read)
        .await
        .unwrap_or(Err(LookupError::TimedOut(LOOKUP_TIMEOUT)));
    match found {
        Ok(timeout) => {
            counters.heartbeat_timeouts_learned.increment();
            tracing::debug!(%timeout, "learned the heartbeat timeout the task was scheduled with");
            shared.heartbeat.schedule(Some(timeout))
        }
        Err(err) => {
            counters.heartbeat_timeouts_unknown.increment();
            // Described once per type, normally when the worker started: cached.
            let registered =
                registered_heartbeat_timeout(&shared.client, &shared.domain, served).await;
            let schedule = shared.heartbeat.schedule(registered);
            if shared.effective_timeouts.warn_now(served) {
                warn(shared, served, ctx, &err, registered, schedule);
            } else {
                tracing::debug!(error = %err, "the heartbeat timeout the task was scheduled with is unknown (warned about recently)");
            }
            schedule
        }
    }
}

/// What to do about `err`, for activity `name` in `domain`.
fn fix(err: &LookupError, domain: &str, name: &str) -> String {
    let override_hint = format!(
        "set ActivityRegistration::heartbeat_timeout_override for {name} to the shortest \
         heartbeat timeout its deciders schedule it with"
    );
    if err.is_refused() {
        format!(
            "allow swf:GetWorkflowExecutionHistory on domain {domain} to this worker's \
             credentials, or {override_hint}"
        )
    } else {
        format!("the next task tries again; if the reads keep failing, {override_hint}")
    }
}

/// Says, once, that the task's timeout is unknown, what the worker does instead, and the fix.
fn warn(
    shared: &Shared,
    served: &ServedActivity,
    ctx: &ActivityContext,
    err: &LookupError,
    registered: Option<Timeout>,
    schedule: HeartbeatSchedule,
) {
    let (name, version) = (served.activity.name(), served.activity.version());
    let registered = match registered {
        Some(Timeout::Unlimited) => "NONE".to_owned(),
        Some(Timeout::Seconds(s)) => format!("{s} s"),
        None => "none known".to_owned(),
    };
    let fix = fix(err, &shared.domain, name);
    tracing::warn!(
        activity_type = name,
        activity_version = version,
        activity_id = ctx.activity_id(),
        workflow_id = %ctx.workflow_execution().workflow_id,
        registered_heartbeat_timeout = %registered,
        scheduled_heartbeat_timeout = "unknown",
        heartbeat_interval = ?schedule.interval,
        error = %err,
        "cannot learn the heartbeat timeout activity {name} version {version} (activity id {}) \
         was scheduled with: {err}. Heartbeating it every {:?}, for the type's registered \
         heartbeat timeout ({registered}): if its decider scheduled it with a shorter one, it \
         will time out. To fix: {fix}. (Said at most once a minute per activity type; \
         metrics count every such task as heartbeat_timeouts_unknown.)",
        ctx.activity_id(),
        schedule.interval,
    );
}

#[cfg(test)]
mod tests {
    use http::StatusCode;
    use swf_core::Operation;

    use super::*;

    fn error(code: &str) -> LookupError {
        let body = format!(r#"{{"__type": "{code}", "message": "scripted"}}"#);
        LookupError::from_swf(swf_core::Error::from_service_response(
            Operation::GetWorkflowExecutionHistory,
            StatusCode::BAD_REQUEST,
            None,
            body.as_bytes(),
        ))
    }

    #[test]
    fn a_refused_read_names_the_permission_and_the_override() {
        for code in ["AccessDeniedException", "OperationNotPermittedFault"] {
            let fix = fix(&error(code), "shop", "Charge");
            assert!(
                fix.contains("allow swf:GetWorkflowExecutionHistory on domain shop"),
                "{fix}"
            );
            assert!(
                fix.contains("ActivityRegistration::heartbeat_timeout_override for Charge"),
                "{fix}"
            );
        }
        let fix = fix(&error("ThrottlingException"), "shop", "Charge");
        assert!(!fix.contains("allow"), "{fix}");
        assert!(
            fix.contains("heartbeat_timeout_override for Charge"),
            "{fix}"
        );
    }

    #[test]
    fn until_the_timeout_is_known_heartbeats_follow_the_shortest_one() {
        let policy = HeartbeatPolicy {
            ratio: 0.8,
            fallback: Duration::from_secs(30),
        };
        assert_eq!(provisional(policy).interval, Duration::from_millis(800));
    }
}
