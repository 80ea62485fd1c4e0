//! [`DeciderError`]: why a decider could not be built or stopped running.
//!
//! Few things stop a decider: a decision task that cannot be decided follows
//! [`OnError`](crate::OnError) and is not returned, and transient failures of polls are retried.
//! What is left is a setting the builder refuses, a client that cannot be built, a registration
//! SWF refused, or a poll that can never succeed (the domain does not exist, the credentials are
//! refused). An activity worker stops for the same reasons, so both use swf-core's [`RunError`].

use swf_core::runtime::RunError;

/// Why a decider could not be built, or why [`Decider::run`](crate::Decider::run) stopped:
/// swf-core's [`RunError`], shared with activity workers.
///
/// The message says what to fix; [`swf_error`](RunError::swf_error) gives the SWF error behind
/// it, if any.
pub type DeciderError = RunError;
