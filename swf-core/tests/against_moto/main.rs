//! swf-core against `moto_server`, an SWF implementation no one here wrote.
//!
//! Each test starts its own moto on a free loopback port, so tests are independent and can run in
//! parallel. Without moto installed they print that they skipped, unless `SWF_TEST_REQUIRE_MOTO`
//! is set (as `.ci/run` does).

mod moto;
mod operations;
mod proxy;
mod retried_calls;
