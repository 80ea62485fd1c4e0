//! `swf domain undeprecate`.

use swf_core::Client;
use swf_core::types::UndeprecateDomainInput;

use crate::error::CliError;
use crate::output::{self, Format};

/// `swf domain undeprecate`
#[derive(Debug, clap::Args)]
pub(crate) struct DomainUndeprecateArgs {
    /// The domain.
    name: String,
}

/// Undeprecates the domain.
pub(super) async fn run(
    client: &Client,
    args: DomainUndeprecateArgs,
    format: Format,
) -> Result<(), CliError> {
    client
        .undeprecate_domain(UndeprecateDomainInput {
            name: args.name.clone(),
        })
        .await?;
    output::done(format, &format!("Undeprecated domain {}.", args.name))
}
