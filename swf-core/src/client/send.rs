//! One attempt of a call: build the request, sign it, send it, and read the answer or the error.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

use super::Inner;
use crate::Operation;
use crate::error::{Error, ErrorKind};
use crate::sign::{SERVICE, SigningScope, sign_request};

/// The media type of the AWS JSON 1.0 protocol.
const CONTENT_TYPE: &str = "application/x-amz-json-1.0";
/// The prefix of `X-Amz-Target`: the service's name in its Smithy model.
const TARGET_PREFIX: &str = "SimpleWorkflowService.";
const USER_AGENT: &str = concat!("swf-rs/", env!("CARGO_PKG_VERSION"));

/// A successful answer, not yet decoded.
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) request_id: Option<String>,
    /// The body as the HTTP client collected it. Boxed rather than copied into a `Vec`: a page of
    /// history is hundreds of kilobytes, and the copy showed in the history workload's profile.
    pub(super) body: Box<dyn AsRef<[u8]> + Send + Sync>,
    /// Filled in by the retry loop.
    pub(super) attempts: u32,
    pub(super) after_ambiguous_attempt: bool,
}

/// Makes one attempt of `op` with the JSON `body`.
pub(super) async fn attempt(inner: &Inner, op: Operation, body: &[u8]) -> Result<Answer, Error> {
    let credentials = inner
        .credentials
        .get()
        .await
        .map_err(|e| Error::new(Some(op), ErrorKind::Credentials).with_cause(&e))?;

    let config = &inner.config;
    let mut request = http::Request::builder()
        .method(http::Method::POST)
        .uri(config.endpoint_url().as_str())
        .header(http::header::CONTENT_TYPE, CONTENT_TYPE)
        .header("x-amz-target", format!("{TARGET_PREFIX}{}", op.name()))
        .body(body.to_vec())
        .map_err(|e| Error::config(Some(op), "could not build the request").with_cause(&e))?;
    let scope = SigningScope {
        region: config.region(),
        service: SERVICE,
        time: SystemTime::now(),
    };
    sign_request(&mut request, &credentials, scope)
        .map_err(|e| Error::config(Some(op), e.to_string()))?;
    // Added after signing: proxies may rewrite it, and the default signing settings skip it.
    request.headers_mut().insert(
        http::header::USER_AGENT,
        http::HeaderValue::from_static(USER_AGENT),
    );
    let request = reqwest::Request::try_from(request)
        .map_err(|e| Error::config(Some(op), "could not build the request").with_cause(&e))?;

    let timeout = config.timeout_for(op);
    let exchange = async {
        let response = inner.http.execute(request).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok::<_, reqwest::Error>((status, headers, body))
    };
    let (status, headers, body) = match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => return Err(transport_error(op, timeout, &e)),
        Err(_elapsed) => return Err(Error::new(Some(op), ErrorKind::Timeout(timeout))),
    };

    let request_id = header(&headers, "x-amzn-requestid")
        .or_else(|| header(&headers, "x-amz-request-id"))
        .map(str::to_owned);
    if status.is_success() {
        return Ok(Answer {
            status,
            request_id,
            body: Box::new(body),
            attempts: 1,
            after_ambiguous_attempt: false,
        });
    }
    Err(Error::from_response_parts(
        op,
        status,
        header(&headers, "x-amzn-errortype"),
        request_id.as_deref(),
        &body,
    ))
}

/// Classifies a failure of the HTTP client: before the connection was made (the request did not
/// leave) or after (it may have reached the service).
fn transport_error(op: Operation, timeout: Duration, e: &reqwest::Error) -> Error {
    let kind = if e.is_connect() {
        ErrorKind::Connect
    } else if e.is_timeout() {
        // A timeout set on a custom HTTP client; ours is `timeout`, which it can only undercut.
        ErrorKind::Timeout(timeout)
    } else {
        ErrorKind::Transport
    };
    Error::new(Some(op), kind).with_cause(e)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
