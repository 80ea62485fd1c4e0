//! Reading a request's body, within SWF's size quota and a time limit, before any route runs.
//!
//! Every route gets its body already read, so these rules have one home: a body over
//! [`MAX_REQUEST_BYTES`] is refused with `ValidationException` (before a byte of it is read when
//! its `Content-Length` says so), and a body not complete within the body read timeout is answered
//! with `RequestTimeoutException` (HTTP 408), which AWS SDKs retry. Either way the rest of the
//! body is not read, so hyper closes the connection after the answer: the slow client loses its
//! connection instead of holding it.

use crate::error::{Fault, FaultKind};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use std::time::Duration;

/// SWF's quota on a request's size, "1 MB per request" (its quotas page), taken as 1 MiB of body.
pub(crate) const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// What reading a body is bounded by, besides [`MAX_REQUEST_BYTES`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// How long the client may take to send the body, from the end of its head.
    pub(crate) read_timeout: Duration,
}

/// The middleware: reads the body whole, or answers the fault that stopped it.
pub(crate) async fn read_body(
    State(limits): State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    if let Some(length) = declared_length(&parts.headers)
        && length > MAX_REQUEST_BYTES
    {
        return super::fault_reply(&too_large(length, ""));
    }
    let read = Limited::new(body, MAX_REQUEST_BYTES).collect();
    let bytes = match tokio::time::timeout(limits.read_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<LengthLimitError>() => {
            return super::fault_reply(&too_large(MAX_REQUEST_BYTES, "more than "));
        }
        Ok(Err(e)) => {
            return super::fault_reply(&Fault::new(
                FaultKind::Serialization,
                format!("Cannot read the request's body: {e}"),
            ));
        }
        Err(_elapsed) => {
            return super::fault_reply(&Fault::new(
                FaultKind::RequestTimeout,
                format!(
                    "The request's body was not received within {} ms of its headers",
                    limits.read_timeout.as_millis()
                ),
            ));
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The body's length as its `Content-Length` states it, when it states one number. hyper has
/// already refused a request whose `Content-Length` is malformed or given twice with different
/// values (`head_errors.rs` words that answer).
fn declared_length(headers: &axum::http::HeaderMap) -> Option<usize> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// SWF documents the quota but not its answer; a `ValidationException` is what a client can act
/// on (the request is refused as sent).
fn too_large(length: usize, qualifier: &str) -> Fault {
    Fault::validation(format!(
        "Request of {qualifier}{length} bytes is over SWF's limit of 1 MB ({MAX_REQUEST_BYTES} bytes) per request"
    ))
}
