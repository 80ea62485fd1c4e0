//! Signing requests with AWS Signature Version 4, through `aws-sigv4`.
//!
//! The signer works on a complete `http::Request` and writes the `Authorization`, `X-Amz-Date`
//! and (with temporary credentials) `X-Amz-Security-Token` headers into it; the same request is
//! then handed to `reqwest`, so what is signed is exactly what is sent. Time, service name and
//! region are parameters rather than read here, so tests can sign the AWS test-suite requests and
//! compare with their published signatures.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
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

/// Why a request could not be signed.
#[derive(Debug)]
pub(crate) struct SignError(String);

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
    let identity: Identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.service)
        .time(scope.time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| SignError(e.to_string()))?
        .into();

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

    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| SignError(e.to_string()))?
        .into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    // The AWS SigV4 test suite's credentials and time (2015-08-30T12:36:00Z); the expected values
    // below are the suite's `header-signed-request.txt` files for these cases.
    const ACCESS_KEY: &str = "AKIDEXAMPLE";
    const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

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

    fn signed(method: &str, credentials: &Credentials) -> http::Request<Vec<u8>> {
        let mut req = http::Request::builder()
            .method(method)
            .uri("https://example.amazonaws.com/")
            .body(Vec::new())
            .unwrap();
        sign_request(&mut req, credentials, suite_scope()).unwrap();
        req
    }

    #[test]
    fn suite_time_is_the_suite_timestamp() {
        let req = signed("GET", &suite_credentials(None));
        assert_eq!(header(&req, "x-amz-date"), "20150830T123600Z");
    }

    #[test]
    fn get_vanilla() {
        let req = signed("GET", &suite_credentials(None));
        assert_eq!(
            header(&req, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn post_vanilla() {
        let req = signed("POST", &suite_credentials(None));
        assert_eq!(
            header(&req, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        );
    }

    #[test]
    fn get_vanilla_with_session_token() {
        let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
        let req = signed("GET", &suite_credentials(Some(token)));
        assert_eq!(header(&req, "x-amz-security-token"), token);
        assert_eq!(
            header(&req, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date;x-amz-security-token, \
             Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"
        );
    }

    #[test]
    fn an_swf_request_signs_its_target_and_content_type() {
        let mut req = http::Request::builder()
            .method("POST")
            .uri("https://swf.us-east-1.amazonaws.com/")
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", "SimpleWorkflowService.ListDomains")
            .body(br#"{"registrationStatus":"REGISTERED"}"#.to_vec())
            .unwrap();
        let scope = SigningScope {
            region: "us-east-1",
            service: SERVICE,
            time: suite_time(),
        };
        sign_request(&mut req, &suite_credentials(None), scope).unwrap();
        let auth = header(&req, "authorization");
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/swf/aws4_request, "
            ),
            "{auth}"
        );
        assert!(
            auth.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,"),
            "{auth}"
        );
        assert!(req.headers().get("x-amz-security-token").is_none());
    }

    #[test]
    fn a_non_default_port_is_part_of_the_signed_host() {
        // moto_server and other local endpoints listen on a port; the signature must cover
        // `host:port` as the HTTP client sends it, or the server computes a different one.
        let mut with_port = http::Request::builder()
            .method("POST")
            .uri("http://localhost:4566/")
            .body(Vec::new())
            .unwrap();
        let mut without = http::Request::builder()
            .method("POST")
            .uri("http://localhost/")
            .body(Vec::new())
            .unwrap();
        let creds = suite_credentials(None);
        sign_request(&mut with_port, &creds, suite_scope()).unwrap();
        sign_request(&mut without, &creds, suite_scope()).unwrap();
        assert_ne!(
            header(&with_port, "authorization"),
            header(&without, "authorization")
        );
    }

    #[test]
    fn the_signature_depends_on_the_body() {
        let creds = suite_credentials(None);
        let sign_body = |body: &[u8]| {
            let mut req = http::Request::builder()
                .method("POST")
                .uri("https://example.amazonaws.com/")
                .body(body.to_vec())
                .unwrap();
            sign_request(&mut req, &creds, suite_scope()).unwrap();
            header(&req, "authorization").to_owned()
        };
        assert_ne!(sign_body(b"{}"), sign_body(b"{\"a\":1}"));
    }
}
