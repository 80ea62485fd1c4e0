//! The service's clock: the machine's wall clock (the default), or a virtual one that only moves
//! when nothing else can happen, or when a test moves it.
//!
//! # The rules of the virtual clock
//! Virtual time stands still: every event of a burst of calls carries the same timestamp. It moves
//! in two ways only.
//!
//! 1. **Skipping** (unless the clock is [manual](VirtualClock::manual)). When *nothing else can
//!    happen*, the clock jumps to the earliest pending deadline (a timer, a timeout, an execution's
//!    start-to-close), which then fires. Nothing else can happen when no open execution, in any
//!    domain, has
//!    - a decision task scheduled (waiting on its task list) or started (a decider is deciding),
//!    - an activity task open, scheduled or started (a worker has it, or will take it).
//!
//!    A task waiting on a task list keeps time still whether or not a poll is parked on that list
//!    right now: a worker between two polls (it just answered one task and is about to ask for
//!    the next) is not parked, and skipping then would time out the task it is about to take.
//!    So a task that nobody will ever take (its list is not polled) stops skipping too; move the
//!    clock explicitly to let its schedule-to-start timeout pass. A started task's own timeouts
//!    (start-to-close, heartbeat) therefore pass only when the clock is moved explicitly.
//!
//!    The end of a closed execution's retention period is not a reason to skip: nothing waits for
//!    it, and skipping to it would delete the history a test is about to read. It still takes
//!    effect when time passes it for another reason.
//!
//! 2. **Advancing** ([`crate::Server::advance`], or `POST /admin/clock/advance` on the binary):
//!    time moves forward by the given amount, whatever is in progress, stopping at each deadline
//!    on the way so that each fires at its own time, in order.
//!
//! Long polls keep waiting by the wall clock (their 60 s, or the configured poll timeout): a poll
//! is how a worker waits for the next task, and its timing has no effect on histories.
//!
//! A skip is decided atomically: operations hold the clock's gate shared while they run, and the
//! check that nothing can happen, the choice of the deadline and the jump hold it exclusively, so
//! no operation can start a task between the check and the jump.
//!
//! With a database, the virtual time is stored each time it moves, and a restart continues from
//! it (the database's time wins over a chosen start). A database opened on the wall clock runs on
//! the wall clock's time, earlier or later than its stored events: its deadlines come due by it.

use super::Engine;
use super::state::Deadline;
use crate::store::Ack;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{RwLock, RwLockReadGuard};
use std::time::{Duration, SystemTime};
use swf_core::types::Timestamp;
use tokio::sync::Notify;

/// A virtual clock for the service, set with [`crate::Builder::virtual_clock`].
///
/// Under it, timers and timeouts fire as soon as nothing else can happen (see the rules in the
/// crate's `ARCHITECTURE.md` and [`crate::Server::advance`]): a workflow that sleeps for 30 days
/// finishes in milliseconds, and its history says 30 days passed.
///
/// ```no_run
/// # async fn example() -> Result<(), swf_local::StartError> {
/// let server = swf_local::Server::builder()
///     .virtual_clock(swf_local::VirtualClock::new())
///     .start()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct VirtualClock {
    start: Option<SystemTime>,
    manual: bool,
}

impl VirtualClock {
    /// A clock that starts at the wall-clock time the service starts (or the time its database
    /// saved) and skips to the next deadline whenever nothing else can happen.
    pub fn new() -> VirtualClock {
        VirtualClock::default()
    }

    /// Starts at `start` instead of the wall-clock time. A database that saved a virtual time
    /// still continues from that time.
    pub fn starting_at(mut self, start: SystemTime) -> VirtualClock {
        self.start = Some(start);
        self
    }

    /// Never skips: time moves only by [`crate::Server::advance`]. For tests that act on an
    /// execution while it waits (signal it, cancel it) and must not see its timers fire first.
    pub fn manual(mut self) -> VirtualClock {
        self.manual = true;
        self
    }
}

/// The virtual clock's state.
#[derive(Debug)]
struct Virtual {
    /// Milliseconds since the epoch. Only ever increases.
    now: AtomicI64,
    skips: bool,
    /// Held shared by every operation and exclusively while deciding and making a skip.
    gate: RwLock<()>,
    /// Wakes the deadline driver: an operation ran or time moved, so something may be due or
    /// nothing else may be able to happen.
    stirred: Notify,
}

/// The time the engine runs on.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    virt: Option<Virtual>,
}

/// Holds virtual time still while an operation runs (nothing for the wall clock).
pub(crate) type Hold<'a> = Option<RwLockReadGuard<'a, ()>>;

impl Clock {
    /// A virtual clock configured by `config`, starting at `saved` if a database saved a time.
    pub(crate) fn from_config(config: &VirtualClock, saved: Option<i64>) -> Clock {
        let start = saved.unwrap_or_else(|| match config.start {
            Some(start) => Timestamp::from(start).as_millis(),
            None => Timestamp::now().as_millis(),
        });
        Clock {
            virt: Some(Virtual {
                now: AtomicI64::new(start),
                skips: !config.manual,
                gate: RwLock::new(()),
                stirred: Notify::new(),
            }),
        }
    }

    /// The current time in milliseconds since the epoch.
    pub(crate) fn now_ms(&self) -> i64 {
        match &self.virt {
            Some(v) => v.now.load(Ordering::SeqCst),
            None => Timestamp::now().as_millis(),
        }
    }

    pub(crate) fn is_virtual(&self) -> bool {
        self.virt.is_some()
    }

    /// Keeps a skip from happening while the caller runs an operation.
    pub(crate) fn hold(&self) -> Hold<'_> {
        self.virt
            .as_ref()
            .map(|v| v.gate.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Tells the driver an operation ran: it may have left something due or nothing to do.
    pub(crate) fn stir(&self) {
        if let Some(v) = &self.virt {
            v.stirred.notify_one();
        }
    }

    /// Moves virtual time forward to `ms` (never back). Returns whether it moved.
    fn move_to(&self, ms: i64) -> bool {
        self.virt
            .as_ref()
            .is_some_and(|v| v.now.fetch_max(ms, Ordering::SeqCst) < ms)
    }
}

/// The error of [`crate::Server::advance`] on a service that runs on the wall clock.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the service runs on the wall clock: only a virtual clock can be advanced (start swf-local \
     with --virtual-clock, or use Builder::virtual_clock)"
)]
pub struct WallClockError;

impl Engine {
    /// Whether the service runs on a virtual clock.
    pub(crate) fn clock_is_virtual(&self) -> bool {
        self.clock.is_virtual()
    }

    /// Drives the deadlines on the virtual clock until shutdown: fires what is due, and skips to
    /// the next deadline whenever nothing else can happen.
    pub(super) async fn run_virtual_deadlines(&self) {
        let Some(v) = &self.clock.virt else {
            return;
        };
        loop {
            let stirred = v.stirred.notified();
            tokio::pin!(stirred);
            stirred.as_mut().enable();
            let _ = self.fire_due(self.clock.now_ms());
            if v.skips && self.skip_if_idle().await {
                continue;
            }
            tokio::select! {
                _ = &mut stirred => {}
                _ = self.shutdown.cancelled() => return,
            }
        }
    }

    /// Jumps to the earliest deadline that would act, if nothing else can happen. Returns whether
    /// the clock moved.
    async fn skip_if_idle(&self) -> bool {
        let Some(v) = &self.clock.virt else {
            return false;
        };
        let saved = {
            let _exclusive = v.gate.write().unwrap_or_else(|e| e.into_inner());
            if !self.nothing_can_happen() {
                return false;
            }
            match self.next_skip_target() {
                Some(at) => self.move_clock(at),
                None => return false,
            }
        };
        wait_saved(saved).await;
        true
    }

    /// Whether no execution in any domain has a decision task scheduled or started or an
    /// activity task open: see the module's rules.
    fn nothing_can_happen(&self) -> bool {
        self.all_domains().iter().all(|domain| {
            let state = domain.lock();
            state.open_runs.values().all(|run| {
                state.runs.get(run).is_none_or(|exec| {
                    exec.decision.scheduled_id.is_none()
                        && exec.decision.started_id.is_none()
                        && exec.activities.is_empty()
                })
            })
        })
    }

    /// The time of the earliest deadline that would act, retention aside. Deadlines that no
    /// longer apply (their task completed, their run closed) are dropped on the way: once stale,
    /// a deadline stays stale, since the ids it names are never reused.
    fn next_skip_target(&self) -> Option<i64> {
        let mut set_aside = Vec::new();
        let mut target = None;
        while let Some(entry) = self.scheduler.pop_earliest() {
            let due = self
                .domain(&entry.domain)
                .ok()
                .and_then(|d| d.lock().due_at(&entry.run, entry.deadline));
            match due {
                None => continue,
                Some(_) if entry.deadline == Deadline::Retention => set_aside.push(entry),
                Some(at) => {
                    target = Some(at);
                    set_aside.push(entry);
                    break;
                }
            }
        }
        for entry in set_aside {
            self.scheduler.put_back(entry);
        }
        target
    }

    /// Moves the virtual clock forward by `by`, firing every deadline on the way at its own time
    /// and in order, and returns the new time. Fails on the wall clock.
    pub(crate) async fn advance(&self, by: Duration) -> Result<i64, WallClockError> {
        if !self.clock.is_virtual() {
            return Err(WallClockError);
        }
        let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        let target = self.clock.now_ms().saturating_add(by);
        // Stale deadlines on the way only make a step at which nothing happens.
        while let Some(at) = self.scheduler.earliest().filter(|&at| at <= target) {
            let saved = self.move_clock_exclusively(at);
            let _ = self.fire_due(self.clock.now_ms());
            wait_saved(saved).await;
        }
        wait_saved(self.move_clock_exclusively(target)).await;
        // Time moved: the driver may find something to skip to now.
        self.clock.stir();
        Ok(self.clock.now_ms())
    }

    /// [`Engine::move_clock`] with no operation running, so none sees the new time before the
    /// store has it.
    fn move_clock_exclusively(&self, at: i64) -> Option<Ack> {
        let gate = &self.clock.virt.as_ref()?.gate;
        let _exclusive = gate.write().unwrap_or_else(|e| e.into_inner());
        self.move_clock(at)
    }

    /// Moves the virtual clock forward to `at` and hands the new time to the store (if any), so
    /// a restart continues from it. Handed over before anything is done at the new time, and the
    /// store writes in order, so no stored event is ever later than the stored time.
    fn move_clock(&self, at: i64) -> Option<Ack> {
        self.clock.move_to(at);
        Some(self.store.as_ref()?.save_clock(self.clock.now_ms()))
    }
}

/// Waits for a saved time to be durable. A failed write is logged, not returned: the store
/// writes it again with the next commit, and nothing answers a client on it.
async fn wait_saved(saved: Option<Ack>) {
    if let Some(ack) = saved
        && let Err(e) = ack.wait().await
    {
        tracing::error!(error = %e.message(), "saving the virtual clock failed");
    }
}
