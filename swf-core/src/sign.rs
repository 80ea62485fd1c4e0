//! Signing requests with AWS Signature Version 4, through `aws-sigv4`, and computing the
//! signature of a request someone else signed, so that a service can check it ([`signature`]:
//! `swf-local --auth-file`). Both go through the same `aws-sigv4` call, so the canonical request
//! a client signs and the one a service checks have one home. The same holds for presigned
//! (query-string) requests: [`presign`] makes the query parameters, [`presigned_signature`]
//! recomputes the signature a service compares with `X-Amz-Signature`.
//!
//! The signer works on a complete `http::Request` and writes the `Authorization`, `X-Amz-Date`
//! and (with temporary credentials) `X-Amz-Security-Token` headers into it; the same request is
//! then handed to `reqwest`, so what is signed is exactly what is sent. Time, service name and
//! region are parameters rather than read here, so tests can sign the AWS test-suite requests and
//! compare with their published signatures.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SignatureLocation, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

/// The signing name of SWF.
pub(crate) const SERVICE: &str = "swf";

/// What a request is signed for and when.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SigningScope<'a> {
    /// The region, such as `us-east-1`.
    pub(crate) region: &'a str,
    /// The signing name of the service (`swf`).
    pub(crate) service: &'a str,
    /// The time the signature is made for; the service rejects it more than 5 minutes away from
    /// its own clock.
    pub(crate) time: SystemTime,
}

/// Why a request could not be signed, or its signature not computed.
#[derive(Debug)]
pub struct SignError(String);

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not sign the request: {}", self.0)
    }
}

impl std::error::Error for SignError {}

/// Signs `request` in place. The `Host` header is taken from the URI when the request has none,
/// as the HTTP client will send it.
pub(crate) fn sign_request(
    request: &mut http::Request<Vec<u8>>,
    credentials: &Credentials,
    scope: SigningScope<'_>,
) -> Result<(), SignError> {
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = value
                .to_str()
                .map_err(|_| SignError(format!("header `{name}` is not visible ASCII")))?;
            Ok((name.as_str(), value))
        })
        .collect::<Result<Vec<_>, SignError>>()?;
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri,
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .map_err(|e| SignError(e.to_string()))?;
    let (instructions, _signature) =
        sign_signable(signable, credentials, scope, SigningSettings::default())?;
    instructions.apply_to_request_http1x(request);
    Ok(())
}

/// A request as a service received it, to compute the signature its sender should have made.
#[derive(Debug, Clone, Copy)]
pub struct ReceivedRequest<'a> {
    /// The method, such as `POST`.
    pub method: &'a str,
    /// The path and query, such as `/`.
    pub path_and_query: &'a str,
    /// The headers the sender signed (those its `SignedHeaders` names), `host` and
    /// `x-amz-date` included; every header given here is signed, none is left out.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body as received.
    pub body: &'a [u8],
}

/// The key and scope a received request claims to be signed with.
#[derive(Debug, Clone, Copy)]
pub struct ClaimedScope<'a> {
    /// The access key id of the `Credential`.
    pub access_key: &'a str,
    /// The secret access key the service holds for that id.
    pub secret_key: &'a str,
    /// The region of the `Credential`'s scope.
    pub region: &'a str,
    /// The service of the `Credential`'s scope (`swf`).
    pub service: &'a str,
    /// The request's `X-Amz-Date`.
    pub time: SystemTime,
}

/// What a presigned (query-string) signature adds to a request's scope: how long it is valid
/// (`X-Amz-Expires`) and the session token of temporary credentials (`X-Amz-Security-Token`),
/// both of which are signed as query parameters.
#[derive(Debug, Clone, Copy)]
pub struct Presigned<'a> {
    /// How long the signature is valid from its `X-Amz-Date`; AWS allows 1 second to 7 days.
    pub expires_in: Duration,
    /// The session token of temporary credentials, if the key is one.
    pub session_token: Option<&'a str>,
}

/// The SigV4 signature (lowercase hex) that `scope`'s key gives `request`: the canonical request
/// and string to sign [`sign_request`] makes when it signs, over exactly the headers given. A
/// service compares it with the one in the `Authorization` header.
pub fn signature(
    request: &ReceivedRequest<'_>,
    scope: &ClaimedScope<'_>,
) -> Result<String, SignError> {
    Ok(sign_received(request, scope, None)?.1)
}

/// The query parameters that presign `request` with `scope`'s key (`X-Amz-Algorithm`,
/// `-Credential`, `-Date`, `-Expires`, `-SignedHeaders`, `-Signature` and, with a session
/// token, `-Security-Token`), signing exactly the headers given (`host` included) and the
/// SHA-256 of the body. Appended to the request's query, they let it be sent without an
/// `Authorization` header, by whoever holds the URL, until it expires.
pub fn presign(
    request: &ReceivedRequest<'_>,
    scope: &ClaimedScope<'_>,
    presigned: Presigned<'_>,
) -> Result<Vec<(&'static str, String)>, SignError> {
    let (instructions, _) = sign_received(request, scope, Some(presigned))?;
    let (_headers, params) = instructions.into_parts();
    Ok(params
        .into_iter()
        .map(|(name, value)| (name, value.into_owned()))
        .collect())
}

/// The signature a presigned request carries in `X-Amz-Signature` if `scope`'s key made it:
/// `request.path_and_query` is the query the request was sent with, less the parameters
/// [`presign`] adds (they are signed from `scope` and `presigned` instead).
pub fn presigned_signature(
    request: &ReceivedRequest<'_>,
    scope: &ClaimedScope<'_>,
    presigned: Presigned<'_>,
) -> Result<String, SignError> {
    Ok(sign_received(request, scope, Some(presigned))?.1)
}

/// `aws-sigv4`'s signing of a request given as its parts: in the `Authorization` header, or
/// presigned in the query.
fn sign_received(
    request: &ReceivedRequest<'_>,
    scope: &ClaimedScope<'_>,
    presigned: Option<Presigned<'_>>,
) -> Result<(aws_sigv4::http_request::SigningInstructions, String), SignError> {
    let host = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map_or("localhost", |(_, value)| value);
    // `aws-sigv4` reads the host from the headers when they have one; the URI only needs to
    // parse, and to carry the path and query that are signed.
    let uri = format!("http://{host}{}", request.path_and_query);
    let signable = SignableRequest::new(
        request.method,
        uri,
        request.headers.iter().copied(),
        SignableBody::Bytes(request.body),
    )
    .map_err(|e| SignError(e.to_string()))?;
    let token = presigned.and_then(|p| p.session_token.map(str::to_owned));
    let credentials = Credentials::new(scope.access_key, scope.secret_key, token, None, "service");
    let mut settings = SigningSettings::default();
    // The sender chose what to sign: leave none of it out (by default `aws-sigv4` skips
    // `user-agent` and a few others, which another SDK may have signed).
    settings.excluded_headers = Some(Vec::new());
    if let Some(presigned) = presigned {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(presigned.expires_in);
    }
    let signing = SigningScope {
        region: scope.region,
        service: scope.service,
        time: scope.time,
    };
    sign_signable(signable, &credentials, signing, settings)
}

/// `aws-sigv4`'s signature of `signable`: the one place both signing and checking sign.
fn sign_signable(
    signable: SignableRequest<'_>,
    credentials: &Credentials,
    scope: SigningScope<'_>,
    settings: SigningSettings,
) -> Result<(aws_sigv4::http_request::SigningInstructions, String), SignError> {
    let identity: Identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.service)
        .time(scope.time)
        .settings(settings)
        .build()
        .map_err(|e| SignError(e.to_string()))?
        .into();
    Ok(sign(signable, &params)
        .map_err(|e| SignError(e.to_string()))?
        .into_parts())
}

#[cfg(test)]
pub(crate) mod reference;

#[cfg(test)]
mod tests {
    use super::reference::Signer;
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    // The AWS SigV4 test suite's credentials and time (2015-08-30T12:36:00Z); the expected values
    // below are the suite's `header-signed-request.txt` files for these cases.
    const ACCESS_KEY: &str = "AKIDEXAMPLE";
    const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const SUITE_DATE: &str = "20150830T123600Z";
    const SUITE_HOST: &str = "example.amazonaws.com";
    const SESSION_TOKEN: &str = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

    /// The suite's `post-x-www-form-urlencoded` case: a POST whose body is signed.
    const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
    const FORM_BODY: &[u8] = b"Param1=value1";
    const FORM_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 \
        Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=content-type;host;x-amz-date, \
        Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a";
    const GET_VANILLA: &str = "AWS4-HMAC-SHA256 \
        Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, \
        Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    const POST_VANILLA: &str = "AWS4-HMAC-SHA256 \
        Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, \
        Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b";
    const GET_VANILLA_WITH_SESSION_TOKEN: &str = "AWS4-HMAC-SHA256 \
        Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date;x-amz-security-token, \
        Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8";

    fn suite_time() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    fn suite_scope() -> SigningScope<'static> {
        SigningScope {
            region: "us-east-1",
            service: "service",
            time: suite_time(),
        }
    }

    /// The reference signer with the suite's key and time, for `service`.
    fn reference(service: &str) -> Signer<'_> {
        Signer {
            access_key: ACCESS_KEY,
            secret_key: SECRET_KEY,
            region: "us-east-1",
            service,
            amz_date: SUITE_DATE,
        }
    }

    fn suite_credentials(token: Option<&str>) -> Credentials {
        Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            token.map(str::to_owned),
            None,
            "test",
        )
    }

    fn header<'a>(req: &'a http::Request<Vec<u8>>, name: &str) -> &'a str {
        req.headers()
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .to_str()
            .unwrap()
    }

    /// `method uri` with `headers` and `body`, signed by `sign_request` (that is, `aws-sigv4`).
    fn signed_request(
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        credentials: &Credentials,
        scope: SigningScope<'_>,
    ) -> http::Request<Vec<u8>> {
        let mut req = http::Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let mut req = req.body(body.to_vec()).unwrap();
        sign_request(&mut req, credentials, scope).unwrap();
        req
    }

    fn signed(method: &str, credentials: &Credentials) -> http::Request<Vec<u8>> {
        let uri = format!("https://{SUITE_HOST}/");
        signed_request(method, &uri, &[], b"", credentials, suite_scope())
    }

    #[test]
    fn the_reference_signer_gives_the_published_signatures() {
        // Before the reference signer checks anything else, it must agree with AWS.
        let host = ("host", SUITE_HOST);
        let date = ("x-amz-date", SUITE_DATE);
        let service = reference("service");
        assert_eq!(
            service.authorization("GET", &[host, date], b""),
            GET_VANILLA
        );
        assert_eq!(
            service.authorization("POST", &[host, date], b""),
            POST_VANILLA
        );
        assert_eq!(
            service.authorization(
                "POST",
                &[("Content-Type", FORM_CONTENT_TYPE), host, date],
                FORM_BODY
            ),
            FORM_AUTHORIZATION
        );
        assert_eq!(
            service.authorization(
                "GET",
                &[host, date, ("x-amz-security-token", SESSION_TOKEN)],
                b""
            ),
            GET_VANILLA_WITH_SESSION_TOKEN
        );
    }

    #[test]
    fn suite_time_is_the_suite_timestamp() {
        let req = signed("GET", &suite_credentials(None));
        assert_eq!(header(&req, "x-amz-date"), SUITE_DATE);
    }

    #[test]
    fn get_vanilla() {
        let req = signed("GET", &suite_credentials(None));
        assert_eq!(header(&req, "authorization"), GET_VANILLA);
    }

    #[test]
    fn post_vanilla() {
        let req = signed("POST", &suite_credentials(None));
        assert_eq!(header(&req, "authorization"), POST_VANILLA);
    }

    #[test]
    fn post_with_a_signed_body() {
        let req = signed_request(
            "POST",
            &format!("https://{SUITE_HOST}/"),
            &[("content-type", FORM_CONTENT_TYPE)],
            FORM_BODY,
            &suite_credentials(None),
            suite_scope(),
        );
        assert_eq!(header(&req, "authorization"), FORM_AUTHORIZATION);
    }

    #[test]
    fn get_vanilla_with_session_token() {
        let req = signed("GET", &suite_credentials(Some(SESSION_TOKEN)));
        assert_eq!(header(&req, "x-amz-security-token"), SESSION_TOKEN);
        assert_eq!(
            header(&req, "authorization"),
            GET_VANILLA_WITH_SESSION_TOKEN
        );
    }

    #[test]
    fn an_swf_request_signs_its_target_content_type_and_body() {
        let headers = [
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", "SimpleWorkflowService.ListDomains"),
        ];
        let body = br#"{"registrationStatus":"REGISTERED"}"#;
        let scope = SigningScope {
            region: "us-east-1",
            service: SERVICE,
            time: suite_time(),
        };
        let host = "swf.us-east-1.amazonaws.com";
        let req = signed_request(
            "POST",
            &format!("https://{host}/"),
            &headers,
            body,
            &suite_credentials(None),
            scope,
        );
        let [content_type, target] = headers;
        let expected = reference(SERVICE).authorization(
            "POST",
            &[
                content_type,
                target,
                ("host", host),
                ("x-amz-date", SUITE_DATE),
            ],
            body,
        );
        assert_eq!(header(&req, "authorization"), expected);
        assert!(req.headers().get("x-amz-security-token").is_none());
    }

    /// The signature `signature` computes for a request `sign_request` signed, from the headers
    /// its `Authorization` names, as a service sees them.
    fn recomputed(req: &http::Request<Vec<u8>>, secret_key: &str) -> String {
        let auth = header(req, "authorization");
        let signed = auth
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .unwrap();
        let host = req.uri().authority().unwrap().as_str().to_owned();
        let mut headers = vec![("host", host.as_str())];
        for name in signed.split(';').filter(|n| *n != "host") {
            headers.push((name, header(req, name)));
        }
        let request = ReceivedRequest {
            method: req.method().as_str(),
            path_and_query: "/",
            headers: &headers,
            body: req.body(),
        };
        let scope = ClaimedScope {
            access_key: ACCESS_KEY,
            secret_key,
            region: "us-east-1",
            service: SERVICE,
            time: suite_time(),
        };
        signature(&request, &scope).unwrap()
    }

    #[test]
    fn the_signature_a_service_computes_is_the_one_the_client_sent() {
        let req = signed_request(
            "POST",
            "http://localhost:4566/",
            &[
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "SimpleWorkflowService.ListDomains"),
            ],
            br#"{"registrationStatus":"REGISTERED"}"#,
            &suite_credentials(None),
            SigningScope {
                region: "us-east-1",
                service: SERVICE,
                time: suite_time(),
            },
        );
        let sent = header(&req, "authorization")
            .rsplit("Signature=")
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(recomputed(&req, SECRET_KEY), sent);
        assert_ne!(recomputed(&req, "another secret"), sent);
    }

    /// An SWF call as presigned: its headers (host included) and body.
    const PRESIGN_HEADERS: [(&str, &str); 3] = [
        ("content-type", "application/x-amz-json-1.0"),
        ("host", "localhost:4566"),
        ("x-amz-target", "SimpleWorkflowService.ListDomains"),
    ];
    const PRESIGN_BODY: &[u8] = br#"{"registrationStatus":"REGISTERED"}"#;

    fn presign_scope(secret_key: &str) -> ClaimedScope<'_> {
        ClaimedScope {
            access_key: ACCESS_KEY,
            secret_key,
            region: "us-east-1",
            service: SERVICE,
            time: suite_time(),
        }
    }

    #[test]
    fn a_presigned_request_carries_the_signature_the_reference_signer_computes() {
        let request = ReceivedRequest {
            method: "POST",
            path_and_query: "/",
            headers: &PRESIGN_HEADERS,
            body: PRESIGN_BODY,
        };
        for token in [None, Some(SESSION_TOKEN)] {
            let presigned = Presigned {
                expires_in: Duration::from_secs(300),
                session_token: token,
            };
            let params = presign(&request, &presign_scope(SECRET_KEY), presigned).unwrap();
            let param = |name: &str| {
                params
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or_else(|| panic!("no {name} in {params:?}"))
            };
            assert_eq!(param("X-Amz-Algorithm"), "AWS4-HMAC-SHA256");
            assert_eq!(
                param("X-Amz-Credential"),
                "AKIDEXAMPLE/20150830/us-east-1/swf/aws4_request"
            );
            assert_eq!(param("X-Amz-Date"), SUITE_DATE);
            assert_eq!(param("X-Amz-Expires"), "300");
            assert_eq!(
                param("X-Amz-SignedHeaders"),
                "content-type;host;x-amz-target"
            );
            let expected = reference(SERVICE).presigned_signature(
                "POST",
                300,
                token,
                &PRESIGN_HEADERS,
                PRESIGN_BODY,
            );
            assert_eq!(param("X-Amz-Signature"), expected, "token {token:?}");
            if let Some(token) = token {
                assert_eq!(param("X-Amz-Security-Token"), token);
            }
            // What a service recomputes from the request matches, and only with the secret.
            let recomputed = presigned_signature(&request, &presign_scope(SECRET_KEY), presigned);
            assert_eq!(recomputed.unwrap(), expected);
            let forged = presigned_signature(&request, &presign_scope("guess"), presigned);
            assert_ne!(forged.unwrap(), expected);
            let longer = Presigned {
                expires_in: Duration::from_secs(301),
                ..presigned
            };
            let stretched = presigned_signature(&request, &presign_scope(SECRET_KEY), longer);
            assert_ne!(stretched.unwrap(), expected, "X-Amz-Expires is signed");
        }
    }

    #[test]
    fn a_non_default_port_is_part_of_the_signed_host() {
        // moto_server and other local endpoints listen on a port; the signature must cover
        // `host:port` as the HTTP client sends it, or the server computes a different one.
        let req = signed_request(
            "POST",
            "http://localhost:4566/",
            &[],
            b"{}",
            &suite_credentials(None),
            suite_scope(),
        );
        let expected = reference("service").authorization(
            "POST",
            &[("host", "localhost:4566"), ("x-amz-date", SUITE_DATE)],
            b"{}",
        );
        assert_eq!(header(&req, "authorization"), expected);
    }
}
