//! A domain's open or closed executions, with SWF's visibility filters as query parameters.
//!
//! The page lists through the engine's own `ListOpenWorkflowExecutions` and
//! `ListClosedWorkflowExecutions` (the same [`Filters`], checked by the same rules), so it shows
//! exactly what those operations answer, and a combination SWF refuses (a workflow id and a tag at
//! once, a start and a close time range) is refused here with SWF's own message.
//!
//! | parameter | SWF filter |
//! | --- | --- |
//! | `status` | `open` (default) or `closed`: which operation lists |
//! | `startedFrom`, `startedTo` | `startTimeFilter` (`oldestDate`, `latestDate`) |
//! | `closedFrom`, `closedTo` | `closeTimeFilter` (closed executions only) |
//! | `workflowId` | `executionFilter` |
//! | `typeName`, `typeVersion` | `typeFilter` |
//! | `tag` | `tagFilter` |
//! | `closeStatus` | `closeStatusFilter` (closed executions only) |
//! | `oldestFirst=1` | `reverseOrder` |
//! | `page` | `nextPageToken` |

use super::access::{permit, signed_in};
use super::html::{Esc, href, page, time};
use super::params::Params;
use super::{EXECUTION, EXECUTIONS, PATH, fault_page};
use crate::auth::Access;
use crate::engine::{Engine, Filters};
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};
use std::fmt::Write;
use std::sync::Arc;
use swf_core::Operation;
use swf_core::types::*;

/// How many executions a page shows.
const PAGE_SIZE: i32 = 100;

/// The filter fields of the form, in its order: (parameter, label, input type).
const FIELDS: &[(&str, &str, &str)] = &[
    ("startedFrom", "Started from (UTC)", "datetime-local"),
    ("startedTo", "Started to (UTC)", "datetime-local"),
    ("closedFrom", "Closed from (UTC)", "datetime-local"),
    ("closedTo", "Closed to (UTC)", "datetime-local"),
    ("workflowId", "Workflow id", "text"),
    ("typeName", "Type name", "text"),
    ("typeVersion", "Type version", "text"),
    ("tag", "Tag", "text"),
];

/// `GET /console/executions?domain=...&status=open|closed&...`.
pub(super) async fn page_handler(
    State(engine): State<Arc<Engine>>,
    Extension(access): Extension<Arc<Access>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let caller = match signed_in(&access, &headers) {
        Ok(caller) => caller,
        Err(page) => return *page,
    };
    let params = Params::parse(query.as_deref());
    let domain_name = match params.require("domain") {
        Ok(name) => name,
        Err(e) => return super::html::error_page(StatusCode::BAD_REQUEST, "Executions", &e),
    };
    let open = params.get("status") != Some("closed");
    // Before the domain is looked up: a key that may not list a domain learns nothing of it,
    // not even whether it exists.
    let (op, input) = list_call(domain_name, open, &params);
    if let Err(page) = permit(&caller, op, &input) {
        return *page;
    }
    let domain = match engine.domain(domain_name) {
        Ok(domain) => domain,
        Err(fault) => return fault_page(&fault),
    };
    let listing = filters(&params, open).and_then(|f| {
        let reverse = params.get("oldestFirst").is_some();
        engine
            .lock_at_now(&domain)
            .list_executions(&f, params.get("page"), Some(PAGE_SIZE), reverse)
            .map_err(|fault| fault.message().to_owned())
    });
    // Shown once what it read is committed, as the API's reads are (`Engine::settled`).
    if let Err(fault) = engine.settled().await {
        return fault_page(&fault);
    }
    let crumbs = [
        (PATH.to_owned(), "Domains".to_owned()),
        (String::new(), domain_name.to_owned()),
    ];
    let body = render(domain_name, open, &params, &listing);
    page(&format!("{domain_name} executions"), &crumbs, &body)
}

/// The SWF call the page makes, as IAM sees it: the operation and the input members its policy
/// conditions read (the domain, `tagFilter`, `typeFilter`).
fn list_call(domain: &str, open: bool, params: &Params) -> (Operation, Value) {
    let op = match open {
        true => Operation::ListOpenWorkflowExecutions,
        false => Operation::ListClosedWorkflowExecutions,
    };
    let mut input = json!({ "domain": domain });
    if let Some(tag) = params.get("tag") {
        input["tagFilter"] = json!({ "tag": tag });
    }
    if let Some(name) = params.get("typeName") {
        input["typeFilter"] = json!({ "name": name, "version": params.get("typeVersion") });
    }
    (op, input)
}

/// The SWF filters the parameters ask for; an error names the parameter at fault.
fn filters(params: &Params, open: bool) -> Result<Filters, String> {
    let range = |from: &str, to: &str| -> Result<Option<ExecutionTimeFilter>, String> {
        let (oldest, latest) = (params.time(from)?, params.time(to)?);
        Ok(
            (oldest.is_some() || latest.is_some()).then(|| ExecutionTimeFilter {
                oldest_date: oldest.unwrap_or(Timestamp::from_millis(0)),
                latest_date: latest,
            }),
        )
    };
    let mut start_time = range("startedFrom", "startedTo")?;
    let close_time = range("closedFrom", "closedTo")?;
    let close_status = match params.get("closeStatus") {
        Some(status) => {
            let status = CloseStatus::from(status);
            if status.is_unknown() {
                return Err(format!(
                    "`closeStatus`: `{status}` is not a close status (one of {})",
                    CloseStatus::VALUES.join(", ")
                ));
            }
            Some(CloseStatusFilter { status })
        }
        None => None,
    };
    if open && (close_time.is_some() || close_status.is_some()) {
        return Err(
            "`closedFrom`, `closedTo` and `closeStatus` filter closed executions only".to_owned(),
        );
    }
    // Both operations need a time range; with none given, the console lists since the epoch.
    if start_time.is_none() && close_time.is_none() {
        start_time = Some(ExecutionTimeFilter {
            oldest_date: Timestamp::from_millis(0),
            latest_date: None,
        });
    }
    Ok(Filters {
        open,
        start_time,
        close_time,
        execution: params.get("workflowId").map(|id| WorkflowExecutionFilter {
            workflow_id: id.to_owned(),
        }),
        type_filter: params.get("typeName").map(|name| WorkflowTypeFilter {
            name: name.to_owned(),
            version: params.get("typeVersion").map(str::to_owned),
        }),
        tag: params.get("tag").map(|tag| TagFilter {
            tag: tag.to_owned(),
        }),
        close_status,
    })
}

fn render(
    domain: &str,
    open: bool,
    params: &Params,
    listing: &Result<WorkflowExecutionInfos, String>,
) -> String {
    let status = if open { "open" } else { "closed" };
    let mut out = format!("<h1>{} executions in {}</h1>", status, Esc(domain));
    let tab = |which: &str, label: &str| {
        let link = href(EXECUTIONS, &[("domain", domain), ("status", which)]);
        let class = if which == status { " class=\"on\"" } else { "" };
        format!("<a{class} href=\"{}\">{label}</a>", Esc(&link))
    };
    let _ = write!(
        out,
        "<p class=\"tabs\">{}{}</p>",
        tab("open", "Open"),
        tab("closed", "Closed")
    );
    filter_form(&mut out, domain, status, params);
    match listing {
        Err(message) => {
            let _ = write!(out, "<p class=\"error\" id=\"error\">{}</p>", Esc(message));
        }
        Ok(listing) => {
            table(&mut out, domain, &listing.execution_infos);
            if let Some(token) = &listing.next_page_token {
                next_page_link(&mut out, params, token);
            }
        }
    }
    out
}

fn filter_form(out: &mut String, domain: &str, status: &str, params: &Params) {
    let _ = write!(
        out,
        "<form class=\"filters\" id=\"filters\" method=\"get\" action=\"{}\">\
         <input type=\"hidden\" name=\"domain\" value=\"{}\">\
         <input type=\"hidden\" name=\"status\" value=\"{}\">",
        Esc(EXECUTIONS),
        Esc(domain),
        Esc(status)
    );
    for (name, label, kind) in FIELDS {
        if status == "open" && name.starts_with("closed") {
            continue;
        }
        let _ = write!(
            out,
            "<label>{label}<input type=\"{kind}\" name=\"{name}\" value=\"{}\"></label>",
            Esc(params.get(name).unwrap_or_default())
        );
    }
    if status == "closed" {
        out.push_str(
            "<label>Close status<select name=\"closeStatus\"><option value=\"\">any</option>",
        );
        let chosen = params.get("closeStatus").unwrap_or_default();
        for value in CloseStatus::VALUES {
            let selected = if *value == chosen { " selected" } else { "" };
            let _ = write!(out, "<option{selected}>{value}</option>");
        }
        out.push_str("</select></label>");
    }
    let checked = if params.get("oldestFirst").is_some() {
        " checked"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<label>Oldest first<input type=\"checkbox\" name=\"oldestFirst\" value=\"1\"{checked}></label>\
         <button type=\"submit\">Filter</button></form>"
    );
}

fn table(out: &mut String, domain: &str, infos: &[WorkflowExecutionInfo]) {
    if infos.is_empty() {
        out.push_str("<p class=\"muted\" id=\"none\">No execution matches.</p>");
        return;
    }
    out.push_str(
        "<table id=\"executions\"><tr><th>Workflow id</th><th>Run id</th><th>Type</th>\
         <th>Started</th><th>Closed</th><th>Status</th><th>Tags</th><th>Parent</th></tr>",
    );
    for info in infos {
        let link = execution_link(domain, &info.execution);
        let closed = info.close_timestamp.map(|t| time(t.as_millis()));
        let (class, status) = match &info.close_status {
            None => ("open", "OPEN".to_owned()),
            Some(CloseStatus::Completed) => ("ok", "COMPLETED".to_owned()),
            Some(other) => ("bad", other.as_str().to_owned()),
        };
        let tags = info.tag_list.as_deref().unwrap_or_default().join(", ");
        let parent = match &info.parent {
            Some(p) => format!(
                "<a href=\"{}\">{}</a>",
                Esc(&execution_link(domain, p)),
                Esc(&p.workflow_id)
            ),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<tr><td><a class=\"execution\" href=\"{}\">{}</a></td><td><code>{}</code></td>\
             <td>{} {}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td><td>{}</td>\
             <td>{parent}</td></tr>",
            Esc(&link),
            Esc(&info.execution.workflow_id),
            Esc(&info.execution.run_id),
            Esc(&info.workflow_type.name),
            Esc(&info.workflow_type.version),
            time(info.start_timestamp.as_millis()),
            closed.unwrap_or_default(),
            Esc(&status),
            Esc(&tags),
        );
    }
    out.push_str("</table>");
}

/// The link to the next page: the same filters, and the token.
fn next_page_link(out: &mut String, params: &Params, token: &str) {
    let mut pairs: Vec<(&str, &str)> = ["domain", "status", "closeStatus", "oldestFirst"]
        .iter()
        .chain(FIELDS.iter().map(|(name, _, _)| name))
        .filter_map(|name| params.get(name).map(|value| (*name, value)))
        .collect();
    pairs.push(("page", token));
    let _ = write!(
        out,
        "<p><a id=\"next-page\" href=\"{}\">Next page →</a></p>",
        Esc(&href(EXECUTIONS, &pairs))
    );
}

/// The console page of one execution.
pub(super) fn execution_link(domain: &str, execution: &WorkflowExecution) -> String {
    href(
        EXECUTION,
        &[
            ("domain", domain),
            ("workflowId", &execution.workflow_id),
            ("runId", &execution.run_id),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Params {
        Params::parse(Some(query))
    }

    #[test]
    fn parameters_become_swf_filters() {
        let f = filters(&parse("workflowId=w&startedFrom=2023-11-14T22:13"), true).unwrap();
        assert_eq!(f.execution.unwrap().workflow_id, "w");
        assert_eq!(
            f.start_time.unwrap().oldest_date,
            Timestamp::from_millis(1_699_999_980_000)
        );
        let f = filters(
            &parse("closedTo=2023-11-14T22:13&closeStatus=FAILED"),
            false,
        )
        .unwrap();
        assert!(f.start_time.is_none());
        assert_eq!(f.close_status.unwrap().status, CloseStatus::Failed);
        let f = filters(&parse(""), false).unwrap();
        assert_eq!(f.start_time.unwrap().oldest_date.as_millis(), 0);
    }

    #[test]
    fn bad_parameters_are_named() {
        let e = filters(&parse("closeStatus=DONE"), false).unwrap_err();
        assert!(e.contains("`closeStatus`") && e.contains("DONE"), "{e}");
        let e = filters(&parse("closeStatus=FAILED"), true).unwrap_err();
        assert!(e.contains("closed executions only"), "{e}");
        let e = filters(&parse("startedTo=soon"), true).unwrap_err();
        assert!(e.contains("`startedTo`"), "{e}");
    }
}
