//! Answers decoded, and handles that share one client.

use super::*;

#[tokio::test]
async fn an_empty_body_reads_as_an_empty_object() {
    #[derive(serde::Deserialize, Default, Debug, PartialEq)]
    struct Nothing {
        #[serde(default)]
        next_page_token: Option<String>,
    }
    let server = Server::start(vec![json(200, ""), json(200, "")]).await;
    let client = server.client().build().await.unwrap();
    let _: serde::de::IgnoredAny = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    let out: Nothing = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    assert_eq!(out, Nothing::default());
}

#[tokio::test]
async fn clones_share_one_client() {
    let server = Server::start(vec![json(200, "{}")]).await;
    let client = server.client().build().await.unwrap();
    let clone = client.clone();
    assert!(Arc::ptr_eq(&client.inner, &clone.inner));
    fn is_send<T: Send>(_: &T) {}
    let input = ping();
    let call = clone.call::<_, serde::de::IgnoredAny>(Operation::RegisterDomain, &input);
    is_send(&call);
    call.await.unwrap();
}
