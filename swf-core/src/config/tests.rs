use super::*;
use crate::ErrorKind;
use std::collections::HashMap;

/// An environment holding just `vars`, so that no test reads or changes the process's.
fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| vars.get(name).cloned()
}

/// The access key id a client built by `builder` signs with: the `Credential=` of the first
/// request it sends to a loopback listener (its endpoint), which reads the request and never
/// answers.
async fn access_key_sent(builder: &mut ClientBuilder) -> String {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = builder
        .endpoint_url(format!("http://{}", listener.local_addr().unwrap()))
        .retry_config(RetryConfig::disabled())
        .build()
        .await
        .expect("the client builds");
    let mut call = tokio::spawn(async move {
        let input = crate::types::DescribeDomainInput { name: "d".into() };
        client.describe_domain(input).await
    });
    // A call that fails before sending (no credentials, say) ends instead of connecting.
    let mut stream = tokio::select! {
        accepted = listener.accept() => accepted.unwrap().0,
        ended = &mut call => panic!("the call ended without sending: {ended:?}"),
    };
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8];
        let read = stream.read(&mut byte).await.unwrap();
        assert_eq!(read, 1, "the request ended early");
        head.push(byte[0]);
    }
    call.abort();
    let head = String::from_utf8(head).unwrap();
    let authorization = head
        .lines()
        .find_map(|line| line.strip_prefix("authorization: "))
        .unwrap_or_else(|| panic!("no authorization header in {head}"));
    let credential = authorization
        .split_once("Credential=")
        .and_then(|(_, rest)| rest.split_once('/'))
        .unwrap_or_else(|| panic!("no credential in {authorization}"));
    credential.0.to_owned()
}

#[test]
fn region_comes_from_the_builder_then_aws_region_then_aws_default_region() {
    let both = env(&[
        ("AWS_REGION", "eu-west-1"),
        ("AWS_DEFAULT_REGION", "us-west-2"),
    ]);
    assert_eq!(
        resolve_region(Some("ap-south-1".into()), &both).as_deref(),
        Some("ap-south-1")
    );
    assert_eq!(resolve_region(None, &both).as_deref(), Some("eu-west-1"));
    let default_only = env(&[("AWS_REGION", " "), ("AWS_DEFAULT_REGION", "us-west-2")]);
    assert_eq!(
        resolve_region(None, &default_only).as_deref(),
        Some("us-west-2")
    );
    assert_eq!(resolve_region(None, &env(&[])), None);
}

#[test]
fn endpoint_comes_from_the_builder_then_the_swf_variable_then_the_global_one() {
    let vars = env(&[
        ("AWS_ENDPOINT_URL_SWF", "http://swf.local:1"),
        ("AWS_ENDPOINT_URL", "http://all.local:2"),
    ]);
    assert_eq!(
        resolve_endpoint(Some("http://mine:3".into()), "us-east-1", &vars),
        "http://mine:3"
    );
    assert_eq!(
        resolve_endpoint(None, "us-east-1", &vars),
        "http://swf.local:1"
    );
    let global = env(&[("AWS_ENDPOINT_URL", "http://all.local:2")]);
    assert_eq!(
        resolve_endpoint(None, "us-east-1", &global),
        "http://all.local:2"
    );
    assert_eq!(
        resolve_endpoint(None, "eu-west-1", &env(&[])),
        "https://swf.eu-west-1.amazonaws.com"
    );
    assert_eq!(
        resolve_endpoint(None, "cn-north-1", &env(&[])),
        "https://swf.cn-north-1.amazonaws.com.cn"
    );
}

#[test]
fn configured_endpoint_variables_can_be_ignored() {
    let vars = env(&[
        ("AWS_ENDPOINT_URL_SWF", "http://swf.local:1"),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
    ]);
    assert_eq!(
        resolve_endpoint(None, "us-east-1", &vars),
        "https://swf.us-east-1.amazonaws.com"
    );
    // The builder's own endpoint is not "configured" in that sense and still applies.
    assert_eq!(
        resolve_endpoint(Some("http://mine:3".into()), "us-east-1", &vars),
        "http://mine:3"
    );
}

#[test]
fn environment_credentials_need_both_keys() {
    assert!(env_credentials(&env(&[("AWS_ACCESS_KEY_ID", "AKID")])).is_none());
    let creds = env_credentials(&env(&[
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
        ("AWS_SESSION_TOKEN", "token"),
    ]))
    .unwrap();
    assert_eq!(creds.access_key_id(), "AKID");
    assert_eq!(creds.secret_access_key(), "secret");
    assert_eq!(creds.session_token(), Some("token"));
}

#[test]
fn endpoints_must_be_http_urls_with_a_host() {
    assert_eq!(
        parse_endpoint("http://127.0.0.1:5000").unwrap().as_str(),
        "http://127.0.0.1:5000/"
    );
    for bad in [
        "ftp://x",
        "not a url",
        "http://x/?a=b",
        "swf.us-east-1.amazonaws.com",
    ] {
        let err = parse_endpoint(bad).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Config), "{bad}");
        assert!(err.to_string().contains("invalid endpoint URL"), "{err}");
    }
}

#[test]
fn regions_must_look_like_regions() {
    assert!(check_region("us-gov-west-1").is_ok());
    for bad in ["", "US-EAST-1", "us east", "us-east-1.evil.com/"] {
        assert!(check_region(bad).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn a_local_client_has_the_documented_defaults() {
    let client = Client::local_builder("http://127.0.0.1:5000")
        .env(env(&[]))
        .build()
        .await
        .unwrap();
    let config = client.config();
    assert_eq!(config.endpoint(), "http://127.0.0.1:5000/");
    assert_eq!(config.region(), "us-east-1");
    assert_eq!(config.connect_timeout(), Duration::from_millis(3100));
    assert_eq!(config.request_timeout(), Duration::from_secs(10));
    assert_eq!(config.long_poll_timeout(), Duration::from_secs(70));
    assert_eq!(config.retry(), RetryConfig::new());
    assert_eq!(
        config.timeout_for(Operation::PollForActivityTask),
        Duration::from_secs(70)
    );
    assert_eq!(
        config.timeout_for(Operation::RegisterDomain),
        Duration::from_secs(10)
    );
}

#[tokio::test]
async fn one_builder_builds_again_with_what_was_set_since() {
    let mut builder = Client::local_builder("http://127.0.0.1:5000");
    builder
        .env(env(&[]))
        .request_timeout(Duration::from_secs(3));
    let first = builder.build().await.unwrap();
    builder.region("eu-west-1");
    let second = builder.build().await.unwrap();
    // `build` left every setting in place, and the one set after it is seen.
    assert_eq!(first.config().region(), "us-east-1");
    assert_eq!(second.config().region(), "eu-west-1");
    for client in [&first, &second] {
        assert_eq!(client.config().endpoint(), "http://127.0.0.1:5000/");
        assert_eq!(client.config().request_timeout(), Duration::from_secs(3));
    }
}

#[tokio::test]
async fn region_and_endpoint_are_taken_from_the_environment() {
    let vars = env(&[
        ("AWS_REGION", "eu-central-1"),
        ("AWS_ENDPOINT_URL_SWF", "http://localhost:4566"),
    ]);
    let client = Client::builder()
        .static_credentials("a", "b", None)
        .env(vars)
        .build()
        .await
        .unwrap();
    assert_eq!(client.config().region(), "eu-central-1");
    assert_eq!(client.config().endpoint(), "http://localhost:4566/");

    let client = Client::builder()
        .region("eu-west-1")
        .static_credentials("a", "b", None)
        .env(env(&[]))
        .build()
        .await
        .unwrap();
    assert_eq!(
        client.config().endpoint(),
        "https://swf.eu-west-1.amazonaws.com/"
    );
}

#[tokio::test]
async fn a_bad_endpoint_fails_the_build() {
    let err = Client::local_builder("localhost:5000")
        .env(env(&[]))
        .build()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Config));
    assert!(
        err.to_string()
            .starts_with("SWF client configuration failed: invalid endpoint URL")
    );
}

#[cfg(not(feature = "aws-config"))]
#[tokio::test]
async fn without_aws_config_missing_region_or_credentials_is_a_configuration_error() {
    let err = Client::builder()
        .static_credentials("a", "b", None)
        .env(env(&[]))
        .build()
        .await;
    assert!(err.unwrap_err().to_string().contains("no region"));
    let err = Client::builder()
        .region("us-east-1")
        .env(env(&[]))
        .build()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Config));
    assert!(err.to_string().contains("no credentials"), "{err}");
    // The environment's keys are the ones the client signs with. (A loopback endpoint signs
    // with dummy keys only when the environment has none.)
    let vars = env(&[
        ("AWS_ACCESS_KEY_ID", "AKIDFROMENV"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ]);
    let mut builder = Client::builder();
    builder.region("us-east-1").env(vars);
    assert_eq!(access_key_sent(&mut builder).await, "AKIDFROMENV");
}

#[test]
fn debug_output_shows_no_secret() {
    let mut builder = Client::builder();
    builder.region("us-east-1").static_credentials(
        "AKIDVISIBLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        Some("session-token-value".into()),
    );
    let text = format!("{builder:?}");
    assert!(text.contains("us-east-1"), "{text}");
    for secret in ["wJalrXUtnFEMI", "session-token-value", "AKIDVISIBLE"] {
        assert!(!text.contains(secret), "{text}");
    }
}

#[tokio::test]
async fn client_debug_output_shows_no_secret() {
    let client = Client::builder()
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:1")
        .static_credentials("AKIDVISIBLE", "the-secret-key", Some("the-token".into()))
        .env(env(&[]))
        .build()
        .await
        .unwrap();
    let text = format!("{client:?}");
    assert!(text.contains("127.0.0.1"), "{text}");
    for secret in ["the-secret-key", "the-token", "AKIDVISIBLE"] {
        assert!(!text.contains(secret), "{text}");
    }
}

/// Where a builder with `explicit` (or nothing) would send requests in `region`.
fn resolve_endpoint(
    explicit: Option<String>,
    region: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> String {
    configured_endpoint(explicit, env).unwrap_or_else(|| default_endpoint(region))
}

#[test]
fn loopback_hosts_are_recognised() {
    for url in [
        "http://127.0.0.1:8720",
        "http://localhost:1/",
        "http://[::1]:8720",
        "http://127.8.9.1",
    ] {
        assert!(is_loopback(url), "{url}");
    }
    for url in [
        "https://swf.us-east-1.amazonaws.com",
        "http://10.0.0.1:8720",
        "not a url",
    ] {
        assert!(!is_loopback(url), "{url}");
    }
}

#[tokio::test]
async fn a_loopback_endpoint_without_configured_credentials_signs_with_dummy_ones() {
    let client = Client::builder()
        .env(|name| (name == "AWS_ENDPOINT_URL_SWF").then(|| "http://127.0.0.1:8720".to_owned()))
        .build()
        .await
        .expect("no region or credentials are needed for a local endpoint");
    assert_eq!(client.config().region(), "us-east-1");
    assert_eq!(client.config().endpoint(), "http://127.0.0.1:8720/");
    // The keys it signs with are the dummy ones, not whatever the AWS chain found.
    assert_eq!(
        access_key_sent(Client::builder().env(env(&[]))).await,
        "local"
    );
}

#[tokio::test]
async fn a_loopback_endpoint_keeps_the_configured_region() {
    let client = Client::builder()
        .endpoint_url("http://localhost:8720")
        .env(|name| (name == "AWS_REGION").then(|| "eu-west-1".to_owned()))
        .build()
        .await
        .expect("builds");
    assert_eq!(client.config().region(), "eu-west-1");
}
