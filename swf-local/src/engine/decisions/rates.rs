//! SWF's decision quotas, as the engine meets them: a decision over its rate fails with its
//! `*_RATE_EXCEEDED` cause. The buckets are the service's (`server/throttle.rs`); a service
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
}
