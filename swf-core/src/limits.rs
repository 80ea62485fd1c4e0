//! Every limit of the SWF service, named, in one place.
//!
//! The bounds the service model states (string lengths, list sizes, page sizes) are generated
//! from it, one constant per bounded shape: [`DATA_MAX_CHARS`] is the 32,768 characters of an
//! input, result or details, [`LIMITED_DATA_MAX_CHARS`] the 2,048 of heartbeat details,
//! [`NAME_MAX_CHARS`] the 256 of a name. The quotas the model does not state are written here by
//! hand, from the SWF developer guide's "Amazon SWF quotas".

pub use crate::generated::limits::*;

/// The most events one execution's history may hold; the service terminates an execution whose
/// history would grow past it.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// The most activity tasks one execution may have open at once.
pub const MAX_OPEN_ACTIVITIES: usize = 1_000;

/// The most timers one execution may have open at once.
pub const MAX_OPEN_TIMERS: usize = 1_000;

/// The most child executions one execution may have open at once.
pub const MAX_OPEN_CHILDREN: usize = 1_000;
