//! swf-core against `moto_server`, an SWF implementation no one here wrote.
//!
//! Each test starts its own moto on a free loopback port, so tests are independent and can run in
//! parallel. Without moto installed each test skips visibly and is counted in a summary line
//! (`swf_testkit::skip`), unless `SWF_TEST_REQUIRE_MOTO` is set (as `.ci/run` does), which makes
//! the skip a failure.

mod executions;
mod operations;
mod retried_calls;

use swf_core::Client;
use swf_testkit::Moto;

/// A client for `moto`, with static dummy credentials.
pub(crate) async fn client_for(moto: &Moto) -> Client {
    Client::builder()
        .endpoint_url(&moto.endpoint)
        .region("us-east-1")
        .static_credentials("testing", "testing", None)
        .build()
        .await
        .expect("client builds")
}
