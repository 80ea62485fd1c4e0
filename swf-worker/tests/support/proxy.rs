//! A loopback HTTP forwarder in front of swf-local that can throttle heartbeats and answers.
//!
//! It answers `RecordActivityTaskHeartbeat` (or any operation it is told to) with SWF's
//! throttling error (HTTP 400, `ThrottlingException`) while told to, and forwards every other
//! request, and every one it lets through, to the real service unchanged. The worker under test talks to a real service
//! through it, so everything but the injected throttling is the real exchange.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};
use tokio::sync::Notify;

const PREFIX: &str = "SimpleWorkflowService.";
const HEARTBEAT: &str = "SimpleWorkflowService.RecordActivityTaskHeartbeat";
const POLL: &str = "SimpleWorkflowService.PollForActivityTask";
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;

pub struct ThrottlingProxy {
    endpoint: String,
    state: Arc<ProxyState>,
    server: tokio::task::JoinHandle<()>,
}

struct ProxyState {
    upstream: String,
    http: reqwest::Client,
    /// How many of the next calls of each operation to throttle.
    throttle_next: Mutex<HashMap<String, u64>>,
    /// Throttle every heartbeat while set.
    blocked: AtomicBool,
    throttled: AtomicU64,
    heartbeats_forwarded: AtomicU64,
    polls: AtomicU64,
    changed: Notify,
}

impl ThrottlingProxy {
    /// A proxy on an ephemeral loopback port forwarding to `upstream`.
    pub async fn start(upstream: &str) -> ThrottlingProxy {
        let state = Arc::new(ProxyState {
            upstream: upstream.to_owned(),
            http: reqwest::Client::new(),
            throttle_next: Mutex::default(),
            blocked: AtomicBool::new(false),
            throttled: AtomicU64::new(0),
            heartbeats_forwarded: AtomicU64::new(0),
            polls: AtomicU64::new(0),
            changed: Notify::new(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().fallback(handle).with_state(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        ThrottlingProxy {
            endpoint,
            state,
            server,
        }
    }

    pub fn endpoint_url(&self) -> String {
        self.endpoint.clone()
    }

    /// Throttles the next `n` heartbeats.
    pub fn throttle_next_heartbeats(&self, n: u64) {
        self.throttle_next("RecordActivityTaskHeartbeat", n);
    }

    /// Throttles the next `n` calls of `operation` (such as `RespondActivityTaskCompleted`).
    pub fn throttle_next(&self, operation: &str, n: u64) {
        self.state
            .throttle_next
            .lock()
            .unwrap()
            .insert(format!("{PREFIX}{operation}"), n);
    }

    /// Throttles every heartbeat while `on`.
    pub fn block_heartbeats(&self, on: bool) {
        self.state.blocked.store(on, Ordering::SeqCst);
    }

    pub fn throttled(&self) -> u64 {
        self.state.throttled.load(Ordering::SeqCst)
    }

    pub fn heartbeats_forwarded(&self) -> u64 {
        self.state.heartbeats_forwarded.load(Ordering::SeqCst)
    }

    /// Waits until `f` holds of the proxy's counters (checked on every request).
    pub async fn wait_until(&self, f: impl Fn(&ThrottlingProxy) -> bool) {
        loop {
            let changed = self.state.changed.notified();
            if f(self) {
                return;
            }
            changed.await;
        }
    }

    /// Waits until `n` activity polls have reached the proxy.
    pub async fn wait_for_polls(&self, n: u64) {
        self.wait_until(|p| p.state.polls.load(Ordering::SeqCst) >= n)
            .await
    }
}

impl Drop for ThrottlingProxy {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn handle(State(state): State<Arc<ProxyState>>, headers: HeaderMap, body: Bytes) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let scripted = match state.throttle_next.lock().unwrap().get_mut(target) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    };
    if scripted || (target == HEARTBEAT && state.blocked.load(Ordering::SeqCst)) {
        state.throttled.fetch_add(1, Ordering::SeqCst);
        state.changed.notify_waiters();
        let headers = [("content-type", "application/x-amz-json-1.0")];
        return (StatusCode::BAD_REQUEST, headers, THROTTLED).into_response();
    }
    if target == POLL {
        state.polls.fetch_add(1, Ordering::SeqCst);
        state.changed.notify_waiters();
    }
    let mut forwarded = headers.clone();
    forwarded.remove(http::header::HOST);
    forwarded.remove(http::header::CONTENT_LENGTH);
    let answer = state
        .http
        .post(&state.upstream)
        .headers(forwarded)
        .body(body)
        .send()
        .await;
    let response = match answer {
        Ok(answer) => {
            let status = answer.status();
            let mut headers = answer.headers().clone();
            headers.remove(http::header::CONTENT_LENGTH);
            headers.remove(http::header::TRANSFER_ENCODING);
            headers.remove(http::header::CONNECTION);
            let body = answer.bytes().await.unwrap_or_default();
            (status, headers, body).into_response()
        }
        Err(err) => (StatusCode::BAD_GATEWAY, err.to_string()).into_response(),
    };
    if target == HEARTBEAT {
        state.heartbeats_forwarded.fetch_add(1, Ordering::SeqCst);
        state.changed.notify_waiters();
    }
    response
}
