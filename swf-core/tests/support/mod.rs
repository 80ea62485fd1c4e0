//! Shared helpers for swf-core's integration tests.

pub mod moto;
pub mod proxy;
