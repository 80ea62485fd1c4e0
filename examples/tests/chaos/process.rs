//! The worker and decider processes of the chaos test: this test binary run again as one of the
//! ignored tests below, which serve the application on the endpoint the parent passes until
//! SIGKILL, or SIGTERM at the end of the test.

use swf_core::Client;
use swf_decider::shutdown_on_signals;

use crate::app;

/// What the parent passes a process: the service's URL and the identity to report.
pub(crate) const ENDPOINT_VAR: &str = "SWF_CHAOS_ENDPOINT";
pub(crate) const IDENTITY_VAR: &str = "SWF_CHAOS_IDENTITY";

/// The tests' paths in this binary, for `--exact`.
pub(crate) const WORKER_TEST: &str = "process::chaos_worker_process";
pub(crate) const DECIDER_TEST: &str = "process::chaos_decider_process";

/// How many long polls each process keeps: the parent waits for them all to park before the
/// chaos begins.
pub(crate) const POLLERS: usize = 2;

/// A worker of both activity types.
#[test]
#[ignore = "a worker process of the chaos test, run by it"]
fn chaos_worker_process() {
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
fn chaos_decider_process() {
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
/// saying why, when run by hand without them (`cargo test -- --ignored` runs these too).
fn serve<F, Fut>(serve: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let (Ok(endpoint), Ok(identity)) = (std::env::var(ENDPOINT_VAR), std::env::var(IDENTITY_VAR))
    else {
        eprintln!("run by the chaos test, which sets {ENDPOINT_VAR} and {IDENTITY_VAR}");
        return;
    };
    examples::cli::init_logging("warn");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let client = Client::local_builder(&endpoint)
            .build()
            .await
            .expect("a client");
        if let Err(e) = serve(client, identity.clone()).await {
            panic!("{identity} stopped: {e}");
        }
    });
}
