//! The wait between failed polls: the workspace's one [`Backoff`] (full jitter), with bounds
//! doubling from 100 ms to 10 s, so each wait lies in `[0, bound]`.

use std::time::Duration;

use crate::backoff::Backoff;

/// The bound of the first wait after a failed poll.
pub(crate) const MIN_POLL_DELAY: Duration = Duration::from_millis(100);

/// The largest bound of a wait between failed polls.
pub(crate) const MAX_POLL_DELAY: Duration = Duration::from_secs(10);

/// The waits after consecutive failed polls; a new one after each successful poll.
#[derive(Debug)]
pub(crate) struct PollBackoff(Backoff);

impl PollBackoff {
    pub(crate) fn new() -> Self {
        PollBackoff(Backoff::new(MIN_POLL_DELAY, MAX_POLL_DELAY))
    }

    /// The wait before the next poll.
    pub(crate) fn next_delay(&mut self) -> Duration {
        self.0.next_wait()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_lie_within_bounds_doubling_from_100ms_to_10s_and_reach_below_half_of_them() {
        let mut firsts = std::collections::BTreeSet::new();
        let mut below_half = 0;
        for _ in 0..50 {
            let mut backoff = PollBackoff::new();
            let mut bound = MIN_POLL_DELAY;
            for _ in 0..12 {
                let wait = backoff.next_delay();
                assert!(wait <= bound, "{wait:?} for {bound:?}");
                below_half += usize::from(wait < bound / 2);
                bound = (bound * 2).min(MAX_POLL_DELAY);
            }
            firsts.insert(PollBackoff::new().next_delay());
        }
        // Full jitter draws from the whole of [0, bound]: about half of the 600 waits fall in the
        // lower half (the chance that fewer than 200 do is below 10^-16), which a jitter that only
        // stretches the bound, or none, never gives.
        assert!(
            below_half > 200,
            "{below_half} of 600 waits below half their bound"
        );
        // Randomly seeded: a fleet of processes does not wait in step.
        assert!(
            firsts.len() > 40,
            "{} distinct first waits of 50",
            firsts.len()
        );
    }
}
