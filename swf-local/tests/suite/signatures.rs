//! SigV4 beyond a plain signed header, with an auth file: the service's region (a signature
//! scoped to another is refused), temporary credentials (a key with a session token, which
//! every request must carry, until it expires) and presigned, query-string signatures.
//!
//! Requests are signed by swf-core (its client, or its `sign` functions over hand-made requests)
//! and, where the AWS CLI is installed, by botocore.

use crate::access_control::{
    Signer, client_signing, domains, refusal, register_request, signed_headers, start_with,
};
use serde_json::json;
use swf_core::types::*;
use swf_local::{AuthConfig, Server, StartError};

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
    let headers = signed_headers(&server, "there", &admin);
    let answer = register_request(&server, "there", &headers)
        .send()
        .await
        .unwrap();
    let (status, kind, message) = refusal(answer).await;
    assert_eq!(
        (status, kind.as_str(), message.as_str()),
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
