//! [`RunError`]: why a worker or decider could not be built or stopped running.
//!
//! Few things stop a process built on the [`Runtime`](super::Runtime): a task that fails is
//! answered to SWF, not returned, and a poll that fails is retried. What is left is the same for
//! activity workers and deciders: a setting the builder refuses, a client that cannot be built, a
//! registration SWF refused, or a poll that can never succeed (the domain does not exist, the
//! credentials are refused). swf-worker's `WorkerError` and swf-decider's `DeciderError` are this
//! type under their own names.

use std::fmt;

use crate::error::Error;

/// Why a worker or decider could not be built, or why its run stopped.
///
/// The message says what to fix; [`swf_error`](RunError::swf_error) gives the SWF error behind
/// it, if any.
pub struct RunError {
    kind: Kind,
}

#[derive(Debug, thiserror::Error)]
enum Kind {
    /// The message names what is missing or wrong, as the builder words it.
    #[error("{0}")]
    Config(String),
    #[error("could not create the SWF client: {0}")]
    Client(Error),
    #[error("could not register {what}: {error}")]
    Register { what: String, error: Error },
    #[error("polling stopped on an error that retrying cannot fix: {0}")]
    Poll(Error),
}

impl RunError {
    /// A setting refused by a builder; `why` is the whole message.
    pub fn config(why: impl Into<String>) -> Self {
        RunError {
            kind: Kind::Config(why.into()),
        }
    }

    /// The SWF client could not be created.
    pub fn client(error: Error) -> Self {
        RunError {
            kind: Kind::Client(error),
        }
    }

    /// SWF refused to register `what`, such as "the domain and the workflow types".
    pub fn register(what: impl Into<String>, error: Error) -> Self {
        RunError {
            kind: Kind::Register {
                what: what.into(),
                error,
            },
        }
    }

    /// Polling met an error that retrying cannot fix; returned by [`Runtime::run`]'s callers.
    ///
    /// [`Runtime::run`]: super::Runtime::run
    pub fn poll(error: Error) -> Self {
        RunError {
            kind: Kind::Poll(error),
        }
    }

    /// Whether the settings were invalid (found by the builder's `build`).
    pub fn is_config(&self) -> bool {
        matches!(self.kind, Kind::Config(_))
    }

    /// The SWF error behind this one, if there is one.
    pub fn swf_error(&self) -> Option<&Error> {
        match &self.kind {
            Kind::Config(_) => None,
            Kind::Client(e) | Kind::Register { error: e, .. } | Kind::Poll(e) => Some(e),
        }
    }
}

impl fmt::Debug for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.kind, f)
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

// No `source()`: the SWF error's text is already in the message, and printing a chain would
// repeat it. It is available from `swf_error`.
impl std::error::Error for RunError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_says_what_failed_and_keeps_the_swf_error() {
        let swf = || Error::config(None, "boom");
        let config = RunError::config("a decider needs a domain");
        assert_eq!(config.to_string(), "a decider needs a domain");
        assert!(config.is_config() && config.swf_error().is_none());

        let register = RunError::register("the domain", swf());
        assert!(
            register
                .to_string()
                .starts_with("could not register the domain: ")
        );
        for err in [RunError::client(swf()), register, RunError::poll(swf())] {
            assert!(!err.is_config(), "{err}");
            assert!(
                err.swf_error().unwrap().to_string().contains("boom"),
                "{err}"
            );
        }
        assert!(
            RunError::poll(swf())
                .to_string()
                .starts_with("polling stopped on an error that retrying cannot fix: ")
        );
    }
}
