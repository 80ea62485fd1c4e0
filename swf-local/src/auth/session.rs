//! Temporary credentials: a key whose auth-file entry has a `SessionToken` (as STS returns
//! them) is valid only with that token in the request, and only until its `Expiration`.
//!
//! The answers are AWS's: a missing or wrong token, or a token sent for a key that has none,
//! is `UnrecognizedClientException` ("The security token included in the request is invalid.",
//! the same as an unknown key: AWS finds the key through its token); a right token past its
//! expiration is `ExpiredTokenException`.

use crate::error::{Fault, FaultKind};
use std::time::SystemTime;

/// The session a key belongs to: its token and when it stops being valid.
pub(super) struct Session {
    pub(super) token: String,
    pub(super) expiration: Option<SystemTime>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token is a credential: it never reaches a log.
        f.debug_struct("Session")
            .field("token", &"<redacted>")
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// The refusal of a request whose key AWS would not recognise.
pub(super) fn unrecognized() -> Fault {
    Fault::new(
        FaultKind::UnrecognizedClient,
        "The security token included in the request is invalid.",
    )
}

/// Checks the token a request `sent` against its key's `session` (none for a long-term key)
/// at `now`.
pub(super) fn check(
    session: Option<&Session>,
    sent: Option<&str>,
    now: SystemTime,
) -> Result<(), Fault> {
    match (session, sent) {
        (None, None) => Ok(()),
        (Some(session), Some(sent))
            if super::sigv4::constant_time_eq(session.token.as_bytes(), sent.as_bytes()) =>
        {
            match session.expiration {
                Some(expiration) if expiration <= now => Err(Fault::new(
                    FaultKind::ExpiredToken,
                    "The security token included in the request is expired",
                )),
                _ => Ok(()),
            }
        }
        _ => Err(unrecognized()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_token_must_be_sent_exactly_when_the_key_has_one_and_until_it_expires() {
        let now = SystemTime::now();
        let minute = Duration::from_secs(60);
        let session = |expiration| Session {
            token: "tok3n".into(),
            expiration,
        };
        let kind = |r: Result<(), Fault>| r.map_err(|f| (f.wire_type(), f.message().to_owned()));
        assert!(check(None, None, now).is_ok());
        assert!(check(Some(&session(None)), Some("tok3n"), now).is_ok());
        assert!(check(Some(&session(Some(now + minute))), Some("tok3n"), now).is_ok());
        let invalid = Err((
            "com.amazon.coral.service#UnrecognizedClientException",
            "The security token included in the request is invalid.".to_owned(),
        ));
        assert_eq!(kind(check(Some(&session(None)), None, now)), invalid);
        assert_eq!(
            kind(check(Some(&session(None)), Some("tok3"), now)),
            invalid
        );
        assert_eq!(kind(check(None, Some("tok3n"), now)), invalid);
        // A wrong token is invalid even once the right one has expired.
        let expired = session(Some(now - minute));
        assert_eq!(kind(check(Some(&expired), Some("other"), now)), invalid);
        assert_eq!(
            kind(check(Some(&expired), Some("tok3n"), now)),
            Err((
                "com.amazon.coral.service#ExpiredTokenException",
                "The security token included in the request is expired".to_owned()
            ))
        );
        assert!(!format!("{expired:?}").contains("tok3n"));
    }
}
