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

/// An in-memory `swf-local` on an ephemeral loopback port, a client of it, and the runtime that
/// serves it; shut down when dropped.
#[derive(Debug)]
pub struct LocalService {
    runtime: tokio::runtime::Runtime,
    // An `Option` only so that `drop` can take it to shut it down.
    server: Option<swf_local::Server>,
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
        let server = runtime
            .block_on(
                swf_local::Server::builder()
                    .poll_timeout(poll_timeout)
                    .start(),
            )
            .expect("swf-local starts");
        let endpoint = server.endpoint_url();
        let client = runtime
            .block_on(Client::local_builder(&endpoint).build())
            .expect("a client");
        LocalService {
            runtime,
            server: Some(server),
            endpoint,
            client,
        }
    }

    /// The running server, for its hooks (such as its count of parked polls).
    pub fn server(&self) -> &swf_local::Server {
        self.server
            .as_ref()
            .expect("the service runs until dropped")
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
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}
