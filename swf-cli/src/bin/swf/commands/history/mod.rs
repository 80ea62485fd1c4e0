//! `swf history`: an execution's history, saved whole as SWF's JSON ([`get`]) or shown as a
//! timeline ([`show`]).
//!
//! Both read every page (see `events`).

mod get;
mod show;

use clap::Subcommand;
use swf_core::Client;

use crate::error::CliError;
use crate::output::Format;

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
    Get(get::GetArgs),
    /// Show an execution's history, from the service or a saved file, as a timeline.
    #[command(after_help = HISTORY_HELP)]
    Show(show::ShowArgs),
}

/// Runs one `swf history` command. `connect` is called only when the command needs the service.
pub(crate) async fn run<F, Fut>(
    command: HistoryCommand,
    format: Format,
    connect: F,
) -> Result<(), CliError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Client, CliError>>,
{
    match command {
        HistoryCommand::Get(args) => get::run(&connect().await?, args).await,
        HistoryCommand::Show(args) => show::run(args, format, connect).await,
    }
}
