//! How calls and decisions are throttled: the token buckets' sizes and refill rates, SWF's
//! documented defaults, and the `OP=RATE/BURST` form of the `--throttle-rate` flag.
//!
//! Every default below is the Amazon SWF Developer Guide's "Amazon SWF Quotas" page
//! (<https://docs.aws.amazon.com/amazonswf/latest/developerguide/swf-dg-limits.html>), section
//! "Amazon SWF throttling quotas": the table "Throttling quotas for all Regions" for the account
//! buckets, "Workflow-level quotas" for the per-execution ones and "Decision quotas for all
//! Regions" for the decisions; and, from its "Quotas on Task Executions", the 2,000 tasks
//! scheduled a second per task list.

use std::collections::BTreeMap;
use std::fmt;
use swf_core::Operation;

/// A setting that cannot be used, naming the setting and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{setting}: {problem}")]
pub struct SettingError {
    /// The setting, as the flag, builder method or JSON member names it.
    pub setting: String,
    /// What is wrong with its value.
    pub problem: String,
}

impl SettingError {
    pub(crate) fn new(setting: impl Into<String>, problem: impl Into<String>) -> SettingError {
        SettingError {
            setting: setting.into(),
            problem: problem.into(),
        }
    }
}

/// One token bucket: holds at most `burst` tokens and gains `per_second` tokens a second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    per_second: f64,
    burst: u32,
}

impl RateLimit {
    /// A bucket of `burst` tokens refilled at `per_second` tokens a second. A rate of 0 never
    /// refills: `burst` calls are allowed, then none.
    pub fn new(per_second: f64, burst: u32) -> Result<RateLimit, SettingError> {
        if !per_second.is_finite() || per_second < 0.0 {
            return Err(SettingError::new(
                "rate",
                format!(
                    "{per_second} is not a rate: it must be a finite number of calls a second, 0 or more"
                ),
            ));
        }
        Ok(RateLimit { per_second, burst })
    }

    /// Tokens gained a second.
    pub fn per_second(&self) -> f64 {
        self.per_second
    }

    /// The bucket's size: how many calls may come at once after a quiet spell.
    pub fn burst(&self) -> u32 {
        self.burst
    }

    const fn table(burst: u32, per_second: u32) -> RateLimit {
        RateLimit {
            per_second: per_second as f64,
            burst,
        }
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.per_second, self.burst)
    }
}

/// The account buckets: the guide's "Throttling quotas for all Regions" (bucket size, refill
/// rate per second). Operations not listed are not throttled.
const ACCOUNT_DEFAULTS: [(Operation, RateLimit); 39] = {
    use Operation::*;
    let t = RateLimit::table;
    [
        (CountClosedWorkflowExecutions, t(2000, 6)),
        (CountOpenWorkflowExecutions, t(2000, 6)),
        (CountPendingActivityTasks, t(200, 6)),
        (CountPendingDecisionTasks, t(200, 6)),
        (DeleteActivityType, t(200, 6)),
        (DeleteWorkflowType, t(200, 6)),
        (DeprecateActivityType, t(200, 6)),
        (DeprecateDomain, t(100, 6)),
        (DeprecateWorkflowType, t(200, 6)),
        (DescribeActivityType, t(2000, 6)),
        (DescribeDomain, t(200, 6)),
        (DescribeWorkflowExecution, t(2000, 6)),
        (DescribeWorkflowType, t(2000, 6)),
        (GetWorkflowExecutionHistory, t(2000, 60)),
        (ListActivityTypes, t(200, 6)),
        (ListClosedWorkflowExecutions, t(200, 6)),
        (ListDomains, t(100, 6)),
        (ListOpenWorkflowExecutions, t(200, 48)),
        (ListTagsForResource, t(50, 30)),
        (ListWorkflowTypes, t(200, 6)),
        (PollForActivityTask, t(2000, 200)),
        (PollForDecisionTask, t(2000, 200)),
        (RecordActivityTaskHeartbeat, t(2000, 160)),
        (RegisterActivityType, t(200, 60)),
        (RegisterDomain, t(100, 6)),
        (RegisterWorkflowType, t(200, 60)),
        (RequestCancelWorkflowExecution, t(2000, 30)),
        (RespondActivityTaskCanceled, t(2000, 200)),
        (RespondActivityTaskCompleted, t(2000, 200)),
        (RespondActivityTaskFailed, t(2000, 200)),
        (RespondDecisionTaskCompleted, t(2000, 200)),
        (SignalWorkflowExecution, t(2000, 30)),
        (StartWorkflowExecution, t(2000, 200)),
        (TagResource, t(50, 30)),
        (TerminateWorkflowExecution, t(2000, 60)),
        (UndeprecateActivityType, t(200, 6)),
        (UndeprecateDomain, t(100, 6)),
        (UndeprecateWorkflowType, t(200, 6)),
        (UntagResource, t(50, 30)),
    ]
};

/// The per-execution buckets: the guide's "Workflow-level quotas", which "can't be increased".
const WORKFLOW_DEFAULTS: [(Operation, RateLimit); 4] = {
    use Operation::*;
    let t = RateLimit::table;
    [
        (GetWorkflowExecutionHistory, t(400, 200)),
        (SignalWorkflowExecution, t(1000, 1000)),
        (RecordActivityTaskHeartbeat, t(1000, 1000)),
        (RequestCancelWorkflowExecution, t(200, 200)),
    ]
};

/// The decisions SWF throttles per account: each fails with its own `*_RATE_EXCEEDED` cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DecisionQuota {
    /// `ScheduleActivityTask`: fails with `ACTIVITY_CREATION_RATE_EXCEEDED`.
    ScheduleActivityTask,
    /// `StartTimer`: fails with `TIMER_CREATION_RATE_EXCEEDED`.
    StartTimer,
    /// `StartChildWorkflowExecution`: fails with `CHILD_CREATION_RATE_EXCEEDED`.
    StartChildWorkflowExecution,
    /// `SignalExternalWorkflowExecution`: fails with
    /// `SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED`.
    SignalExternalWorkflowExecution,
    /// `RequestCancelExternalWorkflowExecution`: fails with
    /// `REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED`.
    RequestCancelExternalWorkflowExecution,
}

/// The decision buckets: the guide's "Decision quotas for all Regions".
const DECISION_DEFAULTS: [(DecisionQuota, RateLimit); 5] = {
    use DecisionQuota::*;
    let t = RateLimit::table;
    [
        (RequestCancelExternalWorkflowExecution, t(1200, 120)),
        (ScheduleActivityTask, t(1000, 200)),
        (SignalExternalWorkflowExecution, t(1200, 120)),
        (StartChildWorkflowExecution, t(500, 12)),
        (StartTimer, t(2000, 200)),
    ]
};

/// The guide's "Quotas on Task Executions": "You can schedule a maximum of 2,000 tasks per second
/// on a particular task list. If you exceed 2,000, your `ScheduleActivityTask` decisions will fail
/// with `ACTIVITY_CREATION_RATE_EXCEEDED` error." A bucket of one second's worth.
const TASKS_PER_TASK_LIST: RateLimit = RateLimit::table(2000, 2000);

/// Which calls are throttled, and how: a bucket per operation for the account, and for a few
/// operations one per workflow execution too; and a bucket per throttled decision.
///
/// ```
/// use swf_core::Operation;
/// use swf_local::{RateLimit, ThrottleConfig};
///
/// // SWF's documented defaults, with polls held to 20 a second in bursts of 50.
/// let mut throttle = ThrottleConfig::swf_defaults();
/// throttle.set(Operation::PollForActivityTask, RateLimit::new(20.0, 50).unwrap());
/// // Or only one operation throttled, every other unlimited.
/// let mut only = ThrottleConfig::none();
/// only.set(Operation::StartWorkflowExecution, RateLimit::new(10.0, 5).unwrap());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThrottleConfig {
    account: BTreeMap<Operation, RateLimit>,
    per_workflow: BTreeMap<Operation, RateLimit>,
    decisions: BTreeMap<DecisionQuota, RateLimit>,
    tasks_per_task_list: Option<RateLimit>,
}

impl ThrottleConfig {
    /// SWF's documented defaults: every operation's account bucket, the four workflow-level
    /// buckets and the five decision buckets (see the module source for the tables and where
    /// they come from).
    pub fn swf_defaults() -> ThrottleConfig {
        ThrottleConfig {
            account: ACCOUNT_DEFAULTS.into_iter().collect(),
            per_workflow: WORKFLOW_DEFAULTS.into_iter().collect(),
            decisions: DECISION_DEFAULTS.into_iter().collect(),
            tasks_per_task_list: Some(TASKS_PER_TASK_LIST),
        }
    }

    /// Sets the bucket of each activity task list (`None`: no limit): a `ScheduleActivityTask`
    /// decision past its list's rate fails with `ACTIVITY_CREATION_RATE_EXCEEDED`.
    pub fn set_tasks_per_task_list(&mut self, limit: Option<RateLimit>) -> &mut Self {
        self.tasks_per_task_list = limit;
        self
    }

    /// The bucket of each activity task list, if there is one.
    pub fn tasks_per_task_list(&self) -> Option<RateLimit> {
        self.tasks_per_task_list
    }

    /// Sets the bucket of a kind of decision: past its rate, the decision fails with its
    /// `*_RATE_EXCEEDED` cause.
    pub fn set_decision(&mut self, decision: DecisionQuota, limit: RateLimit) -> &mut Self {
        self.decisions.insert(decision, limit);
        self
    }

    /// The bucket of a kind of decision, if it has one.
    pub fn decision_limit(&self, decision: DecisionQuota) -> Option<RateLimit> {
        self.decisions.get(&decision).copied()
    }

    /// Every decision bucket.
    pub(crate) fn decision_limits(&self) -> BTreeMap<DecisionQuota, RateLimit> {
        self.decisions.clone()
    }

    /// No bucket at all: nothing is throttled until [`set`](Self::set) adds one.
    pub fn none() -> ThrottleConfig {
        ThrottleConfig::default()
    }

    /// Sets the account bucket of `op` (the one bucket every call of `op` draws from).
    pub fn set(&mut self, op: Operation, limit: RateLimit) -> &mut Self {
        self.account.insert(op, limit);
        self
    }

    /// Sets the per-execution bucket of `op`. Only the operations SWF throttles per workflow
    /// execution have one: `GetWorkflowExecutionHistory`, `SignalWorkflowExecution`,
    /// `RecordActivityTaskHeartbeat` and `RequestCancelWorkflowExecution`.
    pub fn set_per_workflow(
        &mut self,
        op: Operation,
        limit: RateLimit,
    ) -> Result<&mut Self, SettingError> {
        if !WORKFLOW_DEFAULTS.iter().any(|(o, _)| *o == op) {
            return Err(SettingError::new(
                "per-workflow throttle",
                format!(
                    "SWF has no workflow-level bucket for {}; only GetWorkflowExecutionHistory, SignalWorkflowExecution, RecordActivityTaskHeartbeat and RequestCancelWorkflowExecution have one",
                    op.name()
                ),
            ));
        }
        self.per_workflow.insert(op, limit);
        Ok(self)
    }

    /// Removes every bucket of `op`: its calls are never throttled.
    pub fn unlimit(&mut self, op: Operation) -> &mut Self {
        self.account.remove(&op);
        self.per_workflow.remove(&op);
        self
    }

    /// The account bucket of `op`, if it has one.
    pub fn limit(&self, op: Operation) -> Option<RateLimit> {
        self.account.get(&op).copied()
    }

    /// The per-execution bucket of `op`, if it has one.
    pub fn per_workflow_limit(&self, op: Operation) -> Option<RateLimit> {
        self.per_workflow.get(&op).copied()
    }

    /// Applies one `OP=RATE/BURST` override, the form of the `--throttle-rate` flag:
    /// `StartWorkflowExecution=10/5` is 10 calls a second in bursts of 5.
    pub fn apply_override(&mut self, text: &str) -> Result<&mut Self, SettingError> {
        let (op, limit) = parse_override(text)?;
        Ok(self.set(op, limit))
    }
}

/// Reads `OP=RATE/BURST`.
pub(crate) fn parse_override(text: &str) -> Result<(Operation, RateLimit), SettingError> {
    let setting = "--throttle-rate";
    let form = "expected OP=RATE/BURST, e.g. StartWorkflowExecution=10/5";
    let (name, limit) = text
        .split_once('=')
        .ok_or_else(|| SettingError::new(setting, format!("'{text}' has no '=': {form}")))?;
    let op = Operation::from_name(name.trim()).ok_or_else(|| {
        SettingError::new(
            setting,
            format!("'{name}' is not an SWF operation (e.g. StartWorkflowExecution)"),
        )
    })?;
    let (rate, burst) = limit
        .split_once('/')
        .ok_or_else(|| SettingError::new(setting, format!("'{limit}' has no '/': {form}")))?;
    let rate: f64 = rate.trim().parse().map_err(|_| {
        SettingError::new(setting, format!("rate '{rate}' is not a number: {form}"))
    })?;
    let burst: u32 = burst.trim().parse().map_err(|_| {
        SettingError::new(
            setting,
            format!("burst '{burst}' is not a whole number of calls: {form}"),
        )
    })?;
    let limit = RateLimit::new(rate, burst).map_err(|e| SettingError::new(setting, e.problem))?;
    Ok((op, limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_documented_account_bucket() {
        let defaults = ThrottleConfig::swf_defaults();
        for op in Operation::ALL {
            assert!(defaults.limit(op).is_some(), "{}", op.name());
        }
        let start = defaults.limit(Operation::StartWorkflowExecution).unwrap();
        assert_eq!((start.burst(), start.per_second()), (2000, 200.0));
        let history = defaults
            .per_workflow_limit(Operation::GetWorkflowExecutionHistory)
            .unwrap();
        assert_eq!((history.burst(), history.per_second()), (400, 200.0));
    }

    #[test]
    fn overrides_parse_and_bad_ones_name_the_problem() {
        let mut c = ThrottleConfig::none();
        c.apply_override("StartWorkflowExecution=10/5").unwrap();
        let l = c.limit(Operation::StartWorkflowExecution).unwrap();
        assert_eq!((l.per_second(), l.burst()), (10.0, 5));
        for (bad, says) in [
            ("StartWorkflowExecution", "has no '='"),
            ("Start=1/1", "not an SWF operation"),
            ("StartWorkflowExecution=10", "has no '/'"),
            ("StartWorkflowExecution=x/5", "rate 'x'"),
            ("StartWorkflowExecution=1/-1", "burst '-1'"),
            ("StartWorkflowExecution=-1/1", "finite number"),
        ] {
            let e = c.apply_override(bad).unwrap_err();
            assert_eq!(e.setting, "--throttle-rate");
            assert!(e.problem.contains(says), "{bad}: {e}");
        }
        assert!(
            c.set_per_workflow(Operation::StartWorkflowExecution, l)
                .is_err()
        );
    }
}
