//! The admin endpoint for injected faults: `GET /admin/faults` answers the [`FaultConfig`] in
//! force as JSON, `PUT /admin/faults` replaces it (and reseeds the generator) and answers the new
//! one. SWF itself is only ever called with `POST /`, so these paths cannot clash with a call.
//!
//! A body that is not a valid configuration is refused with 400 and `{"message": ...}` naming
//! the member and what is wrong, and changes nothing.

use crate::server::faults::FaultConfig;
use crate::server::gate::Gate;
use axum::Extension;
use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The path of the fault settings.
pub(crate) const FAULTS_PATH: &str = "/admin/faults";

/// `GET /admin/faults`.
pub(crate) async fn get_faults(Extension(gate): Extension<Arc<Gate>>) -> Response {
    json(StatusCode::OK, &gate.faults.get())
}

/// `PUT /admin/faults`.
pub(crate) async fn put_faults(Extension(gate): Extension<Arc<Gate>>, body: Bytes) -> Response {
    let config = match FaultConfig::from_json(&body) {
        Ok(config) => config,
        Err(e) => return refuse(e.to_string()),
    };
    match gate.faults.set(config) {
        Ok(()) => json(StatusCode::OK, &gate.faults.get()),
        Err(e) => refuse(e.to_string()),
    }
}

fn refuse(message: String) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &serde_json::json!({ "message": message }),
    )
}

fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).expect("settings serialize");
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
