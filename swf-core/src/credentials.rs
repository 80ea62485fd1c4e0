//! Keeping credentials between calls.
//!
//! A credentials provider from `aws-config` does not cache: each `provide_credentials` may read a
//! profile file, call STS or IMDS. (The AWS SDK caches in a separate identity cache that belongs to
//! its runtime, not to the provider.) Signing needs credentials on every attempt, so the client
//! keeps the last ones here and asks the provider again only when they are about to expire, or
//! every [`REFRESH_UNDATED`] for credentials without an expiry (so rotated keys in a profile file
//! are picked up).

use std::fmt;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use tokio::sync::Mutex;

/// How long before their expiry credentials are replaced. A request signed just before expiry is
/// refused if it arrives just after; a minute covers a long poll's connection setup and retries.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

/// How long credentials without an expiry are kept (as the AWS SDK's identity cache does).
const REFRESH_UNDATED: Duration = Duration::from_secs(15 * 60);

/// How long a provider may take; the AWS SDK's default load timeout.
const LOAD_TIMEOUT: Duration = Duration::from_secs(5);

/// The configured provider and the credentials it last gave.
pub(crate) struct CredentialsCache {
    provider: SharedCredentialsProvider,
    // A tokio mutex held across the provider call, so that concurrent calls at expiry wait for one
    // refresh instead of each asking the provider.
    cached: Mutex<Option<Cached>>,
}

struct Cached {
    credentials: Credentials,
    refresh_at: SystemTime,
}

impl CredentialsCache {
    pub(crate) fn new(provider: SharedCredentialsProvider) -> Self {
        CredentialsCache {
            provider,
            cached: Mutex::new(None),
        }
    }

    /// Credentials valid for at least [`EXPIRY_MARGIN`], from the cache or the provider.
    pub(crate) async fn get(&self) -> Result<Credentials, CredentialsError> {
        let mut cached = self.cached.lock().await;
        let now = SystemTime::now();
        if let Some(c) = cached.as_ref().filter(|c| now < c.refresh_at) {
            return Ok(c.credentials.clone());
        }
        let credentials = tokio::time::timeout(LOAD_TIMEOUT, self.provider.provide_credentials())
            .await
            .map_err(|_| CredentialsError::provider_timed_out(LOAD_TIMEOUT))??;
        let refresh_at = match credentials.expiry() {
            Some(expiry) => expiry.checked_sub(EXPIRY_MARGIN).unwrap_or(expiry),
            None => now + REFRESH_UNDATED,
        };
        *cached = Some(Cached {
            credentials: credentials.clone(),
            refresh_at,
        });
        Ok(credentials)
    }
}

// By hand so that nothing of the credentials, nor of a user's provider, reaches a log.
impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::provider::future;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Hands out credentials expiring `valid_for` from now, counting the calls.
    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicUsize>,
        valid_for: Option<Duration>,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let expiry = self.valid_for.map(|d| SystemTime::now() + d);
            future::ProvideCredentials::ready(Ok(Credentials::new(
                format!("AKID{n}"),
                "secret",
                None,
                expiry,
                "counting",
            )))
        }
    }

    fn cache(valid_for: Option<Duration>) -> (CredentialsCache, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let provider = Counting {
            calls: calls.clone(),
            valid_for,
        };
        (
            CredentialsCache::new(SharedCredentialsProvider::new(provider)),
            calls,
        )
    }

    #[tokio::test]
    async fn credentials_are_reused_while_valid() {
        let (cache, calls) = cache(Some(Duration::from_secs(3600)));
        let a = cache.get().await.unwrap();
        let b = cache.get().await.unwrap();
        assert_eq!(a.access_key_id(), b.access_key_id());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn undated_credentials_are_reused() {
        let (cache, calls) = cache(None);
        cache.get().await.unwrap();
        cache.get().await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn credentials_about_to_expire_are_replaced() {
        let (cache, calls) = cache(Some(EXPIRY_MARGIN / 2));
        let a = cache.get().await.unwrap();
        let b = cache.get().await.unwrap();
        assert_ne!(a.access_key_id(), b.access_key_id());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn debug_shows_no_secret() {
        let provider = Credentials::new("AKIDSHOWN", "very-secret", None, None, "test");
        let cache = CredentialsCache::new(SharedCredentialsProvider::new(provider));
        let text = format!("{cache:?}");
        assert!(
            !text.contains("very-secret") && !text.contains("AKIDSHOWN"),
            "{text}"
        );
    }
}
