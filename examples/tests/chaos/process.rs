//! The worker and decider processes of the chaos tests: this test binary run again as one of the
//! ignored tests below, which serve the application on the endpoint the parent passes until
//! SIGKILL, or SIGTERM at the end of the test.

use std::time::Duration;

use swf_core::{Client, RetryConfig};
use swf_decider::shutdown_on_signals;
use swf_testkit::child_test;

use crate::app;

/// What the parent passes a process: the service's URL and the identity to report.
pub(crate) const ENDPOINT_VAR: &str = "SWF_CHAOS_ENDPOINT";
pub(crate) const IDENTITY_VAR: &str = "SWF_CHAOS_IDENTITY";
/// How many attempts each call gets ([`retry`]).
pub(crate) const ATTEMPTS_VAR: &str = "SWF_CHAOS_CALL_ATTEMPTS";

/// The longest wait between two attempts of a call: a service that restarts is back within a
/// second, so waiting longer would only slow the run down.
const MAX_BACKOFF: Duration = Duration::from_millis(500);

/// How many long polls each process keeps: the parent waits for them all to park before the
/// chaos begins.
pub(crate) const POLLERS: usize = 2;

/// A worker of both activity types.
#[test]
#[ignore = "a worker process of the chaos test, run by it"]
pub(crate) fn chaos_worker_process() {
    serve(|client, identity| async move {
        let mut worker = app::worker(client);
        worker.identity(identity).pollers(POLLERS);
        let worker = worker.build().expect("the worker builds");
        worker
            .run(shutdown_on_signals())
            .await
            .map_err(|e| e.to_string())
    });
}

/// A decider of the workflow.
#[test]
#[ignore = "a decider process of the chaos test, run by it"]
pub(crate) fn chaos_decider_process() {
    serve(|client, identity| async move {
        let mut decider = app::decider(client);
        decider.identity(identity).pollers(POLLERS);
        let decider = decider.build().expect("the decider builds");
        decider
            .run(shutdown_on_signals())
            .await
            .map_err(|e| e.to_string())
    });
}

/// Runs `serve` with a client of the endpoint and the identity the parent set; returns at once,
/// saying why, when not run by its parent (`cargo test -- --ignored` runs these too).
fn serve<F, Fut>(serve: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let Some([endpoint, identity, attempts]) =
        child_test::from_parent([ENDPOINT_VAR, IDENTITY_VAR, ATTEMPTS_VAR])
    else {
        return;
    };
    let attempts = attempts
        .parse()
        .unwrap_or_else(|e| panic!("{ATTEMPTS_VAR}={attempts:?} is not a u32: {e}"));
    examples::cli::init_logging("warn");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let client = Client::local_builder(&endpoint)
            .build()
            .await
            .expect("a client")
            .with_retry_config(retry(attempts));
        if let Err(e) = serve(client, identity.clone()).await {
            panic!("{identity} stopped: {e}");
        }
    });
}

/// How a client of the chaos tests retries: `attempts` attempts, the first included, waits
/// doubling from 100 ms up to [`MAX_BACKOFF`]. The chaos test gives its processes swf-core's 4;
/// the campaign that kills the service gives more, so that a call spans a restart.
pub(crate) fn retry(attempts: u32) -> RetryConfig {
    RetryConfig::new()
        .with_max_attempts(attempts)
        .with_max_backoff(MAX_BACKOFF)
}
