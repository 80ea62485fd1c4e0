//! `swf domain describe`.

use swf_core::Client;
use swf_core::types::{DescribeDomainInput, DomainDetail};

use crate::error::CliError;
use crate::output::{self, Details, Format};

/// `swf domain describe`
#[derive(Debug, clap::Args)]
pub(crate) struct DomainDescribeArgs {
    /// The domain.
    name: String,
}

/// Prints the domain's status and configuration.
pub(super) async fn run(
    client: &Client,
    args: DomainDescribeArgs,
    format: Format,
) -> Result<(), CliError> {
    let detail = client
        .describe_domain(DescribeDomainInput { name: args.name })
        .await?;
    match format {
        Format::Json => output::print_json(&detail),
        Format::Table => output::print(&details(&detail).render()),
    }
}

fn details(detail: &DomainDetail) -> Details {
    let info = &detail.domain_info;
    let retention = &detail
        .configuration
        .workflow_execution_retention_period_in_days;
    let mut d = Details::new();
    d.add("name", &info.name)
        .add("status", info.status.to_string())
        .add_opt("description", info.description.as_deref())
        .add(
            "retention",
            match retention.as_str() {
                "NONE" => "NONE (histories are deleted when executions close)".to_string(),
                days => format!("{days} days"),
            },
        )
        .add_opt("arn", info.arn.as_deref());
    d
}
