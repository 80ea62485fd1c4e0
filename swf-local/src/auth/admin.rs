//! Access control for what is not an SWF call: swf-local's own admin endpoints (`/admin/*`) and
//! its web console (`/console`), under the same keys and policies as SWF's calls.
//!
//! - An admin request comes from a program, which can sign: it must be SigV4-signed as an SWF
//!   call is ([`Access::authenticate`]), and the key's policy must allow its [`AdminAction`]
//!   (`swf-local:GetFaults`, `swf-local:PutFaults`, `swf-local:GetClock`,
//!   `swf-local:AdvanceClock`) on resource `*`. These actions are swf-local's own, so `swf:*`
//!   does not grant them: a policy names them, `swf-local:*`, or `*`.
//! - A console page is read by a person in a browser, which cannot SigV4-sign. The console asks
//!   for HTTP Basic credentials instead ([`Access::console_caller`]): the access key id as the
//!   user name, its secret access key as the password, checked against the auth file. Each page
//!   is then allowed as the SWF read it shows would be ([`Caller::authorize`]: its action, its
//!   domain, its condition keys), so the console shows a key nothing its policy hides from it
//!   through the API.
//!
//! Basic credentials are base64, not encryption: anyone who can read the connection reads the
//! secret. The console is meant for loopback, or for a TLS proxy in front of it.
//!
//! Temporary credentials (a key with a `SessionToken`) cannot sign in to the console: Basic
//! carries two values, not the token that must come with them, and taking a temporary key's
//! secret alone would accept less than its API calls need.
//!
//! No refusal names a secret, and a wrong secret is refused with the same words as an unknown
//! key id, so the console does not tell which key ids exist.

use super::policy::Request;
use super::sigv4::constant_time_eq;
use super::{Access, Caller, Received};
use crate::error::Fault;
use axum::http::HeaderMap;
use base64::Engine as _;

/// What an admin request does, as its policy names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdminAction {
    /// `GET /admin/faults`.
    GetFaults,
    /// `PUT /admin/faults`.
    PutFaults,
    /// `GET /admin/clock`.
    GetClock,
    /// `POST /admin/clock/advance`.
    AdvanceClock,
}

impl AdminAction {
    /// The action's IAM name, such as `swf-local:PutFaults`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            AdminAction::GetFaults => "swf-local:GetFaults",
            AdminAction::PutFaults => "swf-local:PutFaults",
            AdminAction::GetClock => "swf-local:GetClock",
            AdminAction::AdvanceClock => "swf-local:AdvanceClock",
        }
    }
}

/// Why the console asks for credentials again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignIn {
    /// The request carries no Basic credentials.
    Missing,
    /// They are malformed, name no key of the auth file, or carry another secret.
    Refused,
    /// They are a temporary key's, which needs its session token (not Basic's to carry).
    Temporary,
}

impl Access {
    /// Refuses an admin request unless a key of the auth file signed it (SigV4, as an SWF call)
    /// and its policy allows `action` on `*`. Without an auth file everyone may.
    pub(crate) fn authorize_admin(
        &self,
        request: Received<'_>,
        action: AdminAction,
    ) -> Result<(), Fault> {
        self.authenticate(request)?.permit(&Request {
            action: action.name().to_owned(),
            resource: "*".to_owned(),
            context: Vec::new(),
        })
    }

    /// The console's caller: anyone without an auth file; with one, the key whose id and
    /// secret the request's `Authorization: Basic` header carries.
    pub(crate) fn console_caller(&self, headers: &HeaderMap) -> Result<Caller, SignIn> {
        let Some(keys) = &self.keys else {
            return Ok(Caller::Anyone);
        };
        let header = headers.get("authorization").ok_or(SignIn::Missing)?;
        let (id, secret) = basic_credentials(header.as_bytes()).ok_or(SignIn::Refused)?;
        let key = keys.get(&id).ok_or(SignIn::Refused)?;
        if !constant_time_eq(key.secret.0.as_bytes(), secret.as_bytes()) {
            return Err(SignIn::Refused);
        }
        if key.session.is_some() {
            return Err(SignIn::Temporary);
        }
        Ok(Caller::Key {
            access_key: id.into(),
            policy: key.policy.clone(),
            domain_arn_prefix: self.domain_arn_prefix.clone(),
        })
    }
}

/// The user name and password of an `Authorization: Basic <base64(user:password)>` header
/// (RFC 7617; the scheme's name is case-insensitive), or `None` when it is not one.
fn basic_credentials(header: &[u8]) -> Option<(String, String)> {
    let header = std::str::from_utf8(header).ok()?;
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::policy::Policy;
    use serde_json::json;

    fn admin_request(action: AdminAction) -> Request {
        Request {
            action: action.name().to_owned(),
            resource: "*".to_owned(),
            context: Vec::new(),
        }
    }

    #[test]
    fn admin_actions_parse_and_are_granted_by_name_and_not_by_swf_star() {
        let policy = |actions: serde_json::Value| {
            let doc =
                json!({"Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]});
            Policy::parse(&doc, "Policy").expect("swf-local's action names parse")
        };
        let faults = policy(json!(["swf-local:GetFaults", "swf-local:PutFaults"]));
        assert!(faults.allows(&admin_request(AdminAction::PutFaults)));
        assert!(!faults.allows(&admin_request(AdminAction::AdvanceClock)));
        let clock = policy(json!("swf-local:*Clock"));
        assert!(clock.allows(&admin_request(AdminAction::GetClock)));
        assert!(clock.allows(&admin_request(AdminAction::AdvanceClock)));
        assert!(!clock.allows(&admin_request(AdminAction::GetFaults)));
        let swf = policy(json!("swf:*"));
        assert!(
            !swf.allows(&admin_request(AdminAction::GetClock)),
            "swf:* is SWF's only"
        );
    }

    #[test]
    fn basic_credentials_are_read_as_rfc_7617_writes_them() {
        let header = |user_password: &str| {
            let encoded = base64::engine::general_purpose::STANDARD.encode(user_password);
            format!("Basic {encoded}")
        };
        let read = |header: &str| basic_credentials(header.as_bytes());
        let pair = |user: &str, password: &str| Some((user.to_owned(), password.to_owned()));
        assert_eq!(read(&header("AKID:s3:cret")), pair("AKID", "s3:cret"));
        assert_eq!(read(&header("AKID:")), pair("AKID", ""));
        let lowercase = header("AKID:x").replacen("Basic", "basic", 1);
        assert_eq!(read(&lowercase), pair("AKID", "x"));
        assert_eq!(read(&header("AKID")), None, "no colon");
        assert_eq!(read("Bearer abc"), None);
        assert_eq!(read("Basic !!!"), None);
        assert_eq!(read("Basic"), None);
    }
}
