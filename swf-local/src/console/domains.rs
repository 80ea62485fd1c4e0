//! The console's first page: every domain, registered and deprecated, with how many executions
//! each holds open and closed.

use super::html::{Esc, href, page};
use super::{EXECUTIONS, fault_page};
use crate::engine::{Engine, Filters};
use crate::error::Fault;
use axum::extract::State;
use axum::response::Response;
use std::fmt::Write;
use std::sync::Arc;
use swf_core::types::*;

/// One domain's row.
struct Row {
    info: DomainInfo,
    retention_days: String,
    open: i32,
    closed: i32,
}

/// `GET /console`.
pub(super) async fn page_handler(State(engine): State<Arc<Engine>>) -> Response {
    let rows = rows(&engine);
    // Shown once what it read is committed, as the API's reads are (`Engine::settled`).
    if let Err(fault) = engine.settled().await {
        return fault_page(&fault);
    }
    match rows {
        Ok(rows) => page("Domains", &[], &render(&rows)),
        Err(fault) => fault_page(&fault),
    }
}

/// Every domain, by `ListDomains` (both statuses, every page), with its execution counts.
fn rows(engine: &Engine) -> Result<Vec<Row>, Fault> {
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
            let filters = Filters {
                open,
                start_time: since_ever(),
                ..Default::default()
            };
            state.count_executions(&filters).map(|c| c.count)
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
             <td><a href=\"{}\">{}</a></td><td><a href=\"{}\">{}</a></td><td>{}</td></tr>",
            Esc(&open),
            Esc(name),
            Esc(row.info.status.as_str()),
            Esc(&row.retention_days),
            Esc(&open),
            row.open,
            Esc(&closed),
            row.closed,
            Esc(row.info.description.as_deref().unwrap_or_default()),
        );
    }
    out.push_str("</table>");
    out
}
