//! Reading a refusal from the service: which error it is, from the `__type` the AWS JSON 1.0
//! protocol puts in the body (or the `x-amzn-ErrorType` header), and the message.

use http::StatusCode;
use serde::Deserialize;

use super::{ErrorKind, ServiceError};

/// Codes that mean the request was throttled. SWF sends `ThrottlingException`; the others are the
/// throttling codes of the AWS SDKs' standard retry policy, accepted in case a proxy or a future
/// front end sends one of them.
const THROTTLING_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
];

/// Codes that mean the caller's identity, credentials or signature were refused.
const ACCESS_CODES: &[&str] = &[
    "AccessDeniedException",
    "AccessDenied",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "IncompleteSignatureException",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "NotAuthorized",
];

/// The body of an error answer. `message` is spelled `Message` by some front ends.
#[derive(Deserialize)]
struct Body {
    #[serde(rename = "__type")]
    type_: Option<String>,
    code: Option<String>,
    #[serde(alias = "Message")]
    message: Option<String>,
}

/// How much of a body that is not JSON to keep as the message (an HTML error page from a proxy
/// helps nobody in full).
const MAX_TEXT_MESSAGE: usize = 200;

/// Classifies a non-200 answer.
pub(super) fn service_error(
    status: StatusCode,
    error_type_header: Option<&str>,
    request_id: Option<&str>,
    body: &[u8],
) -> ErrorKind {
    let parsed = serde_json::from_slice::<Body>(body).ok();
    // Order as in the Smithy AWS JSON protocols: the header, then `code`, then `__type`.
    let code = error_type_header
        .or(parsed.as_ref().and_then(|b| b.code.as_deref()))
        .or(parsed.as_ref().and_then(|b| b.type_.as_deref()))
        .map(sanitize_code)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let message = match &parsed {
        Some(b) => b.message.clone(),
        None => text_message(body),
    };
    let error = ServiceError {
        code,
        message,
        status,
        request_id: request_id.map(str::to_owned),
    };
    classify(error)
}

/// `com.amazonaws.swf.base.model#UnknownResourceFault` and
/// `UnknownResourceFault:http://internal.amazon.com/...` both become `UnknownResourceFault`.
fn sanitize_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let after_hash = before_colon.rsplit('#').next().unwrap_or(before_colon);
    after_hash.trim()
}

/// A short plain-text body, kept as the message on one line: error messages are printed as one
/// line, and an HTML page's line breaks would break that.
fn text_message(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let folded = words.join(" ");
    let mut out = crate::text::truncate(&folded, MAX_TEXT_MESSAGE).to_owned();
    if out.len() < folded.len() {
        out.push_str("...");
    }
    Some(out)
}

fn classify(e: ServiceError) -> ErrorKind {
    use ErrorKind::*;
    let Some(code) = e.code.as_deref() else {
        return match e.status {
            StatusCode::TOO_MANY_REQUESTS => ThrottlingException(e),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => AccessDenied(e),
            _ => UnknownServiceError(e),
        };
    };
    match code {
        "DefaultUndefinedFault" => DefaultUndefinedFault(e),
        "DomainAlreadyExistsFault" => DomainAlreadyExistsFault(e),
        "DomainDeprecatedFault" => DomainDeprecatedFault(e),
        "LimitExceededFault" => LimitExceededFault(e),
        "OperationNotPermittedFault" => OperationNotPermittedFault(e),
        "TooManyTagsFault" => TooManyTagsFault(e),
        "TypeAlreadyExistsFault" => TypeAlreadyExistsFault(e),
        "TypeDeprecatedFault" => TypeDeprecatedFault(e),
        "TypeNotDeprecatedFault" => TypeNotDeprecatedFault(e),
        "UnknownResourceFault" => UnknownResourceFault(e),
        "WorkflowExecutionAlreadyStartedFault" => WorkflowExecutionAlreadyStartedFault(e),
        "ValidationException" => ValidationException(e),
        c if THROTTLING_CODES.contains(&c) => ThrottlingException(e),
        c if ACCESS_CODES.contains(&c) => AccessDenied(e),
        _ if e.status == StatusCode::TOO_MANY_REQUESTS => ThrottlingException(e),
        _ => UnknownServiceError(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_page_becomes_one_short_line() {
        let page = b"<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal\n  Server Error</h1>";
        let kind = service_error(StatusCode::INTERNAL_SERVER_ERROR, None, None, page);
        let ErrorKind::UnknownServiceError(e) = kind else {
            panic!("{kind:?}")
        };
        let message = e.message().unwrap();
        assert!(!message.contains('\n'), "{message}");
        assert!(
            message.starts_with("<!doctype html> <html lang=en> <title>500"),
            "{message}"
        );
    }
}
