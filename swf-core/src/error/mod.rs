//! The one error type of the client: [`Error`], with an [`ErrorKind`] to match on.
//!
//! Every failed call, whatever went wrong, comes back as an [`Error`]. The error always knows which
//! operation failed, how many attempts were made, and whether an attempt before the last one may
//! have been applied by the service (see [`Error::after_ambiguous_attempt`]). What went wrong is in
//! [`Error::kind`]: one variant per fault the service model declares, a few for the service errors
//! every AWS JSON service can return, and the client-side failures (a request refused before it was
//! sent, a connection that failed, a timeout, a body that could not be read, missing credentials or
//! configuration).
//!
//! The kinds are a flat enum rather than nested "service / client" groups because callers match on
//! specific faults (`UnknownResourceFault` after a task timed out, `DomainAlreadyExistsFault` on
//! start-up) far more often than on categories; the categories are methods
//! ([`Error::is_retryable`], [`Error::code`]).
//!
//! The `Display` of an error is one line a person can act on, naming the operation and the reason,
//! with the service's request id when there is one:
//! `RegisterDomain failed: DomainAlreadyExistsFault: Domain already exists: demo (request id abc)`.
//! Underlying causes (a `reqwest` error, a credentials provider's error chain) are folded into that
//! line rather than returned from `source()`, because most callers print only the top error.

mod parse;

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use http::StatusCode;

use crate::Operation;
use crate::validate::ValidationError;

/// An error from a call to SWF, or from building a [`Client`](crate::Client).
///
/// Match on [`kind`](Error::kind) to tell the cases apart:
///
/// ```
/// use swf_core::{Error, ErrorKind};
///
/// fn describe(err: &Error) -> &'static str {
///     match err.kind() {
///         ErrorKind::UnknownResourceFault(_) => "no such domain, type, execution or task",
///         ErrorKind::ThrottlingException(_) => "slow down",
///         _ if err.is_retryable() => "transient",
///         _ => "permanent",
///     }
/// }
/// ```
pub struct Error {
    // Boxed so that `Result<T, Error>` stays small on the happy path.
    inner: Box<Inner>,
}

struct Inner {
    operation: Option<Operation>,
    kind: ErrorKind,
    /// The underlying cause in words, for the kinds that have one.
    detail: Option<String>,
    attempts: u32,
    after_ambiguous_attempt: bool,
}

/// What went wrong, for matching. Obtained from [`Error::kind`].
///
/// The first variants are the faults the SWF service model declares, named as the service names
/// them; then the errors any AWS JSON service may return; then failures on this side of the wire.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A default (such as the default task list) is not set on the type and was not given in the
    /// request either.
    DefaultUndefinedFault(ServiceError),
    /// A domain with this name already exists (deprecated domains included).
    DomainAlreadyExistsFault(ServiceError),
    /// The domain is deprecated.
    DomainDeprecatedFault(ServiceError),
    /// An account or domain limit was reached. Not a throttle: retrying will not help.
    LimitExceededFault(ServiceError),
    /// The caller is not allowed to perform this operation.
    OperationNotPermittedFault(ServiceError),
    /// A resource would carry more tags than allowed.
    TooManyTagsFault(ServiceError),
    /// A type with this name and version already exists.
    TypeAlreadyExistsFault(ServiceError),
    /// The activity or workflow type is deprecated.
    TypeDeprecatedFault(ServiceError),
    /// The type must be deprecated before this operation.
    TypeNotDeprecatedFault(ServiceError),
    /// The named domain, type, execution or task does not exist or is no longer open (for example
    /// the token of a task that timed out).
    UnknownResourceFault(ServiceError),
    /// An open execution with this workflow id already exists in the domain.
    WorkflowExecutionAlreadyStartedFault(ServiceError),
    /// The request was throttled: `ThrottlingException`, another throttling code, or HTTP 429.
    /// Retryable.
    ThrottlingException(ServiceError),
    /// The service rejected the request as malformed (`ValidationException`). Requests that break
    /// the model's bounds are caught before sending, as [`ErrorKind::InvalidInput`]; this is what
    /// the service found beyond those.
    ValidationException(ServiceError),
    /// The service refused the caller's identity or signature: `AccessDeniedException`,
    /// `UnrecognizedClientException`, `InvalidSignatureException`, `IncompleteSignature`,
    /// `MissingAuthenticationToken`, `ExpiredToken`, and the like. [`ServiceError::code`] says
    /// which.
    AccessDenied(ServiceError),
    /// A service error this client has no variant for, including 5xx answers (`InternalFailure`,
    /// `ServiceUnavailable`, or a body that names no error at all). [`ServiceError::code`] keeps
    /// the code when the service sent one. Retryable when the status is 5xx or the code is a
    /// transient one.
    UnknownServiceError(ServiceError),
    /// The request breaks a bound of the service model. Nothing was sent.
    InvalidInput(ValidationError),
    /// No connection to the endpoint could be made (DNS, refused, TLS, connect timeout). The
    /// request did not reach the service. Retryable.
    Connect,
    /// The connection failed after the request may have been sent, or while the answer was being
    /// read. The service may have applied the request. Retryable.
    Transport,
    /// No complete answer arrived within this timeout; the service may have applied the request.
    /// Retryable.
    Timeout(Duration),
    /// The service answered, but the body could not be read as the expected shape.
    #[non_exhaustive]
    Decode {
        /// The HTTP status of the answer.
        status: StatusCode,
        /// The `x-amzn-RequestId` of the answer, if any.
        request_id: Option<String>,
    },
    /// A history did not end within the pages that
    /// [`MAX_HISTORY_EVENTS`](crate::limits::MAX_HISTORY_EVENTS) fill: the service kept sending a
    /// `nextPageToken`. A service fault, not retryable. From
    /// [`Client::poll_for_whole_decision_task`](crate::Client::poll_for_whole_decision_task),
    /// whose task is best left to time out, after which SWF schedules it again, and from
    /// [`Client::get_whole_workflow_execution_history`](crate::Client::get_whole_workflow_execution_history).
    #[non_exhaustive]
    EndlessHistory {
        /// The pages read before giving up.
        pages: usize,
    },
    /// Credentials could not be loaded from the configured provider. Nothing was sent.
    Credentials,
    /// The client is misconfigured: no region, a bad endpoint URL, no source of credentials, or an
    /// HTTP client that could not be built. Nothing was sent.
    Config,
}

/// What the service said when it refused a request: the error code, its message, the HTTP status
/// and the request id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    code: Option<String>,
    message: Option<String>,
    status: StatusCode,
    request_id: Option<String>,
}

impl ServiceError {
    /// The error code, such as `UnknownResourceFault`, without any `namespace#` prefix. `None` only
    /// for an answer that named no error (for example an HTML 503 page from a load balancer).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The service's message, if it sent one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `x-amzn-RequestId` of the answer, to quote to AWS support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Whether asking again later may succeed: a 5xx status or a transient error code.
    fn is_transient(&self) -> bool {
        self.status.is_server_error() || self.code().is_some_and(|c| TRANSIENT_CODES.contains(&c))
    }
}

/// Error codes that mean "try again later" whatever status they come with; every AWS SDK treats
/// these as transient.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalFailure",
    "ServiceUnavailable",
];

impl ErrorKind {
    /// The service's answer, for the kinds that are one.
    fn service(&self) -> Option<&ServiceError> {
        use ErrorKind::*;
        match self {
            DefaultUndefinedFault(e)
            | DomainAlreadyExistsFault(e)
            | DomainDeprecatedFault(e)
            | LimitExceededFault(e)
            | OperationNotPermittedFault(e)
            | TooManyTagsFault(e)
            | TypeAlreadyExistsFault(e)
            | TypeDeprecatedFault(e)
            | TypeNotDeprecatedFault(e)
            | UnknownResourceFault(e)
            | WorkflowExecutionAlreadyStartedFault(e)
            | ThrottlingException(e)
            | ValidationException(e)
            | AccessDenied(e)
            | UnknownServiceError(e) => Some(e),
            InvalidInput(_)
            | Connect
            | Transport
            | Timeout(_)
            | Decode { .. }
            | EndlessHistory { .. }
            | Credentials
            | Config => None,
        }
    }
}

impl Error {
    pub(crate) fn new(operation: Option<Operation>, kind: ErrorKind) -> Self {
        Error {
            inner: Box::new(Inner {
                operation,
                kind,
                detail: None,
                attempts: 1,
                after_ambiguous_attempt: false,
            }),
        }
    }

    /// A configuration error, found while building the client or before sending.
    pub(crate) fn config(operation: Option<Operation>, why: impl Into<String>) -> Self {
        Error::new(operation, ErrorKind::Config).with_detail(why)
    }

    /// Sets the cause in words.
    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.inner.detail = Some(detail.into());
        self
    }

    /// Sets the cause from an error and its whole `source()` chain, each reason once.
    pub(crate) fn with_cause(self, cause: &(dyn StdError + 'static)) -> Self {
        let mut text = cause.to_string();
        let mut next = cause.source();
        while let Some(e) = next {
            let more = e.to_string();
            // Some errors repeat their source's text in their own.
            if !text.contains(&more) {
                text.push_str(": ");
                text.push_str(&more);
            }
            next = e.source();
        }
        self.with_detail(text)
    }

    /// Records how many attempts the call made and whether one before the last was ambiguous.
    pub(crate) fn with_attempts(mut self, attempts: u32, after_ambiguous_attempt: bool) -> Self {
        self.inner.attempts = attempts;
        self.inner.after_ambiguous_attempt = after_ambiguous_attempt;
        self
    }

    /// The error the client makes of a non-200 answer from the service.
    ///
    /// This is what a call returns when the service refuses it; it is public so that fakes and
    /// tests can produce exactly the errors a real service answer would. `body` is the answer's
    /// body, normally `{"__type": "...", "message": "..."}`.
    ///
    /// ```
    /// use swf_core::{Error, Operation, StatusCode};
    ///
    /// let body = br#"{"__type": "com.amazonaws.swf.base.model#UnknownResourceFault",
    ///                 "message": "Unknown domain: demo"}"#;
    /// let err = Error::from_service_response(
    ///     Operation::RegisterDomain,
    ///     StatusCode::BAD_REQUEST,
    ///     Some("abc"),
    ///     body,
    /// );
    /// assert!(err.is_unknown_resource());
    /// assert_eq!(err.code(), Some("UnknownResourceFault"));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "RegisterDomain failed: UnknownResourceFault: Unknown domain: demo (request id abc)"
    /// );
    /// ```
    pub fn from_service_response(
        operation: Operation,
        status: StatusCode,
        request_id: Option<&str>,
        body: &[u8],
    ) -> Self {
        let kind = parse::service_error(status, None, request_id, body);
        Error::new(Some(operation), kind)
    }

    /// Like [`Error::from_service_response`], also reading the `x-amzn-ErrorType` header, which
    /// some services send instead of (or as well as) `__type` in the body.
    pub(crate) fn from_response_parts(
        operation: Operation,
        status: StatusCode,
        error_type_header: Option<&str>,
        request_id: Option<&str>,
        body: &[u8],
    ) -> Self {
        let kind = parse::service_error(status, error_type_header, request_id, body);
        Error::new(Some(operation), kind)
    }

    /// What went wrong, to match on.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The operation that failed; `None` for an error building the client.
    pub fn operation(&self) -> Option<Operation> {
        self.inner.operation
    }

    /// The service's error code (`UnknownResourceFault`, `ThrottlingException`, ...), for errors
    /// the service returned.
    pub fn code(&self) -> Option<&str> {
        self.inner.kind.service().and_then(ServiceError::code)
    }

    /// The service's message, for errors the service returned.
    pub fn message(&self) -> Option<&str> {
        self.inner.kind.service().and_then(ServiceError::message)
    }

    /// The HTTP status of the answer, for errors that came with one.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.inner.kind {
            ErrorKind::Decode { status, .. } => Some(*status),
            kind => kind.service().map(ServiceError::status),
        }
    }

    /// The `x-amzn-RequestId` of the answer, for errors that came with one.
    pub fn request_id(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Decode { request_id, .. } => request_id.as_deref(),
            kind => kind.service().and_then(ServiceError::request_id),
        }
    }

    /// The service's answer, for errors the service returned.
    pub fn service_error(&self) -> Option<&ServiceError> {
        self.inner.kind.service()
    }

    /// How many attempts the call made before giving up: 1 when it was not retried, 0 when the
    /// input was refused before any attempt ([`ErrorKind::InvalidInput`]).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// Whether asking again later may succeed: throttling, 5xx and transient service errors,
    /// connection failures and timeouts. Faults, validation, access, decode, credentials and
    /// configuration errors are not retryable.
    ///
    /// The client has already retried such errors as its [`RetryConfig`](crate::RetryConfig)
    /// allows before returning one.
    pub fn is_retryable(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::ThrottlingException(_)
            | ErrorKind::Connect
            | ErrorKind::Transport
            | ErrorKind::Timeout(_) => true,
            ErrorKind::UnknownServiceError(e) => e.is_transient(),
            kind => kind.service().is_some_and(|e| e.status().is_server_error()),
        }
    }

    /// Whether the service may have applied the request despite this error: a timeout, a
    /// connection that failed after sending, or a 5xx or transient service error. A throttle,
    /// a connect failure or a fault means it was not applied.
    pub fn is_ambiguous(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::Transport | ErrorKind::Timeout(_) => true,
            ErrorKind::ThrottlingException(_) => false,
            kind => kind.service().is_some_and(ServiceError::is_transient),
        }
    }

    /// Whether an attempt before the one that produced this error may have been applied by the
    /// service (it timed out or got a 5xx answer, see [`Error::is_ambiguous`]).
    ///
    /// When this is `true` for a call that is not idempotent, the error may be the consequence of
    /// the call's own success: `StartWorkflowExecution` meeting
    /// `WorkflowExecutionAlreadyStartedFault` for the execution the first attempt started,
    /// `RespondActivityTaskCompleted` meeting `UnknownResourceFault` for the task the first attempt
    /// closed, `RegisterDomain` meeting `DomainAlreadyExistsFault`.
    pub fn after_ambiguous_attempt(&self) -> bool {
        self.inner.after_ambiguous_attempt
    }

    /// Whether the request was refused before sending because it breaks a bound of the model.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::InvalidInput(_))
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Timeout(_))
    }

    /// Whether the service refused the caller's credentials or signature
    /// ([`ErrorKind::AccessDenied`]).
    pub fn is_access_denied(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::AccessDenied(_))
    }
}

/// One `is_*` predicate per service-error variant.
macro_rules! predicates {
    ($($(#[$doc:meta])* $name:ident => $variant:ident,)*) => {
        impl Error {
            $(
                $(#[$doc])*
                pub fn $name(&self) -> bool {
                    matches!(self.inner.kind, ErrorKind::$variant(_))
                }
            )*
        }
    };
}

predicates! {
    /// Whether this is a `DefaultUndefinedFault`.
    is_default_undefined => DefaultUndefinedFault,
    /// Whether this is a `DomainAlreadyExistsFault`.
    is_domain_already_exists => DomainAlreadyExistsFault,
    /// Whether this is a `DomainDeprecatedFault`.
    is_domain_deprecated => DomainDeprecatedFault,
    /// Whether this is a `LimitExceededFault`.
    is_limit_exceeded => LimitExceededFault,
    /// Whether this is an `OperationNotPermittedFault`.
    is_operation_not_permitted => OperationNotPermittedFault,
    /// Whether this is a `TooManyTagsFault`.
    is_too_many_tags => TooManyTagsFault,
    /// Whether this is a `TypeAlreadyExistsFault`.
    is_type_already_exists => TypeAlreadyExistsFault,
    /// Whether this is a `TypeDeprecatedFault`.
    is_type_deprecated => TypeDeprecatedFault,
    /// Whether this is a `TypeNotDeprecatedFault`.
    is_type_not_deprecated => TypeNotDeprecatedFault,
    /// Whether this is an `UnknownResourceFault`.
    is_unknown_resource => UnknownResourceFault,
    /// Whether this is a `WorkflowExecutionAlreadyStartedFault`.
    is_workflow_execution_already_started => WorkflowExecutionAlreadyStartedFault,
    /// Whether the request was throttled.
    is_throttling => ThrottlingException,
    /// Whether the service answered `ValidationException`.
    is_validation_exception => ValidationException,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        match inner.operation {
            Some(op) => write!(f, "{} failed", op.name())?,
            None => f.write_str("SWF client configuration failed")?,
        }
        if inner.attempts > 1 {
            write!(f, " after {} attempts", inner.attempts)?;
        }
        f.write_str(": ")?;
        let detail = inner.detail.as_deref();
        match &inner.kind {
            ErrorKind::InvalidInput(e) => write!(f, "request not sent: {e}"),
            ErrorKind::Connect => write_reason(f, "could not connect to the endpoint", detail),
            ErrorKind::Transport => write_reason(f, "the connection failed", detail),
            ErrorKind::Timeout(after) => write!(f, "no answer within {after:?} (timed out)"),
            ErrorKind::Decode { status, request_id } => {
                f.write_str("could not read the answer")?;
                write_context(f, *status, request_id.as_deref(), true)?;
                if let Some(detail) = detail {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
            ErrorKind::EndlessHistory { pages } => {
                write!(f, "the history did not end after {pages} pages")
            }
            ErrorKind::Credentials => write_reason(f, "could not load credentials", detail),
            ErrorKind::Config => f.write_str(detail.unwrap_or("invalid configuration")),
            kind => {
                let e = kind.service().expect("every other kind is a service error");
                match (e.code(), e.message()) {
                    (Some(code), Some(message)) => write!(f, "{code}: {message}")?,
                    (Some(code), None) => f.write_str(code)?,
                    (None, Some(message)) => write!(f, "HTTP {}: {message}", e.status())?,
                    (None, None) => write!(f, "HTTP {}", e.status())?,
                }
                // A 400 is what every fault comes with; name the status only when it tells more.
                let status_tells = e.status() != StatusCode::BAD_REQUEST && e.code().is_some();
                write_context(f, e.status(), e.request_id(), status_tells)
            }
        }
    }
}

fn write_reason(f: &mut fmt::Formatter<'_>, reason: &str, detail: Option<&str>) -> fmt::Result {
    match detail {
        Some(detail) => write!(f, "{reason}: {detail}"),
        None => f.write_str(reason),
    }
}

/// Writes ` (HTTP 503, request id abc)`, leaving out the parts not wanted or not known.
fn write_context(
    f: &mut fmt::Formatter<'_>,
    status: StatusCode,
    request_id: Option<&str>,
    with_status: bool,
) -> fmt::Result {
    match (with_status, request_id) {
        (true, Some(id)) => write!(f, " (HTTP {status}, request id {id})"),
        (true, None) => write!(f, " (HTTP {status})"),
        (false, Some(id)) => write!(f, " (request id {id})"),
        (false, None) => Ok(()),
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Error")
            .field("operation", &inner.operation)
            .field("kind", &inner.kind)
            .field("detail", &inner.detail)
            .field("attempts", &inner.attempts)
            .field("after_ambiguous_attempt", &inner.after_ambiguous_attempt)
            .finish()
    }
}

// No `source()`: the cause is already part of the `Display` (see the module docs), and the
// validation error is in the kind.
impl StdError for Error {}

#[cfg(test)]
mod tests;
