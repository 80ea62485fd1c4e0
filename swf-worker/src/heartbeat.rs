//! Automatic, throttled, coalescing heartbeats: one [`Heartbeater`] per running task.
//!
//! SWF times a task out when no heartbeat reaches it within the task's heartbeat timeout, and
//! tells a worker that a task was cancelled only in the answer to a heartbeat. So the worker
//! heartbeats on its own for every running task, whether or not the activity records progress,
//! and the activity's [`record_heartbeat`](crate::ActivityContext::record_heartbeat) only sets
//! the details to send. The design follows Temporal's core SDK:
//!
//! - **Throttled.** Heartbeats go out every `interval` (a fraction, 0.8 by default, of the
//!   heartbeat timeout), measured from the start of the previous successful one. With a few
//!   thousand tasks running, heartbeating more often than the timeout needs would only spend the
//!   account's request rate; heartbeating at the timeout itself would lose tasks to latency.
//! - **The task's own timeout.** The interval follows the heartbeat timeout the task was
//!   scheduled with, which the worker learns from the task's history while the activity runs
//!   ([`effective_timeout`](crate::effective_timeout)); until then it follows the shortest
//!   timeout SWF allows, so no task can time out while its timeout is being learned.
//! - **Spread.** A task's first automatic heartbeat falls between half and all of the interval
//!   after its start, at a point drawn from its task token. Tasks started in one burst would
//!   otherwise heartbeat in one burst every interval for as long as they run; spread once, they
//!   stay spread, since every later heartbeat comes a whole interval after the previous one.
//! - **First details at once.** The first details an activity records are sent immediately, so
//!   a freshly started task shows progress without waiting a whole interval.
//! - **Coalescing.** Later details overwrite the pending value in the task's [`HeartbeatSlot`]
//!   and go out with the next heartbeat. Recording is a short lock and a copy into a buffer that
//!   is reused, never a network wait.
//! - **One in flight.** A heartbeater sends one request at a time and waits for its answer, so a
//!   slow or throttled service never sees a pile-up of heartbeats for one task.
//! - **Failures never end the task.** A throttled or failed heartbeat is retried sooner than the
//!   interval, with exponential backoff and jitter capped at a quarter of the slack the throttle
//!   leaves before the timeout, so that several attempts fit before the task would time out. Only `UnknownResourceFault`, SWF's answer for a task
//!   that timed out or whose execution closed, ends heartbeating: the task's cancellation signal
//!   fires and nothing is answered.
//! - **Final flush.** Before the task is answered, details the service has not yet received are
//!   sent once, so the history keeps the task's last progress.
//!
//! Which details the service has is tracked by version numbers rather than a "dirty" flag: a
//! request that fails, or that is dropped in flight, leaves its details pending without any undo.

use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use swf_core::Client;
use swf_core::backoff::Backoff;
use swf_core::types::RecordActivityTaskHeartbeatInput;
use tokio::sync::{Notify, Semaphore};
use tokio::time::Instant;

use crate::context::{ActivityContext, CancellationReason};
use crate::heartbeat_schedule::HeartbeatSchedule;
use crate::metrics::Counters;
use crate::truncate::{self, MAX_HEARTBEAT_DETAILS};

/// The bound of the first wait before retrying a failed heartbeat.
const MIN_RETRY_DELAY: Duration = Duration::from_millis(10);

/// Where heartbeats go: SWF through a [`swf_core::Client`], or a fake in unit tests.
pub(crate) trait HeartbeatSink: Send + Sync {
    /// Records a heartbeat for the task; `Ok(true)` when SWF asks for the task to be cancelled.
    fn heartbeat(
        &self,
        task_token: &str,
        details: Option<String>,
    ) -> impl Future<Output = Result<bool, swf_core::Error>> + Send;
}

/// SWF through a client, within the worker's limit of requests in flight.
pub(crate) struct SwfHeartbeats<'a> {
    pub(crate) client: &'a Client,
    pub(crate) requests: &'a Semaphore,
}

impl HeartbeatSink for SwfHeartbeats<'_> {
    async fn heartbeat(
        &self,
        task_token: &str,
        details: Option<String>,
    ) -> Result<bool, swf_core::Error> {
        let _permit = self
            .requests
            .acquire()
            .await
            .expect("the request limit is never closed");
        let input = RecordActivityTaskHeartbeatInput {
            task_token: task_token.to_owned(),
            details,
        };
        let status = self.client.record_activity_task_heartbeat(input).await?;
        Ok(status.cancel_requested)
    }
}

/// Where in its first interval the first automatic heartbeat of the task `task_token` falls: a
/// fraction in `[0.5, 1)`, the same for a given token and spread evenly over tokens.
pub(crate) fn first_heartbeat_phase(task_token: &str) -> f64 {
    let mut hasher = DefaultHasher::new();
    task_token.hash(&mut hasher);
    // The top 53 bits make an evenly spread f64 in [0, 1).
    let unit = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64;
    0.5 + unit / 2.0
}

/// The latest heartbeat details of one task, shared by the activity and its heartbeater.
#[derive(Debug)]
pub(crate) struct HeartbeatSlot {
    state: Mutex<SlotState>,
    /// Wakes the heartbeater when details are recorded, so the first ones go out at once.
    recorded: Notify,
}

#[derive(Debug, Default)]
struct SlotState {
    /// The latest details; the buffer is reused from one recording to the next.
    details: String,
    /// How many times details were recorded.
    version: u64,
    /// The version last taken for sending.
    taken: u64,
}

impl HeartbeatSlot {
    pub(crate) fn new() -> Self {
        HeartbeatSlot {
            state: Mutex::default(),
            recorded: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SlotState> {
        // Nothing panics while holding the lock, and the state is valid at every step anyway.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the pending details; `true` when the replaced ones were never taken for sending
    /// (they were coalesced away).
    pub(crate) fn record(&self, details: &str) -> bool {
        let details = truncate::prefix(details, MAX_HEARTBEAT_DETAILS);
        let coalesced = {
            let mut state = self.lock();
            state.details.clear();
            state.details.push_str(details);
            let coalesced = state.version != state.taken;
            state.version += 1;
            coalesced
        };
        self.recorded.notify_one();
        coalesced
    }

    /// The latest details (`None` when empty or never recorded) and their version.
    fn take(&self) -> (Option<String>, u64) {
        let mut state = self.lock();
        state.taken = state.version;
        let details = (!state.details.is_empty()).then(|| state.details.clone());
        (details, state.version)
    }

    fn version(&self) -> u64 {
        self.lock().version
    }
}

/// The task is gone: SWF answered a heartbeat with `UnknownResourceFault`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TaskGone;

/// Heartbeats for one task; see the [module docs](self).
pub(crate) struct Heartbeater<'a, S> {
    sink: &'a S,
    ctx: &'a ActivityContext,
    counters: &'a Counters,
    schedule: HeartbeatSchedule,
    /// The version of the details the service has.
    acked: u64,
    sent_any: bool,
    /// When the task started: the first automatic heartbeat is timed from it.
    started: Instant,
    /// When the last successful heartbeat was sent: the next one is timed from it.
    last_success: Option<Instant>,
    next_due: Instant,
    /// The fraction of the interval before the first automatic heartbeat.
    first_phase: f64,
    backoff: Option<Backoff>,
}

impl<'a, S: HeartbeatSink> Heartbeater<'a, S> {
    /// A heartbeater for the task of `ctx`, which started at `started`, whose first automatic
    /// heartbeat comes `first_phase` of an interval after that (see [`first_heartbeat_phase`]).
    pub(crate) fn new(
        sink: &'a S,
        ctx: &'a ActivityContext,
        counters: &'a Counters,
        started: Instant,
        first_phase: f64,
    ) -> Self {
        Heartbeater {
            sink,
            ctx,
            counters,
            schedule: HeartbeatSchedule {
                interval: Duration::MAX,
                retry_cap: Duration::MAX,
            },
            acked: 0,
            sent_any: false,
            started,
            last_success: None,
            next_due: started,
            first_phase,
            backoff: None,
        }
    }

    /// Heartbeats on `schedule` until the task is gone, which is the only way it returns; once
    /// `effective` gives the task's effective schedule, heartbeats follow that one instead (pass
    /// [`std::future::pending`] when `schedule` is already final).
    ///
    /// `effective` is polled only while the heartbeater waits, never while a request is in
    /// flight, so learning the schedule never abandons a heartbeat.
    ///
    /// Cancel-safe: dropping the future abandons a request in flight, and its details stay
    /// pending for [`flush`](Self::flush).
    pub(crate) async fn keep_alive(
        &mut self,
        schedule: HeartbeatSchedule,
        effective: impl Future<Output = HeartbeatSchedule>,
    ) -> TaskGone {
        self.set_schedule(schedule);
        tokio::pin!(effective);
        let mut learning = true;
        let sleep = tokio::time::sleep_until(self.next_due);
        tokio::pin!(sleep);
        loop {
            let slot = self.ctx.heartbeat_slot();
            // Until the first heartbeat, recorded details go out at once; after it, recording
            // does not even wake this future.
            let first_details_waiting = !self.sent_any && slot.version() != self.acked;
            if !first_details_waiting {
                tokio::select! {
                    () = sleep.as_mut() => {}
                    () = slot.recorded.notified(), if !self.sent_any => continue,
                    schedule = &mut effective, if learning => {
                        learning = false;
                        self.set_schedule(schedule);
                        sleep.as_mut().reset(self.next_due);
                        continue;
                    }
                }
            }
            if let Err(gone) = self.send().await {
                return gone;
            }
            sleep.as_mut().reset(self.next_due);
        }
    }

    /// Heartbeats on `schedule` from now on: the next heartbeat is timed from the last
    /// successful one, or, before any, from the task's start (where the phase puts it). A retry
    /// already planned keeps its time unless the new schedule is due sooner.
    fn set_schedule(&mut self, schedule: HeartbeatSchedule) {
        self.schedule = schedule;
        let regular = match self.last_success {
            Some(at) => later(at, schedule.interval),
            None => later(self.started, schedule.interval.mul_f64(self.first_phase)),
        };
        self.next_due = match self.backoff {
            Some(_) => self.next_due.min(regular),
            None => regular,
        };
    }

    /// Sends the latest details if the service does not have them yet. Errors other than
    /// [`TaskGone`] are logged and otherwise ignored: the answer that follows matters more.
    pub(crate) async fn flush(&mut self) -> Result<(), TaskGone> {
        if self.ctx.heartbeat_slot().version() == self.acked {
            return Ok(());
        }
        self.send().await
    }

    /// One heartbeat request; sets when the next is due.
    async fn send(&mut self) -> Result<(), TaskGone> {
        let (details, version) = self.ctx.heartbeat_slot().take();
        let started = Instant::now();
        self.sent_any = true;
        self.counters.heartbeats_sent.increment();
        match self.sink.heartbeat(self.ctx.task_token(), details).await {
            Ok(cancel_requested) => {
                self.acked = version;
                self.backoff = None;
                self.last_success = Some(started);
                self.next_due = later(started, self.schedule.interval);
                if cancel_requested && !self.ctx.is_cancelled() {
                    tracing::info!("SWF requested cancellation of the task");
                    self.ctx.cancel(CancellationReason::Requested);
                }
                Ok(())
            }
            Err(err) if err.is_unknown_resource() => {
                tracing::warn!(error = %err, "the task is gone (timed out or closed); it will not be answered");
                self.ctx.cancel(CancellationReason::TaskGone);
                Err(TaskGone)
            }
            Err(err) => {
                self.counters.heartbeat_errors.increment();
                let delay = if err.is_retryable() {
                    self.retry_delay()
                } else {
                    // Asking again at once would get the same answer; keep the normal cadence.
                    self.schedule.interval
                };
                tracing::warn!(error = %err, retry_in = ?delay, "heartbeat failed; retrying");
                self.next_due = later(Instant::now(), delay);
                Ok(())
            }
        }
    }

    /// The wait before retrying a failed heartbeat: exponential from 10 ms with full jitter
    /// ([`Backoff`]), never more than the schedule's cap.
    fn retry_delay(&mut self) -> Duration {
        let cap = self.schedule.retry_cap;
        let backoff = self
            .backoff
            .get_or_insert_with(|| Backoff::new(MIN_RETRY_DELAY.min(cap), cap));
        backoff.next_wait()
    }
}

/// `t + d`, or about a century after `t` when that overflows.
fn later(t: Instant, d: Duration) -> Instant {
    t.checked_add(d)
        .unwrap_or_else(|| t + Duration::from_secs(100 * 365 * 24 * 3600))
}

#[cfg(test)]
mod tests;
