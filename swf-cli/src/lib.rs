//! The parts of the `swf` command line that other programs can use.
//!
//! - [`timeline`]: an execution's history as the readable timeline `swf history show` prints;
//!   [`timeline::render_history`] turns the events of `GetWorkflowExecutionHistory` into text.
//! - [`duration`]: lengths of time as people write and read them (`90s`, `1h30m`, `0.045s`).
//!
//! The library has no dependency on `swf-local`: depend on it with `default-features = false` to
//! leave out `swf local`'s service, which only the binary uses.

#![forbid(unsafe_code)]

pub mod duration;
pub mod timeline;
