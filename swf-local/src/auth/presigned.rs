//! Presigned requests: SigV4 in the query string (`X-Amz-Algorithm`, `-Credential`, `-Date`,
//! `-Expires`, `-SignedHeaders`, `-Signature` and, for temporary credentials,
//! `-Security-Token`) instead of the `Authorization` header, valid for `X-Amz-Expires` seconds
//! from `X-Amz-Date`, 1 to 604,800 (a week), as AWS allows.
//!
//! A malformed set of parameters gets `IncompleteSignatureException` with the words S3 uses
//! for the same mistakes; the signature and time are then checked as a header's are
//! (`sigv4.rs`), the signature over the query without these parameters.

use super::sigv4::{Authorization, Form, credential, incomplete};
use std::borrow::Cow;
use std::time::Duration;

/// The longest `X-Amz-Expires`: a week, as long as a SigV4 signing key lasts.
const MAX_EXPIRES: u64 = 7 * 24 * 3600;

/// The query parameters the signature is made of, and so not signed as parameters.
const AUTH_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

/// The presigned authorization in `path_and_query`, if its query has `X-Amz-Algorithm`.
pub(super) fn authorization(
    path_and_query: &str,
) -> Result<Option<Authorization<'static>>, crate::error::Fault> {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> =
        form_urlencoded::parse(query.as_bytes()).collect();
    let param = |name: &str| -> Result<Option<String>, crate::error::Fault> {
        let mut values = pairs.iter().filter(|(k, _)| k == name);
        let first = values.next().map(|(_, v)| v.to_string());
        if values.next().is_some() {
            return Err(incomplete(format!(
                "AWS query-string parameter '{name}' is given more than once."
            )));
        }
        Ok(first)
    };
    let Some(algorithm) = param("X-Amz-Algorithm")? else {
        return Ok(None);
    };
    if algorithm != "AWS4-HMAC-SHA256" {
        return Err(incomplete(format!(
            "Unsupported AWS 'algorithm': '{algorithm}' (only AWS4-HMAC-SHA256 is)"
        )));
    }
    let required = |name: &str| {
        param(name)?.ok_or_else(|| {
            incomplete(format!(
                "AWS query-string parameters must include '{name}'. Re-examine the \
                 query-string parameters."
            ))
        })
    };
    let credential_text = required("X-Amz-Credential")?;
    let amz_date = required("X-Amz-Date")?;
    let expires = expires(&required("X-Amz-Expires")?)?;
    let signed_headers = required("X-Amz-SignedHeaders")?;
    let signature = required("X-Amz-Signature")?;
    let security_token = param("X-Amz-Security-Token")?;
    let scope = credential(&credential_text)?;
    let mut unsigned = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs
        .iter()
        .filter(|(k, _)| !AUTH_PARAMS.contains(&k.as_ref()))
    {
        unsigned.append_pair(name, value);
    }
    let unsigned = unsigned.finish();
    let unsigned_path_and_query = if unsigned.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{unsigned}")
    };
    Ok(Some(Authorization {
        access_key: Cow::Owned(scope.access_key.to_owned()),
        date: Cow::Owned(scope.date.to_owned()),
        region: Cow::Owned(scope.region.to_owned()),
        service: Cow::Owned(scope.service.to_owned()),
        signed_headers: signed_headers
            .split(';')
            .map(|h| Cow::Owned(h.to_owned()))
            .collect(),
        signature: Cow::Owned(signature),
        security_token: security_token.map(Cow::Owned),
        form: Form::Query {
            amz_date,
            expires,
            unsigned_path_and_query,
        },
    }))
}

/// `X-Amz-Expires`: whole seconds, 1 to a week.
fn expires(text: &str) -> Result<Duration, crate::error::Fault> {
    let seconds: u64 = text
        .parse()
        .ok()
        .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| incomplete(format!("X-Amz-Expires should be a number, not '{text}'")))?;
    if seconds == 0 {
        return Err(incomplete(
            "X-Amz-Expires must be at least 1 second; 0 is expired before it is sent",
        ));
    }
    if seconds > MAX_EXPIRES {
        return Err(incomplete(format!(
            "X-Amz-Expires must be less than a week (in seconds); that is, the given \
             X-Amz-Expires must be less than {MAX_EXPIRES} seconds (not {seconds})"
        )));
    }
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "/?Extra=a+b&X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fswf%2Faws4_request\
        &X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-amz-target\
        &X-Amz-Signature=abc&X-Amz-Security-Token=t%2Bk%3D";

    #[test]
    fn the_parameters_are_read_and_left_out_of_the_signed_query() {
        let auth = authorization(QUERY).unwrap().unwrap();
        assert_eq!(auth.access_key, "AKID");
        assert_eq!(auth.security_token.as_deref(), Some("t+k="));
        assert_eq!(auth.signed_headers, ["host", "x-amz-target"]);
        let Form::Query {
            amz_date,
            expires,
            unsigned_path_and_query,
        } = &auth.form
        else {
            panic!("a query form expected");
        };
        assert_eq!(amz_date, "20150830T123600Z");
        assert_eq!(*expires, Duration::from_secs(60));
        assert_eq!(unsigned_path_and_query, "/?Extra=a+b");
        assert!(authorization("/?Action=x").unwrap().is_none());
        assert!(authorization("/").unwrap().is_none());
    }

    #[test]
    fn a_missing_repeated_or_out_of_range_parameter_is_named() {
        let without = QUERY.replace("&X-Amz-Date=20150830T123600Z", "");
        let message = |q: &str| authorization(q).unwrap_err().message().to_owned();
        assert_eq!(
            message(&without),
            "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string \
             parameters."
        );
        assert!(message(&format!("{QUERY}&X-Amz-Expires=60")).contains("more than once"));
        for (expires, expected) in [
            ("0", "at least 1 second"),
            ("604801", "less than a week"),
            ("-1", "should be a number"),
            ("+60", "should be a number"),
        ] {
            let query = QUERY.replace("X-Amz-Expires=60", &format!("X-Amz-Expires={expires}"));
            assert!(
                message(&query).contains(expected),
                "{expires}: {}",
                message(&query)
            );
        }
        let week = QUERY.replace("X-Amz-Expires=60", "X-Amz-Expires=604800");
        assert!(authorization(&week).is_ok());
        let sha1 = QUERY.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1");
        assert!(message(&sha1).contains("'AWS4-HMAC-SHA1'"));
    }
}
