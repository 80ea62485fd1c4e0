//! Who may see a console page, with an auth file (the rules are `auth/admin.rs`'s): a person
//! signs in with HTTP Basic, an access key id and its secret, and sees a page only when the
//! key's policy allows the SWF read behind it, asked as that read would be
//! ([`crate::auth::Caller::authorize`]: the same action, domain and condition keys). Without an
//! auth file everyone sees everything.
//!
//! Missing or wrong credentials get 401 with a `WWW-Authenticate` challenge, so the browser asks
//! for them; a page the key may not read gets 403 naming the action and resource, in the words
//! of the API's `OperationNotPermittedFault`.

use super::html::error_page;
use crate::auth::admin::SignIn;
use crate::auth::{Access, Caller};
use crate::error::Fault;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;
use swf_core::Operation;

/// The challenge a browser answers by asking for a user name and password.
const CHALLENGE: &str = "Basic realm=\"swf-local console\", charset=\"UTF-8\"";

/// The caller a request's credentials name, or the 401 page that asks for them.
pub(super) fn signed_in(access: &Access, headers: &HeaderMap) -> Result<Caller, Box<Response>> {
    let why = match access.console_caller(headers) {
        Ok(caller) => return Ok(caller),
        Err(SignIn::Missing) => {
            "This service checks access: sign in with an access key id (user name) and its \
             secret access key (password) from its auth file."
        }
        // One message whether the key id or the secret is wrong: which key ids exist is not
        // the console's to tell.
        Err(SignIn::Refused) => {
            "The access key id or secret access key is not one of the service's auth file."
        }
        Err(SignIn::Temporary) => {
            "Temporary credentials (a key with a SessionToken) cannot sign in to the console: \
             sign in with a long-term key of the service's auth file."
        }
    };
    let mut page = error_page(StatusCode::UNAUTHORIZED, "Sign in", why);
    page.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(CHALLENGE),
    );
    Err(Box::new(page))
}

/// Whether `caller` may call `op` with `input` (the SWF call's JSON input).
pub(super) fn may(caller: &Caller, op: Operation, input: &Value) -> bool {
    check(caller, op, input).is_ok()
}

/// Nothing when `caller` may call `op` with `input`, else the 403 page naming what is refused.
pub(super) fn permit(caller: &Caller, op: Operation, input: &Value) -> Result<(), Box<Response>> {
    check(caller, op, input)
        .map_err(|fault| error_page(StatusCode::FORBIDDEN, "Not permitted", fault.message()))
        .map_err(Box::new)
}

fn check(caller: &Caller, op: Operation, input: &Value) -> Result<(), Fault> {
    caller.authorize(op, input.to_string().as_bytes())
}
