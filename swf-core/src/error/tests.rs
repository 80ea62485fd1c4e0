use super::*;

fn from_body(status: u16, body: &str) -> Error {
    Error::from_service_response(
        Operation::RegisterDomain,
        StatusCode::from_u16(status).unwrap(),
        Some("abc"),
        body.as_bytes(),
    )
}

fn fault(code: &str) -> Error {
    from_body(
        400,
        &format!(r#"{{"__type": "com.amazonaws.swf.base.model#{code}", "message": "m"}}"#),
    )
}

/// A fault's code and the predicate that recognises it.
type FaultCase = (&'static str, fn(&Error) -> bool);

#[test]
fn every_modeled_fault_has_its_variant() {
    let cases: [FaultCase; 11] = [
        ("DefaultUndefinedFault", Error::is_default_undefined),
        ("DomainAlreadyExistsFault", Error::is_domain_already_exists),
        ("DomainDeprecatedFault", Error::is_domain_deprecated),
        ("LimitExceededFault", Error::is_limit_exceeded),
        (
            "OperationNotPermittedFault",
            Error::is_operation_not_permitted,
        ),
        ("TooManyTagsFault", Error::is_too_many_tags),
        ("TypeAlreadyExistsFault", Error::is_type_already_exists),
        ("TypeDeprecatedFault", Error::is_type_deprecated),
        ("TypeNotDeprecatedFault", Error::is_type_not_deprecated),
        ("UnknownResourceFault", Error::is_unknown_resource),
        (
            "WorkflowExecutionAlreadyStartedFault",
            Error::is_workflow_execution_already_started,
        ),
    ];
    // The list above is the model's: keep it in step with the generated one.
    let mut listed: Vec<&str> = cases.iter().map(|(c, _)| *c).collect();
    let mut modeled = crate::generated::shapes::MODELED_FAULTS.to_vec();
    listed.sort_unstable();
    modeled.sort_unstable();
    assert_eq!(listed, modeled);

    for (code, is_it) in cases {
        let err = fault(code);
        assert!(is_it(&err), "{code}: {err:?}");
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.message(), Some("m"));
        assert_eq!(err.request_id(), Some("abc"));
        assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
        assert!(!err.is_retryable(), "{code}");
        assert!(!err.is_ambiguous(), "{code}");
        // Exactly one predicate holds.
        assert_eq!(cases.iter().filter(|(_, p)| p(&err)).count(), 1, "{code}");
    }
}

#[test]
fn display_names_operation_code_message_and_request_id() {
    let err = from_body(
        400,
        r#"{"__type": "com.amazonaws.swf.base.model#DomainAlreadyExistsFault",
            "message": "Domain already exists: demo"}"#,
    );
    assert_eq!(
        err.to_string(),
        "RegisterDomain failed: DomainAlreadyExistsFault: Domain already exists: demo \
         (request id abc)"
    );
    assert_eq!(err.operation(), Some(Operation::RegisterDomain));
}

#[test]
fn a_capitalised_message_and_a_bare_type_are_read() {
    let err = from_body(
        400,
        r#"{"__type": "UnknownResourceFault", "Message": "Unknown type"}"#,
    );
    assert!(err.is_unknown_resource());
    assert_eq!(err.message(), Some("Unknown type"));
}

#[test]
fn the_error_type_header_wins_and_is_sanitised() {
    let err = Error::from_response_parts(
        Operation::RegisterDomain,
        StatusCode::BAD_REQUEST,
        Some("TypeAlreadyExistsFault:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
        None,
        br#"{"message": "Type already exists"}"#,
    );
    assert!(err.is_type_already_exists(), "{err:?}");
    assert_eq!(err.code(), Some("TypeAlreadyExistsFault"));
    assert_eq!(err.request_id(), None);
    assert_eq!(
        err.to_string(),
        "RegisterDomain failed: TypeAlreadyExistsFault: Type already exists"
    );
}

#[test]
fn throttling_is_retryable_but_not_ambiguous() {
    for body in [
        r#"{"__type": "com.amazon.coral.availability#ThrottlingException", "message": "Rate exceeded"}"#,
        r#"{"__type": "Throttling"}"#,
    ] {
        let err = from_body(400, body);
        assert!(err.is_throttling(), "{body}");
        assert!(err.is_retryable());
        assert!(!err.is_ambiguous());
    }
    let err = from_body(429, "");
    assert!(err.is_throttling());
    assert_eq!(err.code(), None);
}

#[test]
fn access_errors_keep_their_code() {
    for code in [
        "AccessDeniedException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "IncompleteSignature",
        "MissingAuthenticationToken",
        "ExpiredTokenException",
    ] {
        let err = from_body(
            400,
            &format!(r#"{{"__type": "com.amazon.coral.service#{code}"}}"#),
        );
        assert!(err.is_access_denied(), "{code}");
        assert_eq!(err.code(), Some(code));
        assert!(!err.is_retryable(), "{code}");
    }
    assert!(from_body(403, "Forbidden").is_access_denied());
}

#[test]
fn the_service_validation_exception_is_not_client_validation() {
    let err = from_body(
        400,
        r#"{"__type": "ValidationException", "message": "1 validation error"}"#,
    );
    assert!(err.is_validation_exception());
    assert!(!err.is_invalid_input());
    assert!(!err.is_retryable());
}

#[test]
fn server_errors_are_retryable_and_ambiguous() {
    let err = from_body(500, r#"{"__type": "InternalFailure", "message": "oops"}"#);
    assert!(matches!(err.kind(), ErrorKind::UnknownServiceError(_)));
    assert!(err.is_retryable() && err.is_ambiguous());
    assert_eq!(
        err.to_string(),
        "RegisterDomain failed: InternalFailure: oops (HTTP 500 Internal Server Error, request id abc)"
    );

    // A load balancer's page: no code, a short excerpt of the text as the message.
    let err = from_body(503, "<html><body>Service Unavailable</body></html>");
    assert!(err.is_retryable() && err.is_ambiguous());
    assert_eq!(err.code(), None);
    assert_eq!(
        err.to_string(),
        "RegisterDomain failed: HTTP 503 Service Unavailable: <html><body>Service Unavailable\
         </body></html> (request id abc)"
    );
    let long = "x".repeat(1000);
    assert_eq!(from_body(502, &long).message().unwrap().len(), 203);
}

#[test]
fn a_transient_code_is_retryable_whatever_the_status() {
    let err = from_body(400, r#"{"__type": "RequestTimeout"}"#);
    assert!(err.is_retryable() && err.is_ambiguous());
}

#[test]
fn unknown_codes_are_kept() {
    let err = from_body(
        400,
        r#"{"__type": "com.example#SomethingNew", "message": "new"}"#,
    );
    assert!(
        matches!(err.kind(), ErrorKind::UnknownServiceError(e) if e.code() == Some("SomethingNew"))
    );
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "RegisterDomain failed: SomethingNew: new (request id abc)"
    );
}

#[test]
fn client_side_errors_say_what_happened() {
    let op = Some(Operation::PollForActivityTask);
    let invalid = Error::new(
        op,
        ErrorKind::InvalidInput(ValidationError {
            field: "taskList.name".into(),
            problem: "is required and must not be empty (at least 1 characters)".into(),
        }),
    );
    assert!(invalid.is_invalid_input() && !invalid.is_retryable());
    assert_eq!(
        invalid.to_string(),
        "PollForActivityTask failed: request not sent: invalid `taskList.name`: is required and \
         must not be empty (at least 1 characters)"
    );

    let timeout =
        Error::new(op, ErrorKind::Timeout(Duration::from_secs(70))).with_attempts(4, true);
    assert!(timeout.is_timeout() && timeout.is_retryable() && timeout.is_ambiguous());
    assert!(timeout.after_ambiguous_attempt());
    assert_eq!(timeout.attempts(), 4);
    assert_eq!(
        timeout.to_string(),
        "PollForActivityTask failed after 4 attempts: no answer within 70s (timed out)"
    );

    let connect = Error::new(op, ErrorKind::Connect).with_detail("connection refused");
    assert!(connect.is_retryable() && !connect.is_ambiguous());
    assert_eq!(
        connect.to_string(),
        "PollForActivityTask failed: could not connect to the endpoint: connection refused"
    );

    let transport = Error::new(op, ErrorKind::Transport).with_detail("connection reset");
    assert!(transport.is_retryable() && transport.is_ambiguous());

    let decode = Error::new(
        op,
        ErrorKind::Decode {
            status: StatusCode::OK,
            request_id: Some("r1".into()),
        },
    )
    .with_detail("expected value at line 1 column 1");
    assert!(!decode.is_retryable());
    assert_eq!(decode.request_id(), Some("r1"));
    assert_eq!(decode.status(), Some(StatusCode::OK));
    assert_eq!(
        decode.to_string(),
        "PollForActivityTask failed: could not read the answer (HTTP 200 OK, request id r1): \
         expected value at line 1 column 1"
    );

    let creds = Error::new(op, ErrorKind::Credentials).with_detail("no profile");
    assert!(!creds.is_retryable());
    assert_eq!(
        creds.to_string(),
        "PollForActivityTask failed: could not load credentials: no profile"
    );

    let config = Error::config(None, "no region");
    assert_eq!(config.operation(), None);
    assert_eq!(
        config.to_string(),
        "SWF client configuration failed: no region"
    );
}

#[test]
fn a_cause_chain_is_folded_into_the_detail_once() {
    #[derive(Debug)]
    struct Outer(std::io::Error);
    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("error sending request")
        }
    }
    impl StdError for Outer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }
    let cause = Outer(std::io::Error::new(
        std::io::ErrorKind::ConnectionRefused,
        "refused",
    ));
    let err = Error::new(Some(Operation::RegisterDomain), ErrorKind::Connect).with_cause(&cause);
    assert_eq!(
        err.to_string(),
        "RegisterDomain failed: could not connect to the endpoint: error sending request: refused"
    );
}

#[test]
fn errors_are_send_sync_and_small() {
    fn is_send_sync<T: Send + Sync + 'static>() {}
    is_send_sync::<Error>();
    assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
}
