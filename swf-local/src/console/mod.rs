//! A web console: what the service holds, shown to a person in a browser.
//!
//! Off by default; [`Builder::console`](crate::Builder::console) or the binary's `--console`
//! turns it on. It is served on the service's own listener under [`PATH`]: SWF's protocol only
//! ever `POST`s to `/`, so the console's `GET`s cannot be mistaken for SWF calls.
//!
//! | page | shows |
//! | --- | --- |
//! | `/console` | the domains, with their open and closed execution counts |
//! | `/console/executions?domain=…` | a domain's open or closed executions, with SWF's filters |
//! | `/console/execution?domain=…&workflowId=…&runId=…` | one execution: summary, timeline, pending activities and their heartbeats, the tree of child executions |
//!
//! # Why server-rendered
//! The pages are HTML written by the service, with a little inline CSS and no script: nothing to
//! build at install time, nothing to download at run time, and a page is a plain GET a test (or
//! `curl`) can read. Each page reads the engine's state under the domain's lock, through the
//! engine's own operations where SWF has one (`ListDomains`, `ListOpen/ClosedWorkflowExecutions`,
//! `CountOpen/ClosedWorkflowExecutions`, `DescribeWorkflowExecution`) and the run's state where it
//! has none (heartbeats, the tree of children), and only reads: the console changes nothing.
//!
//! Every value that came from a client is escaped (see [`html`]).
//!
//! # Access
//! With an auth file ([`Builder::auth`](crate::Builder::auth)) the console asks for HTTP Basic
//! credentials, an access key id and its secret access key, and shows each page only when the
//! key's policy allows the SWF read behind it (see [`access`]):
//!
//! | page | needs |
//! | --- | --- |
//! | `/console` | `swf:ListDomains` (resource `*`); a domain's counts need `swf:CountOpenWorkflowExecutions` / `swf:CountClosedWorkflowExecutions` on it, and show `—` without |
//! | `/console/executions` | `swf:ListOpenWorkflowExecutions` or `swf:ListClosedWorkflowExecutions` on the domain, with the filter's `swf:tagFilter.tag`, `swf:typeFilter.name`, `swf:typeFilter.version` |
//! | `/console/execution` | `swf:DescribeWorkflowExecution` and `swf:GetWorkflowExecutionHistory` on the domain |

mod access;
mod domains;
mod execution;
mod executions;
mod html;
mod params;
mod tree;

use crate::engine::Engine;
use crate::error::Fault;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use std::sync::Arc;

/// Where the console is served.
pub(crate) const PATH: &str = "/console";
/// The page of a domain's executions.
const EXECUTIONS: &str = "/console/executions";
/// The page of one execution.
const EXECUTION: &str = "/console/execution";

/// The console's routes when `enabled`, else none (its paths then reach the SWF handler, which
/// refuses them as it refuses any request without an operation).
pub(crate) fn routes(enabled: bool) -> Router<Arc<Engine>> {
    if !enabled {
        return Router::new();
    }
    Router::new()
        .route(PATH, get(domains::page_handler))
        .route("/console/", get(domains::page_handler))
        .route(EXECUTIONS, get(executions::page_handler))
        .route(EXECUTION, get(execution::page_handler))
        .route("/console/{*rest}", get(not_found))
}

/// Any other path under the console.
async fn not_found() -> Response {
    html::error_page(
        StatusCode::NOT_FOUND,
        "Not found",
        "The console has no such page.",
    )
}

/// The page for a fault an engine operation answered: an unknown domain or execution is a 404,
/// anything else a 400 saying what SWF would say.
fn fault_page(fault: &Fault) -> Response {
    let status = match fault.wire_type().ends_with("#UnknownResourceFault") {
        true => StatusCode::NOT_FOUND,
        false => StatusCode::BAD_REQUEST,
    };
    html::error_page(status, "Cannot show this", fault.message())
}
