//! Amazon SWF deciders in Rust.
//!
//! Implement [`Workflow`] — one synchronous, deterministic method that looks at the replayed
//! history and says what to do now — and a [`Decider`] runs it: on each decision task it reads the
//! whole history (every page), folds it into a [`WorkflowState`], runs the workflow, checks the
//! result against the history for non-determinism, and answers `RespondDecisionTaskCompleted`
//! within SWF's limits. [`testing`] replays histories recorded from real runs through a workflow,
//! so workflows are unit-tested against what actually happened.
//!
//! ```
//! use std::time::Duration;
//! use serde::{Deserialize, Serialize};
//! use swf_decider::{
//!     ActivityDeclaration, ActivityOptions, RetryPolicy, Workflow, WorkflowContext, WorkflowResult,
//! };
//!
//! #[derive(Serialize, Deserialize)]
//! struct Order { id: String, cents: u64 }
//!
//! // The activities, declared: name, version, input and output. The worker implements them
//! // (`swf_worker::Activity`); the workflow needs only the declarations.
//! struct Charge;
//! impl ActivityDeclaration for Charge {
//!     const NAME: &'static str = "charge";
//!     const VERSION: &'static str = "1";
//!     type Input = Order;
//!     type Output = String; // the receipt
//! }
//! struct Ship;
//! impl ActivityDeclaration for Ship {
//!     const NAME: &'static str = "ship";
//!     const VERSION: &'static str = "1";
//!     type Input = (String, String); // order id, address
//!     type Output = ();
//! }
//!
//! struct ProcessOrder;
//!
//! impl Workflow for ProcessOrder {
//!     const NAME: &'static str = "process-order";
//!     const VERSION: &'static str = "1";
//!     type Input = Order;
//!     type Output = String;
//!
//!     fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<String> {
//!         ctx.check_cancel()?;
//!         // Asked on every run, scheduled once: later runs find it in the history. The input
//!         // must be an `Order` and the result is a `String`, as `Charge` declares.
//!         let charge = ActivityOptions::of::<Charge>().retry(RetryPolicy::new(3));
//!         let receipt = ctx.activity("charge", &charge, &order).result()?;
//!         // Wait for the customer to signal the address; once it arrived, it stays arrived.
//!         let address: String = ctx.wait_signal("address")?;
//!         ctx.timer("cool-off", Duration::from_secs(60)).wait()?;
//!         let ship = ActivityOptions::of::<Ship>();
//!         ctx.activity("ship", &ship, &(order.id, address)).result()?;
//!         Ok(receipt)
//!     }
//! }
//!
//! // A unit test: the first decision schedules `charge`.
//! use swf_decider::testing::{HistoryBuilder, Replay};
//! let mut history = HistoryBuilder::for_workflow::<ProcessOrder>(&Order { id: "o-1".into(), cents: 500 });
//! history.decision_task_started();
//! let replay = Replay::new(ProcessOrder).run(history.events()).unwrap();
//! assert_eq!(replay.decisions().activity_ids(), ["charge"]);
//! ```
//!
//! Activities declared nowhere in Rust (implemented in another language) are scheduled by name,
//! `ActivityOptions::new("charge", "1")`, with any serializable input and the result decoded into
//! the type the workflow asks for.
//!
//! # Where things are
//!
//! | concept | module |
//! | --- | --- |
//! | the trait users implement, and what a run returns | [`Workflow`], [`Exit`] |
//! | what a run sees and asks for | [`WorkflowContext`], [`commands`] |
//! | activities and children by type: input and result checked at compile time | [`ActivityDeclaration`], [`ActivityOptions::of`], [`ChildOptions::of`] |
//! | the history folded into state | [`state`] |
//! | activity retries and their attempt ids | [`RetryPolicy`], [`AttemptIds`] |
//! | which of several things happened first; canceling | [`WorkflowContext::first_of`], [`Cancellation`] |
//! | commands that contradict the history | [`NonDeterminism`] |
//! | SWF's limits | [`limits`] |
//! | the runner | [`Decider`], [`DeciderBuilder`] |
//! | starting and awaiting executions | [`WorkflowClient`] |
//! | replay tests and hand-made histories | [`testing`] |

#![forbid(unsafe_code)]
#![deny(rustdoc::broken_intra_doc_links)]
#![doc(test(attr(deny(warnings), allow(dead_code, unused_variables))))]

mod attempt_ids;
mod client;
pub mod commands;
mod context;
mod decider;
mod error;
pub mod limits;
mod nondeterminism;
mod race;
mod replayer;
mod retry_policy;
pub mod state;
pub mod testing;
mod workflow;

pub use attempt_ids::{AttemptIds, AttemptIdsError};
pub use client::{ClientError, StartOptions, WorkflowClient, WorkflowHandle, WorkflowOutcome};
pub use commands::{
    ActivityHandle, ActivityOptions, Cancellation, ChildHandle, ChildOptions, ContinueAsNew,
    ExternalHandle, LambdaHandle, LambdaOptions, TakesInput, TimerHandle, Typed, Untyped,
};
pub use context::WorkflowContext;
pub use decider::{
    DecidedFrom, Decider, DeciderBuilder, DeciderError, Fallback, OnError, TaskReport,
};
pub use error::DecideError;
pub use nondeterminism::{DecisionKey, Mismatch, NonDeterminism};
pub use race::{Contender, First};
pub use replayer::ReplayCheck;
pub use retry_policy::RetryPolicy;
pub use state::{HistoryError, WorkflowState};
/// The shutdown token [`Decider::run`] takes (tokio-util's, through swf-core's shared runtime;
/// the same type swf-worker re-exports), so a decider needs no tokio-util dependency of its own.
pub use swf_core::runtime::CancellationToken;
/// Turns SIGINT and SIGTERM into the shutdown token of [`Decider::run`]; from swf-core's shared
/// runtime, the same function swf-worker re-exports.
pub use swf_core::runtime::shutdown_on_signals;
pub use workflow::{
    Exit, Failure, Registration, Workflow, WorkflowError, WorkflowResult, workflow_type,
};

/// The declaration of an activity type (name, version, input, output) that
/// [`ActivityOptions::of`] schedules with its types checked; from `swf-core`, the same trait
/// swf-worker's `Activity` implements, so workflows and workers share declarations without
/// depending on each other.
pub use swf_core::ActivityDeclaration;
/// SWF's timeout form, seconds or `NONE`, which the timeouts of [`ActivityOptions`],
/// [`ChildOptions`] and [`ContinueAsNew`] accept where SWF takes `NONE`.
pub use swf_core::Timeout;
/// The codec types workflows and activities share, re-exported from `swf-core`.
pub use swf_core::codec::{Codec, CodecError, JsonCodec};
