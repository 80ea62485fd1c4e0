//! `swf domain`: register, list, describe, deprecate and undeprecate domains.

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::{
    DeprecateDomainInput, DescribeDomainInput, DomainDetail, DomainInfos, ListDomainsInput,
    RegisterDomainInput, RegistrationStatus, ResourceTag, UndeprecateDomainInput,
};

use crate::cli::{DomainCommand, DomainListArgs, DomainRegisterArgs};
use crate::error::CliError;
use crate::output::{self, Details, Format, Table};

/// Runs one `swf domain` command.
pub(crate) async fn run(
    client: &Client,
    command: DomainCommand,
    format: Format,
) -> Result<(), CliError> {
    match command {
        DomainCommand::Register(args) => register(client, args, format).await,
        DomainCommand::List(args) => list(client, args, format).await,
        DomainCommand::Describe { name } => describe(client, name, format).await,
        DomainCommand::Deprecate { name } => {
            client
                .deprecate_domain(DeprecateDomainInput { name: name.clone() })
                .await?;
            output::done(format, &format!("Deprecated domain {name}."))
        }
        DomainCommand::Undeprecate { name } => {
            client
                .undeprecate_domain(UndeprecateDomainInput { name: name.clone() })
                .await?;
            output::done(format, &format!("Undeprecated domain {name}."))
        }
    }
}

async fn register(
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

async fn list(client: &Client, args: DomainListArgs, format: Format) -> Result<(), CliError> {
    let registration_status = match args.deprecated {
        true => RegistrationStatus::Deprecated,
        false => RegistrationStatus::Registered,
    };
    let domain_infos: Vec<_> = client
        .list_domains_stream(ListDomainsInput {
            registration_status,
            ..Default::default()
        })
        .try_collect()
        .await?;
    match format {
        Format::Json => output::print_json(&DomainInfos {
            domain_infos,
            next_page_token: None,
        }),
        Format::Table => {
            let mut table = Table::new(&["NAME", "STATUS", "DESCRIPTION"]);
            for d in domain_infos {
                table.row(vec![
                    d.name,
                    d.status.to_string(),
                    d.description.unwrap_or_default(),
                ]);
            }
            output::print(&table.render())
        }
    }
}

async fn describe(client: &Client, name: String, format: Format) -> Result<(), CliError> {
    let detail = client.describe_domain(DescribeDomainInput { name }).await?;
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
