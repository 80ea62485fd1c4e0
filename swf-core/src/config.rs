//! Building a [`Client`]: region, endpoint, credentials, timeouts and retries, resolved the way the
//! AWS SDKs and CLI resolve them (the order is documented on [`ClientBuilder`], where users see
//! it).
//!
//! The timeouts differ by operation because SWF's long polls are meant to wait: the service holds
//! `PollForActivityTask` and `PollForDecisionTask` open for up to 60 s when there is no task, so
//! they get their own timeout, above 60 s, while every other call fails fast.
//!
//! `aws-config` is asked only for what the builder and the environment variables leave open,
//! because loading it may read profile files or wait on the instance metadata service.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use reqwest::Url;

use crate::Operation;
use crate::client::Client;
use crate::credentials::CredentialsCache;
use crate::error::Error;
use crate::retry::RetryConfig;

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_LONG_POLL_TIMEOUT: Duration = Duration::from_secs(70);
/// How long SWF holds a long poll open when there is no task.
const SERVICE_LONG_POLL: Duration = Duration::from_secs(60);

/// The settings a [`Client`] runs with, after resolution. Read-only; see [`Client::config`].
#[derive(Debug, Clone)]
pub struct Config {
    endpoint: Url,
    region: String,
    connect_timeout: Duration,
    request_timeout: Duration,
    long_poll_timeout: Duration,
    retry: RetryConfig,
}

impl Config {
    /// The endpoint requests are sent to, such as `https://swf.us-east-1.amazonaws.com/`.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The connect timeout (applies only to the HTTP client this crate builds).
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The timeout of one attempt of an ordinary call.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// The timeout of one attempt of `PollForActivityTask` or `PollForDecisionTask`.
    pub fn long_poll_timeout(&self) -> Duration {
        self.long_poll_timeout
    }

    /// How failed calls are retried.
    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    pub(crate) fn endpoint_url(&self) -> &Url {
        &self.endpoint
    }

    /// The timeout of one attempt of `op`.
    pub(crate) fn timeout_for(&self, op: Operation) -> Duration {
        if op.is_long_poll() {
            self.long_poll_timeout
        } else {
            self.request_timeout
        }
    }
}

/// Reads an environment variable. Injected so that tests need not touch the process environment,
/// which is shared by all tests running at once.
type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Builds a [`Client`]; obtained from [`Client::builder`].
///
/// Methods take `&mut self` and return it, as the worker's and decider's builders do, so settings
/// chain on a temporary (`Client::builder().region("eu-west-1").build().await`) or apply one by
/// one; [`build`](Self::build) leaves the builder as it was, so one builder can build several
/// clients.
///
/// Every setting is optional; the defaults are given on each method. What was not set is resolved
/// in [`build`](ClientBuilder::build), in this order:
///
/// | setting | from, in order |
/// | --- | --- |
/// | region | [`region`](Self::region), `AWS_REGION`, `AWS_DEFAULT_REGION`, then (feature `aws-config`) the profile and the EC2 instance metadata |
/// | endpoint | [`endpoint_url`](Self::endpoint_url), `AWS_ENDPOINT_URL_SWF`, `AWS_ENDPOINT_URL`, then `https://swf.<region>.amazonaws.com` |
/// | credentials | [`credentials_provider`](Self::credentials_provider) or [`static_credentials`](Self::static_credentials), then (feature `aws-config`) the standard chain: environment, profiles, SSO, web identity, ECS, IMDS; without the feature, `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` |
///
/// As in the AWS SDKs, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` makes the endpoint variables
/// ignored.
///
/// ```no_run
/// # async fn example() -> Result<(), swf_core::Error> {
/// use std::time::Duration;
/// use swf_core::{Client, RetryConfig};
///
/// let client = Client::builder()
///     .region("eu-west-1")
///     .request_timeout(Duration::from_secs(5))
///     .retry_config(RetryConfig::new().with_max_attempts(6))
///     .build()
///     .await?;
/// assert_eq!(client.config().endpoint(), "https://swf.eu-west-1.amazonaws.com/");
/// # Ok(())
/// # }
/// ```
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    connect_timeout: Duration,
    request_timeout: Duration,
    long_poll_timeout: Duration,
    retry: RetryConfig,
    http_client: Option<reqwest::Client>,
    env: EnvLookup,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// A builder with every setting at its default.
    pub fn new() -> Self {
        ClientBuilder {
            region: None,
            endpoint_url: None,
            credentials: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            long_poll_timeout: DEFAULT_LONG_POLL_TIMEOUT,
            retry: RetryConfig::new(),
            http_client: None,
            env: Arc::new(|name| std::env::var(name).ok()),
        }
    }

    /// Sets the region, such as `us-east-1`.
    ///
    /// Default: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else (feature `aws-config`) the region of
    /// the active profile or of the EC2 instance.
    pub fn region(&mut self, region: impl Into<String>) -> &mut Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the endpoint URL, such as `http://localhost:4566` for a local SWF.
    ///
    /// Default: `AWS_ENDPOINT_URL_SWF`, else `AWS_ENDPOINT_URL`, else
    /// `https://swf.<region>.amazonaws.com`.
    pub fn endpoint_url(&mut self, url: impl Into<String>) -> &mut Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Sets where credentials come from, for example a provider from `aws-config`.
    ///
    /// Default: the standard chain of `aws-config` (environment, profiles, SSO, web identity, ECS,
    /// IMDS) with the feature `aws-config`; without it, the `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` variables. The client keeps the credentials
    /// it gets until shortly before they expire.
    pub fn credentials_provider(
        &mut self,
        provider: impl ProvideCredentials + 'static,
    ) -> &mut Self {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sets fixed credentials. Default: see [`credentials_provider`](Self::credentials_provider).
    pub fn static_credentials(
        &mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> &mut Self {
        let credentials = Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "static",
        );
        self.credentials_provider(credentials)
    }

    /// Sets how long connecting to the endpoint may take. Default 3.1 s. Has no effect with
    /// [`http_client`](Self::http_client), whose own settings apply.
    pub fn connect_timeout(&mut self, timeout: Duration) -> &mut Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets how long one attempt of an ordinary call may take, from sending to the end of the
    /// answer. Default 10 s.
    pub fn request_timeout(&mut self, timeout: Duration) -> &mut Self {
        self.request_timeout = timeout;
        self
    }

    /// Sets how long one attempt of `PollForActivityTask` or `PollForDecisionTask` may take.
    /// Default 70 s.
    ///
    /// The service holds a poll open for up to 60 s before answering that there is no task, so
    /// this should stay above 60 s: a shorter timeout turns every empty poll into an error, and a
    /// task the service hands out just as the client gives up is lost until its timeout.
    pub fn long_poll_timeout(&mut self, timeout: Duration) -> &mut Self {
        self.long_poll_timeout = timeout;
        self
    }

    /// Sets how failed calls are retried. Default [`RetryConfig::new`]: 4 attempts, full-jitter
    /// exponential backoff from 100 ms up to 20 s.
    pub fn retry_config(&mut self, retry: RetryConfig) -> &mut Self {
        self.retry = retry;
        self
    }

    /// Sets the HTTP client to send requests with, for a proxy or custom TLS roots. Default: a
    /// client built with [`connect_timeout`](Self::connect_timeout). Per-attempt timeouts apply
    /// either way.
    pub fn http_client(&mut self, client: reqwest::Client) -> &mut Self {
        self.http_client = Some(client);
        self
    }

    /// Replaces where environment variables are read from (tests).
    #[cfg(test)]
    pub(crate) fn env(
        &mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> &mut Self {
        self.env = Arc::new(lookup);
        self
    }

    /// Resolves what was not set and builds the client. The builder is left as it was.
    ///
    /// An endpoint on this machine (`localhost`, `127.0.0.0/8`, `::1`: swf-local, moto) with no
    /// credentials given to the builder and none named by `AWS_ACCESS_KEY_ID` or `AWS_PROFILE` is
    /// signed with dummy credentials, and its region defaults to `us-east-1`: local services check
    /// no signature, and the standard chain would otherwise fail or wait on the instance metadata
    /// service for credentials nobody needs.
    ///
    /// Async because the `aws-config` chains may read files or ask the instance metadata service.
    /// Fails with [`ErrorKind::Config`](crate::ErrorKind::Config) when no region can be found,
    /// the endpoint URL is not an `http` or `https` URL, or (without the feature `aws-config`) no
    /// credentials are configured.
    pub async fn build(&self) -> Result<Client, Error> {
        let env = &*self.env;
        let region = resolve_region(self.region.clone(), env);
        let credentials = self.credentials.clone();
        let endpoint = configured_endpoint(self.endpoint_url.clone(), env);

        // A local SWF checks no signature, and the standard chain would fail there (or wait on
        // the instance metadata service) for credentials nobody needs: sign with dummy ones.
        let (region, credentials) = match &endpoint {
            Some(url)
                if credentials.is_none()
                    && is_loopback(url)
                    && !environment_has_credentials(env) =>
            {
                let local = Credentials::new("local", "local", None, None, "local endpoint");
                (
                    region.or_else(|| Some(LOCAL_REGION.to_owned())),
                    Some(SharedCredentialsProvider::new(local)),
                )
            }
            _ => (region, credentials),
        };

        // Load `aws-config` only for what is missing: it may read files or ask IMDS.
        #[cfg(feature = "aws-config")]
        let (region, credentials) = if region.is_none() || credentials.is_none() {
            let sdk = load_aws_config(region.as_deref()).await;
            (
                region.or_else(|| sdk.region().map(|r| r.as_ref().to_owned())),
                credentials.or_else(|| sdk.credentials_provider()),
            )
        } else {
            (region, credentials)
        };
        #[cfg(not(feature = "aws-config"))]
        let credentials =
            credentials.or_else(|| env_credentials(env).map(SharedCredentialsProvider::new));

        let region = region.ok_or_else(|| {
            Error::config(
                None,
                "no region: call ClientBuilder::region, set AWS_REGION, or configure one in the AWS \
                 profile",
            )
        })?;
        check_region(&region)?;
        let credentials = credentials.ok_or_else(|| {
            Error::config(
                None,
                "no credentials: call ClientBuilder::static_credentials or credentials_provider, \
                 set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or enable the `aws-config` \
                 feature",
            )
        })?;
        let endpoint = parse_endpoint(&endpoint.unwrap_or_else(|| default_endpoint(&region)))?;

        if self.long_poll_timeout <= SERVICE_LONG_POLL {
            tracing::warn!(
                long_poll_timeout = ?self.long_poll_timeout,
                "the long-poll timeout is not above the 60 s the service holds a poll: empty polls \
                 will fail as timeouts"
            );
        }
        let http = match self.http_client.clone() {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| {
                    Error::config(None, "could not build the HTTP client").with_cause(&e)
                })?,
        };
        let config = Config {
            endpoint,
            region,
            connect_timeout: self.connect_timeout,
            request_timeout: self.request_timeout,
            long_poll_timeout: self.long_poll_timeout,
            retry: self.retry,
        };
        Ok(Client::from_parts(
            config,
            http,
            CredentialsCache::new(credentials),
        ))
    }
}

// By hand: a provider's `Debug` is the provider's business and may show more than it should.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "** set **"),
            )
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("long_poll_timeout", &self.long_poll_timeout)
            .field("retry", &self.retry)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .finish_non_exhaustive()
    }
}

/// The builder's region, else the environment's. (The `aws-config` chain comes after, in `build`.)
fn resolve_region(
    explicit: Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    explicit
        .or_else(|| non_empty(env("AWS_REGION")))
        .or_else(|| non_empty(env("AWS_DEFAULT_REGION")))
}

/// The builder's endpoint, else the environment's; `None` means the region's public endpoint.
fn configured_endpoint(
    explicit: Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let ignore_env = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let from_env = || {
        if ignore_env {
            return None;
        }
        non_empty(env("AWS_ENDPOINT_URL_SWF")).or_else(|| non_empty(env("AWS_ENDPOINT_URL")))
    };
    explicit.or_else(from_env)
}

/// The region a loopback endpoint is signed for when none is configured.
const LOCAL_REGION: &str = "us-east-1";

/// Whether `url` names this machine (`localhost`, `127.0.0.0/8`, `::1`): a local SWF such as
/// swf-local or moto, which checks no signature.
fn is_loopback(url: &str) -> bool {
    let Some(parsed) = reqwest::Url::parse(url).ok() else {
        return false;
    };
    let Some(host) = parsed.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether the environment names credentials or a profile: then even a loopback endpoint gets
/// the standard chain, since the caller asked for it.
fn environment_has_credentials(env: &dyn Fn(&str) -> Option<String>) -> bool {
    non_empty(env("AWS_ACCESS_KEY_ID")).is_some() || non_empty(env("AWS_PROFILE")).is_some()
}

/// SWF's public endpoint in `region`; China's regions live under `amazonaws.com.cn`.
fn default_endpoint(region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://swf.{region}.{suffix}")
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, when
/// `aws-config` is not there to read them.
#[cfg(any(test, not(feature = "aws-config")))]
fn env_credentials(env: &dyn Fn(&str) -> Option<String>) -> Option<Credentials> {
    let access_key_id = non_empty(env("AWS_ACCESS_KEY_ID"))?;
    let secret_access_key = non_empty(env("AWS_SECRET_ACCESS_KEY"))?;
    let session_token = non_empty(env("AWS_SESSION_TOKEN"));
    Some(Credentials::new(
        access_key_id,
        secret_access_key,
        session_token,
        None,
        "environment",
    ))
}

#[cfg(feature = "aws-config")]
async fn load_aws_config(region: Option<&str>) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(region) = region {
        // Credential providers that call STS use the region; make it the one we resolved.
        loader = loader.region(aws_config::Region::new(region.to_owned()));
    }
    loader.load().await
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// A region becomes part of a host name and of the signature's scope.
fn check_region(region: &str) -> Result<(), Error> {
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(Error::config(
            None,
            format!("invalid region `{region}`: expected a name like us-east-1"),
        ))
    }
}

fn parse_endpoint(raw: &str) -> Result<Url, Error> {
    let bad = |why: &str| Error::config(None, format!("invalid endpoint URL `{raw}`: {why}"));
    let url = Url::parse(raw.trim()).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("a query or fragment is not allowed"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests;
