//! Checking a request's AWS Signature Version 4, with AWS's answers when it fails.
//!
//! The signature is recomputed by `swf_core::sign::signature` (or `presigned_signature` for a
//! presigned request, `presigned.rs`), the same `aws-sigv4` call the client signs with, over
//! exactly the headers the request's `SignedHeaders` names. The credential must be scoped to
//! `swf` and to the service's region.
//!
//! The codes and messages are those AWS's JSON services answer (Coral's
//! `MissingAuthenticationTokenException`, `IncompleteSignatureException`,
//! `UnrecognizedClientException`, `InvalidSignatureException`); the statuses follow AWS's
//! "Common Errors" pages (MissingAuthenticationToken 403, IncompleteSignature 400) and the
//! 400 AWS's JSON services answer for the others. The request time must be within 15 minutes of
//! the service's clock ("RequestExpired: ... more than 15 minutes after the date stamp ... or
//! more than 15 minutes in the future", Common Errors); a presigned request's from its time
//! until `X-Amz-Expires` seconds after.

use super::Received;
use crate::error::{Fault, FaultKind};
use axum::http::HeaderMap;
use std::borrow::Cow;
use std::time::{Duration, SystemTime};
use swf_core::sign::{ClaimedScope, Presigned, ReceivedRequest, presigned_signature, signature};
use swf_core::types::Timestamp;

/// How far a request's time may be from the service's clock.
pub(super) const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// The signing name a request must be scoped to.
const SERVICE: &str = "swf";

/// A request's SigV4 parts: from an `Authorization: AWS4-HMAC-SHA256 Credential=...,
/// SignedHeaders=..., Signature=...` header, or from a presigned query (`presigned.rs`, whose
/// values are percent-decoded, hence owned).
#[derive(Debug)]
pub(super) struct Authorization<'a> {
    pub(super) access_key: Cow<'a, str>,
    pub(super) date: Cow<'a, str>,
    pub(super) region: Cow<'a, str>,
    pub(super) service: Cow<'a, str>,
    pub(super) signed_headers: Vec<Cow<'a, str>>,
    pub(super) signature: Cow<'a, str>,
    /// The session token of temporary credentials (`X-Amz-Security-Token`), if sent.
    pub(super) security_token: Option<Cow<'a, str>>,
    pub(super) form: Form,
}

/// Where the signature came from, and what that form adds.
#[derive(Debug)]
pub(super) enum Form {
    /// The `Authorization` header, with the time in the `X-Amz-Date` header.
    Header,
    /// The query string.
    Query {
        /// `X-Amz-Date`.
        amz_date: String,
        /// `X-Amz-Expires`.
        expires: Duration,
        /// The path and query the request was sent to, less the signature's parameters.
        unsigned_path_and_query: String,
    },
}

/// The parts of a `Credential`: `<key>/<date>/<region>/<service>/aws4_request`.
pub(super) struct Scope<'a> {
    pub(super) access_key: &'a str,
    pub(super) date: &'a str,
    pub(super) region: &'a str,
    pub(super) service: &'a str,
}

/// Splits a `Credential` into its parts.
pub(super) fn credential(text: &str) -> Result<Scope<'_>, Fault> {
    let scope: Vec<&str> = text.split('/').collect();
    let [access_key, date, region, service, "aws4_request"] = scope[..] else {
        return Err(incomplete(format!(
            "Credential must have the form <key>/<date>/<region>/<service>/aws4_request, \
             not '{text}'"
        )));
    };
    Ok(Scope {
        access_key,
        date,
        region,
        service,
    })
}

pub(super) fn incomplete(message: impl Into<String>) -> Fault {
    Fault::new(FaultKind::IncompleteSignature, message)
}

fn invalid(message: impl Into<String>) -> Fault {
    Fault::new(FaultKind::InvalidSignature, message)
}

/// Reads a request's signature: presigned in its query, or in its `Authorization` header;
/// `MissingAuthenticationToken` when it has neither.
pub(super) fn authorization<'a>(request: &Received<'a>) -> Result<Authorization<'a>, Fault> {
    let presigned = super::presigned::authorization(request.path_and_query)?;
    match presigned {
        Some(_) if request.headers.contains_key("authorization") => Err(incomplete(
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the \
             Authorization header should be specified",
        )),
        Some(presigned) => Ok(presigned),
        None => header_authorization(request.headers),
    }
}

/// Reads the `Authorization` header; `MissingAuthenticationToken` when there is none.
fn header_authorization(headers: &HeaderMap) -> Result<Authorization<'_>, Fault> {
    let value = headers.get("authorization").ok_or_else(|| {
        Fault::new(
            FaultKind::MissingAuthenticationToken,
            "Missing Authentication Token",
        )
    })?;
    let value = value
        .to_str()
        .map_err(|_| incomplete("The Authorization header is not visible ASCII"))?;
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| {
        let algorithm = value.split(' ').next().unwrap_or_default();
        incomplete(format!(
            "Unsupported AWS 'algorithm': '{algorithm}' (only AWS4-HMAC-SHA256 is)"
        ))
    })?;
    let (mut credential_text, mut signed, mut sig) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        if let Some(v) = part.strip_prefix("Credential=") {
            credential_text = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            sig = Some(v);
        }
    }
    let missing: Vec<String> = [
        ("Credential", credential_text.is_none()),
        ("SignedHeaders", signed.is_none()),
        ("Signature", sig.is_none()),
    ]
    .into_iter()
    .filter(|(_, missing)| *missing)
    .map(|(name, _)| format!("Authorization header requires '{name}' parameter."))
    .collect();
    let (Some(credential_text), Some(signed), Some(sig)) = (credential_text, signed, sig) else {
        return Err(incomplete(missing.join(" ")));
    };
    let scope = credential(credential_text)?;
    Ok(Authorization {
        access_key: scope.access_key.into(),
        date: scope.date.into(),
        region: scope.region.into(),
        service: scope.service.into(),
        signed_headers: signed.split(';').map(Cow::Borrowed).collect(),
        signature: sig.into(),
        // A token that is not visible ASCII cannot be one STS issued: sent as `Some("")`, it
        // matches no key's and is refused as invalid, not ignored.
        security_token: headers
            .get("x-amz-security-token")
            .map(|v| v.to_str().unwrap_or_default().into()),
        form: Form::Header,
    })
}

/// Checks the request's scope (service `swf`, the service's `region`), its time against `now`
/// and its signature against `secret_key`.
pub(super) fn verify(
    auth: &Authorization<'_>,
    secret_key: &str,
    request: Received<'_>,
    region: &str,
    now: SystemTime,
) -> Result<(), Fault> {
    if auth.service != SERVICE {
        return Err(invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE}'."
        )));
    }
    if auth.region != region {
        // AWS's words, trailing space included.
        return Err(invalid(format!(
            "Credential should be scoped to a valid region, not '{}'. ",
            auth.region
        )));
    }
    let Received {
        method,
        path_and_query,
        headers,
        body,
    } = request;
    let amz_date = match &auth.form {
        Form::Header => headers
            .get("x-amz-date")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
            })?,
        Form::Query { amz_date, .. } => amz_date.as_str(),
    };
    let time = parse_amz_date(amz_date).ok_or_else(|| {
        incomplete(format!(
            "X-Amz-Date must be a time such as 20150830T123600Z, not '{amz_date}'"
        ))
    })?;
    if !amz_date.starts_with(auth.date.as_ref()) || auth.date.len() != 8 {
        return Err(invalid(format!(
            "Credential should be scoped to a valid date: '{}' is not the date of X-Amz-Date \
             '{amz_date}'.",
            auth.date
        )));
    }
    // A header's signature is valid 15 minutes either side of its time; a presigned one from
    // its time (give or take the same 15 minutes of clock skew) until it expires.
    let valid_for = match &auth.form {
        Form::Header => MAX_SKEW,
        Form::Query { expires, .. } => *expires,
    };
    check_time(amz_date, time, now, valid_for)?;
    let mut signed = Vec::with_capacity(auth.signed_headers.len());
    for name in &auth.signed_headers {
        let name = name.as_ref();
        // A header signed twice (`a: 1`, `a: 2`) is signed as `a:1,2`.
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().map(str::trim))
            .collect::<Result<_, _>>()
            .map_err(|_| invalid(format!("The signed header '{name}' is not visible ASCII")))?;
        if values.is_empty() {
            return Err(invalid(format!(
                "The header '{name}' is signed but not in the request"
            )));
        }
        signed.push((name, values.join(",")));
    }
    let signed: Vec<(&str, &str)> = signed.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let mut request = ReceivedRequest {
        method,
        path_and_query,
        headers: &signed,
        body,
    };
    let scope = ClaimedScope {
        access_key: &auth.access_key,
        secret_key,
        region: &auth.region,
        service: &auth.service,
        time,
    };
    let expected = match &auth.form {
        Form::Header => signature(&request, &scope),
        Form::Query {
            expires,
            unsigned_path_and_query,
            ..
        } => {
            request.path_and_query = unsigned_path_and_query;
            let presigned = Presigned {
                expires_in: *expires,
                session_token: auth.security_token.as_deref(),
            };
            presigned_signature(&request, &scope, presigned)
        }
    }
    .map_err(|e| invalid(e.to_string()))?;
    if !constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        return Err(invalid(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method. Consult the service \
             documentation for details.",
        ));
    }
    Ok(())
}

/// AWS's "Signature expired" when `time` is more than `valid_for` before `now`, "Signature not
/// yet current" when it is more than [`MAX_SKEW`] after.
fn check_time(
    amz_date: &str,
    time: SystemTime,
    now: SystemTime,
    valid_for: Duration,
) -> Result<(), Fault> {
    let fmt = |t: SystemTime| amz_date_of(t);
    if time + valid_for < now {
        // AWS writes its 15 minutes as `15 min.`; a presigned request's seconds alike.
        let secs = valid_for.as_secs();
        let window = if secs.is_multiple_of(60) {
            format!("{} min.", secs / 60)
        } else {
            format!("{secs} sec.")
        };
        return Err(invalid(format!(
            "Signature expired: {amz_date} is now earlier than {} ({} - {window})",
            fmt(now - valid_for),
            fmt(now)
        )));
    }
    if time > now + MAX_SKEW {
        return Err(invalid(format!(
            "Signature not yet current: {amz_date} is still later than {} ({} + 15 min.)",
            fmt(now + MAX_SKEW),
            fmt(now)
        )));
    }
    Ok(())
}

/// `20150830T123600Z` as a time.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() != 16 || !digits(0..8) || b[8] != b'T' || !digits(9..15) || b[15] != b'Z' {
        return None;
    }
    let rfc3339 = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &text[0..4],
        &text[4..6],
        &text[6..8],
        &text[9..11],
        &text[11..13],
        &text[13..15]
    );
    Timestamp::parse_rfc3339(&rfc3339)
        .ok()
        .map(SystemTime::from)
}

/// A time as `X-Amz-Date` writes it.
pub(super) fn amz_date_of(time: SystemTime) -> String {
    let whole_seconds = Timestamp::from(time).as_millis().div_euclid(1000) * 1000;
    Timestamp::from_millis(whole_seconds)
        .to_rfc3339()
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect()
}

/// Compares without stopping at the first difference, so the time taken says nothing about how
/// much of a guessed signature was right.
pub(super) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates_round_trip() {
        let t = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(amz_date_of(t), "20150830T123600Z");
        for bad in [
            "2015-08-30T12:36:00Z",
            "20150830T123600",
            "20151330T123600Z",
            "",
        ] {
            assert!(parse_amz_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_time_more_than_15_minutes_off_is_refused_either_way() {
        let date = "20150830T123600Z";
        let t = parse_amz_date(date).unwrap();
        let minute = Duration::from_secs(60);
        assert!(check_time(date, t, t + 15 * minute, MAX_SKEW).is_ok());
        assert!(check_time(date, t, t - 15 * minute, MAX_SKEW).is_ok());
        let late = check_time(date, t, t + 16 * minute, MAX_SKEW).unwrap_err();
        assert_eq!(
            late.message(),
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z \
             (20150830T125200Z - 15 min.)"
        );
        let early = check_time(date, t, t - 16 * minute, MAX_SKEW).unwrap_err();
        assert!(
            early.message().starts_with("Signature not yet current"),
            "{early}"
        );
        // A presigned request's own validity, from its time on.
        let ninety = Duration::from_secs(90);
        assert!(check_time(date, t, t + ninety, ninety).is_ok());
        let expired = check_time(date, t, t + ninety + Duration::from_secs(1), ninety);
        assert_eq!(
            expired.unwrap_err().message(),
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z \
             (20150830T123731Z - 90 sec.)"
        );
    }

    #[test]
    fn a_header_without_its_parts_names_each_missing_one() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=a/b/c/swf/aws4_request"
                .parse()
                .unwrap(),
        );
        let fault = header_authorization(&headers).unwrap_err();
        assert_eq!(
            fault.message(),
            "Authorization header requires 'SignedHeaders' parameter. Authorization header \
             requires 'Signature' parameter."
        );
        headers.insert("authorization", "Basic abc".parse().unwrap());
        assert!(
            header_authorization(&headers)
                .unwrap_err()
                .message()
                .contains("'Basic'")
        );
        assert!(constant_time_eq(b"ab", b"ab"));
        assert!(!constant_time_eq(b"ab", b"ac"));
        assert!(!constant_time_eq(b"ab", b"abc"));
    }
}
