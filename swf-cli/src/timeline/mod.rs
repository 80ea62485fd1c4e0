//! An execution's history as a timeline: one line per thing that happened (an activity, a timer,
//! a signal, a child workflow, a marker, a decision task), from its first event to its last. This
//! is what `swf history show` prints, and what other programs print with [`of_execution`] (fetched
//! from the service) or [`render_history`] (events they already have).
//!
//! The model (what an entry is, and how a history folds into entries) is
//! [`swf_core::timeline`], which swf-local's web console shows as well; this module renders it
//! as text.
//!
//! ```
//! use swf_core::types::{EventType, HistoryEvent, Timestamp, WorkflowExecutionStartedEventAttributes};
//!
//! let started = HistoryEvent {
//!     event_id: 1,
//!     event_type: EventType::WorkflowExecutionStarted,
//!     event_timestamp: Timestamp::from_millis(1_714_557_600_000),
//!     workflow_execution_started_event_attributes: Some(Box::new(WorkflowExecutionStartedEventAttributes {
//!         workflow_type: swf_core::types::WorkflowType { name: "order".into(), version: "1".into() },
//!         task_list: swf_core::types::TaskList { name: "deciders".into() },
//!         input: Some(r#"{"sku":42}"#.into()),
//!         ..Default::default()
//!     })),
//!     ..Default::default()
//! };
//! let text = swf_cli::timeline::render_history(&[started]);
//! assert_eq!(text, "+0.000s  workflow order 1  started  input: {\"sku\":42}  task list: deciders\n");
//! ```
//!
//! Entries keep payloads raw; [`render`] decides how much of them a line shows.

use swf_core::Client;
use swf_core::types::*;

mod render;

#[cfg(test)]
mod tests;

pub use render::render;
pub use swf_core::timeline::{Detail, Entry, Kind, fold};

/// `execution`'s whole history in `domain`, fetched from the service ([`history::fetch`]) and
/// rendered as timeline text ([`render_history`]): what `swf history show` prints.
///
/// ```no_run
/// # async fn example(client: swf_core::Client) -> Result<(), swf_core::Error> {
/// use swf_core::types::WorkflowExecution;
///
/// let execution = WorkflowExecution { workflow_id: "order-1".into(), run_id: "22Ab...".into() };
/// println!("{}", swf_cli::timeline::of_execution(&client, "shop", &execution).await?);
/// # Ok(()) }
/// ```
///
/// [`history::fetch`]: crate::history::fetch
pub async fn of_execution(
    client: &Client,
    domain: &str,
    execution: &WorkflowExecution,
) -> Result<String, swf_core::Error> {
    Ok(render_history(
        &crate::history::fetch(client, domain, execution).await?,
    ))
}

/// A history, oldest event first, as timeline text: [`fold`] then [`render`], with payloads cut to
/// a line each.
pub fn render_history(events: &[HistoryEvent]) -> String {
    render(&fold(events), false)
}
