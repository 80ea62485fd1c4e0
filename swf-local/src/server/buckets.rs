//! Token buckets by key, forgetting the buckets that have filled up again.
//!
//! Many buckets are keyed by names the client chooses (a workflow id, a task list), often names
//! that match nothing stored: a call on an unknown workflow id takes a token before the engine
//! refuses it. Kept forever, those buckets would grow memory with every name ever used. A bucket
//! that has refilled to its burst behaves exactly as a bucket made fresh for its first call, so
//! it can be dropped and made again when needed: the map keeps only buckets that are still
//! refilling, swept when it has doubled since the last sweep, so sweeping costs O(1) a call
//! amortized.

use crate::server::throttle_config::RateLimit;
use std::collections::HashMap;
use std::hash::Hash;
use std::time::Instant;

/// The fewest buckets a map holds before it is swept: below this a sweep would cost more calls
/// than the memory it frees is worth.
const MIN_SWEEP: usize = 256;

/// A bucket's state: its tokens as of `at`, and the limit it fills by.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
    limit: RateLimit,
}

impl Bucket {
    /// A bucket as a key's first call finds it: full.
    fn fresh(limit: RateLimit, now: Instant) -> Bucket {
        Bucket {
            tokens: f64::from(limit.burst()),
            at: now,
            limit,
        }
    }

    /// The tokens the bucket holds at `now`: what it held, plus what it gained since, at most
    /// its burst.
    fn tokens_at(&self, now: Instant) -> f64 {
        let gained = now.saturating_duration_since(self.at).as_secs_f64() * self.limit.per_second();
        (self.tokens + gained).min(f64::from(self.limit.burst()))
    }

    /// Refills for the time since the last call, then takes a token if there is one.
    fn take(&mut self, now: Instant) -> bool {
        self.tokens = self.tokens_at(now);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Whether the bucket is full at `now`, and so the same as a fresh one.
    fn is_full(&self, now: Instant) -> bool {
        self.tokens_at(now) >= f64::from(self.limit.burst())
    }
}

/// The buckets of one kind, by key.
#[derive(Debug)]
pub(crate) struct Buckets<K> {
    map: HashMap<K, Bucket>,
    /// The size at which the next new key sweeps the full buckets out first.
    sweep_at: usize,
}

impl<K> Default for Buckets<K> {
    fn default() -> Buckets<K> {
        Buckets {
            map: HashMap::new(),
            sweep_at: MIN_SWEEP,
        }
    }
}

impl<K: Hash + Eq> Buckets<K> {
    /// Takes a token from `key`'s bucket (of `limit`, made full if the key has none): `false`
    /// when it is empty. A key's limit must be the same on every call.
    pub(crate) fn take(&mut self, key: K, limit: RateLimit, now: Instant) -> bool {
        if !self.map.contains_key(&key) && self.map.len() >= self.sweep_at {
            self.sweep(now);
        }
        self.map
            .entry(key)
            .or_insert_with(|| Bucket::fresh(limit, now))
            .take(now)
    }

    /// Drops every bucket that is full at `now`.
    fn sweep(&mut self, now: Instant) {
        self.map.retain(|_, bucket| !bucket.is_full(now));
        self.sweep_at = (self.map.len() * 2).max(MIN_SWEEP);
    }

    /// How many buckets are kept.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_allows_its_burst_then_its_rate() {
        let limit = RateLimit::new(10.0, 5).unwrap();
        let t0 = Instant::now();
        let mut bucket = Bucket::fresh(limit, t0);
        let burst = (0..20).filter(|_| bucket.take(t0)).count();
        assert_eq!(burst, 5);
        // One second later: ten more tokens, no more (the burst caps them at five).
        let later = t0 + Duration::from_secs(1);
        assert_eq!((0..20).filter(|_| bucket.take(later)).count(), 5);
        let soon = later + Duration::from_millis(250);
        assert_eq!((0..20).filter(|_| bucket.take(soon)).count(), 2);
    }

    /// Many keys whose buckets fill up again a microsecond after their one call, and one key
    /// emptied at the start and refilling at 10 tokens a second.
    fn many_keys_after_one(busy: RateLimit) -> (Buckets<String>, Instant) {
        let fast = RateLimit::new(1e6, 1).unwrap();
        let t0 = Instant::now();
        let mut buckets = Buckets::default();
        while buckets.take("busy".to_owned(), busy, t0) {}
        let mut now = t0;
        for i in 0..10 * MIN_SWEEP {
            now += Duration::from_micros(1);
            assert!(buckets.take(format!("name-{i}"), fast, now));
        }
        (buckets, now)
    }

    #[test]
    fn full_buckets_are_forgotten_and_refilling_ones_kept() {
        let (mut buckets, now) = many_keys_after_one(RateLimit::new(10.0, 2).unwrap());
        assert!(
            buckets.len() <= MIN_SWEEP,
            "{} buckets kept, all but two of them full",
            buckets.len()
        );
        // The emptied bucket was kept: it has gained 0.03 tokens, not enough for a call.
        assert!(!buckets.take("busy".to_owned(), RateLimit::new(10.0, 2).unwrap(), now));
    }

    #[test]
    fn a_bucket_that_never_refills_is_never_forgotten() {
        let spent = RateLimit::new(0.0, 1).unwrap();
        let (mut buckets, now) = many_keys_after_one(spent);
        assert!(!buckets.take("busy".to_owned(), spent, now + Duration::from_secs(3600)));
    }
}
