//! The admin endpoint for injected faults: `GET /admin/faults` answers the [`FaultConfig`] in
//! force as JSON, `PUT /admin/faults` replaces it (and reseeds the generator) and answers the new
//! one. SWF itself is only ever called with `POST /`, so these paths cannot clash with a call.
//!
//! A body that is not a valid configuration is refused with 400 and `{"message": ...}` naming
//! the member and what is wrong, and changes nothing.
//!
//! With an auth file every admin request (these and the clock's, `clock_admin.rs`) must be
//! SigV4-signed by a key whose policy allows its action (`auth/admin.rs`); a refusal is SWF's
//! error body for it, as a refused SWF call gets, and changes nothing.

use crate::auth::Access;
use crate::auth::admin::AdminAction;
use crate::server::faults::FaultConfig;
use crate::server::gate::Gate;
use axum::Extension;
use axum::body::Bytes;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The path of the fault settings.
pub(crate) const FAULTS_PATH: &str = "/admin/faults";

/// `GET /admin/faults`.
pub(crate) async fn get_faults(
    Extension(gate): Extension<Arc<Gate>>,
    Extension(access): Extension<Arc<Access>>,
    parts: Parts,
    body: Bytes,
) -> Response {
    if let Err(refused) = admit(&access, &parts, &body, AdminAction::GetFaults) {
        return *refused;
    }
    json(StatusCode::OK, &gate.faults.get())
}

/// `PUT /admin/faults`.
pub(crate) async fn put_faults(
    Extension(gate): Extension<Arc<Gate>>,
    Extension(access): Extension<Arc<Access>>,
    parts: Parts,
    body: Bytes,
) -> Response {
    if let Err(refused) = admit(&access, &parts, &body, AdminAction::PutFaults) {
        return *refused;
    }
    let config = match FaultConfig::from_json(&body) {
        Ok(config) => config,
        Err(e) => return refuse(e.to_string()),
    };
    match gate.faults.set(config) {
        Ok(()) => json(StatusCode::OK, &gate.faults.get()),
        Err(e) => refuse(e.to_string()),
    }
}

/// Lets an admin request through when its signer may do `action` (anyone may without an auth
/// file); else the answer that refuses it.
pub(super) fn admit(
    access: &Access,
    parts: &Parts,
    body: &[u8],
    action: AdminAction,
) -> Result<(), Box<Response>> {
    access
        .authorize_admin(super::received(parts, body), action)
        .map_err(|fault| Box::new(super::fault_reply(&fault)))
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
