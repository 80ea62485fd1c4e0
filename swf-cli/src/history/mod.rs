//! `swf history`: an execution's history, saved whole as SWF's JSON ([`get`]) or shown as a
//! timeline ([`show`]).
//!
//! Both read every page: a history longer than a page (1,000 events by default) is common, and a
//! fixture or a timeline cut at a page boundary would silently mislead.

mod get;
mod show;

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::{GetWorkflowExecutionHistoryInput, HistoryEvent, WorkflowExecution};

use crate::cli::HistoryCommand;
use crate::error::CliError;
use crate::output::Format;

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

/// Every event of the execution's history, oldest first, across all pages.
async fn fetch(
    client: &Client,
    domain: &str,
    execution: WorkflowExecution,
) -> Result<Vec<HistoryEvent>, CliError> {
    let events = client
        .get_workflow_execution_history_stream(GetWorkflowExecutionHistoryInput {
            domain: domain.to_string(),
            execution,
            ..Default::default()
        })
        .try_collect()
        .await?;
    Ok(events)
}
