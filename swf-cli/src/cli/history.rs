//! `swf history`: a workflow execution's events, saved or shown.

use std::path::PathBuf;

use clap::Subcommand;

const HISTORY_HELP: &str = "\
Examples:
  swf history get order-1 -d shop > order-1.json      # a replay-test fixture
  swf history get order-1 -d shop --run-id 22abc… --out order-1.json
  swf history show order-1 -d shop
  swf history show --file order-1.json
  swf history show --file order-1.json --full         # payloads untruncated

`get` writes every page of the history as the JSON GetWorkflowExecutionHistory returns
({\"events\": [...]}), whatever --output says. `show` prints one line per activity, timer,
signal, child workflow, marker and decision, with its time since the start, how long it took
and how it ended; with -o json, the same lines as JSON objects.";

/// `swf history …`
#[derive(Debug, Subcommand)]
#[command(after_help = HISTORY_HELP)]
pub(crate) enum HistoryCommand {
    /// Write an execution's complete history as SWF's JSON.
    #[command(after_help = HISTORY_HELP)]
    Get(GetArgs),
    /// Show an execution's history, from the service or a saved file, as a timeline.
    #[command(after_help = HISTORY_HELP)]
    Show(ShowArgs),
}

/// `swf history get`
#[derive(Debug, clap::Args)]
pub(crate) struct GetArgs {
    #[command(flatten)]
    pub(crate) domain: super::DomainArg,
    #[command(flatten)]
    pub(crate) execution: super::ExecutionArgs,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub(crate) out: Option<PathBuf>,
}

/// `swf history show`
#[derive(Debug, clap::Args)]
pub(crate) struct ShowArgs {
    /// The SWF domain (not needed with --file).
    #[arg(
        long,
        short = 'd',
        env = "SWF_DOMAIN",
        required_unless_present = "file"
    )]
    pub(crate) domain: Option<String>,
    /// The workflow id (not needed with --file).
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub(crate) workflow_id: Option<String>,
    /// The run [default: the open run, or else the latest one].
    #[arg(long, conflicts_with = "file")]
    pub(crate) run_id: Option<String>,
    /// Read a history saved by `swf history get` (or GetWorkflowExecutionHistory) instead.
    #[arg(long, value_name = "PATH")]
    pub(crate) file: Option<PathBuf>,
    /// Show payloads (inputs, results, details) whole instead of cut to fit a line.
    #[arg(long)]
    pub(crate) full: bool,
}
