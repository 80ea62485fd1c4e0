//! Which SWF a program talks to: the one the environment configures, or an `swf-local` started in
//! this process.
//!
//! The rule follows the AWS SDKs' own signs that a user means a service: an endpoint
//! (`AWS_ENDPOINT_URL_SWF`, `AWS_ENDPOINT_URL`) or a region (`AWS_REGION`, `AWS_DEFAULT_REGION`)
//! in the environment. With either, the client is configured from the environment as any AWS
//! program's is ([`Client::from_env`]: region, endpoint, credentials, profiles). With neither there
//! is no account to use, so [`Endpoint::from_env`] starts `swf-local` on a free loopback port and
//! talks to it with dummy credentials: the same program runs on a fresh machine with no set-up.

use std::fmt;
use std::time::Duration;

use swf_core::Client;

use crate::BoxError;

/// The environment variables whose presence means "use the SWF configured here".
const CONFIGURED: [&str; 4] = [
    "AWS_ENDPOINT_URL_SWF",
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
];

/// The SWF service a program talks to, and the client for it.
#[derive(Debug)]
pub struct Endpoint {
    client: Client,
    /// The service this process started, when the environment configured none.
    local: Option<swf_local::Server>,
}

impl Endpoint {
    /// The service the environment configures, or else `swf-local` started in this process, its
    /// long polls ending after `local_poll_timeout` (a short one lets workers and deciders shut
    /// down quickly; SWF's own is 60 s).
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), examples::BoxError> {
    /// let endpoint = examples::Endpoint::from_env(std::time::Duration::from_secs(1)).await?;
    /// println!("endpoint: {endpoint}");
    /// // ... use endpoint.client() ...
    /// endpoint.shutdown().await;
    /// # Ok(()) }
    /// ```
    pub async fn from_env(local_poll_timeout: Duration) -> Result<Endpoint, BoxError> {
        let configured = CONFIGURED
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
        if configured {
            let client = Client::from_env().await?;
            return Ok(Endpoint {
                client,
                local: None,
            });
        }
        let server = swf_local::Server::builder()
            .poll_timeout(local_poll_timeout)
            .start()
            .await?;
        let client = Client::local_builder(server.endpoint_url()).build().await?;
        Ok(Endpoint {
            client,
            local: Some(server),
        })
    }

    /// A client of the service.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Whether the service is the `swf-local` this process started.
    pub fn is_local(&self) -> bool {
        self.local.is_some()
    }

    /// Stops the service if this process started it.
    pub async fn shutdown(self) {
        if let Some(server) = self.local {
            server.shutdown().await;
        }
    }
}

/// Where requests go, in words: `swf-local in this process at http://127.0.0.1:PORT/`, or the
/// configured endpoint and region.
impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = self.client.config();
        match self.local {
            Some(_) => write!(f, "swf-local in this process at {}", config.endpoint()),
            None => write!(
                f,
                "{} (region {}, from the environment)",
                config.endpoint(),
                config.region()
            ),
        }
    }
}
