//! The errors of the service: SWF's faults as the wire carries them, and the errors of starting
//! the service.
//!
//! A [`Fault`] is what an operation answers instead of its output. It knows its own wire name
//! (`__type`) and HTTP status, so the server layer turns any fault into SWF's JSON error body in
//! one place. Faults carry a message meant for the person reading the client's error.

use std::fmt;

/// Which of SWF's errors a [`Fault`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultKind {
    UnknownResource,
    DomainAlreadyExists,
    DomainDeprecated,
    TypeAlreadyExists,
    TypeDeprecated,
    TypeNotDeprecated,
    DefaultUndefined,
    TooManyTags,
    LimitExceeded,
    WorkflowExecutionAlreadyStarted,
    Validation,
    Serialization,
    UnknownOperation,
    MissingAction,
    InternalFailure,
    /// A call over its rate limit (`server/throttle.rs`) or an injected throttle.
    Throttling,
    /// An injected 503 (`server/faults.rs`): SWF's front end refusing a call it did not run.
    ServiceUnavailable,
    /// A request whose body did not arrive in time (`server/request_body.rs`); SDKs retry it.
    RequestTimeout,
    /// A call the caller's policy does not allow (`auth/`, with an auth file).
    OperationNotPermitted,
    /// An unsigned request (`auth/`, with an auth file).
    MissingAuthenticationToken,
    /// An `Authorization` header missing a part SigV4 needs (`auth/`).
    IncompleteSignature,
    /// A signature by an access key the auth file does not list (`auth/`).
    UnrecognizedClient,
    /// A signature that does not match, or a request time more than 15 minutes off (`auth/`).
    InvalidSignature,
    /// A session token past its key's `Expiration` (`auth/`).
    ExpiredToken,
}

impl FaultKind {
    /// The `__type` SWF sends: modeled faults live in SWF's namespace, protocol errors in Coral's.
    fn wire_type(self) -> &'static str {
        match self {
            FaultKind::UnknownResource => "com.amazonaws.swf.base.model#UnknownResourceFault",
            FaultKind::DomainAlreadyExists => {
                "com.amazonaws.swf.base.model#DomainAlreadyExistsFault"
            }
            FaultKind::DomainDeprecated => "com.amazonaws.swf.base.model#DomainDeprecatedFault",
            FaultKind::TypeAlreadyExists => "com.amazonaws.swf.base.model#TypeAlreadyExistsFault",
            FaultKind::TypeDeprecated => "com.amazonaws.swf.base.model#TypeDeprecatedFault",
            FaultKind::TypeNotDeprecated => "com.amazonaws.swf.base.model#TypeNotDeprecatedFault",
            FaultKind::DefaultUndefined => "com.amazonaws.swf.base.model#DefaultUndefinedFault",
            FaultKind::TooManyTags => "com.amazonaws.swf.base.model#TooManyTagsFault",
            FaultKind::LimitExceeded => "com.amazonaws.swf.base.model#LimitExceededFault",
            FaultKind::WorkflowExecutionAlreadyStarted => {
                "com.amazonaws.swf.base.model#WorkflowExecutionAlreadyStartedFault"
            }
            FaultKind::Validation => "com.amazon.coral.validate#ValidationException",
            FaultKind::Serialization => "com.amazon.coral.service#SerializationException",
            FaultKind::UnknownOperation => "com.amazon.coral.service#UnknownOperationException",
            FaultKind::MissingAction => "com.amazon.coral.service#MissingAction",
            FaultKind::InternalFailure => "com.amazon.coral.service#InternalFailure",
            FaultKind::Throttling => "com.amazon.coral.availability#ThrottlingException",
            FaultKind::ServiceUnavailable => {
                "com.amazon.coral.availability#ServiceUnavailableException"
            }
            FaultKind::RequestTimeout => "com.amazon.coral.service#RequestTimeoutException",
            FaultKind::OperationNotPermitted => {
                "com.amazonaws.swf.base.model#OperationNotPermittedFault"
            }
            FaultKind::MissingAuthenticationToken => {
                "com.amazon.coral.service#MissingAuthenticationTokenException"
            }
            FaultKind::IncompleteSignature => {
                "com.amazon.coral.service#IncompleteSignatureException"
            }
            FaultKind::UnrecognizedClient => "com.amazon.coral.service#UnrecognizedClientException",
            FaultKind::InvalidSignature => "com.amazon.coral.service#InvalidSignatureException",
            FaultKind::ExpiredToken => "com.amazon.coral.service#ExpiredTokenException",
        }
    }
}

/// An error answer of an operation: SWF's fault name, HTTP status and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    kind: FaultKind,
    message: String,
    /// The HTTP status, where it is not the kind's usual one (a protocol error's 431 or 414).
    status: Option<u16>,
}

impl Fault {
    pub(crate) fn new(kind: FaultKind, message: impl Into<String>) -> Fault {
        Fault {
            kind,
            message: message.into(),
            status: None,
        }
    }

    /// The same fault answered with HTTP status `status` instead of its kind's.
    pub(crate) fn with_status(self, status: u16) -> Fault {
        Fault {
            status: Some(status),
            ..self
        }
    }

    pub(crate) fn unknown(message: impl Into<String>) -> Fault {
        Fault::new(FaultKind::UnknownResource, message)
    }

    pub(crate) fn validation(message: impl Into<String>) -> Fault {
        Fault::new(FaultKind::Validation, message)
    }

    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The `__type` member of the JSON error body.
    pub(crate) fn wire_type(&self) -> &'static str {
        self.kind.wire_type()
    }

    /// SWF answers every client fault with 400 (throttling included) and its own failures with
    /// 500, or 503 when it is unavailable; a request not received in time gets 408.
    pub(crate) fn http_status(&self) -> u16 {
        if let Some(status) = self.status {
            return status;
        }
        match self.kind {
            FaultKind::InternalFailure => 500,
            FaultKind::ServiceUnavailable => 503,
            FaultKind::RequestTimeout => 408,
            // AWS's Common Errors: "MissingAuthenticationToken ... HTTP Status Code: 403".
            FaultKind::MissingAuthenticationToken => 403,
            _ => 400,
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.wire_type(), self.message)
    }
}

/// Who holds a database, as [`StartError::DatabaseInUse`] names them.
fn holder_text(holder: Option<u32>) -> String {
    match holder {
        Some(pid) if pid == std::process::id() => {
            format!("another server in this process (pid {pid})")
        }
        Some(pid) => format!("another process (pid {pid})"),
        None => "another process".to_owned(),
    }
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The listening address could not be bound (in use, or not a local address).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address that was asked for.
        addr: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The SQLite database could not be opened or its contents could not be loaded.
    #[error("cannot open the database {path}: {message}")]
    Database {
        /// The database file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Another service holds the database file: another process, or another server in this
    /// one. Two services on one file would lose each other's writes, so this one does not start.
    #[error(
        "cannot open the database {path}: it is in use by {}; one swf-local at a time may serve \
         a database file (the lock is {lock_file}), so stop that one or use another file",
        holder_text(*.holder)
    )]
    DatabaseInUse {
        /// The database file.
        path: String,
        /// The lock file next to it, `<db>.lock`, which the holder keeps locked.
        lock_file: String,
        /// The holder's process id, when it could be read.
        holder: Option<u32>,
    },
    /// The SQLite database was written in a layout this version of the service does not read
    /// (by a newer version, or it is not a database of this service), so it is left untouched.
    #[error(
        "cannot open the database {path}: its schema version is {found}, and this swf-local \
         reads version {expected} only (a newer swf-local wrote it, or it is not swf-local's)"
    )]
    SchemaVersion {
        /// The database file.
        path: String,
        /// The version the file records (`PRAGMA user_version`).
        found: i64,
        /// The version this service reads and writes.
        expected: i64,
    },
    /// A setting of the service is out of range (an injected fault's rate, ...).
    #[error("cannot start the service: {0}")]
    Setting(#[from] crate::server::SettingError),
    /// The auth file could not be read, or is not a valid one (the message names the field).
    #[error("cannot start the service: {0}")]
    Auth(#[from] crate::auth::AuthConfigError),
    /// The handler of a signal that stops the service could not be installed.
    #[error("cannot listen for the signals that stop the service: {0}")]
    Signal(#[source] std::io::Error),
}
