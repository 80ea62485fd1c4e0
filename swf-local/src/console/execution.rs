//! One execution: its summary, its history as a timeline, its pending activities with their last
//! heartbeat, and the tree of child executions it belongs to.
//!
//! Everything is read under the domain's lock in one go ([`View::read`]) and rendered after the
//! lock is released. The summary is the engine's own `DescribeWorkflowExecution`; the timeline
//! is [`swf_core::timeline::fold`] over the whole history, the model `swf history show` prints;
//! pending activities and their heartbeats are read from the run's state, since SWF records
//! heartbeats in no event and no operation answers them.

use super::access::{permit, signed_in};
use super::html::{Esc, duration, error_page, page, payload, time};
use super::params::Params;
use super::{EXECUTIONS, PATH, fault_page, tree};
use crate::auth::Access;
use crate::engine::Engine;
use crate::engine::state::{DomainState, decode_event};
use crate::error::Fault;
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;
use std::fmt::Write;
use std::sync::Arc;
use swf_core::Operation;
use swf_core::timeline::{Entry, Kind, fold};
use swf_core::types::*;

/// An activity task scheduled and not yet closed.
#[derive(Debug)]
struct Pending {
    activity_id: String,
    activity_type: ActivityType,
    task_list: String,
    scheduled_ms: i64,
    /// When it started, if it has.
    started_ms: Option<i64>,
    /// When the worker last heartbeated it, if it has since it started.
    heartbeat_ms: Option<i64>,
    details: Option<String>,
    heartbeat_timeout: Option<u64>,
    cancel_requested: bool,
}

/// What the page shows, copied out of the domain's state.
#[derive(Debug)]
struct View {
    detail: WorkflowExecutionDetail,
    history: Vec<Box<str>>,
    pending: Vec<Pending>,
    tree: Option<tree::Tree>,
}

impl View {
    fn read(state: &DomainState, execution: &WorkflowExecution) -> Result<View, Fault> {
        let detail = state.describe_execution(execution)?;
        let run = state.exec(&execution.run_id);
        let pending = run
            .activities
            .values()
            .map(|a| {
                let started = a.started_id.map(|_| a.started_ms);
                // Starting a task counts as its first heartbeat (the heartbeat timeout runs from
                // there); a later time, or details, mean the worker heartbeated.
                let heartbeated =
                    a.details.is_some() || started.is_some_and(|s| a.last_heartbeat_ms > s);
                Pending {
                    activity_id: a.activity_id.clone(),
                    activity_type: a.activity_type.clone(),
                    task_list: a.task_list.clone(),
                    scheduled_ms: a.scheduled_ms,
                    started_ms: started,
                    heartbeat_ms: heartbeated.then_some(a.last_heartbeat_ms),
                    details: a.details.clone(),
                    heartbeat_timeout: a.heartbeat,
                    cancel_requested: a.cancel_requested_id.is_some(),
                }
            })
            .collect();
        Ok(View {
            detail,
            history: run.history.clone(),
            pending,
            tree: tree::read(state, &execution.run_id),
        })
    }
}

/// `GET /console/execution?domain=...&workflowId=...&runId=...`.
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
    let named = params.require("domain").and_then(|domain| {
        Ok((
            domain,
            WorkflowExecution {
                workflow_id: params.require("workflowId")?.to_owned(),
                run_id: params.require("runId")?.to_owned(),
            },
        ))
    });
    let (domain_name, execution) = match named {
        Ok(named) => named,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, "Execution", &e),
    };
    // The page is the execution's description and its history: both reads must be allowed,
    // before anything is looked up.
    let input = json!({ "domain": domain_name, "execution": execution });
    for op in [
        Operation::DescribeWorkflowExecution,
        Operation::GetWorkflowExecutionHistory,
    ] {
        if let Err(page) = permit(&caller, op, &input) {
            return *page;
        }
    }
    let view = engine
        .domain(domain_name)
        .and_then(|domain| View::read(&domain.lock(), &execution));
    let view = match view {
        Ok(view) => view,
        Err(fault) => return fault_page(&fault),
    };
    // Shown once what it read is committed, as the API's reads are (`Engine::settled`).
    if let Err(fault) = engine.settled().await {
        return fault_page(&fault);
    }
    let events: Vec<HistoryEvent> = view.history.iter().map(|e| decode_event(e)).collect();
    let executions = super::html::href(EXECUTIONS, &[("domain", domain_name)]);
    let crumbs = [
        (PATH.to_owned(), "Domains".to_owned()),
        (executions, domain_name.to_owned()),
        (String::new(), execution.workflow_id.clone()),
    ];
    let mut body = String::new();
    summary(&mut body, domain_name, &view.detail, &events);
    body.push_str("<h2>Timeline</h2>");
    timeline(&mut body, &fold(&events));
    body.push_str("<h2>Pending activities</h2>");
    pending(&mut body, &view.pending);
    body.push_str("<h2>Child executions</h2>");
    match &view.tree {
        Some(tree) => tree::render(&mut body, domain_name, tree, &execution.run_id),
        None => body.push_str("<p class=\"muted\">None.</p>"),
    }
    page(&execution.workflow_id, &crumbs, &body)
}

fn summary(
    out: &mut String,
    domain: &str,
    detail: &WorkflowExecutionDetail,
    events: &[HistoryEvent],
) {
    let info = &detail.execution_info;
    let (class, status) = match &info.close_status {
        None => ("open", "OPEN".to_owned()),
        Some(CloseStatus::Completed) => ("ok", "COMPLETED".to_owned()),
        Some(other) => ("bad", other.as_str().to_owned()),
    };
    let _ = write!(
        out,
        "<h1>Execution <span id=\"workflow-id\">{}</span></h1><dl class=\"summary\">\
         <dt>Run id</dt><dd><code id=\"run-id\">{}</code></dd>\
         <dt>Type</dt><dd>{} {}</dd>\
         <dt>Status</dt><dd class=\"{class}\" id=\"status\">{}</dd>\
         <dt>Started</dt><dd>{}</dd>",
        Esc(&info.execution.workflow_id),
        Esc(&info.execution.run_id),
        Esc(&info.workflow_type.name),
        Esc(&info.workflow_type.version),
        Esc(&status),
        time(info.start_timestamp.as_millis()),
    );
    if let Some(closed) = info.close_timestamp {
        let took = closed.as_millis() - info.start_timestamp.as_millis();
        let _ = write!(
            out,
            "<dt>Closed</dt><dd>{} (after {})</dd>",
            time(closed.as_millis()),
            duration(took)
        );
    }
    let config = &detail.execution_configuration;
    let _ = write!(
        out,
        "<dt>Task list</dt><dd>{}</dd><dt>Child policy</dt><dd>{}</dd>",
        Esc(&config.task_list.name),
        Esc(config.child_policy.as_str())
    );
    if let Some(tags) = info.tag_list.as_ref().filter(|t| !t.is_empty()) {
        let _ = write!(out, "<dt>Tags</dt><dd>{}</dd>", Esc(&tags.join(", ")));
    }
    if info.cancel_requested == Some(true) {
        out.push_str("<dt>Cancel</dt><dd class=\"open\">requested</dd>");
    }
    if let Some(parent) = &info.parent {
        let _ = write!(
            out,
            "<dt>Parent</dt><dd><a id=\"parent\" href=\"{}\">{}</a></dd>",
            Esc(&super::executions::execution_link(domain, parent)),
            Esc(&parent.workflow_id)
        );
    }
    let started = events
        .first()
        .and_then(|e| e.workflow_execution_started_event_attributes.as_deref());
    if let Some(previous) = started.and_then(|a| a.continued_execution_run_id.as_deref()) {
        let run = WorkflowExecution {
            workflow_id: info.execution.workflow_id.clone(),
            run_id: previous.to_owned(),
        };
        let _ = write!(
            out,
            "<dt>Continued from</dt><dd><a href=\"{}\">run {}</a></dd>",
            Esc(&super::executions::execution_link(domain, &run)),
            Esc(previous)
        );
    }
    if let Some(input) = started.and_then(|a| a.input.as_deref()) {
        out.push_str("<dt>Input</dt><dd id=\"input\">");
        payload(out, input);
        out.push_str("</dd>");
    }
    let counts = &detail.open_counts;
    let _ = write!(
        out,
        "<dt>Open</dt><dd>{} activities, {} timers, {} children, {} decision tasks</dd></dl>",
        counts.open_activity_tasks,
        counts.open_timers,
        counts.open_child_workflow_executions,
        counts.open_decision_tasks
    );
}

/// The timeline as a table: when each thing began, what it was, how it ended and how long it
/// took, with a bar placing it in the execution's span.
fn timeline(out: &mut String, entries: &[Entry]) {
    let span = entries
        .iter()
        .map(|e| e.at_ms + e.took_ms.unwrap_or(0))
        .max()
        .unwrap_or(0)
        .max(1);
    out.push_str(
        "<table id=\"timeline\"><tr><th>At</th><th>What</th><th>Outcome</th><th>Took</th>\
         <th></th><th>Details</th></tr>",
    );
    for entry in entries {
        let class = outcome_class(entry);
        let took = entry.took_ms.map(duration).unwrap_or_default();
        let left = entry.at_ms as f64 * 100.0 / span as f64;
        // Open entries run on to the end of what is known; an instant (a signal, a marker) is a
        // tick.
        let width = match entry.took_ms {
            Some(took) => took,
            None if is_instant(entry) => 0,
            None => span - entry.at_ms,
        } as f64
            * 100.0
            / span as f64;
        let title = match entry.name.is_empty() {
            true => entry.kind.word().to_owned(),
            false => format!("{} {}", entry.kind.word(), entry.name),
        };
        let _ = write!(
            out,
            "<tr class=\"entry\" data-kind=\"{}\"><td>+{}</td><td class=\"what\">{}</td>\
             <td class=\"outcome {class}\">{}</td><td class=\"took\">{took}</td>\
             <td><div class=\"bar\"><span class=\"{class}\" style=\"left:{left:.2}%;width:{width:.2}%\">\
             </span></div></td><td class=\"details\">",
            Esc(entry.kind.word()),
            duration(entry.at_ms),
            Esc(&title),
            Esc(&entry.outcome),
        );
        for (i, detail) in entry.details.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            let _ = write!(out, "<span class=\"muted\">{}:</span> ", Esc(detail.label));
            match detail.payload {
                true => payload(out, &detail.value),
                false => {
                    let _ = write!(out, "{}", Esc(&detail.value));
                }
            }
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</table>");
}

/// `ok`, `bad` or `open`, for the outcome's colour: open is anything still running (an
/// instant, such as a signal, never runs).
fn outcome_class(entry: &Entry) -> &'static str {
    let bad = ["fail", "timed out", "terminated", "cancel"];
    if bad.iter().any(|word| entry.outcome.contains(word)) {
        "bad"
    } else if entry.took_ms.is_none() && !is_instant(entry) && entry.kind != Kind::Workflow {
        "open"
    } else {
        "ok"
    }
}

/// Whether the entry happened at an instant rather than over a time.
fn is_instant(entry: &Entry) -> bool {
    matches!(entry.kind, Kind::Signal | Kind::Marker)
}

fn pending(out: &mut String, pending: &[Pending]) {
    if pending.is_empty() {
        out.push_str("<p class=\"muted\" id=\"no-pending\">None.</p>");
        return;
    }
    out.push_str(
        "<table id=\"pending\"><tr><th>Activity id</th><th>Type</th><th>Task list</th>\
         <th>Scheduled</th><th>Started</th><th>Last heartbeat</th><th>Heartbeat details</th>\
         <th>Heartbeat timeout</th></tr>",
    );
    for p in pending {
        let started = match p.started_ms {
            Some(ms) => time(ms),
            None => "waiting for a worker".to_owned(),
        };
        let heartbeat = match p.heartbeat_ms {
            Some(ms) => time(ms),
            None => "none yet".to_owned(),
        };
        let timeout = match p.heartbeat_timeout {
            Some(secs) => duration(secs.saturating_mul(1000) as i64),
            None => "none".to_owned(),
        };
        let cancel = if p.cancel_requested {
            " <span class=\"open\">(cancel requested)</span>"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr class=\"pending\"><td class=\"activity-id\">{}{cancel}</td><td>{} {}</td>\
             <td>{}</td><td>{}</td><td>{started}</td><td class=\"heartbeat\">{heartbeat}</td>\
             <td class=\"heartbeat-details\">",
            Esc(&p.activity_id),
            Esc(&p.activity_type.name),
            Esc(&p.activity_type.version),
            Esc(&p.task_list),
            time(p.scheduled_ms),
        );
        if let Some(details) = &p.details {
            payload(out, details);
        }
        let _ = write!(out, "</td><td>{timeout}</td></tr>");
    }
    out.push_str("</table>");
}
