//! Retrying activities: decided by the workflow, from its history, with timers for the backoff.
//!
//! SWF does not retry activities; the decider does, deterministically. A retried activity is a
//! series of attempts with their own activity ids (`charge`, `charge#2`, `charge#3`, …), separated
//! by timers of the same names (`charge#2` fires before attempt 2 is scheduled). The names can be
//! chosen with [`RetryPolicy::attempt_ids`], to replay histories that other frameworks wrote. Each
//! run walks the attempts in the history: the outcome is the first attempt that completed, or the
//! last one once the policy gives up. Because the walk only reads the history, a replay retries
//! exactly as the original run did, and the history shows every attempt and every wait.
//!
//! The workflow keeps naming the series by its own id: the handle, `request_cancel_activity("charge")`
//! and [`first_of`](crate::WorkflowContext::first_of) reach whichever attempt is current. Canceling
//! the series while it waits for a backoff timer cancels the timer, and a canceled backoff timer
//! ends the series as canceled.
//!
//! The worker only reports a failure; whether it is worth another attempt is the workflow's call:
//! failures whose reason is listed as non-retryable, cancellations, and refusals to schedule that
//! more attempts cannot fix (an unknown activity type) end the series at once.

use std::time::Duration;

use swf_core::types::ScheduleActivityTaskFailedCause;

use crate::attempt_ids::AttemptIds;
use crate::state::ActivityStatus;

/// How an activity is retried: how many attempts, how long to wait between them, and which
/// failures are not worth another attempt.
///
/// ```
/// use std::time::Duration;
/// use swf_decider::RetryPolicy;
///
/// let policy = RetryPolicy::new(5)
///     .initial_interval(Duration::from_secs(2))
///     .backoff_coefficient(3.0)
///     .maximum_interval(Duration::from_secs(60))
///     .non_retryable_reason("CardDeclined");
/// assert_eq!(policy.delay_before(2), Duration::from_secs(2));
/// assert_eq!(policy.delay_before(3), Duration::from_secs(6));
/// assert_eq!(policy.delay_before(5), Duration::from_secs(54));
/// assert_eq!(policy.ids().activity_id("charge", 2), "charge#2");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    maximum_attempts: u32,
    initial_interval: Duration,
    backoff_coefficient: f64,
    maximum_interval: Option<Duration>,
    non_retryable_reasons: Vec<String>,
    retry_timeouts: bool,
    ids: AttemptIds,
}

impl RetryPolicy {
    /// At most `maximum_attempts` attempts in all (0: no limit), the first retry after 1 s, each
    /// later wait twice the one before, timeouts retried, every failure reason retryable.
    pub fn new(maximum_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            maximum_attempts,
            initial_interval: Duration::from_secs(1),
            backoff_coefficient: 2.0,
            maximum_interval: None,
            non_retryable_reasons: Vec::new(),
            retry_timeouts: true,
            ids: AttemptIds::default(),
        }
    }

    /// The wait before the second attempt. SWF timers count whole seconds, so waits are rounded
    /// up; a zero wait schedules the next attempt in the same decision. Default: 1 s.
    pub fn initial_interval(mut self, interval: Duration) -> RetryPolicy {
        self.initial_interval = interval;
        self
    }

    /// How much longer each wait is than the one before. Default: 2.0.
    pub fn backoff_coefficient(mut self, coefficient: f64) -> RetryPolicy {
        self.backoff_coefficient = coefficient.max(1.0);
        self
    }

    /// The longest wait. Default: no limit.
    pub fn maximum_interval(mut self, interval: Duration) -> RetryPolicy {
        self.maximum_interval = Some(interval);
        self
    }

    /// A failure reason (as the worker reports it) that ends the series at once.
    pub fn non_retryable_reason(mut self, reason: impl Into<String>) -> RetryPolicy {
        self.non_retryable_reasons.push(reason.into());
        self
    }

    /// Whether timed-out attempts are retried. Default: true.
    pub fn retry_timeouts(mut self, retry: bool) -> RetryPolicy {
        self.retry_timeouts = retry;
        self
    }

    /// How attempts and backoff timers are named. Default: [`AttemptIds::default`] (`id`,
    /// `id#2`, `id#3`, …, each timer named like the attempt it precedes). Changing the names of a
    /// running workflow's attempts is a change its history will not replay.
    pub fn attempt_ids(mut self, ids: AttemptIds) -> RetryPolicy {
        self.ids = ids;
        self
    }

    /// How attempts and backoff timers are named.
    pub fn ids(&self) -> &AttemptIds {
        &self.ids
    }

    /// The most attempts in all; 0 means no limit.
    pub fn maximum_attempts(&self) -> u32 {
        self.maximum_attempts
    }

    /// The wait before attempt `attempt` (2 or more): `initial × coefficient^(attempt − 2)`,
    /// capped by the maximum interval.
    pub fn delay_before(&self, attempt: u32) -> Duration {
        if attempt < 2 || self.initial_interval.is_zero() {
            return Duration::ZERO;
        }
        let factor = self
            .backoff_coefficient
            .powi((attempt - 2).min(1_000) as i32);
        let secs = (self.initial_interval.as_secs_f64() * factor).min(u32::MAX as f64);
        let delay = Duration::from_secs_f64(secs);
        match self.maximum_interval {
            Some(max) => delay.min(max),
            None => delay,
        }
    }

    /// Whether an attempt that ended with `status` is followed by another, after attempt number
    /// `attempt`.
    pub(crate) fn retries_after(&self, status: &ActivityStatus, attempt: u32) -> bool {
        if self.maximum_attempts != 0 && attempt >= self.maximum_attempts {
            return false;
        }
        match status {
            ActivityStatus::Failed { reason, .. } => {
                let reason = reason.as_deref().unwrap_or_default();
                !self.non_retryable_reasons.iter().any(|r| r == reason)
            }
            ActivityStatus::TimedOut { .. } => self.retry_timeouts,
            // Limits and rates pass; a missing or deprecated type or a missing default does not.
            ActivityStatus::ScheduleFailed { cause } => matches!(
                cause,
                ScheduleActivityTaskFailedCause::OpenActivitiesLimitExceeded
                    | ScheduleActivityTaskFailedCause::ActivityCreationRateExceeded
            ),
            ActivityStatus::Scheduled
            | ActivityStatus::Started
            | ActivityStatus::Completed { .. }
            | ActivityStatus::Canceled { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_cap() {
        let p = RetryPolicy::new(0).maximum_interval(Duration::from_secs(5));
        let delays: Vec<u64> = (1..=6).map(|a| p.delay_before(a).as_secs()).collect();
        assert_eq!(delays, [0, 1, 2, 4, 5, 5]);
    }

    #[test]
    fn decides_which_outcomes_retry() {
        let p = RetryPolicy::new(3)
            .non_retryable_reason("Fatal")
            .retry_timeouts(false);
        let failed = |r: &str| ActivityStatus::Failed {
            reason: Some(r.into()),
            details: None,
        };
        assert!(p.retries_after(&failed("Flaky"), 1));
        assert!(p.retries_after(&failed("Flaky"), 2));
        assert!(
            !p.retries_after(&failed("Flaky"), 3),
            "three attempts in all"
        );
        assert!(!p.retries_after(&failed("Fatal"), 1));
        let timed_out = ActivityStatus::TimedOut {
            timeout_type: Default::default(),
            details: None,
        };
        assert!(!p.retries_after(&timed_out, 1));
        assert!(!p.retries_after(&ActivityStatus::Canceled { details: None }, 1));
        let limit = ScheduleActivityTaskFailedCause::OpenActivitiesLimitExceeded;
        assert!(p.retries_after(&ActivityStatus::ScheduleFailed { cause: limit }, 1));
        let unknown = ScheduleActivityTaskFailedCause::ActivityTypeDoesNotExist;
        assert!(!p.retries_after(&ActivityStatus::ScheduleFailed { cause: unknown }, 1));
        assert_eq!(p.ids().activity_id("charge", 1), "charge");
        assert_eq!(p.ids().activity_id("charge", 3), "charge#3");
    }
}
