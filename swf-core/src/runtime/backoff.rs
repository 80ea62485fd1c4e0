//! The wait between failed polls: exponential from 100 ms to 10 s, each wait `d` stretched to a
//! random point of `[d, 2d)`.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};

/// The shortest wait after a failed poll (before jitter).
pub(crate) const MIN_POLL_DELAY: Duration = Duration::from_millis(100);

/// The longest wait between failed polls (before jitter).
pub(crate) const MAX_POLL_DELAY: Duration = Duration::from_secs(10);

/// The waits after consecutive failed polls; a new one after each successful poll.
#[derive(Debug)]
pub(crate) struct PollBackoff(ExponentialBackoff);

impl PollBackoff {
    pub(crate) fn new() -> Self {
        PollBackoff(
            ExponentialBuilder::new()
                .with_min_delay(MIN_POLL_DELAY)
                .with_max_delay(MAX_POLL_DELAY)
                .with_jitter()
                .without_max_times()
                .build(),
        )
    }

    /// The wait before the next poll.
    pub(crate) fn next_delay(&mut self) -> Duration {
        self.0.next().unwrap_or(MAX_POLL_DELAY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_100ms_to_10s_and_each_is_stretched_by_up_to_itself() {
        let mut firsts = std::collections::BTreeSet::new();
        for _ in 0..50 {
            let mut backoff = PollBackoff::new();
            let mut base = MIN_POLL_DELAY;
            for _ in 0..12 {
                let wait = backoff.next_delay();
                assert!(wait >= base && wait <= base * 2, "{wait:?} for {base:?}");
                base = (base * 2).min(MAX_POLL_DELAY);
            }
            firsts.insert(backoff_first());
        }
        // Randomly seeded: a fleet of processes does not wait in step.
        assert!(
            firsts.len() > 40,
            "{} distinct first waits of 50",
            firsts.len()
        );
    }

    fn backoff_first() -> Duration {
        PollBackoff::new().next_delay()
    }
}
