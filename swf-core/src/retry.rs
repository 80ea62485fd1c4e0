//! When and how long to wait before trying a failed call again.
//!
//! Only errors that say so ([`Error::is_retryable`](crate::Error::is_retryable): throttling, 5xx,
//! connection failures, timeouts) are retried; a fault is an answer, and asking again gets the
//! same answer.
//!
//! The waits grow exponentially (`initial_backoff`, doubled each time, capped at `max_backoff`)
//! with *full jitter*: each wait is drawn uniformly from `[0, computed delay]`, by the workspace's
//! one [`Backoff`] (whose docs give the reasoning: a fleet of workers throttled at the same moment
//! must not come back at the same moment).

use std::time::Duration;

use crate::backoff::Backoff;
#[cfg(test)]
use crate::backoff::Bounds;

/// How a [`Client`](crate::Client) retries failed calls.
///
/// ```
/// use std::time::Duration;
/// use swf_core::RetryConfig;
///
/// let retry = RetryConfig::new()
///     .with_max_attempts(6)
///     .with_initial_backoff(Duration::from_millis(50))
///     .with_max_backoff(Duration::from_secs(5));
/// assert_eq!(retry.max_attempts(), 6);
/// assert_eq!(RetryConfig::disabled().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig::new()
    }
}

impl RetryConfig {
    /// The defaults: 4 attempts (3 retries), waits starting at 100 ms, at most 20 s.
    pub const fn new() -> Self {
        RetryConfig {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// One attempt, no retries.
    pub const fn disabled() -> Self {
        RetryConfig::new().with_max_attempts(1)
    }

    /// Sets the number of attempts, the first included. Default 4; 0 is taken as 1.
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// Sets the upper bound of the first wait; later bounds double. Default 100 ms.
    pub const fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the largest bound a wait can have. Default 20 s.
    pub const fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The number of attempts, the first included.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The upper bound of the first wait.
    pub const fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest bound a wait can have.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The waits before each retry, in order: `max_attempts - 1` of them.
    pub(crate) fn backoff(&self) -> std::iter::Take<Backoff> {
        Backoff::new(self.initial_backoff, self.max_backoff).take(self.retries())
    }

    /// The number of retries: every attempt but the first.
    fn retries(&self) -> usize {
        self.max_attempts.saturating_sub(1) as usize
    }

    /// The un-jittered delays: the upper bounds of the waits.
    #[cfg(test)]
    fn exponential(&self) -> std::iter::Take<Bounds> {
        Bounds::new(self.initial_backoff, self.max_backoff).take(self.retries())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_four_attempts_from_100ms_to_20s() {
        let c = RetryConfig::default();
        assert_eq!(c.max_attempts(), 4);
        assert_eq!(c.initial_backoff(), Duration::from_millis(100));
        assert_eq!(c.max_backoff(), Duration::from_secs(20));
    }

    #[test]
    fn bounds_double_up_to_the_cap_and_stop_after_max_attempts_minus_one() {
        let c = RetryConfig::new()
            .with_max_attempts(8)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(1000));
        let bounds: Vec<u64> = c.exponential().map(|d| d.as_millis() as u64).collect();
        assert_eq!(bounds, [100, 200, 400, 800, 1000, 1000, 1000]);
    }

    #[test]
    fn waits_lie_within_their_bounds_and_vary() {
        let c = RetryConfig::new().with_max_attempts(50);
        for _ in 0..20 {
            let waits: Vec<Duration> = c.backoff().collect();
            let bounds: Vec<Duration> = c.exponential().collect();
            assert_eq!(waits.len(), 49);
            for (w, b) in waits.iter().zip(&bounds) {
                assert!(w <= b, "{w:?} > {b:?}");
            }
        }
        // Full jitter reaches well below the bound: over many draws at the 20 s cap, some wait is
        // under half of it (the chance that none is: 2^-40).
        let waits: Vec<Duration> = c.backoff().skip(9).collect();
        assert!(waits.iter().any(|w| *w < Duration::from_secs(10)));
        assert!(waits.windows(2).any(|p| p[0] != p[1]));
    }

    #[test]
    fn disabled_and_zero_mean_a_single_attempt() {
        assert_eq!(RetryConfig::disabled().backoff().count(), 0);
        assert_eq!(RetryConfig::new().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn a_cap_below_the_initial_backoff_does_not_shrink_the_first_wait_bound() {
        let c = RetryConfig::new()
            .with_initial_backoff(Duration::from_millis(500))
            .with_max_backoff(Duration::from_millis(100));
        // Every one of the three waits of the default four attempts, not `all` of a possibly
        // empty sequence.
        let bounds: Vec<Duration> = c.exponential().collect();
        assert_eq!(bounds, [Duration::from_millis(500); 3]);
    }
}
