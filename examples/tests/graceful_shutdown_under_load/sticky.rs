//! A sticky decider of the order application as a process of its own. `order-decider` has no
//! flag for a sticky task list (it is opt-in in code, `DeciderBuilder::sticky_task_list`), so the
//! test runs this test binary again as the ignored test [`sticky_order_decider`]: the same
//! workflows the binary serves, with a sticky task list, until SIGTERM.

use std::time::Duration;

use examples::order;
use swf_core::Client;
use swf_decider::{Decider, shutdown_on_signals};
use swf_testkit::child_test;

/// What the parent passes the process: the service's URL and the identity to report.
pub(crate) const ENDPOINT_VAR: &str = "SHUTDOWN_STICKY_DECIDER_ENDPOINT";
pub(crate) const IDENTITY_VAR: &str = "SHUTDOWN_STICKY_DECIDER_IDENTITY";

/// How long a task routed to a decider's sticky list waits there before SWF moves it back to the
/// shared list: SWF's minimum, so that the test waits out any such move quickly.
const SCHEDULE_TO_START: Duration = Duration::from_secs(1);

/// One sticky decider process, run by the scenario with sticky deciders, which sets its endpoint
/// and identity; it decides until SIGTERM, then finishes as `Decider::run` does, and exits 0.
#[test]
#[ignore = "a decider process of the sticky scenario, run by it"]
pub(crate) fn sticky_order_decider() {
    let Some([endpoint, identity]) = child_test::from_parent([ENDPOINT_VAR, IDENTITY_VAR]) else {
        return;
    };
    examples::cli::init_logging("info");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let client = Client::local_builder(&endpoint)
            .build()
            .await
            .expect("a client");
        let mut decider = Decider::builder(client);
        decider
            .domain(order::DOMAIN)
            .task_list(order::DECISIONS)
            .identity(identity)
            .pollers(2)
            .sticky_task_list(true)
            .sticky_schedule_to_start(SCHEDULE_TO_START);
        order::workflows(&mut decider, order::OrderWorkflow::default())
            .build()
            .expect("the decider builds")
            .run(shutdown_on_signals())
            .await
            .expect("the decider runs until SIGTERM");
    });
}
