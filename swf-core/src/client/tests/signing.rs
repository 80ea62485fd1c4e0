//! What is signed is what arrives: the signature, the date, the session token, and credentials
//! that cannot be loaded.

use super::*;

/// `20150830T123600Z` as a time.
fn parse_amz_date(s: &str) -> SystemTime {
    let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    let secs_of_day = n(9..11) * 3600 + n(11..13) * 60 + n(13..15);
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    UNIX_EPOCH + Duration::from_secs((days * 86_400 + secs_of_day) as u64)
}

#[test]
fn amz_dates_parse() {
    assert_eq!(
        parse_amz_date("20150830T123600Z"),
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    );
}

#[tokio::test]
async fn a_call_posts_signed_json_and_decodes_the_answer() {
    let server = Server::start(vec![json(200, r#"{"value": "pong"}"#)]).await;
    let client = server.client().build().await.unwrap();
    let out: Pong = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    assert_eq!(
        out,
        Pong {
            value: "pong".into()
        }
    );

    let [req] = server.requests().try_into().unwrap();
    assert_eq!((req.method.as_str(), req.path.as_str()), ("POST", "/"));
    assert_eq!(req.headers["content-type"], "application/x-amz-json-1.0");
    assert_eq!(
        req.headers["x-amz-target"],
        "SimpleWorkflowService.RegisterDomain"
    );
    assert_eq!(req.body, br#"{"name":"demo"}"#);
    // Signed for now: SWF refuses a signature more than 5 minutes from its clock.
    let signed_at = parse_amz_date(&req.headers["x-amz-date"]);
    let skew = SystemTime::now()
        .duration_since(signed_at)
        .unwrap_or_else(|e| e.duration());
    assert!(
        skew < Duration::from_secs(60),
        "signed {skew:?} away from now"
    );

    // What was signed is what arrived: a second, independent signer (`sign::reference`) given
    // the request as the server received it (host with its port, content type, target, date and
    // body) and the client's key writes the same `Authorization` header, byte for byte. A client
    // that signed another body or target, left a header out of the signature or skipped the
    // payload hash sends a different one.
    assert_eq!(
        req.headers["authorization"],
        expected_authorization(&req, "local", "local", &[])
    );
}

/// The `Authorization` header the reference signer writes for `req` as received, signing the
/// headers every call carries, then `extra` ones, with the key `access_key`/`secret_key`.
pub(super) fn expected_authorization(
    req: &Received,
    access_key: &str,
    secret_key: &str,
    extra: &[&str],
) -> String {
    let signed = ["content-type", "host", "x-amz-date", "x-amz-target"];
    let headers: Vec<(&str, &str)> = signed
        .iter()
        .chain(extra)
        .map(|name| (*name, req.headers[*name].as_str()))
        .collect();
    Signer {
        access_key,
        secret_key,
        region: "us-east-1",
        service: SERVICE,
        amz_date: &req.headers["x-amz-date"],
    }
    .authorization(&req.method, &headers, &req.body)
}

#[tokio::test]
async fn a_session_token_is_sent() {
    let server = Server::start(vec![json(200, "{}")]).await;
    let client = server
        .client()
        .static_credentials("AKID", "secret", Some("the-token".into()))
        .build()
        .await
        .unwrap();
    let _: serde::de::IgnoredAny = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    let [req] = server.requests().try_into().unwrap();
    assert_eq!(req.headers["x-amz-security-token"], "the-token");
    // The token is signed along with the rest.
    assert_eq!(
        req.headers["authorization"],
        expected_authorization(&req, "AKID", "secret", &["x-amz-security-token"])
    );
}

#[tokio::test]
async fn failing_credentials_stop_the_call_before_sending() {
    #[derive(Debug)]
    struct NoCredentials;
    impl aws_credential_types::provider::ProvideCredentials for NoCredentials {
        fn provide_credentials<'a>(
            &'a self,
        ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            aws_credential_types::provider::future::ProvideCredentials::ready(Err(
                aws_credential_types::provider::error::CredentialsError::not_loaded(
                    "no profile named `prod`",
                ),
            ))
        }
    }
    let server = Server::start(vec![]).await;
    let client = server
        .client()
        .credentials_provider(NoCredentials)
        .build()
        .await
        .unwrap();
    let err = failed_ping(&client).await;
    assert!(matches!(err.kind(), ErrorKind::Credentials), "{err:?}");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("no profile named `prod`"), "{err}");
    assert_eq!(server.connections(), 0);
}
