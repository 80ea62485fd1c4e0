//! `swf domain`: register, list, describe, deprecate and undeprecate domains.

mod deprecate;
mod describe;
mod list;
mod register;
mod undeprecate;

use clap::Subcommand;
use swf_core::Client;

use crate::error::CliError;
use crate::output::Format;

const DOMAIN_HELP: &str = "\
Examples:
  swf domain register shop --retention-days 7 --description 'orders and payments'
  swf domain list
  swf domain list --deprecated -o json
  swf domain describe shop
  swf domain deprecate shop";

/// `swf domain …`
#[derive(Debug, Subcommand)]
#[command(after_help = DOMAIN_HELP)]
pub(crate) enum DomainCommand {
    /// Register a domain.
    #[command(after_help = DOMAIN_HELP)]
    Register(register::DomainRegisterArgs),
    /// List registered (or deprecated) domains.
    #[command(after_help = DOMAIN_HELP)]
    List(list::DomainListArgs),
    /// Show a domain's status and configuration.
    #[command(after_help = DOMAIN_HELP)]
    Describe(describe::DomainDescribeArgs),
    /// Deprecate a domain: no new executions or types; open executions run on.
    #[command(after_help = DOMAIN_HELP)]
    Deprecate(deprecate::DomainDeprecateArgs),
    /// Undeprecate a deprecated domain.
    #[command(after_help = DOMAIN_HELP)]
    Undeprecate(undeprecate::DomainUndeprecateArgs),
}

/// Runs one `swf domain` command.
pub(crate) async fn run(
    client: &Client,
    command: DomainCommand,
    format: Format,
) -> Result<(), CliError> {
    match command {
        DomainCommand::Register(args) => register::run(client, args, format).await,
        DomainCommand::List(args) => list::run(client, args, format).await,
        DomainCommand::Describe(args) => describe::run(client, args, format).await,
        DomainCommand::Deprecate(args) => deprecate::run(client, args, format).await,
        DomainCommand::Undeprecate(args) => undeprecate::run(client, args, format).await,
    }
}
