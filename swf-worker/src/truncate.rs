//! Fitting strings into SWF's limits without splitting a character.
//!
//! SWF bounds its strings in characters: a failure's `reason` to 256, `details` and `result` to
//! 32,768, heartbeat `details` to 2,048. A request over a bound is refused (by swf-core before it
//! is even sent), and a refused failure report would leave the task to time out, which is worse
//! than a shortened message. So every text the worker did not check itself is cut to its bound,
//! always at a character boundary: slicing a `String` at a byte index inside a multi-byte
//! character would panic.

// The bounds are swf-core's named limits, under the names the worker's call sites use:
// `MAX_REASON` for a failure's `reason`, `MAX_DETAILS` for a failure's or cancellation's `details`
// and a completion's `result`, `MAX_HEARTBEAT_DETAILS` for a heartbeat's `details`.
pub(crate) use swf_core::limits::{
    DATA_MAX_CHARS as MAX_DETAILS, FAILURE_REASON_MAX_CHARS as MAX_REASON,
    LIMITED_DATA_MAX_CHARS as MAX_HEARTBEAT_DETAILS,
};

// The cutting itself is swf-core's, one function for the whole workspace; the worker's call sites
// keep their names: `prefix` for a borrowed cut, `truncated` for an owned one.
pub(crate) use swf_core::text::{is_longer_than, truncate as prefix, truncate_owned as truncated};
