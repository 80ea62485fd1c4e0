//! Helpers shared by the integration tests: an in-process service, a client pointed at it, a
//! registered domain, and short ways to write decisions and read histories.

use std::time::Duration;
use swf_core::types::*;
use swf_core::{Client, RetryConfig};
use swf_local::{Builder, Server};
use swf_testkit::harness::{Domain, Harness};

use swf_testkit::harness::decisions;
pub use swf_testkit::harness::decisions::cancel_timer;
pub use swf_testkit::harness::events::of_type;

/// The domain [`env`] registers, and the tests on a service of their own (a binary) register.
pub const DOMAIN: &str = "d";
pub const WORKFLOW: &str = "wf";
pub const ACTIVITY: &str = "act";
pub const DECISIONS: &str = "decisions";
pub const ACTIVITIES: &str = "activities";

/// A running service and a client for it.
pub struct Env {
    pub server: Server,
    pub client: Client,
    pub domain: String,
}

/// A client for `endpoint`, with retries off so a test sees every answer as it is.
pub async fn client_for(endpoint: &str) -> Client {
    swf_testkit::harness::client(endpoint, RetryConfig::disabled()).await
}

/// A service with 1 s polls and a domain `d` holding the workflow type `wf` (decisions on
/// `decisions`, 60 s execution, 10 s decision tasks, TERMINATE) and the activity type `act`
/// (on `activities`, 10 s/20 s/10 s timeouts, no heartbeat).
pub async fn env() -> Env {
    env_with(Duration::from_secs(1)).await
}

pub async fn env_with(poll_timeout: Duration) -> Env {
    let Harness { server, client } = Harness::start(poll_timeout).await;
    let client = client.with_retry_config(RetryConfig::disabled());
    let domain = DOMAIN.to_owned();
    register_domain(&client, &domain).await;
    Env {
        server,
        client,
        domain,
    }
}

/// The service `builder` configures (its poll timeout included: the builder's default is SWF's
/// minute), a client of it without retries, and the domain `d` of [`env`]. The one home of the
/// set-up of the tests that need a service configured otherwise than [`env_with`]'s.
pub async fn env_of(builder: &mut Builder) -> Env {
    let server = builder.start().await.expect("swf-local starts");
    let client = client_for(&server.endpoint_url()).await;
    let domain = DOMAIN.to_owned();
    register_domain(&client, &domain).await;
    Env {
        server,
        client,
        domain,
    }
}

/// Registers `domain` with the workflow type `wf` and the activity type `act` (see [`env`]).
pub async fn register_domain(client: &Client, domain: &str) {
    let domain = Domain::new(client.clone(), domain);
    domain.register().await.unwrap();
    domain
        .register_workflow_type(workflow_type_input(WORKFLOW, "1", DECISIONS))
        .await
        .unwrap();
    domain
        .register_activity_type(activity_type_input(ACTIVITY, "1", ACTIVITIES))
        .await
        .unwrap();
}

/// The registration of workflow type `name` `version`, with the defaults the tests rely on:
/// `list` as its task list, 60 s for a run, 10 s for a decision task, children terminated.
pub fn workflow_type_input(name: &str, version: &str, list: &str) -> RegisterWorkflowTypeInput {
    RegisterWorkflowTypeInput {
        name: name.into(),
        version: version.into(),
        default_task_list: Some(TaskList { name: list.into() }),
        default_execution_start_to_close_timeout: Some("60".into()),
        default_task_start_to_close_timeout: Some("10".into()),
        default_child_policy: Some(ChildPolicy::Terminate),
        ..Default::default()
    }
}

/// The registration of activity type `name` `version`, with the defaults the tests rely on:
/// `list` as its task list, 10 s to start, 20 s in all, 10 s to finish, no heartbeat timeout.
pub fn activity_type_input(name: &str, version: &str, list: &str) -> RegisterActivityTypeInput {
    RegisterActivityTypeInput {
        name: name.into(),
        version: version.into(),
        default_task_list: Some(TaskList { name: list.into() }),
        default_task_schedule_to_start_timeout: Some("10".into()),
        default_task_schedule_to_close_timeout: Some("20".into()),
        default_task_start_to_close_timeout: Some("10".into()),
        default_task_heartbeat_timeout: Some("NONE".into()),
        ..Default::default()
    }
}

pub fn wf_type() -> WorkflowType {
    WorkflowType {
        name: WORKFLOW.into(),
        version: "1".into(),
    }
}

pub fn act_type() -> ActivityType {
    ActivityType {
        name: ACTIVITY.into(),
        version: "1".into(),
    }
}

impl Env {
    /// The env's domain, through its client.
    pub fn in_domain(&self) -> Domain {
        Domain::new(self.client.clone(), &self.domain)
    }

    /// Starts `wf` with id `workflow_id` and returns the execution.
    pub async fn start(&self, workflow_id: &str) -> WorkflowExecution {
        self.start_with(StartWorkflowExecutionInput {
            workflow_id: workflow_id.into(),
            ..Default::default()
        })
        .await
    }

    pub async fn start_with(&self, input: StartWorkflowExecutionInput) -> WorkflowExecution {
        self.in_domain()
            .start(StartWorkflowExecutionInput {
                workflow_type: wf_type(),
                ..input
            })
            .await
    }

    /// Polls `decisions` until a task comes (a bounded number of polls).
    pub async fn decision(&self) -> DecisionTask {
        self.decision_on(DECISIONS).await
    }

    pub async fn decision_on(&self, task_list: &str) -> DecisionTask {
        for _ in 0..10 {
            let task = self.try_decision_on(task_list).await;
            if !task.task_token.is_empty() {
                return task;
            }
        }
        panic!("no decision task on {task_list}");
    }

    /// One poll of a decision task list (empty token if none came).
    pub async fn try_decision_on(&self, task_list: &str) -> DecisionTask {
        self.client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: self.domain.clone(),
                task_list: TaskList {
                    name: task_list.into(),
                },
                identity: Some("decider".into()),
                ..Default::default()
            })
            .await
            .unwrap()
    }

    /// Polls `activities` until a task comes (a bounded number of polls).
    pub async fn activity(&self) -> ActivityTask {
        for _ in 0..10 {
            let task = self.try_activity().await;
            if !task.task_token.is_empty() {
                return task;
            }
        }
        panic!("no activity task");
    }

    pub async fn try_activity(&self) -> ActivityTask {
        self.client
            .poll_for_activity_task(PollForActivityTaskInput {
                domain: self.domain.clone(),
                task_list: TaskList {
                    name: ACTIVITIES.into(),
                },
                identity: Some("worker".into()),
            })
            .await
            .unwrap()
    }

    /// Answers a decision task.
    pub async fn decide(&self, task: &DecisionTask, decisions: Vec<Decision>) {
        self.try_decide(task, decisions).await.unwrap();
    }

    pub async fn try_decide(
        &self,
        task: &DecisionTask,
        decisions: Vec<Decision>,
    ) -> Result<(), swf_core::Error> {
        self.client
            .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
                task_token: task.task_token.clone(),
                decisions: Some(decisions),
                ..Default::default()
            })
            .await
    }

    /// The whole history of an execution.
    pub async fn history(&self, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
        self.in_domain().history(execution).await
    }

    pub async fn event_types(&self, execution: &WorkflowExecution) -> Vec<String> {
        types(&self.history(execution).await)
    }

    pub async fn describe(&self, execution: &WorkflowExecution) -> WorkflowExecutionDetail {
        self.client
            .describe_workflow_execution(DescribeWorkflowExecutionInput {
                domain: self.domain.clone(),
                execution: execution.clone(),
            })
            .await
            .unwrap()
    }

    /// Runs a workflow up to its first activity task, which it returns started.
    pub async fn started_activity(
        &self,
        workflow_id: &str,
        attrs: ScheduleActivityTaskDecisionAttributes,
    ) -> (WorkflowExecution, ActivityTask) {
        let execution = self.start(workflow_id).await;
        let task = self.decision().await;
        self.decide(&task, vec![schedule_activity_with(attrs)])
            .await;
        let activity = self.activity().await;
        (execution, activity)
    }
}

/// One poll of decision task list `task_list` in [`DOMAIN`], with no identity: the task, or an
/// empty one when none came within the poll timeout.
pub async fn poll_decision(client: &Client, task_list: &str) -> DecisionTask {
    client
        .poll_for_decision_task(PollForDecisionTaskInput {
            domain: DOMAIN.into(),
            task_list: TaskList {
                name: task_list.into(),
            },
            ..Default::default()
        })
        .await
        .unwrap()
}

/// One poll of [`ACTIVITIES`] in [`DOMAIN`], with no identity: the task, or an empty one when
/// none came within the poll timeout.
pub async fn poll_activity(client: &Client) -> ActivityTask {
    client
        .poll_for_activity_task(PollForActivityTaskInput {
            domain: DOMAIN.into(),
            task_list: TaskList {
                name: ACTIVITIES.into(),
            },
            identity: None,
        })
        .await
        .unwrap()
}

/// The whole history of an execution in [`DOMAIN`], page after page (a bounded number).
pub async fn history(client: &Client, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
    Domain::new(client.clone(), DOMAIN).history(execution).await
}

/// The event types of a history, as strings.
pub fn types(events: &[HistoryEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.event_type.as_str().to_owned())
        .collect()
}

pub fn schedule_activity(activity_id: &str) -> Decision {
    schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
        activity_id: activity_id.into(),
        ..Default::default()
    })
}

pub fn schedule_activity_with(attrs: ScheduleActivityTaskDecisionAttributes) -> Decision {
    let activity_type = if attrs.activity_type.name.is_empty() {
        act_type()
    } else {
        attrs.activity_type.clone()
    };
    decisions::schedule_activity(ScheduleActivityTaskDecisionAttributes {
        activity_type,
        ..attrs
    })
}

pub fn complete(result: &str) -> Decision {
    decisions::complete(Some(result))
}

pub fn start_timer(timer_id: &str, seconds: u32) -> Decision {
    decisions::start_timer(timer_id, &seconds.to_string())
}

pub fn marker(name: &str) -> Decision {
    decisions::marker(name, None)
}

pub fn start_child(workflow_id: &str) -> Decision {
    decisions::start_child(StartChildWorkflowExecutionDecisionAttributes {
        workflow_id: workflow_id.into(),
        workflow_type: wf_type(),
        task_list: Some(TaskList {
            name: "children".into(),
        }),
        ..Default::default()
    })
}

/// Sends a raw request and returns the status and the JSON body.
pub async fn raw(endpoint: &str, target: Option<&str>, body: &str) -> (u16, serde_json::Value) {
    let client = reqwest::Client::new();
    let mut req = client
        .post(format!("{endpoint}/"))
        .header("content-type", "application/x-amz-json-1.0")
        .body(body.to_owned());
    if let Some(t) = target {
        req = req.header("x-amz-target", t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}
