//! Workflows that cancel what they asked for and go on only once it has stopped: a `transcode`
//! activity (retried, when a backoff is given) and an `encode` child, each canceled when the
//! `abort` signal arrives. They fail with what ended it and the details it closed with, read
//! through `closed_state` and the status's `details`.

// Each test binary uses a part of this module; what one leaves unused is not dead.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::time::Duration;

use swf_decider::{
    ActivityOptions, ChildOptions, Exit, RetryPolicy, Workflow, WorkflowContext, WorkflowResult,
};

pub const TRANSCODE: &str = "transcode";
pub const ENCODE: &str = "encode";
pub const ABORT: &str = "abort";
/// The reason when nothing's close ended it: canceled before it was asked for in the history,
/// or while waiting to retry.
pub const NOTHING_CLOSED: &str = "nothing closed";

/// The failure of a stopped workflow: the id of what ended it (or [`NOTHING_CLOSED`]) as the
/// reason, the details it closed with as the details.
fn stopped(id: Option<&str>, details: Option<&str>) -> Exit {
    Exit::fail(id.unwrap_or(NOTHING_CLOSED), details.map(str::to_owned))
}

/// Transcodes its input, retried up to 3 attempts `backoff` apart when one is given; once `abort`
/// is signaled, cancels the transcode and fails when it has stopped.
#[derive(Debug, Clone, Copy)]
pub struct StopsTranscode {
    pub backoff: Option<Duration>,
}

impl Workflow for StopsTranscode {
    const NAME: &'static str = "stops-transcode";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, video: String) -> WorkflowResult<String> {
        // The types the end-to-end test registers have no default timeouts.
        let mut options = ActivityOptions::new(TRANSCODE, "1")
            .schedule_to_start_timeout(Duration::from_secs(10))
            .start_to_close_timeout(Duration::from_secs(20))
            .schedule_to_close_timeout(Duration::from_secs(30))
            .heartbeat_timeout(Duration::from_secs(20));
        if let Some(backoff) = self.backoff {
            options = options.retry(RetryPolicy::new(3).initial_interval(backoff));
        }
        let mut transcode = ctx.activity(TRANSCODE, &options, &video);
        if ctx.signal(ABORT).is_none() {
            return transcode.result();
        }
        transcode.cancel(ctx);
        let ended_by = transcode.closed_state()?;
        Err(stopped(
            ended_by.map(|t| t.activity_id.as_str()),
            ended_by.and_then(|t| t.status.details()),
        ))
    }
}

/// Starts child `encode`; once `abort` is signaled, cancels it and fails when it has stopped.
#[derive(Debug, Clone, Copy)]
pub struct StopsChild;

impl Workflow for StopsChild {
    const NAME: &'static str = "stops-child";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, video: String) -> WorkflowResult<String> {
        let mut encode = ctx.child(ENCODE, &ChildOptions::new("encoder", "1"), &video);
        if ctx.signal(ABORT).is_none() {
            return encode.result();
        }
        encode.cancel(ctx);
        let ended_by = encode.closed_state()?;
        Err(stopped(
            ended_by.map(|c| c.workflow_id.as_str()),
            ended_by.and_then(|c| c.status.details()),
        ))
    }
}
