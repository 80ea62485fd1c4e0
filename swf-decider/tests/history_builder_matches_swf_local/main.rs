//! `HistoryBuilder` against swf-local: the same steps, the same history, event by event.
//!
//! `HistoryBuilder` is a hand-written model of how SWF writes histories, and most decision tests
//! stand on it. Each test here is one scenario, a list of [`Step`]s taken twice: once by a
//! `HistoryBuilder` (`decision_task_completed_with` for a decision task, `activity_failed`,
//! `timer_fired`, `signaled`, … for the rest; for decisions SWF refuses, the failure events the
//! scenario expects), once against an in-process swf-local with
//! `swf-core`'s raw calls (poll and answer a decision task with those decisions, poll and answer
//! an activity task, signal, request cancellation, let a timer or timeout come due). Then the
//! two histories are compared as JSON, every event and every attribute. A mismatch names the
//! event (id and both types), the JSON path of the first attribute that differs, and both
//! values; it is a bug in one of the two, decided from SWF's documentation and fixed there.
//!
//! # What is normalised, and why
//! Only values that are different on every run, on both sides:
//! - `eventTimestamp` is removed: the builder's clock starts at 2025-01-01 and ticks 1 ms an
//!   event, swf-local's is the wall clock.
//! - Run ids (`runId`, `newExecutionRunId`, `continuedExecutionRunId`) become `run#1`, `run#2`, …
//!   in the order each distinct id first appears in that history: the builder names runs
//!   `run-1`, `run-2`, swf-local makes random ones. Numbering by first appearance still checks
//!   that each event names the right run, and an empty run id stays empty.
//!
//! Nothing else: identities are not normalised (the steps poll as `decider` and `worker`, the
//! identities the builder writes), and histories carry no task tokens.
//!
//! # How the steps wait
//! A step swf-local takes on its own (a timer firing, an activity timing out) is awaited by the
//! decision poll of the next step, which long-polls until the decision task that event schedules
//! is there; so such a step must be followed by a [`Step::Decide`]. Every poll loop is bounded and
//! the whole scenario runs under a generous deadline. Timers and timeouts are 0 or 1 s (SWF counts
//! in whole seconds).
//!
//! # Not covered
//! - Only the first run of a continued execution is compared (the builder models one run), and
//!   not the children's own histories (histories like the parent's).
//! - Decision task timeouts: the builder's task start-to-close timeout is a fixed 10 s.
//! - Children that are canceled, terminated or time out; signals sent by another execution
//!   (`signaled` has no sender); cancelling an activity that has not started (the builder starts
//!   an activity before recording it canceled); the run id a `SignalExternalWorkflowExecution`
//!   or `RequestCancelExternalWorkflowExecution` decision names (the builder drops it).
//! - Lambda functions: swf-local has no Lambda.

#[path = "../common/mod.rs"]
mod common;

use std::collections::HashMap;

use serde_json::Value;
use swf_core::types::*;
use swf_decider::testing::HistoryBuilder;
use swf_testkit::first_difference;

use common::local::{self, DOMAIN, Local};

// The machinery: steps, both sides, the comparison, and the decisions scenarios send.
mod compare;
mod decisions;
mod scenario;
mod step;

// The scenarios, by family.
mod activities;
mod cancellation;
mod children;
mod continue_as_new;
mod refused_decisions;
mod timers_and_signals;

use compare::check;
use decisions::*;
use scenario::Scenario;
use step::Step;

/// The workflow type every scenario runs, and its input.
const WORKFLOW: (&str, &str) = ("scenario", "1");
const INPUT: &str = r#"{"order":"o-1"}"#;
/// The execution's decision task list, the one the builder writes.
const DECISIONS: &str = "default";
/// The activity task list the scenarios schedule on.
const ACTIVITIES: &str = "activities";
/// The activity type every activity is of.
const ACTIVITY: (&str, &str) = ("work", "1");
/// The type of every child workflow.
const CHILD: (&str, &str) = ("child", "1");
/// How many empty long polls (200 ms each) a step waits through before failing.
const MAX_POLLS: usize = 50;
