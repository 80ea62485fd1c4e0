//! SWF's decision quotas, as the engine meets them: a decision over its rate, or an activity
//! task over its task list's rate, fails with its `*_RATE_EXCEEDED` cause. The buckets are the service's (`server/throttle.rs`); a service
//! started without throttling has none and every decision passes.

use crate::engine::state::DomainState;
use crate::server::DecisionQuota;

impl DomainState {
    /// Takes a token for one decision of this kind: `true` when it is over its rate and must
    /// fail.
    pub(super) fn over_decision_rate(&self, decision: DecisionQuota) -> bool {
        self.decision_rates
            .as_ref()
            .is_some_and(|rates| !rates.admit(decision))
    }

    /// Takes a token for one activity task scheduled on `task_list`: `true` when the list is
    /// over its rate and the decision must fail.
    pub(super) fn over_task_list_rate(&self, task_list: &str) -> bool {
        self.decision_rates
            .as_ref()
            .is_some_and(|rates| !rates.admit_task(&self.name, task_list))
    }
}
