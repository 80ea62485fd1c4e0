//! The service's request handling without a socket, for fuzzing (`fuzz/` at the workspace root).
//!
//! A fuzzer runs thousands of calls a second and must see a panic as a panic: a loopback server
//! would cost a connection per call and its panic net (`panics.rs`) would turn every bug into a
//! 500. So this goes from an `X-Amz-Target` value and a body straight to `dispatch`, through the
//! same operation lookup and error bodies as [`handle`](super::handle), without the net.

use super::{dispatch, fault_body, operation};
use crate::engine::Engine;
use axum::http::{HeaderMap, HeaderValue};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// An in-memory service answering calls in the caller's task, with no socket, no auth, no
/// throttling or injected faults, and long polls that return at once when no task is waiting.
///
/// Not a stable API: it exists so that the fuzz targets reach the request handling.
#[doc(hidden)]
#[derive(Debug)]
pub struct InProcess {
    engine: Engine,
}

impl Default for InProcess {
    fn default() -> InProcess {
        InProcess::new()
    }
}

impl InProcess {
    /// A new service with no domains. Its calls need a Tokio runtime with time enabled.
    pub fn new() -> InProcess {
        // A zero poll timeout: an empty poll answers at once instead of parking the fuzzer.
        let engine = Engine::new(Duration::ZERO, None, CancellationToken::new());
        InProcess { engine }
    }

    /// Answers one call as the HTTP handler does: `target` is the `X-Amz-Target` header's value
    /// (`None` when the request has none), `body` the request's body. Returns the HTTP status
    /// and the answer's body: the operation's output, or SWF's error body. Panics only where the
    /// service has a bug: that is what the fuzzer looks for.
    pub async fn call(&self, target: Option<&HeaderValue>, body: &[u8]) -> (u16, Vec<u8>) {
        let mut headers = HeaderMap::new();
        if let Some(target) = target {
            headers.insert("x-amz-target", target.clone());
        }
        let answer = match operation(&headers) {
            Ok(op) => dispatch::dispatch(&self.engine, op, body).await,
            Err(fault) => Err(fault),
        };
        match answer {
            Ok(json) => (200, json),
            Err(fault) => (fault.http_status(), fault_body(&fault)),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::server::TARGET_PREFIX;

    /// Calls `operation` with `body` and decodes the answer.
    async fn call(service: &InProcess, operation: &str, body: Value) -> (u16, Value) {
        let target = HeaderValue::from_str(&format!("{TARGET_PREFIX}{operation}")).unwrap();
        let (status, answer) = service
            .call(Some(&target), body.to_string().as_bytes())
            .await;
        (
            status,
            serde_json::from_slice(&answer).expect("a JSON answer"),
        )
    }

    fn domain(name: &str) -> Value {
        json!({"name": name, "workflowExecutionRetentionPeriodInDays": "1"})
    }

    #[tokio::test]
    async fn calls_share_one_service_and_faults_are_swfs() {
        let service = InProcess::new();
        assert_eq!(
            call(&service, "RegisterDomain", domain("d")).await,
            (200, json!({}))
        );
        let (status, described) = call(&service, "DescribeDomain", json!({"name": "d"})).await;
        assert_eq!(status, 200, "{described}");
        assert_eq!(described["domainInfo"]["name"], "d");
        assert_eq!(described["domainInfo"]["status"], "REGISTERED");
        // SWF's fault, in SWF's body.
        let (status, fault) = call(&service, "RegisterDomain", domain("d")).await;
        assert_eq!(status, 400, "{fault}");
        assert_eq!(
            fault["__type"],
            "com.amazonaws.swf.base.model#DomainAlreadyExistsFault"
        );
        assert_eq!(fault["message"], "d");
    }

    #[tokio::test]
    async fn a_call_naming_no_operation_is_refused_as_the_handler_refuses_it() {
        let service = InProcess::new();
        let (status, body) = service.call(None, b"{}").await;
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["__type"], "com.amazon.coral.service#MissingAction");
        let (status, body) = call(&service, "NoSuchCall", json!({})).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            body["__type"],
            "com.amazon.coral.service#UnknownOperationException"
        );
        assert!(
            body["message"].as_str().unwrap().contains("NoSuchCall"),
            "{body}"
        );
    }

    #[tokio::test]
    async fn an_empty_poll_answers_at_once() {
        let service = InProcess::new();
        call(&service, "RegisterDomain", domain("d")).await;
        let poll = json!({"domain": "d", "taskList": {"name": "nobody"}});
        // SWF holds an empty poll 60 s; this service must not park a fuzzer at all.
        let answered = tokio::time::timeout(
            Duration::from_secs(10),
            call(&service, "PollForActivityTask", poll),
        )
        .await;
        let (status, task) = answered.expect("the empty poll answered at once");
        assert_eq!(status, 200, "{task}");
        assert_eq!(
            task.get("taskToken").and_then(Value::as_str).unwrap_or(""),
            ""
        );
    }
}
