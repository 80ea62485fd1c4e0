//! `swf-local` in this process for async tests (`#[tokio::test]`): the service and a client of it
//! ([`Harness`]), what a test does in one of its domains ([`Domain`]), a hang guard ([`within`]),
//! the decisions tests answer with ([`decisions`]) and the questions tests ask of a history
//! ([`events`]).
//!
//! Each crate's test support is a thin layer over this: its own names (domain, task lists,
//! types) and what only its tests do. Every poll here is one long poll, bounded by the service's
//! poll timeout, and every loop has a bound, so a test that goes wrong fails instead of hanging.
//!
//! For a synchronous test (one that waits on a child process), [`LocalService`](crate::local)
//! serves the same harness from a runtime of its own.

pub mod decisions;
mod domain;
pub mod events;

pub use domain::Domain;

use std::future::Future;
use std::time::Duration;

use swf_core::{Client, RetryConfig};
use swf_local::Server;

/// An in-memory `swf-local` on an ephemeral loopback port, and a client of it.
#[derive(Debug)]
pub struct Harness {
    /// The running service, for its hooks (parked polls) and its shutdown.
    pub server: Server,
    /// A client of the service with the default retries, as `Client::local_builder` makes it.
    pub client: Client,
}

impl Harness {
    /// Starts the service, whose empty long polls return after `poll_timeout`.
    pub async fn start(poll_timeout: Duration) -> Harness {
        let server = Server::builder()
            .poll_timeout(poll_timeout)
            .start()
            .await
            .expect("swf-local starts");
        let client = client(&server.endpoint_url(), RetryConfig::new()).await;
        Harness { server, client }
    }

    /// The service's URL, as `--endpoint-url` and `Client::local_builder` take it.
    pub fn endpoint(&self) -> String {
        self.server.endpoint_url()
    }

    /// Domain `name` of the service, through the harness's client (registered or not).
    pub fn domain(&self, name: &str) -> Domain {
        Domain::new(self.client.clone(), name)
    }

    /// Shuts the service down, waiting for its connections to close.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// A client of the service (or of a proxy in front of it) at `endpoint`, retrying as `retry`
/// says: `RetryConfig::disabled()` for a test that must see every answer as the service gives it.
pub async fn client(endpoint: &str, retry: RetryConfig) -> Client {
    Client::local_builder(endpoint)
        .retry_config(retry)
        .build()
        .await
        .expect("a client of swf-local builds")
}

/// `fut`'s output, or a panic after `secs` seconds: a hang fails the test instead of stalling CI.
/// The bound only guards against hangs; it is never what a test waits for.
pub async fn within<F: Future>(secs: u64, fut: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(secs), fut)
        .await
        .unwrap_or_else(|_| panic!("the test did not finish within {secs} s"))
}
