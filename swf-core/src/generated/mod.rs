//! Code generated from the service model by `swf-codegen`. Do not edit by hand:
//! run `cargo run -p swf-codegen` after changing the generator.

#[rustfmt::skip]
pub(crate) mod attributes;
#[rustfmt::skip]
pub(crate) mod limits;
#[rustfmt::skip]
pub(crate) mod operations;
#[rustfmt::skip]
pub(crate) mod shapes;
