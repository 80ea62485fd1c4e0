//! Testing workflows: replay recorded or hand-made histories and assert on the decisions.
//!
//! A workflow's code changes; its running executions' histories do not. The way to know a change
//! is safe is to replay real histories through the new code: [`load_history`] reads the JSON that
//! `GetWorkflowExecutionHistory` returns (as `aws swf get-workflow-execution-history` writes it,
//! one page or many), and [`Replay`] runs it through a workflow. By default every completed
//! decision task is replayed and compared with what it recorded, so non-determinism fails the
//! test with the event id and the mismatch; the decisions the workflow makes at the end, or at any
//! decision task, can then be asserted on.
//!
//! ```
//! use swf_decider::testing::{HistoryBuilder, Replay};
//! # use swf_decider::{ActivityOptions, Workflow, WorkflowContext, WorkflowResult};
//! # struct Greet;
//! # impl Workflow for Greet {
//! #     const NAME: &'static str = "greet";
//! #     const VERSION: &'static str = "1";
//! #     type Input = String;
//! #     type Output = String;
//! #     fn run(&self, ctx: &mut WorkflowContext<'_>, name: String) -> WorkflowResult<String> {
//! #         ctx.activity("hello", &ActivityOptions::new("hello", "1"), &name).result()
//! #     }
//! # }
//! let mut history = HistoryBuilder::for_workflow::<Greet>(&"Ada");
//! history
//!     .decision_task()
//!     .activity_scheduled("hello", "hello", "1")
//!     .activity_completed("hello", Some(r#""Hello, Ada""#))
//!     .decision_task_started();
//! let replay = Replay::new(Greet).run(history.events())?;
//! assert_eq!(replay.task(1).unwrap().decisions.activity_ids(), ["hello"]);
//! assert_eq!(replay.decisions().completed_with::<String>().as_deref(), Some("Hello, Ada"));
//! # Ok::<(), swf_decider::DecideError>(())
//! ```

mod builder;
mod cached;
mod decisions;
mod recorded;
mod replay;

pub use builder::HistoryBuilder;
pub use cached::CachedTask;
pub use decisions::Decisions;
pub use recorded::{LoadError, load_history, load_history_file, save_history_file};
pub use replay::{Replay, ReplayOutcome, ReplayedTask};
