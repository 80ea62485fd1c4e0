//! The workflows of the race and cancellation tests: a video pipeline whose `transcode` (retried)
//! is canceled when an `abort` signal arrives first, and small workflows that report what their
//! cancels and races answered.

// Each test binary uses a part of this module; what one leaves unused is not dead.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::time::Duration;

use swf_decider::{
    ActivityOptions, AttemptIds, Cancellation, ChildOptions, Contender, Exit, LambdaOptions,
    Registration, RetryPolicy, Workflow, WorkflowContext, WorkflowResult,
};

pub const TRANSCODE: &str = "transcode";
pub const ABORT: &str = "abort";
/// The reason the pipeline fails with when aborted; its details are the cancel's answer.
pub const ABORTED: &str = "aborted while transcoding";

/// How the pipeline cancels the transcode when `abort` comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancel {
    /// `handle.cancel(ctx)`, then fail at once.
    Handle,
    /// `ctx.request_cancel_activity("transcode")`, then fail at once.
    ById,
    /// `handle.cancel(ctx)`, then wait for the transcode to close before failing.
    HandleAndWait,
}

/// Transcodes a video under a retry policy; an `abort` signal that arrives before the transcode
/// is over cancels it and fails the execution with [`ABORTED`].
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub backoff: Duration,
    pub cancel: Cancel,
    pub ids: AttemptIds,
}

impl Pipeline {
    /// One-second backoff, canceled through the handle, default attempt ids.
    pub fn new(cancel: Cancel) -> Pipeline {
        Pipeline {
            backoff: Duration::from_secs(1),
            cancel,
            ids: AttemptIds::default(),
        }
    }

    fn transcode(&self) -> ActivityOptions {
        // The types the end-to-end test registers have no default timeouts.
        ActivityOptions::new(TRANSCODE, "1")
            .schedule_to_start_timeout(Duration::from_secs(10))
            .start_to_close_timeout(Duration::from_secs(20))
            .schedule_to_close_timeout(Duration::from_secs(30))
            .heartbeat_timeout(Duration::from_secs(20))
            .retry(
                RetryPolicy::new(3)
                    .initial_interval(self.backoff)
                    .attempt_ids(self.ids.clone()),
            )
    }
}

impl Workflow for Pipeline {
    const NAME: &'static str = "video-pipeline";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, video: String) -> WorkflowResult<String> {
        let mut transcode = ctx.activity(TRANSCODE, &self.transcode(), &video);
        if ctx
            .first_of([Contender::signal(ABORT), transcode.closed()])?
            .index
            == 0
        {
            let answer = match self.cancel {
                Cancel::ById => ctx.request_cancel_activity(TRANSCODE),
                Cancel::Handle | Cancel::HandleAndWait => transcode.cancel(ctx),
            };
            if self.cancel == Cancel::HandleAndWait {
                transcode.result::<String>()?;
            }
            return Err(Exit::fail(ABORTED, Some(format!("{answer:?}"))));
        }
        transcode.result()
    }

    fn registration() -> Registration {
        Registration::new()
            .execution_start_to_close_timeout(Duration::from_secs(60))
            .task_start_to_close_timeout(Duration::from_secs(2))
            .child_policy(swf_core::types::ChildPolicy::Terminate)
    }
}

/// Asks for `job` (retried at once), `other`, timer `t` and child `c`; once signal `go` arrives,
/// cancels what its input names (`activity:<id>`, `timer:<id>`, `child`) on every run, and once
/// signal `done` arrives too, completes with that run's answers.
#[derive(Debug, Clone, Copy)]
pub struct Cancels;

impl Workflow for Cancels {
    const NAME: &'static str = "cancels";
    const VERSION: &'static str = "1";
    type Input = Vec<String>;
    type Output = Vec<String>;

    fn run(&self, ctx: &mut WorkflowContext<'_>, ops: Vec<String>) -> WorkflowResult<Vec<String>> {
        let retry = RetryPolicy::new(3).initial_interval(Duration::ZERO);
        ctx.activity("job", &ActivityOptions::new("job", "1").retry(retry), &());
        ctx.activity("other", &ActivityOptions::new("other", "1"), &());
        ctx.timer("t", Duration::from_secs(5));
        let mut child = ctx.child("c", &ChildOptions::new("kid", "1"), &());
        if ctx.signal("go").is_none() {
            return Err(Exit::Pending);
        }
        let answers = ops.iter().map(|op| {
            let answer: Cancellation = match op.split_once(':') {
                Some(("activity", id)) => ctx.request_cancel_activity(id),
                Some(("timer", id)) => ctx.cancel_timer(id),
                _ => child.cancel(ctx),
            };
            format!("{answer:?}")
        });
        let answers: Vec<String> = answers.collect();
        match ctx.signal("done") {
            Some(_) => Ok(answers),
            None => Err(Exit::Pending),
        }
    }
}

/// Asks for timer `t`, child `c`, Lambda `l` and activity `a`, and completes with which of them,
/// the `abort` signal or a cancel request happened first: `[index, event id]`.
#[derive(Debug, Clone, Copy)]
pub struct Race;

impl Workflow for Race {
    const NAME: &'static str = "race";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = (usize, i64);

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<(usize, i64)> {
        let timer = ctx.timer("t", Duration::from_secs(60));
        let child = ctx.child("c", &ChildOptions::new("kid", "1"), &());
        let lambda = ctx.lambda("l", &LambdaOptions::new("fn"), &());
        let activity = ctx.activity("a", &ActivityOptions::new("a", "1"), &());
        let first = ctx.first_of([
            Contender::signal(ABORT),
            timer.fired(),
            child.closed(),
            lambda.closed(),
            Contender::cancel_requested(),
            activity.closed(),
        ])?;
        Ok((first.index, first.event_id))
    }
}
