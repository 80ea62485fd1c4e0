//! `swf domain list`.

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::{DomainInfos, ListDomainsInput, RegistrationStatus};

use crate::error::CliError;
use crate::output::{self, Format, Table};

/// `swf domain list`
#[derive(Debug, clap::Args)]
pub(crate) struct DomainListArgs {
    /// List deprecated domains instead of registered ones.
    #[arg(long)]
    deprecated: bool,
}

/// Lists the registered (or deprecated) domains, every page of them.
pub(super) async fn run(
    client: &Client,
    args: DomainListArgs,
    format: Format,
) -> Result<(), CliError> {
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
