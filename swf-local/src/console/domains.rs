//! The console's first page: every domain, registered and deprecated, with how many executions
//! each holds open and closed (for a signed-in key, the counts its policy lets it ask for).

use super::access::{may, permit, signed_in};
use super::html::{Esc, href, page};
use super::{EXECUTIONS, fault_page};
use crate::auth::{Access, Caller};
use crate::engine::{Engine, Filters};
use crate::error::Fault;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::json;
use std::fmt::Write;
use std::sync::Arc;
use swf_core::Operation;
use swf_core::types::*;

/// One domain's row; a count is `None` when the caller may not ask for it.
struct Row {
    info: DomainInfo,
    retention_days: String,
    open: Option<i32>,
    closed: Option<i32>,
}

/// `GET /console`.
pub(super) async fn page_handler(
    State(engine): State<Arc<Engine>>,
    Extension(access): Extension<Arc<Access>>,
    headers: HeaderMap,
) -> Response {
    let caller = match signed_in(&access, &headers) {
        Ok(caller) => caller,
        Err(page) => return *page,
    };
    let listing = json!({"registrationStatus": "REGISTERED"});
    if let Err(page) = permit(&caller, Operation::ListDomains, &listing) {
        return *page;
    }
    let rows = rows(&engine, &caller);
    // Shown once what it read is committed, as the API's reads are (`Engine::settled`).
    if let Err(fault) = engine.settled().await {
        return fault_page(&fault);
    }
    match rows {
        Ok(rows) => page("Domains", &[], &render(&rows)),
        Err(fault) => fault_page(&fault),
    }
}

/// Every domain, by `ListDomains` (both statuses, every page), with the execution counts
/// `caller` may ask for.
fn rows(engine: &Engine, caller: &Caller) -> Result<Vec<Row>, Fault> {
    let mut infos = Vec::new();
    for status in [
        RegistrationStatus::Registered,
        RegistrationStatus::Deprecated,
    ] {
        let mut token = None;
        // A page holds up to 1,000 domains and an account at most 100 (SWF's quota, which the
        // engine enforces), so this ends after a page; the bound only guards against a bug.
        for _ in 0..100 {
            let listing = engine.list_domains(ListDomainsInput {
                registration_status: status.clone(),
                next_page_token: token.take(),
                ..Default::default()
            })?;
            infos.extend(listing.domain_infos);
            token = listing.next_page_token;
            if token.is_none() {
                break;
            }
        }
    }
    let mut rows = Vec::with_capacity(infos.len());
    for info in infos {
        let domain = engine.domain(&info.name)?;
        let state = domain.lock();
        let since_ever = || {
            Some(ExecutionTimeFilter {
                oldest_date: Timestamp::from_millis(0),
                latest_date: None,
            })
        };
        let count = |open: bool| {
            let op = match open {
                true => Operation::CountOpenWorkflowExecutions,
                false => Operation::CountClosedWorkflowExecutions,
            };
            if !may(caller, op, &json!({"domain": info.name})) {
                return Ok(None);
            }
            let filters = Filters {
                open,
                start_time: since_ever(),
                ..Default::default()
            };
            state.count_executions(&filters).map(|c| Some(c.count))
        };
        rows.push(Row {
            open: count(true)?,
            closed: count(false)?,
            retention_days: state.meta.retention_days.clone(),
            info,
        });
    }
    Ok(rows)
}

fn render(rows: &[Row]) -> String {
    let mut out = String::from("<h1>Domains</h1>");
    if rows.is_empty() {
        out.push_str("<p class=\"muted\">No domain is registered yet.</p>");
        return out;
    }
    out.push_str(
        "<table id=\"domains\"><tr><th>Domain</th><th>Status</th><th>Retention (days)</th>\
         <th>Open executions</th><th>Closed executions</th><th>Description</th></tr>",
    );
    for row in rows {
        let name = row.info.name.as_str();
        let open = href(EXECUTIONS, &[("domain", name), ("status", "open")]);
        let closed = href(EXECUTIONS, &[("domain", name), ("status", "closed")]);
        let _ = write!(
            out,
            "<tr><td><a class=\"domain\" href=\"{}\">{}</a></td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>",
            Esc(&open),
            Esc(name),
            Esc(row.info.status.as_str()),
            Esc(&row.retention_days),
            count_cell(&open, row.open, "swf:CountOpenWorkflowExecutions"),
            count_cell(&closed, row.closed, "swf:CountClosedWorkflowExecutions"),
            Esc(row.info.description.as_deref().unwrap_or_default()),
        );
    }
    out.push_str("</table>");
    out
}

/// A count linked to its executions, or `—` saying which action the caller lacks.
fn count_cell(link: &str, count: Option<i32>, action: &str) -> String {
    match count {
        Some(count) => format!("<a href=\"{}\">{count}</a>", Esc(link)),
        None => format!(
            "<span class=\"muted not-permitted\" title=\"not permitted: {action}\">—</span>"
        ),
    }
}
