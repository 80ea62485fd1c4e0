//! Access control, opt-in: with an auth file (`--auth-file`, [`crate::Builder::auth`]) every
//! call must be signed with AWS Signature Version 4 by a key the file lists, and that key's IAM
//! policy must allow it; without one the service checks nothing, as before.
//!
//! Three steps, each refusing before anything is applied:
//! 1. authentication (`sigv4.rs`): the `Authorization` header or a presigned query
//!    (`presigned.rs`), the key, its session token if it is temporary (`session.rs`), the
//!    region, the time (within 15 minutes of the wall clock, or until a presigned request
//!    expires), the signature;
//! 2. authorization of the call (`request.rs`, `policy.rs`): its action, its domain as resource,
//!    its condition keys; a call the policy does not allow gets `OperationNotPermittedFault`;
//! 3. authorization of each decision (`decisions.rs`), inside `RespondDecisionTaskCompleted`: a
//!    decision the policy does not allow fails in the history with `OPERATION_NOT_PERMITTED`.
//!
//! The caller of the call being handled reaches step 3 through a task-local ([`Caller::scope`]),
//! so that the engine's operations keep their signatures for a concern only this opt-in mode has.
//!
//! Time is the wall clock even on a virtual clock: clients sign with their own wall clock, and a
//! virtual clock that jumped days ahead would otherwise refuse every call as expired.
//!
//! Secrets stay out of logs: nothing here logs, [`AuthConfig`]'s `Debug` redacts them, and
//! refusals name the access key id only.

pub(crate) mod admin;
mod config;
mod decisions;
mod policy;
mod presigned;
mod request;
mod session;
mod sigv4;

pub use config::{AuthConfig, AuthConfigError};
pub(crate) use decisions::refused as refused_decision;

use crate::error::{Fault, FaultKind};
use axum::http::HeaderMap;
use policy::{Policy, Request};
use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;
use swf_core::Operation;

tokio::task_local! {
    /// The authenticated caller of the call this task is handling.
    static CALLER: Caller;
}

/// Where a [`crate::Builder`]'s auth configuration comes from.
#[derive(Debug, Clone)]
pub(crate) enum AuthSource {
    Config(AuthConfig),
    /// Read when the service starts.
    File(PathBuf),
}

impl AuthSource {
    /// The configuration, reading the file if it is one.
    pub(crate) fn load(&self) -> Result<AuthConfig, AuthConfigError> {
        match self {
            AuthSource::Config(config) => Ok(config.clone()),
            AuthSource::File(path) => AuthConfig::from_file(path),
        }
    }
}

/// One known key: its secret, its session if it is temporary, and its policy.
#[derive(Debug)]
struct Key {
    secret: Secret,
    session: Option<session::Session>,
    policy: Arc<Policy>,
}

/// A secret access key, whose `Debug` never shows it.
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The access control of a running service: none, or the keys of an auth file.
#[derive(Debug)]
pub(crate) struct Access {
    keys: Option<HashMap<String, Key>>,
    /// The region signatures must be scoped to: the service's.
    region: Arc<str>,
    /// A domain's ARN is this followed by its name (the engine's region and account).
    domain_arn_prefix: Arc<str>,
}

/// Who is calling: anyone (no auth file), or a key with its policy.
#[derive(Debug, Clone)]
pub(crate) enum Caller {
    Anyone,
    Key {
        access_key: Arc<str>,
        policy: Arc<Policy>,
        domain_arn_prefix: Arc<str>,
    },
}

/// The parts of a request authentication reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Received<'a> {
    pub(crate) method: &'a str,
    pub(crate) path_and_query: &'a str,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

impl Access {
    /// Access control by `config`, or none, for a service in us-east-1 (see
    /// [`in_region`](Self::in_region)); `domain_arn_prefix` is a domain's ARN without its name.
    pub(crate) fn new(config: Option<&AuthConfig>, domain_arn_prefix: String) -> Access {
        let keys = config.map(|c| {
            c.keys
                .iter()
                .map(|k| {
                    let key = Key {
                        secret: Secret(k.secret_access_key.clone()),
                        session: k.session_token.clone().map(|token| session::Session {
                            token,
                            expiration: k.expiration,
                        }),
                        policy: Arc::new(k.policy.clone()),
                    };
                    (k.access_key_id.clone(), key)
                })
                .collect()
        });
        Access {
            keys,
            region: crate::engine::DEFAULT_REGION.into(),
            domain_arn_prefix: domain_arn_prefix.into(),
        }
    }

    /// The same, for a service in `region`: signatures scoped to another are refused.
    pub(crate) fn in_region(self, region: &str) -> Access {
        Access {
            region: region.into(),
            ..self
        }
    }

    /// Who signed `request`, checked against the wall clock; AWS's refusal if nobody known did.
    pub(crate) fn authenticate(&self, request: Received<'_>) -> Result<Caller, Fault> {
        let Some(keys) = &self.keys else {
            return Ok(Caller::Anyone);
        };
        let auth = sigv4::authorization(&request)?;
        let key = keys
            .get(auth.access_key.as_ref())
            .ok_or_else(session::unrecognized)?;
        let now = SystemTime::now();
        // The token first: AWS finds a temporary key's secret through its token, so a request
        // without the right one cannot have its signature checked.
        session::check(key.session.as_ref(), auth.security_token.as_deref(), now)?;
        sigv4::verify(&auth, &key.secret.0, request, &self.region, now)?;
        Ok(Caller::Key {
            access_key: auth.access_key.as_ref().into(),
            policy: key.policy.clone(),
            domain_arn_prefix: self.domain_arn_prefix.clone(),
        })
    }
}

impl Caller {
    /// Refuses a call of `op` with `body` that the caller's policy does not allow, with SWF's
    /// `OperationNotPermittedFault`.
    pub(crate) fn authorize(&self, op: Operation, body: &[u8]) -> Result<(), Fault> {
        if let Caller::Anyone = self {
            return Ok(());
        }
        self.permit(&request::of_call(op, body, &|name| self.domain_arn(name)))
    }

    /// Refuses `request` unless the caller's policy allows it, with the words AWS answers a
    /// call IAM does not allow.
    fn permit(&self, request: &Request) -> Result<(), Fault> {
        match self {
            Caller::Key { access_key, .. } if !self.allows(request) => Err(Fault::new(
                FaultKind::OperationNotPermitted,
                format!(
                    "User {access_key} is not authorized to perform: {} on resource: {}",
                    request.action, request.resource
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Runs `call` as this caller: the decisions it makes are checked against its policy.
    pub(crate) async fn scope<F: Future>(self, call: F) -> F::Output {
        CALLER.scope(self, call).await
    }

    fn allows(&self, request: &Request) -> bool {
        match self {
            Caller::Anyone => true,
            Caller::Key { policy, .. } => policy.allows(request),
        }
    }

    fn domain_arn(&self, name: &str) -> String {
        match self {
            Caller::Anyone => name.to_owned(),
            Caller::Key {
                domain_arn_prefix, ..
            } => format!("{domain_arn_prefix}{name}"),
        }
    }
}

/// `f` of the caller of the call being handled, if any.
fn with_caller<T>(f: impl FnOnce(&Caller) -> T) -> Option<T> {
    CALLER.try_with(f).ok()
}
