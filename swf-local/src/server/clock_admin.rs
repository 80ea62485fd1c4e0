//! The clock's admin endpoint: read the service's time, and move a virtual clock forward from
//! outside the process (a test driving the `swf-local` binary).
//!
//! - `GET /admin/clock` answers `{"now": <epoch seconds>, "virtual": <bool>}`.
//! - `POST /admin/clock/advance` with `{"seconds": <number>}` moves a virtual clock forward,
//!   firing the deadlines on the way (see `engine/clock.rs`), and answers like `GET` once they
//!   fired. On the wall clock, or with a bad body, it answers 400 `{"message": ...}`.
//!
//! Apart from SWF's own `POST /` (no path), so no SWF client can reach it by mistake. With an auth
//! file a request must be signed by a key allowed `swf-local:GetClock` or
//! `swf-local:AdvanceClock` (see `admin.rs`).

use super::admin::admit;
use crate::auth::Access;
use crate::auth::admin::AdminAction;
use crate::engine::Engine;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// Where the clock is read.
pub(super) const CLOCK_PATH: &str = "/admin/clock";

/// Where a virtual clock is moved forward.
pub(super) const ADVANCE_PATH: &str = "/admin/clock/advance";

/// The clock's routes, to merge into the service's router.
pub(super) fn routes() -> Router<Arc<Engine>> {
    Router::new()
        .route(CLOCK_PATH, get(now))
        .route(ADVANCE_PATH, post(advance))
}

async fn now(
    State(engine): State<Arc<Engine>>,
    Extension(access): Extension<Arc<Access>>,
    parts: Parts,
    body: Bytes,
) -> Response {
    if let Err(refused) = admit(&access, &parts, &body, AdminAction::GetClock) {
        return *refused;
    }
    time_of(&engine, engine.now_ms())
}

async fn advance(
    State(engine): State<Arc<Engine>>,
    Extension(access): Extension<Arc<Access>>,
    parts: Parts,
    body: Bytes,
) -> Response {
    if let Err(refused) = admit(&access, &parts, &body, AdminAction::AdvanceClock) {
        return *refused;
    }
    let by = match seconds(&body) {
        Ok(by) => by,
        Err(message) => return refuse(message),
    };
    match engine.advance(by).await {
        Ok(now) => time_of(&engine, now),
        Err(e) => refuse(e.to_string()),
    }
}

/// The `seconds` of an advance request, or what is wrong with it.
fn seconds(body: &[u8]) -> Result<Duration, String> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| format!("the body is not JSON ({e}); expected {{\"seconds\": <number>}}"))?;
    let seconds = value
        .get("seconds")
        .ok_or("seconds: missing; expected {\"seconds\": <number>}")?;
    seconds
        .as_f64()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("seconds: {seconds} is not a non-negative number of seconds"))
}

fn time_of(engine: &Engine, now_ms: i64) -> Response {
    let body = json!({ "now": now_ms as f64 / 1000.0, "virtual": engine.clock_is_virtual() });
    answer(StatusCode::OK, &body)
}

fn refuse(message: String) -> Response {
    answer(StatusCode::BAD_REQUEST, &json!({ "message": message }))
}

/// A JSON answer (axum's `Json` needs a feature this crate does not build).
fn answer(status: StatusCode, body: &serde_json::Value) -> Response {
    let headers = [(header::CONTENT_TYPE, "application/json")];
    (status, headers, body.to_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_seconds_and_names_what_is_wrong() {
        assert_eq!(
            seconds(br#"{"seconds": 86400}"#),
            Ok(Duration::from_secs(86_400))
        );
        assert_eq!(
            seconds(br#"{"seconds": 0.5}"#),
            Ok(Duration::from_millis(500))
        );
        assert!(seconds(b"{}").unwrap_err().starts_with("seconds: missing"));
        assert!(
            seconds(br#"{"seconds": -1}"#)
                .unwrap_err()
                .starts_with("seconds: -1 is not")
        );
        assert!(
            seconds(br#"{"seconds": "1"}"#)
                .unwrap_err()
                .starts_with("seconds: \"1\"")
        );
        assert!(
            seconds(b"one day")
                .unwrap_err()
                .starts_with("the body is not JSON")
        );
    }
}
