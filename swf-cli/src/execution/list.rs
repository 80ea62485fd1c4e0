//! `swf execution list` and `swf execution count`.

use futures::{StreamExt, TryStreamExt};
use swf_core::Client;
use swf_core::types::{WorkflowExecutionInfo, WorkflowExecutionInfos};

use super::filters::Filters;
use crate::cli::{CountArgs, ListArgs};
use crate::error::CliError;
use crate::output::{self, Details, Format, Table};
use crate::time;

/// Lists the executions the filters select, every page of them (or `--max-items`).
pub(crate) async fn list(client: &Client, args: ListArgs, format: Format) -> Result<(), CliError> {
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

/// Counts the executions the filters select.
pub(crate) async fn count(
    client: &Client,
    args: CountArgs,
    format: Format,
) -> Result<(), CliError> {
    let filters = Filters::from_args(&args.filters)?;
    let count = if filters.closed() {
        client
            .count_closed_workflow_executions(filters.count_closed())
            .await?
    } else {
        client
            .count_open_workflow_executions(filters.count_open())
            .await?
    };
    match format {
        Format::Json => output::print_json(&count),
        Format::Table => {
            let mut d = Details::new();
            let what = if filters.closed() { "closed" } else { "open" };
            d.add(what, count.count.to_string());
            if count.truncated == Some(true) {
                d.add(
                    "truncated",
                    "yes: the service stopped counting; there are more",
                );
            }
            output::print(&d.render())
        }
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

/// `OPEN`, `OPEN (cancel requested)`, or how it closed.
pub(crate) fn status(info: &WorkflowExecutionInfo) -> String {
    match &info.close_status {
        Some(status) => status.to_string(),
        None if info.cancel_requested == Some(true) => "OPEN (cancel requested)".to_string(),
        None => info.execution_status.to_string(),
    }
}
