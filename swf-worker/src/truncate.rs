//! Fitting strings into SWF's limits without splitting a character.
//!
//! SWF bounds its strings in characters: a failure's `reason` to 256, `details` and `result` to
//! 32,768, heartbeat `details` to 2,048. A request over a bound is refused (by swf-core before it
//! is even sent), and a refused failure report would leave the task to time out, which is worse
//! than a shortened message. So every text the worker did not check itself is cut to its bound,
//! always at a character boundary: slicing a `String` at a byte index inside a multi-byte
//! character would panic.

/// The longest `reason` of `RespondActivityTaskFailed`.
pub(crate) const MAX_REASON: usize = 256;
/// The longest `details` of `RespondActivityTaskFailed` and `RespondActivityTaskCanceled`, and
/// the longest `result` of `RespondActivityTaskCompleted`.
pub(crate) const MAX_DETAILS: usize = 32_768;
/// The longest `details` of `RecordActivityTaskHeartbeat`.
pub(crate) const MAX_HEARTBEAT_DETAILS: usize = 2_048;

// The cutting itself is swf-core's, one function for the whole workspace; the worker's call sites
// keep their names: `prefix` for a borrowed cut, `truncated` for an owned one.
pub(crate) use swf_core::text::{is_longer_than, truncate as prefix, truncate_owned as truncated};
