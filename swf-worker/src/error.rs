//! [`WorkerError`]: why a worker could not be built or stopped running.
//!
//! Few things stop a worker. Failures of single tasks are answered to SWF and counted, not
//! returned; transient failures of polls are retried. What is left is a configuration mistake,
//! a client that cannot be built, a registration SWF refused, or a poll that can never succeed
//! (the domain does not exist, the credentials are refused). A decider stops for the same
//! reasons, so both use swf-core's [`RunError`].

use swf_core::runtime::RunError;

/// Why a worker could not be built, or why [`Worker::run`](crate::Worker::run) stopped: swf-core's
/// [`RunError`], shared with deciders.
///
/// The message says what to fix; [`swf_error`](RunError::swf_error) gives the SWF error behind
/// it, if any.
pub type WorkerError = RunError;

/// A setting the worker's builder refuses, worded as the worker's.
pub(crate) fn config(why: impl Into<String>) -> WorkerError {
    RunError::config(format!("invalid worker configuration: {}", why.into()))
}
