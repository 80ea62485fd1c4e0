//! SWF's API rate limits, as token buckets: opt-in, off by default.
//!
//! SWF throttles "using a token bucket scheme": each throttled operation has a bucket of
//! `burst` tokens that refills at `per_second` tokens a second; a call takes one token, and a
//! call that finds the bucket empty is refused with `ThrottlingException` (HTTP 400) and
//! changes nothing. Buckets are per account (swf-local serves one account, so one bucket per
//! operation for the whole service) and, for four operations, also per workflow execution.
//! A decision over its rate is not refused as a call but fails in the history with its
//! `*_RATE_EXCEEDED` cause (`ACTIVITY_CREATION_RATE_EXCEEDED`, ...), which the engine records
//! from [`DecisionRates`]. The buckets' sizes and rates are `throttle_config.rs`; buckets keyed
//! by a workflow or task list are forgotten once full again (`buckets.rs`).

use crate::engine::tokens::{TaskKind, TaskToken};
use crate::error::{Fault, FaultKind};
use crate::server::buckets::Buckets;
use crate::server::throttle_config::{DecisionQuota, RateLimit, ThrottleConfig};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;
use swf_core::Operation;

/// Which bucket a call draws from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(Operation),
    /// An operation in one domain's workflow: the workflow id, or the run id where the call
    /// names only a task token.
    Workflow(Operation, String, String),
}

/// The buckets of a running service.
#[derive(Debug)]
pub(crate) struct Throttle {
    config: ThrottleConfig,
    buckets: Mutex<Buckets<Key>>,
}

impl Throttle {
    pub(crate) fn new(config: ThrottleConfig) -> Throttle {
        Throttle {
            config,
            buckets: Mutex::default(),
        }
    }

    /// Takes a token from each bucket the call draws from, or refuses it as SWF does. The
    /// workflow bucket is checked first, so a call refused there takes no account token.
    pub(crate) fn admit(&self, op: Operation, body: &[u8]) -> Result<(), Fault> {
        let now = Instant::now();
        let mut keys = Vec::with_capacity(2);
        if let Some(limit) = self.config.per_workflow_limit(op)
            && let Some((domain, workflow)) = workflow_of(op, body)
        {
            keys.push((Key::Workflow(op, domain, workflow), limit));
        }
        if let Some(limit) = self.config.limit(op) {
            keys.push((Key::Account(op), limit));
        }
        if keys.is_empty() {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        for (key, limit) in keys {
            if !buckets.take(key, limit, now) {
                return Err(throttled());
            }
        }
        Ok(())
    }

    /// How many buckets are kept, for [`crate::Server::keyed_entries`].
    pub(crate) fn bucket_count(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// The decision buckets of a running service, which the engine draws from as it carries out
/// decisions.
#[derive(Debug)]
pub(crate) struct DecisionRates {
    limits: BTreeMap<DecisionQuota, RateLimit>,
    buckets: Mutex<Buckets<DecisionQuota>>,
    per_task_list: Option<RateLimit>,
    /// By domain and task list name.
    task_lists: Mutex<Buckets<(String, String)>>,
}

impl DecisionRates {
    /// The decision buckets `config` sets, or `None` when it sets none.
    pub(crate) fn of(config: &ThrottleConfig) -> Option<DecisionRates> {
        let limits = config.decision_limits();
        let any = !limits.is_empty() || config.tasks_per_task_list().is_some();
        any.then(|| DecisionRates {
            limits,
            buckets: Mutex::default(),
            per_task_list: config.tasks_per_task_list(),
            task_lists: Mutex::default(),
        })
    }

    /// Takes a token for one decision of this kind: `false` when it is over its rate.
    pub(crate) fn admit(&self, decision: DecisionQuota) -> bool {
        let Some(limit) = self.limits.get(&decision).copied() else {
            return true;
        };
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        buckets.take(decision, limit, now)
    }
}

impl DecisionRates {
    /// Takes a token for one activity task scheduled on `task_list` of `domain`: `false` when
    /// the list is over its rate.
    pub(crate) fn admit_task(&self, domain: &str, task_list: &str) -> bool {
        let Some(limit) = self.per_task_list else {
            return true;
        };
        let now = Instant::now();
        let mut buckets = self.task_lists.lock().unwrap_or_else(|e| e.into_inner());
        buckets.take((domain.to_owned(), task_list.to_owned()), limit, now)
    }

    /// How many task lists' buckets are kept, for [`crate::Server::keyed_entries`].
    pub(crate) fn task_list_bucket_count(&self) -> usize {
        self.task_lists
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }
}

/// SWF's answer to a call over its rate: 400 `ThrottlingException`, "Rate exceeded".
pub(crate) fn throttled() -> Fault {
    Fault::new(FaultKind::Throttling, "Rate exceeded")
}

/// The members that name a call's workflow execution, in each operation's input.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Names {
    domain: Option<String>,
    workflow_id: Option<String>,
    execution: Option<ExecutionNames>,
    task_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExecutionNames {
    workflow_id: String,
}

/// The domain and workflow (or run) a call addresses, for the workflow-level buckets; `None`
/// for a body that does not say (the operation's own validation then refuses it).
fn workflow_of(op: Operation, body: &[u8]) -> Option<(String, String)> {
    let names: Names = serde_json::from_slice(body).ok()?;
    match op {
        Operation::RecordActivityTaskHeartbeat => {
            let token = TaskToken::decode(names.task_token.as_deref()?, TaskKind::Activity).ok()?;
            Some((token.domain, token.run_id))
        }
        Operation::GetWorkflowExecutionHistory => {
            Some((names.domain?, names.execution?.workflow_id))
        }
        _ => Some((names.domain?, names.workflow_id?)),
    }
}
