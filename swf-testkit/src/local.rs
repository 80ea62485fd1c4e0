//! `swf-local` in this process, on a tokio runtime of its own, for synchronous tests.
//!
//! A plain `#[test]` that runs a binary with `std::process` (and waits on it, blocking its thread)
//! still needs a service that keeps serving meanwhile: [`LocalService`] serves from its own
//! runtime's worker thread, and runs whatever async calls the test makes with
//! [`LocalService::block_on`].
//!
//! Behind the feature `local`, so that `swf-core`, which uses this crate as a dev-dependency,
//! does not build `swf-local` (which depends on it) unless a test asks for it.

use std::future::Future;
use std::time::Duration;

use swf_core::Client;

use crate::harness::{Domain, Harness};

/// An in-memory `swf-local` on an ephemeral loopback port, a client of it, and the runtime that
/// serves it; shut down when dropped.
#[derive(Debug)]
pub struct LocalService {
    runtime: tokio::runtime::Runtime,
    // An `Option` only so that `drop` can take it to shut it down.
    harness: Option<Harness>,
    /// The service's URL, as `--endpoint-url` and `Client::local_builder` take it.
    pub endpoint: String,
    /// A client of the service, for what the test does besides running its binary.
    pub client: Client,
}

impl LocalService {
    /// Starts the service, whose empty long polls return after `poll_timeout`.
    pub fn start(poll_timeout: Duration) -> LocalService {
        // One worker thread serves every connection; the test's own thread drives `block_on`.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let harness = runtime.block_on(Harness::start(poll_timeout));
        LocalService {
            runtime,
            endpoint: harness.endpoint(),
            client: harness.client.clone(),
            harness: Some(harness),
        }
    }

    /// The running server, for its hooks (such as its count of parked polls).
    pub fn server(&self) -> &swf_local::Server {
        &self
            .harness
            .as_ref()
            .expect("the service runs until dropped")
            .server
    }

    /// Domain `name` of the service, through [`client`](Self::client); its calls run with
    /// [`block_on`](Self::block_on).
    pub fn domain(&self, name: &str) -> Domain {
        Domain::new(self.client.clone(), name)
    }

    /// Runs `future` to completion on the service's runtime.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Waits until `count` long polls are parked at the service; `false` if they are not by
    /// `deadline` (a hang guard).
    pub fn wait_for_parked_polls(&self, count: usize, deadline: Duration) -> bool {
        self.block_on(async {
            tokio::time::timeout(deadline, self.server().wait_for_parked_polls(count))
                .await
                .is_ok()
        })
    }
}

impl Drop for LocalService {
    fn drop(&mut self) {
        if let Some(harness) = self.harness.take() {
            self.runtime.block_on(harness.shutdown());
        }
    }
}
