//! The auth file: the access keys the service knows, each with its secret and IAM policy.
//!
//! ```json
//! {"Keys": [
//!   {"AccessKeyId": "AKIDWORKER", "SecretAccessKey": "...",
//!    "Policy": {"Version": "2012-10-17", "Statement": [
//!      {"Effect": "Allow", "Action": ["swf:PollForActivityTask", "swf:RespondActivityTask*"],
//!       "Resource": "arn:aws:swf:*:*:/domain/orders",
//!       "Condition": {"StringEquals": {"swf:taskList.name": "payments"}}}]}}
//! ]}
//! ```
//!
//! Members are spelled as IAM's `CreateAccessKey` answer and policy documents spell them, so a
//! policy written for SWF can be pasted in. Temporary credentials add STS's `SessionToken` and,
//! optionally, `Expiration` (RFC 3339), as `AssumeRole` or `GetSessionToken` return them.
//! Unknown members are refused, naming them: a misspelled `Condition` ignored would grant more
//! than was written.

use super::policy::Policy;
use serde_json::Value;
use std::fmt;
use std::path::Path;
use std::time::SystemTime;
use swf_core::types::Timestamp;

/// Who may call the service and what each may do: access keys, each with its secret and an
/// IAM policy document, as IAM spells them:
///
/// ```
/// let config = swf_local::AuthConfig::from_json(r#"{"Keys": [
///   {"AccessKeyId": "AKIDWORKER", "SecretAccessKey": "worker-secret",
///    "Policy": {"Version": "2012-10-17", "Statement": [
///      {"Effect": "Allow", "Action": ["swf:PollForActivityTask", "swf:RespondActivityTask*"],
///       "Resource": "arn:aws:swf:*:*:/domain/orders",
///       "Condition": {"StringEquals": {"swf:taskList.name": "payments"}}}]}}
/// ]}"#)?;
/// assert_eq!(config.access_key_ids().collect::<Vec<_>>(), ["AKIDWORKER"]);
/// # Ok::<(), swf_local::AuthConfigError>(())
/// ```
///
/// A key may be temporary, as STS hands them out: with `"SessionToken"` (which every request
/// signed by it must then carry as `X-Amz-Security-Token`) and optionally `"Expiration"` (RFC
/// 3339, such as `2026-12-02T07:00:00Z`), past which it is refused with
/// `ExpiredTokenException`.
///
/// Unknown members are refused, naming them. Its `Debug` shows the key ids, never the secrets
/// or tokens.
#[derive(Clone)]
pub struct AuthConfig {
    pub(crate) keys: Vec<KeyConfig>,
}

/// One access key of an [`AuthConfig`].
#[derive(Clone)]
pub(crate) struct KeyConfig {
    pub(crate) access_key_id: String,
    pub(crate) secret_access_key: String,
    /// The session token of temporary credentials.
    pub(crate) session_token: Option<String>,
    /// When temporary credentials stop being valid.
    pub(crate) expiration: Option<SystemTime>,
    pub(crate) policy: Policy,
}

/// Why an auth file could not be used: the file, and the field and problem.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct AuthConfigError(String);

impl AuthConfig {
    /// Reads an auth file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<AuthConfig, AuthConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            AuthConfigError(format!("cannot read the auth file {}: {e}", path.display()))
        })?;
        AuthConfig::from_json(&text).map_err(|AuthConfigError(e)| {
            AuthConfigError(format!("the auth file {}: {e}", path.display()))
        })
    }

    /// Reads an auth file's text.
    pub fn from_json(text: &str) -> Result<AuthConfig, AuthConfigError> {
        let doc: Value =
            serde_json::from_str(text).map_err(|e| AuthConfigError(format!("not JSON: {e}")))?;
        let obj = doc
            .as_object()
            .ok_or_else(|| AuthConfigError("must be an object with `Keys`".into()))?;
        if let Some(member) = obj.keys().find(|k| *k != "Keys") {
            return Err(AuthConfigError(format!("{member}: not a member (Keys)")));
        }
        let keys = obj
            .get("Keys")
            .and_then(Value::as_array)
            .ok_or_else(|| AuthConfigError("Keys: missing, or not an array".into()))?;
        let mut parsed: Vec<KeyConfig> = Vec::with_capacity(keys.len());
        for (i, key) in keys.iter().enumerate() {
            let key = KeyConfig::parse(key, &format!("Keys[{i}]")).map_err(AuthConfigError)?;
            if parsed.iter().any(|k| k.access_key_id == key.access_key_id) {
                return Err(AuthConfigError(format!(
                    "Keys[{i}].AccessKeyId: `{}` is listed twice",
                    key.access_key_id
                )));
            }
            parsed.push(key);
        }
        Ok(AuthConfig { keys: parsed })
    }

    /// The access key ids it knows.
    pub fn access_key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|k| k.access_key_id.as_str())
    }
}

impl KeyConfig {
    fn parse(value: &Value, path: &str) -> Result<KeyConfig, String> {
        let obj = value
            .as_object()
            .ok_or_else(|| format!("{path}: must be an object"))?;
        for member in obj.keys() {
            if !matches!(
                member.as_str(),
                "AccessKeyId" | "SecretAccessKey" | "SessionToken" | "Expiration" | "Policy"
            ) {
                return Err(format!(
                    "{path}.{member}: not a member (AccessKeyId, SecretAccessKey, SessionToken, \
                     Expiration, Policy)"
                ));
            }
        }
        let optional = |name: &str| match obj.get(name) {
            None => Ok(None),
            Some(value) => value
                .as_str()
                .filter(|s| !s.is_empty())
                .map(|s| Some(s.to_owned()))
                .ok_or_else(|| format!("{path}.{name}: empty or not a string")),
        };
        let text = |name: &str| {
            optional(name)?.ok_or_else(|| format!("{path}.{name}: missing, empty or not a string"))
        };
        let session_token = optional("SessionToken")?;
        let expiration = optional("Expiration")?
            .map(|text| parse_expiration(&text).map_err(|e| format!("{path}.Expiration: {e}")))
            .transpose()?;
        if expiration.is_some() && session_token.is_none() {
            return Err(format!(
                "{path}.Expiration: only temporary credentials expire; it needs a SessionToken"
            ));
        }
        let policy = obj
            .get("Policy")
            .ok_or_else(|| format!("{path}.Policy: missing"))?;
        Ok(KeyConfig {
            access_key_id: text("AccessKeyId")?,
            secret_access_key: text("SecretAccessKey")?,
            session_token,
            expiration,
            policy: Policy::parse(policy, &format!("{path}.Policy"))?,
        })
    }
}

/// An RFC 3339 time, `Z` or with an offset: STS's answers end in `Z`, the AWS CLI prints them
/// with `+00:00`, and either may be pasted in.
fn parse_expiration(text: &str) -> Result<SystemTime, String> {
    let offset = text
        .len()
        .checked_sub(6)
        .and_then(|at| text.get(at..))
        .filter(|o| matches!(o.as_bytes(), [b'+' | b'-', _, _, b':', _, _]));
    let Some(offset) = offset else {
        return Timestamp::parse_rfc3339(text).map(SystemTime::from);
    };
    let not_an_offset = || format!("`{text}`: the offset `{offset}` is not +HH:MM or -HH:MM");
    let hours: u64 = offset[1..3].parse().map_err(|_| not_an_offset())?;
    let minutes: u64 = offset[4..6].parse().map_err(|_| not_an_offset())?;
    if hours > 23 || minutes > 59 || !offset[1..3].bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_an_offset());
    }
    let local = &text[..text.len() - 6];
    let utc = Timestamp::parse_rfc3339(&format!("{local}Z"))
        .map(SystemTime::from)
        .map_err(|_| format!("`{text}` is not an RFC 3339 date-time"))?;
    let shift = std::time::Duration::from_secs(hours * 3600 + minutes * 60);
    // 07:00+02:00 is 05:00 UTC: a positive offset is ahead of UTC.
    Ok(if offset.starts_with('+') {
        utc - shift
    } else {
        utc + shift
    })
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.keys.iter()).finish()
    }
}

impl fmt::Debug for KeyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret is never shown: Debug output ends up in logs and panic messages.
        f.debug_struct("Key")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "expiration",
                &self.expiration.map(|t| Timestamp::from(t).to_rfc3339()),
            )
            .field("statements", &self.policy.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{"Keys": [{"AccessKeyId": "AKID1", "SecretAccessKey": "s3cr3t-value",
        "Policy": {"Statement": [{"Effect": "Allow", "Action": "swf:*", "Resource": "*"}]}}]}"#;

    #[test]
    fn debug_shows_key_ids_and_never_secrets() {
        let config = AuthConfig::from_json(FILE).unwrap();
        let shown = format!("{config:?} {config:#?}");
        assert!(shown.contains("AKID1"), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(config.access_key_ids().collect::<Vec<_>>(), ["AKID1"]);
    }

    #[test]
    fn a_bad_file_is_refused_naming_the_field_and_never_its_secret() {
        let cases = [
            ("[]", "must be an object"),
            (r#"{"keys": []}"#, "keys: not a member"),
            (
                r#"{"Keys": [{"AccessKeyId": "A", "Policy": {"Statement": []}}]}"#,
                "Keys[0].SecretAccessKey: missing",
            ),
            (
                r#"{"Keys": [{"AccessKeyId": "A", "SecretAccessKey": "s3cr3t", "Polcy": {}}]}"#,
                "Keys[0].Polcy: not a member",
            ),
            (
                r#"{"Keys": [{"AccessKeyId": "A", "SecretAccessKey": "s3cr3t",
                "Policy": {"Statement": [{"Effect": "Allow", "Action": "swf:*"}]}}]}"#,
                "Keys[0].Policy.Statement[0].Resource: missing",
            ),
        ];
        for (text, expected) in cases {
            let err = AuthConfig::from_json(text).unwrap_err().to_string();
            assert!(err.starts_with(expected), "{err}");
            assert!(!err.contains("s3cr3t"), "{err}");
        }
        let temporary = |extra: &str| {
            format!(
                r#"{{"Keys": [{{"AccessKeyId": "ASIA1", "SecretAccessKey": "s3cr3t", {extra}
                "Policy": {{"Statement": []}}}}]}}"#
            )
        };
        let bad_time = temporary(r#""SessionToken": "t0ken", "Expiration": "tomorrow","#);
        let err = AuthConfig::from_json(&bad_time).unwrap_err().to_string();
        assert!(err.starts_with("Keys[0].Expiration: `tomorrow`"), "{err}");
        let alone = temporary(r#""Expiration": "2026-12-02T07:00:00Z","#);
        let err = AuthConfig::from_json(&alone).unwrap_err().to_string();
        assert!(err.contains("needs a SessionToken"), "{err}");
        let empty = temporary(r#""SessionToken": "","#);
        let err = AuthConfig::from_json(&empty).unwrap_err().to_string();
        assert_eq!(err, "Keys[0].SessionToken: empty or not a string");
        // As the AWS CLI prints STS's answer: with an offset.
        let good =
            temporary(r#""SessionToken": "t0ken", "Expiration": "2026-12-02T07:00:00+00:00","#);
        let shown = format!("{:?}", AuthConfig::from_json(&good).unwrap());
        let ahead = parse_expiration("2026-12-02T09:30:00+02:30").unwrap();
        assert_eq!(ahead, parse_expiration("2026-12-02T07:00:00Z").unwrap());
        let behind = parse_expiration("2026-12-02T02:00:00-05:00").unwrap();
        assert_eq!(behind, ahead);
        assert!(parse_expiration("2026-12-02T07:00:00+2a:00").is_err());
        assert!(shown.contains("2026-12-02T07:00:00"), "{shown}");
        assert!(
            !shown.contains("t0ken") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        let key =
            r#"{"AccessKeyId": "AKID1", "SecretAccessKey": "x", "Policy": {"Statement": []}}"#;
        let twice = format!(r#"{{"Keys": [{key}, {key}]}}"#);
        let err = AuthConfig::from_json(&twice).unwrap_err().to_string();
        assert_eq!(err, "Keys[1].AccessKeyId: `AKID1` is listed twice");
    }
}
