//! [`WorkerError`]: why a worker could not be built or stopped running.
//!
//! Few things stop a worker. Failures of single tasks are answered to SWF and counted, not
//! returned; transient failures of polls are retried. What is left is a configuration mistake,
//! a client that cannot be built, a registration SWF refused, or a poll that can never succeed
//! (the domain does not exist, the credentials are refused).

use std::fmt;

/// Why a worker could not be built, or why [`Worker::run`](crate::Worker::run) stopped.
///
/// The message says what to fix; [`swf_error`](WorkerError::swf_error) gives the SWF error
/// behind it, if any.
pub struct WorkerError {
    kind: Kind,
}

#[derive(Debug, thiserror::Error)]
enum Kind {
    #[error("invalid worker configuration: {0}")]
    Config(String),
    #[error("could not create the SWF client: {0}")]
    Client(swf_core::Error),
    #[error("could not register {what}: {error}")]
    Register {
        what: String,
        error: swf_core::Error,
    },
    #[error("polling stopped on an error that retrying cannot fix: {0}")]
    Poll(swf_core::Error),
}

impl WorkerError {
    pub(crate) fn config(why: impl Into<String>) -> Self {
        WorkerError {
            kind: Kind::Config(why.into()),
        }
    }

    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub(crate) fn client(error: swf_core::Error) -> Self {
        WorkerError {
            kind: Kind::Client(error),
        }
    }

    pub(crate) fn register(what: impl Into<String>, error: swf_core::Error) -> Self {
        WorkerError {
            kind: Kind::Register {
                what: what.into(),
                error,
            },
        }
    }

    pub(crate) fn poll(error: swf_core::Error) -> Self {
        WorkerError {
            kind: Kind::Poll(error),
        }
    }

    /// Whether the worker's settings were invalid (found by
    /// [`WorkerBuilder::build`](crate::WorkerBuilder::build)).
    pub fn is_config(&self) -> bool {
        matches!(self.kind, Kind::Config(_))
    }

    /// The SWF error behind this one, if there is one.
    pub fn swf_error(&self) -> Option<&swf_core::Error> {
        match &self.kind {
            Kind::Config(_) => None,
            Kind::Client(e) | Kind::Register { error: e, .. } | Kind::Poll(e) => Some(e),
        }
    }
}

impl fmt::Debug for WorkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.kind, f)
    }
}

impl fmt::Display for WorkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

// No `source()`: the SWF error's text is already in the message, and printing a chain would
// repeat it. It is available from `swf_error`.
impl std::error::Error for WorkerError {}
