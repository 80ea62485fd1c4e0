//! The client a command talks to SWF with, configured the way `swf-core` (and the AWS CLI)
//! configures one: flags first, then the environment and the profile.
//!
//! swf-core also signs for a loopback endpoint (`swf local`, moto) with dummy credentials and
//! region `us-east-1` when none are configured, so `swf --endpoint-url http://127.0.0.1:8720`
//! works with no AWS setup.
//!
//! The client is built lazily, when a command first needs it, so that commands that do not call
//! the service (`swf history show --file`) work without any AWS configuration.

use swf_core::Client;

use crate::args::GlobalArgs;
use crate::error::CliError;

/// Builds the client for the global flags and the environment.
pub(crate) async fn client(args: &GlobalArgs) -> Result<Client, CliError> {
    let mut builder = Client::builder();
    if let Some(url) = &args.endpoint_url {
        builder.endpoint_url(url);
    }
    if let Some(region) = &args.region {
        builder.region(region);
    }
    Ok(builder.build().await?)
}
