//! `swf execution list`.

use futures::{StreamExt, TryStreamExt};
use swf_core::Client;
use swf_core::types::{WorkflowExecutionInfo, WorkflowExecutionInfos};

use crate::display::status;
use crate::error::CliError;
use crate::filters::{FilterArgs, Filters};
use crate::output::{self, Format, Table};
use crate::time;

/// `swf execution list`
#[derive(Debug, clap::Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    filters: FilterArgs,
    /// Stop after this many executions [default: all].
    #[arg(long, value_name = "N")]
    max_items: Option<usize>,
    /// Oldest first (SWF lists newest first).
    #[arg(long)]
    oldest_first: bool,
}

/// Lists the executions the filters select, every page of them (or `--max-items`).
pub(super) async fn run(client: &Client, args: ListArgs, format: Format) -> Result<(), CliError> {
    let filters = Filters::from_args(&args.filters)?;
    let reverse_order = args.oldest_first.then_some(true);
    let limit = args.max_items.unwrap_or(usize::MAX);
    let execution_infos: Vec<WorkflowExecutionInfo> = if filters.closed() {
        let mut input = filters.list_closed();
        input.reverse_order = reverse_order;
        client
            .list_closed_workflow_executions_stream(input)
            .take(limit)
            .try_collect()
            .await?
    } else {
        let mut input = filters.list_open();
        input.reverse_order = reverse_order;
        client
            .list_open_workflow_executions_stream(input)
            .take(limit)
            .try_collect()
            .await?
    };
    match format {
        Format::Json => output::print_json(&WorkflowExecutionInfos {
            execution_infos,
            next_page_token: None,
        }),
        Format::Table => output::print(&table(&execution_infos, filters.closed()).render()),
    }
}

fn table(infos: &[WorkflowExecutionInfo], closed: bool) -> Table {
    let mut table = match closed {
        true => Table::new(&[
            "WORKFLOW ID",
            "RUN ID",
            "TYPE",
            "STATUS",
            "STARTED",
            "CLOSED",
        ]),
        false => Table::new(&["WORKFLOW ID", "RUN ID", "TYPE", "STATUS", "STARTED"]),
    };
    for info in infos {
        let mut row = vec![
            info.execution.workflow_id.clone(),
            info.execution.run_id.clone(),
            format!("{} {}", info.workflow_type.name, info.workflow_type.version),
            status(info),
            time::format(info.start_timestamp),
        ];
        if closed {
            row.push(output::or_dash(
                info.close_timestamp.map(time::format).as_deref(),
            ));
        }
        table.row(row);
    }
    table
}
