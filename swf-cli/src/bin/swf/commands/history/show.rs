//! `swf history show`: a history, from the service or a saved file, as a timeline.

use std::path::{Path, PathBuf};

use swf_core::Client;
use swf_core::types::HistoryEvent;

use swf_cli::timeline;

use crate::args::ExecutionArgs;
use crate::error::CliError;
use crate::output::{self, Format};
use crate::{events, resolve};

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
    domain: Option<String>,
    /// The workflow id (not needed with --file).
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    workflow_id: Option<String>,
    /// The run [default: the open run, or else the latest one].
    #[arg(long, conflicts_with = "file")]
    run_id: Option<String>,
    /// Read a history saved by `swf history get` (or GetWorkflowExecutionHistory) instead.
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
    /// Show payloads (inputs, results, details) whole instead of cut to fit a line.
    #[arg(long)]
    full: bool,
}

/// Loads the history and prints its timeline: text lines, or with `-o json` the entries as JSON.
pub(super) async fn run<F, Fut>(args: ShowArgs, format: Format, connect: F) -> Result<(), CliError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Client, CliError>>,
{
    let events = match (&args.file, args.domain, args.workflow_id) {
        (Some(path), _, _) => load(path)?,
        (None, Some(domain), Some(workflow_id)) => {
            let client = connect().await?;
            let execution = ExecutionArgs {
                workflow_id,
                run_id: args.run_id,
            };
            let execution = resolve::execution(&client, &domain, &execution).await?;
            events::fetch(&client, &domain, execution).await?
        }
        // clap requires a domain and a workflow id unless --file is given.
        _ => unreachable!("clap requires --file or a domain and a workflow id"),
    };
    let entries = timeline::fold(&events);
    match format {
        Format::Json => output::print_json(&entries),
        Format::Table => output::print(&timeline::render(&entries, args.full)),
    }
}

/// Reads a saved history: the JSON of `GetWorkflowExecutionHistory` (`{"events": [...]}`), or a
/// bare array of events. An object without `events` is refused rather than read as an empty
/// history, since it is most likely some other JSON file.
fn load(path: &Path) -> Result<Vec<HistoryEvent>, CliError> {
    let text = std::fs::read_to_string(path).map_err(|source| CliError::ReadFile {
        path: path.to_path_buf(),
        source,
    })?;
    let not_a_history = |problem: String| CliError::NotAHistory {
        path: path.to_path_buf(),
        problem,
    };
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| not_a_history(e.to_string()))?;
    let events = match json {
        serde_json::Value::Array(_) => json,
        serde_json::Value::Object(mut object) => object
            .remove("events")
            .ok_or_else(|| not_a_history("it has no \"events\"".into()))?,
        _ => return Err(not_a_history("it is neither an object nor an array".into())),
    };
    serde_json::from_value(events).map_err(|e| not_a_history(e.to_string()))
}
