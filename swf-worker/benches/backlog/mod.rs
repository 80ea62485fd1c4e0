//! Activity tasks waiting before a worker starts, so that what is timed is the worker alone: the
//! setup that `benches/heartbeat_lookup.rs` and swf-bench's `worker` and `heartbeat` workloads
//! share (swf-bench includes this file by path, from `swf-bench/src/lib.rs`).
//!
//! Each workflow run schedules its tasks in its first decision, as one fan-out would. The tasks of
//! a run share its history, which matters to a worker that reads each task's heartbeat timeout
//! from it.

use swf_core::types::{
    ActivityType, ChildPolicy, Decision, PollForDecisionTaskInput, RegisterWorkflowTypeInput,
    RespondDecisionTaskCompletedInput, ScheduleActivityTaskDecisionAttributes,
    StartWorkflowExecutionInput, TaskList, WorkflowType,
};
use swf_core::{ActivityDeclaration, Client};

/// The domain the tasks are scheduled in; the worker registers it.
pub(crate) const DOMAIN: &str = "bench";
/// The workflow type that schedules the tasks, and its decision task list.
const WORKFLOW: &str = "wf";
const DECISIONS: &str = "decisions";

/// Starts workflow runs of up to `per_workflow` tasks of activity `A` each, `tasks` tasks in all,
/// each run scheduling its tasks in its first decision; returns how many runs it started.
///
/// `task(i)` says how to schedule the `i`th task of a run (from 0): its input, task list,
/// timeouts. Its type is set here to `A`'s, and its activity id to `a{i}`, unique within the run.
/// Registers the workflow type first; the domain and `A` must be registered already.
pub(crate) async fn schedule<A: ActivityDeclaration>(
    client: &Client,
    tasks: usize,
    per_workflow: usize,
    task: impl Fn(usize) -> ScheduleActivityTaskDecisionAttributes,
) -> Result<usize, Box<dyn std::error::Error>> {
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: DOMAIN.into(),
            name: WORKFLOW.into(),
            version: "1".into(),
            default_task_list: Some(TaskList {
                name: DECISIONS.into(),
            }),
            default_execution_start_to_close_timeout: Some("3600".into()),
            default_task_start_to_close_timeout: Some("600".into()),
            default_child_policy: Some(ChildPolicy::Terminate),
            ..Default::default()
        })
        .await?;
    let workflows = tasks.div_ceil(per_workflow);
    for w in 0..workflows {
        client
            .start_workflow_execution(StartWorkflowExecutionInput {
                domain: DOMAIN.into(),
                workflow_id: format!("w{w}"),
                workflow_type: WorkflowType {
                    name: WORKFLOW.into(),
                    version: "1".into(),
                },
                ..Default::default()
            })
            .await?;
        let decision_task = client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: DOMAIN.into(),
                task_list: TaskList {
                    name: DECISIONS.into(),
                },
                ..Default::default()
            })
            .await?;
        let count = per_workflow.min(tasks - w * per_workflow);
        let decisions = (0..count)
            .map(|i| {
                Decision::from(ScheduleActivityTaskDecisionAttributes {
                    activity_type: ActivityType {
                        name: A::NAME.into(),
                        version: A::VERSION.into(),
                    },
                    activity_id: format!("a{i}"),
                    ..task(i)
                })
            })
            .collect();
        client
            .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
                task_token: decision_task.task_token,
                decisions: Some(decisions),
                ..Default::default()
            })
            .await?;
    }
    Ok(workflows)
}
