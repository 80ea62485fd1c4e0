//! The one error type of the command line, and the exit code each error maps to.
//!
//! Every failure ends the same way: one line on stderr, `swf: <what went wrong>`, and a non-zero
//! exit code (see [`CliError::exit_code`]). The messages name the thing the user typed (the file,
//! the flag, the workflow id) so that the line alone says what to fix; errors from the service
//! keep `swf-core`'s own one-line `Display`, which names the operation and the service's reason.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

/// The exit code of a command that could not be parsed or whose flags do not go together (the
/// code `clap` uses for usage errors too).
pub(crate) const EXIT_USAGE: u8 = 2;
/// The exit code of `swf execution wait` when the execution closed without completing.
pub(crate) const EXIT_NOT_COMPLETED: u8 = 3;
/// The exit code of `swf execution wait` when it stopped waiting (`--timeout`) before the
/// execution closed.
pub(crate) const EXIT_STILL_OPEN: u8 = 4;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// The service, or the client talking to it, failed. `swf-core`'s message names the operation.
    #[error("{0}")]
    Swf(#[from] swf_core::Error),
    /// The listing filters given cannot be sent together.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// A file named on the command line could not be read.
    #[error("cannot read {}: {source}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Standard input could not be read (`--input -`).
    #[error("cannot read standard input: {0}")]
    ReadStdin(io::Error),
    /// An input (argument, file or stdin) is not valid UTF-8, which SWF requires of payloads.
    #[error("the input from {from} is not UTF-8 text")]
    NotText {
        /// Where the input came from, in words.
        from: String,
    },
    /// A file given to write to could not be written.
    #[error("cannot write {}: {source}", path.display())]
    WriteFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Standard output could not be written, other than by the reader going away.
    #[error("cannot write to standard output: {0}")]
    Stdout(io::Error),
    /// A saved history file is not the JSON `GetWorkflowExecutionHistory` returns.
    #[error("{} is not an SWF history (the JSON of GetWorkflowExecutionHistory): {problem}", path.display())]
    NotAHistory {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// No run id was given and no execution of this workflow id exists in the domain.
    #[error("no execution with workflow id {workflow_id} in domain {domain}")]
    NoSuchExecution {
        /// The domain searched.
        domain: String,
        /// The workflow id searched for.
        workflow_id: String,
    },
    /// `swf execution wait --timeout` gave up while the execution was still open.
    #[error("workflow {workflow_id} (run {run_id}) is still open after {waited}")]
    StillOpen {
        /// The workflow id waited on.
        workflow_id: String,
        /// The run waited on last.
        run_id: String,
        /// How long, in words.
        waited: String,
    },
    /// The local service could not start (`swf local`).
    #[cfg(feature = "local")]
    #[error("swf-local: {0}")]
    Local(#[from] swf_local::StartError),
}

impl CliError {
    /// The process exit code for this error.
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Filter(_) => EXIT_USAGE,
            CliError::StillOpen { .. } => EXIT_STILL_OPEN,
            _ => 1,
        })
    }

    /// Whether this is stdout closing under us (`swf execution list | head`), which is how a
    /// pipeline says it has read enough, not a failure to report.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Stdout(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// Why a set of listing flags cannot be sent to SWF (`swf execution list` and `count`).
#[derive(Debug, thiserror::Error)]
pub(crate) enum FilterError {
    /// Two of the mutually exclusive filters were given.
    #[error(
        "{first} and {second} cannot be combined: SWF filters executions by at most one of \
         --workflow-id, --type, --tag and --close-status"
    )]
    Exclusive {
        /// The first flag given.
        first: &'static str,
        /// Another flag given.
        second: &'static str,
    },
    /// Both a start time and a close time filter were given.
    #[error(
        "--started-after/--started-before and --closed-after/--closed-before cannot be \
         combined: SWF filters closed executions by start time or by close time, not both"
    )]
    StartAndCloseTime,
}
