//! The SWF engine: domains, executions, tasks and timeouts, independent of HTTP.
//!
//! # Concurrency
//! Each domain is a [`Domain`]: its whole state behind one mutex, held only for the microseconds
//! an operation takes. Domains never share a lock (SWF keeps everything an execution touches in
//! its domain), and the map of domains is only write-locked to register one.
//!
//! A poll that finds no task parks on its task list's `Notify` without holding any lock and
//! without a thread; queuing a task wakes one parked poller, which takes the task under the
//! domain lock. Handing out and starting a task is one step under that lock, so each task goes
//! to exactly one poller, in queue order.
//!
//! # Time
//! Every timeout and timer is a [`state::Deadline`] in one scheduler (`deadlines`): a min-heap
//! of deadlines driven by one task. A deadline is checked against the state when it comes due,
//! so completing a task or heartbeating never has to find and remove heap entries. Time is the
//! engine's [`clock::Clock`]: the wall clock, or a virtual clock that skips to the next deadline
//! when nothing else can happen (the rules are in `clock`).
//!
//! # Durability
//! Every operation notes what it changed ([`state::Changes`]); [`Engine::apply`] hands those
//! changes to the store (if any) while still holding the domain lock, so the store sees changes
//! in the order they happened, and the caller answers only after the store acknowledged them.
//! Reads ([`Engine::read`]) and operations that changed nothing wait too, for the commit of what
//! was submitted before they looked, so no answer shows what a crash could still discard.

mod activities;
mod clock;
mod deadlines;
mod decisions;
mod durations;
mod entries;
mod executions;
mod history;
mod listing;
pub(crate) mod names;
mod parked;
mod polling;
mod quotas;
mod region;
mod registration;
pub(crate) mod state;
mod task_queue;
pub(crate) mod tokens;
mod type_kinds;
mod visibility;

pub(crate) use activities::ActivityOutcome;
pub use clock::{VirtualClock, WallClockError};
pub(crate) use deadlines::Scheduler;
pub(crate) use history::WithEvents;
pub(crate) use region::{DEFAULT_REGION, check_region};
pub(crate) use type_kinds::TypeKind;
pub(crate) use visibility::Filters;

use crate::error::Fault;
use crate::store::{Ack, Store};
use clock::Clock;
use parked::ParkedPolls;
use state::{DomainMeta, DomainState};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// One domain and everything in it, behind its own lock.
#[derive(Debug)]
pub(crate) struct Domain {
    state: Mutex<DomainState>,
}

impl Domain {
    fn new(state: DomainState) -> Domain {
        Domain {
            state: Mutex::new(state),
        }
    }

    /// The state, for reading. A poisoned lock means a bug already panicked mid-operation; the
    /// state is still the best there is, so keep serving it.
    pub(crate) fn lock(&self) -> MutexGuard<'_, DomainState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The service's state and the things that act on it over time.
#[derive(Debug)]
pub(crate) struct Engine {
    domains: RwLock<HashMap<String, Arc<Domain>>>,
    poll_timeout: Duration,
    /// The long polls parked right now, for [`crate::Server::wait_for_parked_polls`].
    pub(crate) parked: ParkedPolls,
    scheduler: Scheduler,
    /// The time operations run at and deadlines come due by.
    clock: Clock,
    store: Option<Store>,
    shutdown: CancellationToken,
    account: String,
    region: String,
    /// SWF's decision quotas, when throttling is on: each domain's decisions draw from them.
    decision_rates: Option<Arc<crate::server::DecisionRates>>,
    /// The most open executions a domain may have.
    max_open_executions: usize,
}

impl Engine {
    pub(crate) fn new(
        poll_timeout: Duration,
        store: Option<Store>,
        shutdown: CancellationToken,
    ) -> Engine {
        Engine {
            domains: RwLock::new(HashMap::new()),
            poll_timeout,
            parked: ParkedPolls::default(),
            scheduler: Scheduler::default(),
            clock: Clock::default(),
            store,
            shutdown,
            account: "000000000000".to_owned(),
            region: region::DEFAULT_REGION.to_owned(),
            decision_rates: None,
            max_open_executions: quotas::MAX_OPEN_EXECUTIONS_PER_DOMAIN,
        }
    }

    /// Runs on a virtual clock instead of the wall clock: from the time the store saved, if
    /// any, else from the configured start.
    pub(crate) fn with_virtual_clock(mut self, config: &VirtualClock) -> Engine {
        let saved = self.store.as_ref().and_then(Store::saved_clock);
        self.clock = Clock::from_config(config, saved);
        self
    }

    /// Stands for `region` (checked by [`check_region`]): in ARNs, and the region signatures
    /// must be scoped to. Default: us-east-1.
    pub(crate) fn with_region(mut self, region: &str) -> Engine {
        region.clone_into(&mut self.region);
        self
    }

    /// The region the service stands for.
    pub(crate) fn region(&self) -> &str {
        &self.region
    }

    /// Throttles decisions with these buckets (see `server/throttle.rs`).
    pub(crate) fn with_decision_rates(
        mut self,
        rates: Option<crate::server::DecisionRates>,
    ) -> Engine {
        self.decision_rates = rates.map(Arc::new);
        self
    }

    /// Lets each domain have at most `max` open executions (SWF: 100,000).
    pub(crate) fn with_max_open_executions(mut self, max: usize) -> Engine {
        self.max_open_executions = max;
        self
    }

    /// A domain's state as the engine keeps it: with the engine's decision quotas and limit of
    /// open executions.
    fn domain_state(&self, meta: DomainMeta) -> DomainState {
        let mut state = DomainState::new(meta);
        state.decision_rates = self.decision_rates.clone();
        state.max_open_executions = self.max_open_executions;
        state
    }

    /// The service's current time in milliseconds since the epoch, on its clock.
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// A domain's state, locked, at the current time: what an operation or a read runs on. A
    /// read happens at a time too, as page tokens are issued and aged by it.
    pub(crate) fn lock_at_now<'a>(&self, domain: &'a Domain) -> MutexGuard<'a, DomainState> {
        let mut state = domain.lock();
        state.now = self.clock.now_ms();
        state
    }

    /// The domain `name`, or SWF's fault for an unknown one.
    pub(crate) fn domain(&self, name: &str) -> Result<Arc<Domain>, Fault> {
        self.domains
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .cloned()
            .ok_or_else(|| Fault::unknown(format!("Unknown domain: {name}")))
    }

    fn all_domains(&self) -> Vec<Arc<Domain>> {
        self.domains
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect()
    }

    /// Runs `f` on a domain's state at the current time, then persists, arms and announces what
    /// it changed. Returns the store's acknowledgement to wait for before answering.
    pub(crate) fn apply<T>(
        &self,
        domain: &Domain,
        f: impl FnOnce(&mut DomainState) -> Result<T, Fault>,
    ) -> (Result<T, Fault>, Option<Ack>) {
        let hold = self.clock.hold();
        let mut state = self.lock_at_now(domain);
        let result = f(&mut state);
        state.enforce_history_limit();
        let ack = self.flush(&mut state);
        drop(state);
        drop(hold);
        // The operation may have left nothing else to do: the virtual clock may skip now.
        self.clock.stir();
        (result, ack)
    }

    /// [`Engine::apply`], answering once the changes are durable.
    pub(crate) async fn mutate<T>(
        &self,
        domain: &Domain,
        f: impl FnOnce(&mut DomainState) -> Result<T, Fault>,
    ) -> Result<T, Fault> {
        let (result, ack) = self.apply(domain, f);
        if let Some(ack) = ack {
            ack.wait().await?;
        }
        result
    }

    /// Hands an operation's changes to the scheduler and the store. An operation that changed
    /// nothing still waits for what it may have seen: the changes submitted before it.
    fn flush(&self, state: &mut DomainState) -> Option<Ack> {
        let changes = std::mem::take(&mut state.changes);
        for (at, run, deadline) in changes.deadlines {
            self.scheduler.push(at, state.name.clone(), run, deadline);
        }
        let store = self.store.as_ref()?;
        if !changes.meta && changes.runs.is_empty() && changes.purged.is_empty() {
            return Some(store.barrier());
        }
        Some(store.submit(state, changes.meta, changes.runs, changes.purged))
    }

    /// Reads a domain's state with `f`, answering once everything the read could have seen is
    /// committed: no answer shows what a crash could still discard (see `store`).
    pub(crate) async fn read<T>(
        &self,
        domain: &Domain,
        f: impl FnOnce(&DomainState) -> T,
    ) -> Result<T, Fault> {
        let (value, ack) = {
            let state = self.lock_at_now(domain);
            (f(&state), self.store.as_ref().map(Store::barrier))
        };
        if let Some(ack) = ack {
            ack.wait().await?;
        }
        Ok(value)
    }

    /// Resolves once everything submitted so far is committed: for an answer read from several
    /// domains, after reading them.
    pub(crate) async fn settled(&self) -> Result<(), Fault> {
        match self.store.as_ref().map(Store::barrier) {
            Some(ack) => ack.wait().await,
            None => Ok(()),
        }
    }

    /// The ARN of a domain, as SWF forms it.
    pub(crate) fn domain_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:swf:{}:{}:/domain/{name}",
            self.region, self.account
        )
    }

    /// Closes the database, if any, once the service has stopped: resolves when its lock is
    /// released, so a service started next on the same file is not refused.
    pub(crate) async fn close_store(&self) {
        if let Some(store) = &self.store {
            store.close().await;
        }
    }

    /// Loads persisted domains into an empty engine and re-arms every pending deadline.
    pub(crate) fn restore(&self, loaded: Vec<(DomainMeta, Vec<state::Execution>)>) {
        let mut domains = self.domains.write().unwrap_or_else(|e| e.into_inner());
        for (meta, runs) in loaded {
            let mut state = self.domain_state(meta);
            state.changes = Default::default();
            state.restore_runs(runs);
            for (at, run, deadline) in std::mem::take(&mut state.changes.deadlines) {
                self.scheduler.push(at, state.name.clone(), run, deadline);
            }
            state.changes = Default::default();
            domains.insert(state.name.to_string(), Arc::new(Domain::new(state)));
        }
    }
}
