//! The client a command talks to SWF with, configured the way `swf-core` (and the AWS CLI)
//! configures one, plus one convenience for local services.
//!
//! Everything is left to `swf-core`'s resolution (flags first, then the environment and profile)
//! except in one case: an endpoint on the loopback interface with no credentials configured in
//! the environment. That is `swf local`, moto or another emulator, which does not check signatures,
//! and the standard credentials chain would otherwise fail there (or wait on the EC2 metadata
//! service) for credentials nobody needs. In that case the client signs with dummy credentials and
//! defaults the region to `us-east-1`. Setting `AWS_ACCESS_KEY_ID` or `AWS_PROFILE` turns this off.
//!
//! The client is built lazily, when a command first needs it, so that commands that do not call
//! the service (`swf history show --file`) work without any AWS configuration.

use std::net::IpAddr;

use swf_core::Client;

use crate::cli::GlobalArgs;
use crate::error::CliError;

/// The region a local endpoint is signed for when none is configured.
const LOCAL_REGION: &str = "us-east-1";

/// Builds the client for the global flags and the environment.
pub(crate) async fn client(args: &GlobalArgs) -> Result<Client, CliError> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let endpoint = args
        .endpoint_url
        .clone()
        .or_else(|| configured_endpoint(&env));
    let has_credentials = env("AWS_ACCESS_KEY_ID").is_some() || env("AWS_PROFILE").is_some();
    let mut builder = match &endpoint {
        Some(url) if is_loopback(url) && !has_credentials => {
            let region = args
                .region
                .clone()
                .or_else(|| env("AWS_REGION"))
                .or_else(|| env("AWS_DEFAULT_REGION"))
                .unwrap_or_else(|| LOCAL_REGION.to_string());
            return Ok(Client::local_builder(url).region(region).build().await?);
        }
        _ => Client::builder(),
    };
    if let Some(url) = &args.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    if let Some(region) = &args.region {
        builder = builder.region(region);
    }
    Ok(builder.build().await?)
}

/// The endpoint the environment configures for SWF, as the AWS SDKs read it.
fn configured_endpoint(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return None;
    }
    env("AWS_ENDPOINT_URL_SWF").or_else(|| env("AWS_ENDPOINT_URL"))
}

/// Whether the URL's host is this machine: `localhost`, `127.0.0.0/8` or `::1`.
fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("http://127.0.0.1:8720"));
        assert!(is_loopback("http://localhost:8720/"));
        assert!(is_loopback("http://127.3.2.1"));
        assert!(is_loopback("http://[::1]:8720/x"));
        assert!(!is_loopback("https://swf.us-east-1.amazonaws.com"));
        assert!(!is_loopback("http://10.0.0.1:8720"));
        assert!(!is_loopback("http://localhost.example.com"));
    }

    #[test]
    fn endpoint_variables_in_order_unless_ignored() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let both = vars(&[
            ("AWS_ENDPOINT_URL_SWF", "http://a"),
            ("AWS_ENDPOINT_URL", "http://b"),
        ]);
        assert_eq!(configured_endpoint(&both).as_deref(), Some("http://a"));
        let general = vars(&[("AWS_ENDPOINT_URL", "http://b")]);
        assert_eq!(configured_endpoint(&general).as_deref(), Some("http://b"));
        let ignored = vars(&[
            ("AWS_ENDPOINT_URL", "http://b"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]);
        assert_eq!(configured_endpoint(&ignored), None);
    }
}
