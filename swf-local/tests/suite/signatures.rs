//! SigV4 beyond a plain signed header, with an auth file: the service's region (a signature
//! scoped to another is refused), temporary credentials (a key with a session token, which
//! every request must carry, until it expires) and presigned, query-string signatures.
//!
//! Requests are signed by swf-core (its client, or its `sign` functions over hand-made requests)
//! and, where the AWS CLI is installed, by botocore.

use crate::access_control::{
    Answer, Signer, answer, client_signing, domains, refused, register_as, register_body,
    start_with,
};
use serde_json::json;
use std::time::{Duration, SystemTime};
use swf_core::sign::{Presigned, ReceivedRequest, presign};
use swf_core::types::*;
use swf_local::{AuthConfig, Server, StartError};
use swf_testkit::process::run_with_deadline;
use swf_testkit::{AwsCli, Requirement};

const ADMIN: &str = "AKIDADMIN";
const ADMIN_SECRET: &str = "admin-secret-never-logged";

/// An auth file of one key allowed everything, and `extra` keys (JSON objects) beside it.
fn config_with(extra: &[serde_json::Value]) -> AuthConfig {
    let allow_all = json!({"Statement": [{"Effect": "Allow", "Action": "swf:*", "Resource": "*"}]});
    let mut keys = vec![
        json!({"AccessKeyId": ADMIN, "SecretAccessKey": ADMIN_SECRET,
                               "Policy": allow_all}),
    ];
    for key in extra {
        let mut key = key.clone();
        key["Policy"] = allow_all.clone();
        keys.push(key);
    }
    AuthConfig::from_json(&json!({ "Keys": keys }).to_string()).expect("a valid auth file")
}

#[tokio::test]
async fn a_signature_scoped_to_another_region_is_refused_and_arns_name_the_services() {
    let server = start_with(config_with(&[]), "eu-west-1").await;
    let admin = Signer::new(ADMIN, ADMIN_SECRET);
    let here = client_signing(&server, &admin.region("eu-west-1")).await;
    let registered = here
        .register_domain(RegisterDomainInput {
            name: "here".into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await;
    assert!(registered.is_ok(), "{registered:?}");
    let described = here
        .describe_domain(DescribeDomainInput {
            name: "here".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        described.domain_info.arn.as_deref(),
        Some("arn:aws:swf:eu-west-1:000000000000:/domain/here")
    );

    // The same key and secret, scoped to us-east-1: by the client, and by hand.
    let elsewhere = client_signing(&server, &admin).await;
    let err = elsewhere
        .describe_domain(DescribeDomainInput {
            name: "here".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"), "{err}");
    let there = register_as(&server, "there", &admin).await;
    assert_eq!(
        refused(&there),
        (
            400,
            "InvalidSignatureException",
            "Credential should be scoped to a valid region, not 'us-east-1'. "
        )
    );
    assert_eq!(
        domains(&here).await,
        ["here"],
        "nothing else was registered"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_region_that_is_not_one_stops_the_start_naming_it() {
    let err = Server::builder()
        .region("EU West")
        .start()
        .await
        .unwrap_err();
    let StartError::Setting(setting) = &err else {
        panic!("a setting error expected: {err}");
    };
    assert_eq!(setting.setting, "region");
    assert!(setting.problem.contains("`EU West`"), "{err}");
}

const SESSION_KEY: &str = "ASIASESSION";
const SESSION_SECRET: &str = "session-secret-never-logged";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEJr//////////session+token/never=logged";
const EXPIRED_KEY: &str = "ASIAEXPIRED";

/// An auth file with the admin, a temporary key valid for an hour and one that expired.
fn temporary_keys() -> AuthConfig {
    let in_an_hour = Timestamp::from(SystemTime::now() + Duration::from_secs(3600));
    config_with(&[
        json!({"AccessKeyId": SESSION_KEY, "SecretAccessKey": SESSION_SECRET,
               "SessionToken": SESSION_TOKEN, "Expiration": in_an_hour.to_rfc3339()}),
        json!({"AccessKeyId": EXPIRED_KEY, "SecretAccessKey": SESSION_SECRET,
               "SessionToken": SESSION_TOKEN, "Expiration": "2020-01-01T00:00:00Z"}),
    ])
}

#[tokio::test]
async fn temporary_credentials_need_their_session_token_until_they_expire() {
    let server = start_with(temporary_keys(), "us-east-1").await;
    let admin = client_signing(&server, &Signer::new(ADMIN, ADMIN_SECRET)).await;
    let session = Signer::new(SESSION_KEY, SESSION_SECRET);

    // swf-core's client sends and signs the token it is given.
    let with_token = client_signing(&server, &session.token(SESSION_TOKEN)).await;
    let registered = with_token
        .register_domain(RegisterDomainInput {
            name: "by-session".into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await;
    assert!(registered.is_ok(), "{registered:?}");

    let invalid = (
        400,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    );
    // Each of these is signed right for what it sends: only the token is wrong.
    let cases = [
        ("no-token", session),
        ("wrong-token", session.token("FwoGZXIvYXdzEJr//other")),
        (
            "token-for-a-lasting-key",
            Signer::new(ADMIN, ADMIN_SECRET).token(SESSION_TOKEN),
        ),
    ];
    for (name, signer) in cases {
        let answer = register_as(&server, name, &signer).await;
        assert_eq!(refused(&answer), invalid, "{name}");
    }
    let expired = Signer::new(EXPIRED_KEY, SESSION_SECRET).token(SESSION_TOKEN);
    let answer = register_as(&server, "expired", &expired).await;
    assert_eq!(
        refused(&answer),
        (
            400,
            "ExpiredTokenException",
            "The security token included in the request is expired"
        )
    );
    assert_eq!(domains(&admin).await, ["by-session"]);
    server.shutdown().await;
}

#[test]
fn the_aws_cli_signs_with_a_session_token_and_is_accepted() {
    if let Err(why) = AwsCli::probe() {
        Requirement::AWS_CLI.skip(
            "the_aws_cli_signs_with_a_session_token_and_is_accepted",
            &why,
        );
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(start_with(temporary_keys(), "us-east-1"));
    let aws = AwsCli::new(server.endpoint_url());
    let register = |name: &str, token: Option<&str>| {
        let mut command = aws.command("register-domain");
        command
            .args([
                "--name",
                name,
                "--workflow-execution-retention-period-in-days",
                "1",
            ])
            .env("AWS_ACCESS_KEY_ID", SESSION_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SESSION_SECRET);
        if let Some(token) = token {
            command.env("AWS_SESSION_TOKEN", token);
        }
        run_with_deadline(&mut command, Duration::from_secs(60))
    };
    // botocore, not swf-core, signs here: X-Amz-Security-Token as it sends it.
    let accepted = register("by-the-cli", Some(SESSION_TOKEN));
    assert!(
        accepted.status.success(),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    let refused = register("without-its-token", None);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && stderr.contains("UnrecognizedClientException"),
        "{stderr}"
    );
    let admin = runtime.block_on(client_signing(&server, &Signer::new(ADMIN, ADMIN_SECRET)));
    assert_eq!(runtime.block_on(domains(&admin)), ["by-the-cli"]);
    runtime.block_on(server.shutdown());
}

/// The URL of `RegisterDomain name` presigned as `signer` says, valid for `expires` seconds,
/// signing its host, content type and target, by swf-core's `presign`.
fn presigned_url(server: &Server, name: &str, signer: &Signer<'_>, expires: u64) -> String {
    let host = server.local_addr().to_string();
    let headers = [
        ("content-type", "application/x-amz-json-1.0"),
        ("host", host.as_str()),
        ("x-amz-target", "SimpleWorkflowService.RegisterDomain"),
    ];
    let body = register_body(name);
    let request = ReceivedRequest {
        method: "POST",
        path_and_query: "/",
        headers: &headers,
        body: body.as_bytes(),
    };
    let scope = signer.scope();
    let presigned = Presigned {
        expires_in: Duration::from_secs(expires),
        session_token: signer.token,
    };
    let params = presign(&request, &scope, presigned).expect("presigns");
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &params {
        query.append_pair(name, value);
    }
    format!("{}/?{}", server.endpoint_url(), query.finish())
}

/// `RegisterDomain` sent to `url` with `body` and no `Authorization` header, answered.
async fn send_presigned(url: &str, body: String) -> Answer {
    let request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", "SimpleWorkflowService.RegisterDomain")
        .body(body);
    answer(request).await
}

#[tokio::test]
async fn a_presigned_request_is_accepted_until_it_expires_and_only_as_signed() {
    let server = start_with(temporary_keys(), "us-east-1").await;
    let admin = Signer::new(ADMIN, ADMIN_SECRET);

    let url = presigned_url(&server, "presigned", &admin, 60);
    assert!(url.contains("X-Amz-Signature="), "{url}");
    assert_eq!(
        send_presigned(&url, register_body("presigned")).await,
        Answer::Accepted
    );
    // The same URL does not sign another body.
    let other = send_presigned(&url, register_body("other")).await;
    let (status, kind, message) = refused(&other);
    assert_eq!((status, kind), (400, "InvalidSignatureException"));
    assert!(
        message.starts_with("The request signature we calculated"),
        "{message}"
    );

    // Signed two minutes ago for one minute: expired a minute ago.
    let two_minutes_ago = SystemTime::now() - Duration::from_secs(120);
    let stale = presigned_url(&server, "stale", &admin.at(two_minutes_ago), 60);
    let stale = send_presigned(&stale, register_body("stale")).await;
    let (status, kind, message) = refused(&stale);
    assert_eq!((status, kind), (400, "InvalidSignatureException"));
    assert!(
        message.starts_with("Signature expired: ") && message.ends_with(" - 1 min.)"),
        "{message}"
    );
    // Longer than a week is refused, whatever the signature.
    let too_long = presigned_url(&server, "too-long", &admin, 604_801);
    let too_long = send_presigned(&too_long, register_body("too-long")).await;
    let (status, kind, message) = refused(&too_long);
    assert_eq!((status, kind), (400, "IncompleteSignatureException"));
    assert!(message.contains("less than a week"), "{message}");
    // Both a query signature and an Authorization header: which one counts is not guessed.
    let both = reqwest::Client::new()
        .post(&url)
        .header("authorization", "AWS4-HMAC-SHA256 Credential=x")
        .body(register_body("both"));
    let both = answer(both).await;
    let (_, kind, message) = refused(&both);
    assert_eq!(kind, "IncompleteSignatureException");
    assert!(
        message.starts_with("Only one auth mechanism allowed"),
        "{message}"
    );

    // Temporary credentials sign their token into the query, and need it there.
    let session = Signer::new(SESSION_KEY, SESSION_SECRET).token(SESSION_TOKEN);
    let url = presigned_url(&server, "by-session", &session, 60);
    assert!(url.contains("X-Amz-Security-Token="), "{url}");
    let without_token: String = url
        .split('&')
        .filter(|p| !p.starts_with("X-Amz-Security-Token="))
        .collect::<Vec<_>>()
        .join("&");
    let dropped = send_presigned(&without_token, register_body("by-session")).await;
    assert_eq!(refused(&dropped).1, "UnrecognizedClientException");
    assert_eq!(
        send_presigned(&url, register_body("by-session")).await,
        Answer::Accepted
    );

    let lister = client_signing(&server, &admin).await;
    assert_eq!(domains(&lister).await, ["by-session", "presigned"]);
    server.shutdown().await;
}

/// botocore's presigner (`SigV4QueryAuth`), run by `python3`: the URL of `RegisterDomain name`
/// at `endpoint`, presigned by `key` for 60 seconds. botocore's generic presigner is made for
/// query-protocol services and moves a body's members into the query; SWF's JSON stays the
/// body here (the subclass hides it from that step only), so its SHA-256 is signed, as every
/// other SigV4 signer signs a body.
const BOTOCORE_PRESIGN: &str = r#"
import sys
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
class KeepBody(SigV4QueryAuth):
    def _modify_request_before_signing(self, request):
        body, request.data = request.data, b""
        super()._modify_request_before_signing(request)
        request.data = body
endpoint, key, secret, body = sys.argv[1:5]
request = AWSRequest(method="POST", url=endpoint + "/", data=body.encode(), headers={
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Target": "SimpleWorkflowService.RegisterDomain",
})
KeepBody(Credentials(key, secret), "swf", "us-east-1", expires=60).add_auth(request)
print(request.prepare().url)
"#;

#[tokio::test]
async fn a_request_botocore_presigned_is_accepted() {
    let probe = run_with_deadline(
        std::process::Command::new("python3").args(["-c", "import botocore.auth"]),
        Duration::from_secs(60),
    );
    if !probe.status.success() {
        Requirement::PYTHON.skip(
            "a_request_botocore_presigned_is_accepted",
            &format!(
                "`import botocore.auth` failed: {}",
                String::from_utf8_lossy(&probe.stderr).trim()
            ),
        );
        return;
    }
    let server = start_with(temporary_keys(), "us-east-1").await;
    let presign = |name: &str, secret: &str| {
        let output = run_with_deadline(
            std::process::Command::new("python3").args([
                "-c",
                BOTOCORE_PRESIGN,
                &server.endpoint_url(),
                ADMIN,
                secret,
                &register_body(name),
            ]),
            Duration::from_secs(60),
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    };
    let url = presign("by-botocore", ADMIN_SECRET);
    assert!(url.contains("X-Amz-Expires=60"), "{url}");
    assert_eq!(
        send_presigned(&url, register_body("by-botocore")).await,
        Answer::Accepted
    );
    let forged = presign("forged", "not-the-secret");
    let forged = send_presigned(&forged, register_body("forged")).await;
    assert_eq!(refused(&forged).1, "InvalidSignatureException");
    let lister = client_signing(&server, &Signer::new(ADMIN, ADMIN_SECRET)).await;
    assert_eq!(domains(&lister).await, ["by-botocore"]);
    server.shutdown().await;
}
