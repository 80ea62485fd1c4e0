//! [`DeciderError`]: why a decider could not be built or stopped running.
//!
//! Shaped like swf-worker's `WorkerError`. Few things stop a decider: a decision task that cannot
//! be decided follows [`OnError`](crate::OnError) and is not returned, and transient failures of
//! polls are retried. What is left is a setting the builder refuses, a client that cannot be
//! built, a registration SWF refused, or a poll that can never succeed (the domain does not
//! exist, the credentials are refused).

use std::fmt;

/// Why a decider could not be built, or why [`Decider::run`](crate::Decider::run) stopped.
///
/// The message says what to fix; [`swf_error`](DeciderError::swf_error) gives the SWF error
/// behind it, if any.
pub struct DeciderError {
    kind: Kind,
}

#[derive(Debug, thiserror::Error)]
enum Kind {
    /// The message names what is missing or wrong, as in "a decider needs a domain".
    #[error("{0}")]
    Config(String),
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    #[error("could not create the SWF client: {0}")]
    Client(swf_core::Error),
    #[error("could not register the domain and the workflow types: {0}")]
    Register(swf_core::Error),
    #[error("polling stopped on an error that retrying cannot fix: {0}")]
    Poll(swf_core::Error),
}

impl DeciderError {
    pub(crate) fn config(why: impl Into<String>) -> Self {
        DeciderError {
            kind: Kind::Config(why.into()),
        }
    }

    #[cfg(feature = "cli")]
    pub(crate) fn client(error: swf_core::Error) -> Self {
        DeciderError {
            kind: Kind::Client(error),
        }
    }

    pub(crate) fn register(error: swf_core::Error) -> Self {
        DeciderError {
            kind: Kind::Register(error),
        }
    }

    pub(crate) fn poll(error: swf_core::Error) -> Self {
        DeciderError {
            kind: Kind::Poll(error),
        }
    }

    /// Whether the decider's settings were invalid (found by
    /// [`DeciderBuilder::build`](crate::DeciderBuilder::build)).
    pub fn is_config(&self) -> bool {
        matches!(self.kind, Kind::Config(_))
    }

    /// The SWF error behind this one, if there is one.
    pub fn swf_error(&self) -> Option<&swf_core::Error> {
        match &self.kind {
            Kind::Config(_) => None,
            Kind::Client(e) | Kind::Register(e) | Kind::Poll(e) => Some(e),
        }
    }
}

impl fmt::Debug for DeciderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.kind, f)
    }
}

impl fmt::Display for DeciderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

// No `source()`: the SWF error's text is already in the message, and printing a chain would
// repeat it. It is available from `swf_error`.
impl std::error::Error for DeciderError {}
