//! The [`Client`]: one handle to SWF, cheap to clone, through which every operation is called.
//!
//! A call goes through the same steps whatever the operation ([`Client::call`]): the input is
//! checked against the model's bounds (nothing is sent if it breaks one), encoded as JSON, sent
//! as `POST /` with the operation in `X-Amz-Target`, signed afresh for each attempt, and retried
//! with backoff while the error is retryable. The operation methods themselves (`register_domain`
//! and the others) are generated from the service model and each call [`Client::call`].
//!
//! Each call runs in a `tracing` span `swf_call` with the fields `operation`, `attempt`,
//! `latency_ms` and `request_id`. Retries are logged as events in that span: at `WARN` when the
//! failed attempt may have been applied by the service (a timeout or a 5xx), at `DEBUG`
//! otherwise. Nothing secret is logged: not the credentials, not the headers, not the bodies.

mod closing;
mod latest_run;
mod send;
mod wait_for_close;

use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use tracing::field::Empty;

use crate::Operation;
use crate::config::{ClientBuilder, Config};
use crate::credentials::CredentialsCache;
use crate::error::{Error, ErrorKind};
use crate::retry::RetryConfig;
use crate::validate::{Validate, ValidationError};

pub use closing::Closing;
use send::Answer;
pub use wait_for_close::{CloseWait, ClosedRun};

/// A client for Amazon Simple Workflow Service.
///
/// Cloning is cheap (the state is shared behind an `Arc`), so one client can serve every worker,
/// poller and decider in a process and keep one connection pool.
///
/// ```no_run
/// # async fn example() -> Result<(), swf_core::Error> {
/// use swf_core::Client;
///
/// // Region, endpoint and credentials from the environment and the AWS profile.
/// let client = Client::from_env().await?;
/// println!("talking to {} in {}", client.config().endpoint(), client.config().region());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
    /// Retries for calls through this handle; the configured ones unless
    /// [`Client::with_retry_config`] replaced them.
    retry: RetryConfig,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    http: reqwest::Client,
    credentials: CredentialsCache,
}

impl Client {
    /// A builder for a client; see [`ClientBuilder`] for the settings and their defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A builder set up for a local SWF (such as `moto_server`) at `endpoint_url`: region
    /// `us-east-1` and the dummy static credentials `local`/`local`. Everything can still be
    /// changed on the builder.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), swf_core::Error> {
    /// let client = swf_core::Client::local_builder("http://127.0.0.1:5000").build().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_builder(endpoint_url: impl Into<String>) -> ClientBuilder {
        let mut builder = ClientBuilder::new();
        builder
            .endpoint_url(endpoint_url)
            .region("us-east-1")
            .static_credentials("local", "local", None);
        builder
    }

    /// A client configured from the environment alone: `Client::builder().build().await`.
    pub async fn from_env() -> Result<Client, Error> {
        Client::builder().build().await
    }

    /// The settings this client runs with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// A handle to the same client (same connections, credentials and settings) that retries
    /// as `retry` says. For callers with a retry loop of their own, such as a worker that retries
    /// heartbeats on its own schedule, `RetryConfig::disabled()` avoids retries inside retries.
    ///
    /// ```no_run
    /// # async fn f(client: swf_core::Client) {
    /// let once = client.with_retry_config(swf_core::RetryConfig::disabled());
    /// # }
    /// ```
    pub fn with_retry_config(&self, retry: RetryConfig) -> Client {
        Client {
            inner: self.inner.clone(),
            retry,
        }
    }

    /// The retries calls through this handle make.
    pub fn retry_config(&self) -> RetryConfig {
        self.retry
    }

    pub(crate) fn from_parts(
        config: Config,
        http: reqwest::Client,
        credentials: CredentialsCache,
    ) -> Client {
        Client {
            retry: config.retry(),
            inner: Arc::new(Inner {
                config,
                http,
                credentials,
            }),
        }
    }

    /// Calls `op` with `input` and decodes the answer as `O`.
    ///
    /// An input that breaks a bound of the model fails with [`ErrorKind::InvalidInput`] and
    /// nothing is sent. An empty answer body is read as `{}`.
    pub(crate) async fn call<I, O>(&self, op: Operation, input: &I) -> Result<O, Error>
    where
        I: Serialize + Validate,
        O: DeserializeOwned,
    {
        let invalid = |e: ValidationError| Error::new(Some(op), ErrorKind::InvalidInput(e));
        input
            .validate()
            .map_err(|e| invalid(e).with_attempts(0, false))?;
        let body = serde_json::to_vec(input).map_err(|e| {
            let problem = format!("cannot be encoded as JSON: {e}");
            invalid(ValidationError {
                field: String::new(),
                problem,
            })
            .with_attempts(0, false)
        })?;
        let answer = self.send(op, body).await?;
        decode(op, answer)
    }

    /// Sends `body` as `op`, retrying as configured, inside the call's span. Not generic, so
    /// that it is compiled once rather than once per operation.
    async fn send(&self, op: Operation, body: Vec<u8>) -> Result<Answer, Error> {
        let span = tracing::debug_span!(
            "swf_call",
            operation = op.name(),
            attempt = Empty,
            latency_ms = Empty,
            request_id = Empty,
        );
        self.send_with_retries(op, &body).instrument(span).await
    }

    async fn send_with_retries(&self, op: Operation, body: &[u8]) -> Result<Answer, Error> {
        let span = tracing::Span::current();
        let started = Instant::now();
        let mut backoff = self.retry.backoff();
        let mut attempt: u32 = 1;
        let mut ambiguous_before = false;
        loop {
            span.record("attempt", attempt);
            let attempt_started = Instant::now();
            let outcome = send::attempt(&self.inner, op, body).await;
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let err = match outcome {
                Ok(mut answer) => {
                    if let Some(id) = &answer.request_id {
                        span.record("request_id", id.as_str());
                    }
                    answer.attempts = attempt;
                    answer.after_ambiguous_attempt = ambiguous_before;
                    return Ok(answer);
                }
                Err(err) => err,
            };
            if let Some(id) = err.request_id() {
                span.record("request_id", id);
            }
            let err = err.with_attempts(attempt, ambiguous_before);
            let delay = match err.is_retryable() {
                true => backoff.next(),
                false => None,
            };
            let Some(delay) = delay else {
                return Err(err);
            };
            let attempt_ms = attempt_started.elapsed().as_millis() as u64;
            if err.is_ambiguous() {
                tracing::warn!(attempt, attempt_ms, ?delay, error = %err, "retrying; the failed attempt may have been applied");
            } else {
                tracing::debug!(attempt, attempt_ms, ?delay, error = %err, "retrying");
            }
            ambiguous_before |= err.is_ambiguous();
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

/// Reads a successful answer as `O`.
fn decode<O: DeserializeOwned>(op: Operation, answer: Answer) -> Result<O, Error> {
    // Operations without output answer with an empty body; serde wants at least `{}`.
    let body: &[u8] = match (*answer.body).as_ref() {
        body if body.iter().all(u8::is_ascii_whitespace) => b"{}",
        body => body,
    };
    serde_json::from_slice(body).map_err(|e| {
        let kind = ErrorKind::Decode {
            status: answer.status,
            request_id: answer.request_id.clone(),
        };
        Error::new(Some(op), kind)
            .with_cause(&e)
            .with_attempts(answer.attempts, answer.after_ambiguous_attempt)
    })
}

#[cfg(test)]
mod tests;
