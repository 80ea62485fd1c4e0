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
