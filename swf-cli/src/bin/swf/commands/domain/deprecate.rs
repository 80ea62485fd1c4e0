//! `swf domain deprecate`.

use swf_core::Client;
use swf_core::types::DeprecateDomainInput;

use crate::error::CliError;
use crate::output::{self, Format};

/// `swf domain deprecate`
#[derive(Debug, clap::Args)]
pub(crate) struct DomainDeprecateArgs {
    /// The domain.
    name: String,
}

/// Deprecates the domain.
pub(super) async fn run(
    client: &Client,
    args: DomainDeprecateArgs,
    format: Format,
) -> Result<(), CliError> {
    client
        .deprecate_domain(DeprecateDomainInput {
            name: args.name.clone(),
        })
        .await?;
    output::done(format, &format!("Deprecated domain {}.", args.name))
}
