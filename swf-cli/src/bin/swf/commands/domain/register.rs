//! `swf domain register`.

use swf_core::Client;
use swf_core::types::{RegisterDomainInput, ResourceTag};

use crate::error::CliError;
use crate::output::{self, Format};

/// `swf domain register`
#[derive(Debug, clap::Args)]
pub(crate) struct DomainRegisterArgs {
    /// The domain's name.
    name: String,
    /// How many days SWF keeps the history of closed executions (0 to 90, or NONE).
    #[arg(long, value_name = "DAYS", default_value = "7")]
    retention_days: String,
    /// A description.
    #[arg(long)]
    description: Option<String>,
    /// A tag, as KEY=VALUE or KEY; repeat for several.
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    tags: Vec<String>,
}

/// Registers the domain.
pub(super) async fn run(
    client: &Client,
    args: DomainRegisterArgs,
    format: Format,
) -> Result<(), CliError> {
    let tags: Vec<ResourceTag> = args.tags.iter().map(|t| parse_tag(t)).collect();
    client
        .register_domain(RegisterDomainInput {
            name: args.name.clone(),
            workflow_execution_retention_period_in_days: args.retention_days,
            description: args.description,
            tags: (!tags.is_empty()).then_some(tags),
        })
        .await?;
    output::done(format, &format!("Registered domain {}.", args.name))
}

/// `KEY=VALUE` as a tag with a value, `KEY` as one without.
fn parse_tag(text: &str) -> ResourceTag {
    match text.split_once('=') {
        Some((key, value)) => ResourceTag {
            key: key.to_string(),
            value: Some(value.to_string()),
        },
        None => ResourceTag {
            key: text.to_string(),
            value: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_with_and_without_values() {
        assert_eq!(
            parse_tag("team=payments").value.as_deref(),
            Some("payments")
        );
        assert_eq!(parse_tag("team=payments").key, "team");
        assert_eq!(parse_tag("pci").value, None);
        assert_eq!(parse_tag("a=b=c").value.as_deref(), Some("b=c"));
    }
}
