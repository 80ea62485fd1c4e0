//! The tree of child executions an execution belongs to: from the oldest ancestor the domain
//! still holds down to every descendant, the execution itself marked.
//!
//! The links come from the runs' own parent links (what `DescribeWorkflowExecution` reports as
//! `parent`), read in one pass over the domain's runs, so a child is found whether it is open or
//! closed, and whichever way it ended.

use super::executions::execution_link;
use super::html::Esc;
use crate::engine::state::DomainState;
use std::collections::HashMap;
use std::fmt::Write;
use swf_core::types::*;

/// The most executions one tree shows; a larger family is cut, saying how many were left out.
const MAX_NODES: usize = 500;

/// One execution of the tree and its children, oldest first.
#[derive(Debug)]
pub(super) struct Node {
    execution: WorkflowExecution,
    workflow_type: WorkflowType,
    close_status: Option<CloseStatus>,
    children: Vec<Node>,
}

/// The tree around one execution.
#[derive(Debug)]
pub(super) struct Tree {
    root: Node,
    /// The root's parent, when the domain no longer holds it (its retention ran out).
    gone_parent: Option<WorkflowExecution>,
    /// How many executions were left out past [`MAX_NODES`].
    left_out: usize,
}

/// The tree `run_id` belongs to, read under the domain's lock.
pub(super) fn read(state: &DomainState, run_id: &str) -> Option<Tree> {
    let mut root = state.runs.get(run_id)?;
    let mut gone_parent = None;
    // Each step goes to an older run; the bound only guards against a bug linking runs in a
    // circle.
    for _ in 0..MAX_NODES {
        let Some(parent) = &root.parent else { break };
        match state.runs.get(parent.execution.run_id.as_str()) {
            Some(run) => root = run,
            None => {
                gone_parent = Some(parent.execution.clone());
                break;
            }
        }
    }
    let mut children: HashMap<&str, Vec<(u64, &str)>> = HashMap::new();
    for (run, exec) in &state.runs {
        if let Some(parent) = &exec.parent {
            children
                .entry(parent.execution.run_id.as_str())
                .or_default()
                .push((exec.start_seq, run));
        }
    }
    for list in children.values_mut() {
        list.sort_unstable();
    }
    let mut budget = MAX_NODES;
    let mut left_out = 0;
    let root_run = root.execution.run_id.as_str();
    let root = node(state, &children, root_run, &mut budget, &mut left_out)?;
    Some(Tree {
        root,
        gone_parent,
        left_out,
    })
}

fn node(
    state: &DomainState,
    children: &HashMap<&str, Vec<(u64, &str)>>,
    run_id: &str,
    budget: &mut usize,
    left_out: &mut usize,
) -> Option<Node> {
    let exec = state.runs.get(run_id)?;
    *budget = budget.saturating_sub(1);
    let mut kids = Vec::new();
    for (_, child) in children.get(run_id).map(Vec::as_slice).unwrap_or_default() {
        if *budget == 0 {
            *left_out += 1;
            continue;
        }
        kids.extend(node(state, children, child, budget, left_out));
    }
    Some(Node {
        execution: exec.execution.clone(),
        workflow_type: exec.workflow_type.clone(),
        close_status: exec.close_status.clone(),
        children: kids,
    })
}

/// The tree as nested lists; `here` is the execution the page is about.
pub(super) fn render(out: &mut String, domain: &str, tree: &Tree, here: &str) {
    out.push_str("<div id=\"tree\">");
    if let Some(parent) = &tree.gone_parent {
        let _ = write!(
            out,
            "<p class=\"muted\">Parent {} (run {}) is no longer held.</p>",
            Esc(&parent.workflow_id),
            Esc(&parent.run_id)
        );
    }
    out.push_str("<ul class=\"tree\">");
    item(out, domain, &tree.root, here);
    out.push_str("</ul>");
    if tree.left_out > 0 {
        let _ = write!(
            out,
            "<p class=\"muted\">{} more executions not shown.</p>",
            tree.left_out
        );
    }
    out.push_str("</div>");
}

fn item(out: &mut String, domain: &str, node: &Node, here: &str) {
    let (class, status) = match &node.close_status {
        None => ("open", "open"),
        Some(CloseStatus::Completed) => ("ok", "completed"),
        Some(other) => ("bad", other.as_str()),
    };
    let mark = if node.execution.run_id == here {
        " class=\"here\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<li><span{mark}><a href=\"{}\">{}</a></span> <span class=\"muted\">{} {}</span> \
         <span class=\"{class}\">{}</span>",
        Esc(&execution_link(domain, &node.execution)),
        Esc(&node.execution.workflow_id),
        Esc(&node.workflow_type.name),
        Esc(&node.workflow_type.version),
        Esc(status),
    );
    if !node.children.is_empty() {
        out.push_str("<ul class=\"tree\">");
        for child in &node.children {
            item(out, domain, child, here);
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>");
}
