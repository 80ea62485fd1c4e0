//! `swf execution count`.

use swf_core::Client;

use crate::error::CliError;
use crate::filters::{FilterArgs, Filters};
use crate::output::{self, Details, Format};

/// `swf execution count`
#[derive(Debug, clap::Args)]
pub(crate) struct CountArgs {
    #[command(flatten)]
    filters: FilterArgs,
}

/// Counts the executions the filters select.
pub(super) async fn run(client: &Client, args: CountArgs, format: Format) -> Result<(), CliError> {
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
