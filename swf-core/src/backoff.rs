//! Jittered exponential backoff: the one rule for every wait before trying something again.
//!
//! The client's retries of a failed call ([`RetryConfig`](crate::RetryConfig)) and the polling
//! runtime's waits after a failed poll (feature `runtime`) both wait this way; each keeps its own
//! first wait and cap.
//!
//! # The rule
//!
//! Each wait has an upper *bound*: the first wait's bound is `first`, each later bound doubles,
//! and no bound exceeds `cap` (a cap below `first` is taken as `first`). The wait itself is drawn
//! uniformly from `[0, bound]`: *full jitter*.
//!
//! # Why full jitter
//!
//! Of the schemes AWS compared ("Exponential Backoff And Jitter", AWS Architecture Blog), full
//! jitter spreads many clients' retries best and finishes the work soonest. That matters for SWF:
//! a fleet of workers throttled at the same moment, or all losing the endpoint at once, must not
//! come back at the same moment. Jitter that only stretches a wait (to `[bound, 2 × bound)`, as
//! `backon`'s does) keeps the clients bunched around the same doubling steps and makes every wait
//! longer than it needs to be.
//!
//! ```
//! use std::time::Duration;
//! use swf_core::backoff::Backoff;
//!
//! let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(10));
//! // The first wait lies in [0, 100 ms], the second in [0, 200 ms], and so on up to 10 s.
//! assert!(backoff.next_wait() <= Duration::from_millis(100));
//! assert!(backoff.next_wait() <= Duration::from_millis(200));
//! // Endless: take as many as there are tries.
//! assert_eq!(backoff.take(3).count(), 3);
//! ```

use std::time::Duration;

/// Waits growing exponentially, each drawn with full jitter (see the [module docs](self)).
///
/// An endless [`Iterator`] of waits: bound the number of tries with [`Iterator::take`], start a
/// new `Backoff` when the thing waited for succeeds.
#[derive(Debug, Clone)]
pub struct Backoff {
    bounds: Bounds,
    rng: fastrand::Rng,
}

impl Backoff {
    /// Waits whose bounds start at `first` and double up to `cap`, randomly seeded so that
    /// processes started together do not wait in step.
    pub fn new(first: Duration, cap: Duration) -> Self {
        Backoff::with_rng(first, cap, fastrand::Rng::new())
    }

    /// As [`Backoff::new`], with the random draws seeded by `seed`: the same seed gives the same
    /// waits (for tests).
    pub fn with_seed(first: Duration, cap: Duration, seed: u64) -> Self {
        Backoff::with_rng(first, cap, fastrand::Rng::with_seed(seed))
    }

    fn with_rng(first: Duration, cap: Duration, rng: fastrand::Rng) -> Self {
        Backoff {
            bounds: Bounds::new(first, cap),
            rng,
        }
    }

    /// The next wait: uniform in `[0, bound]`, where the bound doubles after each wait up to the
    /// cap.
    pub fn next_wait(&mut self) -> Duration {
        let bound = self.bounds.next_bound();
        bound.mul_f64(self.rng.f64())
    }
}

impl Iterator for Backoff {
    type Item = Duration;

    /// Always `Some`: see [`Backoff::next_wait`].
    fn next(&mut self) -> Option<Duration> {
        Some(self.next_wait())
    }
}

/// The un-jittered bounds of a [`Backoff`]'s waits, in order: `first`, doubled each step, capped.
/// Endless.
#[derive(Debug, Clone)]
pub(crate) struct Bounds {
    next: Duration,
    cap: Duration,
}

impl Bounds {
    /// Bounds from `first` up to `cap`; a cap below `first` does not shrink the first bound.
    pub(crate) fn new(first: Duration, cap: Duration) -> Self {
        Bounds {
            next: first,
            cap: cap.max(first),
        }
    }

    fn next_bound(&mut self) -> Duration {
        let bound = self.next;
        self.next = bound.saturating_mul(2).min(self.cap);
        bound
    }
}

impl Iterator for Bounds {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        Some(self.next_bound())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn bounds_double_from_first_up_to_the_cap() {
        let bounds: Vec<Duration> = Bounds::new(100 * MS, 1000 * MS).take(7).collect();
        assert_eq!(
            bounds,
            [100, 200, 400, 800, 1000, 1000, 1000].map(|n| n * MS)
        );
    }

    #[test]
    fn a_cap_below_first_keeps_every_bound_at_first() {
        let bounds: Vec<Duration> = Bounds::new(500 * MS, 100 * MS).take(3).collect();
        assert_eq!(bounds, [500 * MS; 3]);
    }

    #[test]
    fn a_huge_cap_saturates_instead_of_overflowing() {
        let mut bounds = Bounds::new(Duration::from_secs(1), Duration::MAX);
        assert_eq!(bounds.nth(100), Some(Duration::MAX));
    }

    /// The rule exactly: each wait is its bound times one uniform draw from `[0, 1)`.
    #[test]
    fn each_wait_is_its_bound_scaled_by_a_uniform_draw() {
        let waits: Vec<Duration> = Backoff::with_seed(100 * MS, 1000 * MS, 7).take(8).collect();
        let mut rng = fastrand::Rng::with_seed(7);
        let expected: Vec<Duration> = Bounds::new(100 * MS, 1000 * MS)
            .take(8)
            .map(|bound| bound.mul_f64(rng.f64()))
            .collect();
        assert_eq!(waits, expected);
    }

    #[test]
    fn waits_spread_over_the_whole_of_zero_to_the_bound() {
        // 2,000 draws at a 1 s bound: every one within it, some in its lowest and highest tenths
        // (the chance that none is: 0.9^2000 each), so a jitter that only shrinks or only
        // stretches the bound fails.
        let waits: Vec<Duration> = Backoff::new(Duration::from_secs(1), Duration::from_secs(1))
            .take(2_000)
            .collect();
        assert!(waits.iter().all(|w| *w <= Duration::from_secs(1)));
        assert!(waits.iter().any(|w| *w < 100 * MS));
        assert!(waits.iter().any(|w| *w > 900 * MS));
    }

    #[test]
    fn a_seed_reproduces_its_waits_and_unseeded_backoffs_differ() {
        let waits = |b: Backoff| b.take(5).collect::<Vec<_>>();
        let (first, cap) = (Duration::from_secs(1), Duration::from_secs(10));
        assert_eq!(
            waits(Backoff::with_seed(first, cap, 7)),
            waits(Backoff::with_seed(first, cap, 7))
        );
        assert_ne!(
            waits(Backoff::new(first, cap)),
            waits(Backoff::new(first, cap))
        );
    }
}
