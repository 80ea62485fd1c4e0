//! Which SWF a program talks to: the one the environment configures, or `swf-local` started in
//! this process.
//!
//! # Why this rule
//!
//! A program that should run on a fresh machine with no set-up (a quickstart, a demo, a developer's
//! first run) and also against Amazon SWF needs one rule for "does the user mean a real service?".
//! It follows the AWS SDKs' own signs: an endpoint (`AWS_ENDPOINT_URL_SWF`, `AWS_ENDPOINT_URL`)
//! or a region (`AWS_REGION`, `AWS_DEFAULT_REGION`) in the environment, read as the client reads
//! them (blank is unset; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` voids the endpoint variables).
//! With either, the client is configured from the environment as any AWS program's is
//! ([`Client::from_env`]: region, endpoint, credentials, profiles, SSO). With neither there is no
//! account to use, so [`Endpoint::from_env_or_start`] starts `swf-local` on a free loopback port
//! and talks to it with dummy credentials.
//!
//! It lives here, not in `swf-core`, because it starts the service: the framework crates
//! (`swf-core`, `swf-worker`, `swf-decider`) never depend on `swf-local`.

use std::ffi::OsString;
use std::fmt;
use std::time::Duration;

use swf_core::Client;

use crate::error::StartError;
use crate::server::Server;

/// The SWF service a program talks to, and a client of it: the one the environment configures,
/// or `swf-local` running in this process.
///
/// ```no_run
/// # async fn example() -> Result<(), swf_local::EndpointError> {
/// let endpoint = swf_local::Endpoint::from_env_or_start(std::time::Duration::from_secs(1)).await?;
/// println!("endpoint: {endpoint}");
/// let client = endpoint.client().clone();
/// // ... run workers and deciders, start workflows with `client` ...
/// endpoint.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Endpoint {
    client: Client,
    /// The service this process started, when the environment configured none.
    local: Option<Server>,
}

impl Endpoint {
    /// The environment variables whose presence (set and not blank) means "use the SWF
    /// configured here", in the order they are looked at. The first two do not count when
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`, as the client then ignores them.
    pub const ENVIRONMENT: [&'static str; 4] = [
        "AWS_ENDPOINT_URL_SWF",
        "AWS_ENDPOINT_URL",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    ];

    /// The SWF the environment configures, if one of [`Endpoint::ENVIRONMENT`] is set; else
    /// `swf-local` started in this process on a free loopback port, its long polls ending after
    /// `local_poll_timeout`.
    ///
    /// A short poll timeout (a second) lets workers and deciders shut down quickly; SWF's own
    /// is 60 s, and that is what a configured SWF keeps.
    pub async fn from_env_or_start(
        local_poll_timeout: Duration,
    ) -> Result<Endpoint, EndpointError> {
        if let Some(variable) = configured_by(|name| std::env::var_os(name)) {
            let client = Client::from_env()
                .await
                .map_err(|source| EndpointError::Environment { variable, source })?;
            return Ok(Endpoint {
                client,
                local: None,
            });
        }
        let server = Server::builder()
            .poll_timeout(local_poll_timeout)
            .start()
            .await
            .map_err(EndpointError::Start)?;
        let client = match Client::local_builder(server.endpoint_url()).build().await {
            Ok(client) => client,
            Err(source) => {
                let endpoint = server.endpoint_url();
                server.shutdown().await;
                return Err(EndpointError::LocalClient { endpoint, source });
            }
        };
        Ok(Endpoint {
            client,
            local: Some(server),
        })
    }

    /// A client of the service.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The `swf-local` this process started, if the environment configured no SWF.
    pub fn local(&self) -> Option<&Server> {
        self.local.as_ref()
    }

    /// Stops the service if this process started it (after its parked polls return); a
    /// configured SWF is left alone.
    pub async fn shutdown(self) {
        if let Some(server) = self.local {
            server.shutdown().await;
        }
    }
}

/// Where requests go, in words: `swf-local in this process at http://127.0.0.1:PORT/`, or
/// `ENDPOINT (region REGION, from the environment)`.
impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = self.client.config();
        match self.local {
            Some(_) => write!(f, "swf-local in this process at {}", config.endpoint()),
            None => write!(
                f,
                "{} (region {}, from the environment)",
                config.endpoint(),
                config.region()
            ),
        }
    }
}

/// Why [`Endpoint::from_env_or_start`] found no service to talk to.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// The environment names an SWF, but no client could be configured from it (no region, a
    /// malformed endpoint, a profile that does not exist, ...).
    #[error("{variable} is set, so SWF is configured from the environment, but: {source}")]
    Environment {
        /// The first of [`Endpoint::ENVIRONMENT`] found set.
        variable: &'static str,
        /// Why the client could not be configured.
        #[source]
        source: swf_core::Error,
    },
    /// No SWF is configured, and `swf-local` could not be started in this process.
    #[error("no SWF endpoint or region is configured, and swf-local could not start: {0}")]
    Start(#[source] StartError),
    /// `swf-local` started, but no client of it could be built (it has been stopped again).
    #[error("cannot make a client of swf-local at {endpoint}: {source}")]
    LocalClient {
        /// The endpoint the service listened on.
        endpoint: String,
        /// Why the client could not be built.
        #[source]
        source: swf_core::Error,
    },
}

/// The first of [`Endpoint::ENVIRONMENT`] that `var` finds set to something not blank (a blank
/// variable is one a script cleared, not a choice of service), read as `swf-core` reads them:
/// the endpoint variables do not count under `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`, which
/// makes the client ignore them.
fn configured_by(var: impl Fn(&str) -> Option<OsString>) -> Option<&'static str> {
    let set =
        |name: &str| var(name).is_some_and(|value| !value.to_string_lossy().trim().is_empty());
    let endpoints_ignored = var(IGNORE_ENDPOINTS)
        .is_some_and(|value| value.to_string_lossy().trim().eq_ignore_ascii_case("true"));
    Endpoint::ENVIRONMENT
        .into_iter()
        .filter(|name| !(endpoints_ignored && name.starts_with("AWS_ENDPOINT_URL")))
        .find(|name| set(name))
}

/// The AWS SDKs' switch that makes a client ignore the endpoint variables.
const IGNORE_ENDPOINTS: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

#[cfg(test)]
mod tests {
    use super::*;

    /// An environment holding exactly `vars`.
    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn nothing_set_configures_nothing() {
        assert_eq!(configured_by(env(&[])), None);
        let unrelated = [("AWS_PROFILE", "dev"), ("AWS_ACCESS_KEY_ID", "AKIA")];
        assert_eq!(configured_by(env(&unrelated)), None);
    }

    #[test]
    fn each_variable_alone_configures() {
        for name in Endpoint::ENVIRONMENT {
            assert_eq!(configured_by(env(&[(name, "x")])), Some(name), "{name}");
        }
    }

    #[test]
    fn an_empty_variable_is_not_set() {
        assert_eq!(configured_by(env(&[("AWS_REGION", "")])), None);
        assert_eq!(configured_by(env(&[("AWS_REGION", " ")])), None);
        let one_empty = [
            ("AWS_ENDPOINT_URL_SWF", ""),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
        ];
        assert_eq!(
            configured_by(env(&one_empty)),
            Some("AWS_DEFAULT_REGION"),
            "the first one not empty is named"
        );
    }

    #[test]
    fn ignored_endpoint_variables_do_not_configure() {
        let ignored = [
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"),
            ("AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:8720"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:8720"),
        ];
        assert_eq!(configured_by(env(&ignored)), None);
        let with_region = [ignored[0], ignored[1], ("AWS_REGION", "eu-west-1")];
        assert_eq!(configured_by(env(&with_region)), Some("AWS_REGION"));
        let not_ignored = [("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"), ignored[1]];
        assert_eq!(
            configured_by(env(&not_ignored)),
            Some("AWS_ENDPOINT_URL_SWF")
        );
    }
}
