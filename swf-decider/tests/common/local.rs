//! End-to-end helpers: an in-process `swf-local`, a decider and a client pointed at it, an
//! activity answerer, and the recording of histories into `tests/histories/`.

use std::path::PathBuf;
use std::time::Duration;

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::*;
use swf_decider::{Decider, DeciderBuilder, JsonCodec, Workflow, WorkflowClient};
use swf_local::Server;
use swf_testkit::harness::{Domain, Harness};
use tokio_util::sync::CancellationToken;

use super::workflows::ACTIVITIES;

pub use swf_testkit::harness::within;

pub const DOMAIN: &str = "examples";

/// A running `swf-local` with the domain registered and a client for it.
pub struct Local {
    pub server: Server,
    pub client: Client,
    /// Domain `examples`, through `client`.
    pub domain: Domain,
}

/// Starts `swf-local` on a loopback port, with long polls that end after 200 ms.
pub async fn start() -> Local {
    start_with_poll_timeout(Duration::from_millis(200)).await
}

/// Starts `swf-local` on a loopback port, with long polls that end after `poll_timeout`.
pub async fn start_with_poll_timeout(poll_timeout: Duration) -> Local {
    let Harness { server, client } = Harness::start(poll_timeout).await;
    let domain = Domain::new(client.clone(), DOMAIN);
    Local {
        server,
        client,
        domain,
    }
}

impl Local {
    /// A decider builder for this service: domain `examples`, the given task list, one poller.
    pub fn decider(&self, task_list: &str) -> DeciderBuilder<JsonCodec> {
        let mut b = Decider::builder(self.client.clone());
        b.domain(DOMAIN)
            .task_list(task_list)
            .identity("e2e-decider")
            .pollers(1)
            .register(true);
        b
    }

    pub fn workflows(&self) -> WorkflowClient {
        WorkflowClient::new(self.client.clone(), DOMAIN)
    }

    /// Registers the domain and the activity types the examples use (each unless it exists:
    /// the decider may have registered the domain first).
    pub async fn register_activities(&self, names: &[&str]) {
        match self.domain.register().await {
            Ok(()) => {}
            Err(e) if e.is_domain_already_exists() => {}
            Err(e) => panic!("{e}"),
        }
        for name in names {
            let input = RegisterActivityTypeInput {
                name: (*name).into(),
                version: "1".into(),
                default_task_list: Some(TaskList {
                    name: ACTIVITIES.into(),
                }),
                ..Default::default()
            };
            match self.domain.register_activity_type(input).await {
                Ok(()) => {}
                Err(e) if e.is_type_already_exists() => {}
                Err(e) => panic!("{e}"),
            }
        }
    }

    /// Answers activity tasks with `answer` until `stop` is cancelled. `None` leaves a task
    /// unanswered.
    pub fn answer_activities(
        &self,
        stop: CancellationToken,
        answer: impl Fn(&ActivityTask) -> Option<Answer> + Send + 'static,
    ) -> tokio::task::JoinHandle<()> {
        let domain = self.domain.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            loop {
                let task = tokio::select! {
                    _ = stop.cancelled() => return,
                    task = domain.poll_activity(ACTIVITIES, Some("e2e-activities")) => task,
                };
                let Some(task) = task else {
                    continue;
                };
                let token = task.task_token.clone();
                let result = match answer(&task) {
                    None => continue,
                    Some(Answer::Complete(result)) => {
                        client
                            .respond_activity_task_completed(RespondActivityTaskCompletedInput {
                                task_token: token,
                                result,
                            })
                            .await
                    }
                    Some(Answer::Fail(reason)) => {
                        client
                            .respond_activity_task_failed(RespondActivityTaskFailedInput {
                                task_token: token,
                                reason: Some(reason),
                                details: None,
                            })
                            .await
                    }
                };
                result.expect("activity answer accepted");
            }
        })
    }

    /// Runs `decider` in the background until the returned token is cancelled.
    pub fn run(&self, decider: Decider) -> (CancellationToken, tokio::task::JoinHandle<()>) {
        let shutdown = CancellationToken::new();
        let token = shutdown.clone();
        let handle = tokio::spawn(async move { decider.run(token).await.expect("decider runs") });
        (shutdown, handle)
    }

    /// The whole history of an execution, every page.
    pub async fn history(&self, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
        self.domain.history(execution).await
    }

    /// With `SWF_DECIDER_RECORD=1`, writes the execution's history to `tests/histories/{name}.json`
    /// as `GetWorkflowExecutionHistory` returns it; with `SWF_DECIDER_RECORD_CLI=1`, also has the
    /// AWS CLI fetch it into `tests/histories/{name}.aws-cli.json`.
    pub async fn record(&self, execution: &WorkflowExecution, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/histories");
        if std::env::var("SWF_DECIDER_RECORD").is_ok_and(|v| v == "1") {
            let history = History {
                events: self.history(execution).await,
                next_page_token: None,
            };
            let json = serde_json::to_string_pretty(&history).expect("encodes") + "\n";
            std::fs::write(dir.join(format!("{name}.json")), json).expect("history written");
            // The same history as the pages SWF returned, 20 events a page, tokens included.
            let input = GetWorkflowExecutionHistoryInput {
                domain: DOMAIN.into(),
                execution: execution.clone(),
                maximum_page_size: Some(20),
                ..Default::default()
            };
            let pages: Vec<History> = self
                .client
                .get_workflow_execution_history_pages(input)
                .try_collect()
                .await
                .expect("pages");
            let json = serde_json::to_string_pretty(&pages).expect("encodes") + "\n";
            std::fs::write(dir.join(format!("{name}.pages.json")), json).expect("history written");
        }
        if std::env::var("SWF_DECIDER_RECORD_CLI").is_ok_and(|v| v == "1") {
            let execution = format!(
                "workflowId={},runId={}",
                execution.workflow_id, execution.run_id
            );
            // The CLI with the machine's AWS setup shut out (swf-testkit's `aws_cli`).
            let mut command = swf_testkit::AwsCli::new(self.server.endpoint_url())
                .command("get-workflow-execution-history");
            command.args(["--domain", DOMAIN, "--execution", &execution]);
            let out = swf_testkit::run_with_deadline(&mut command, Duration::from_secs(60));
            assert!(
                out.status.success(),
                "aws failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::fs::write(dir.join(format!("{name}.aws-cli.json")), out.stdout)
                .expect("history written");
        }
    }
}

/// How to answer an activity task.
pub enum Answer {
    Complete(Option<String>),
    Fail(String),
}

/// The execution of a started handle.
pub fn execution<O: serde::de::DeserializeOwned>(
    h: &swf_decider::WorkflowHandle<O>,
) -> WorkflowExecution {
    WorkflowExecution {
        workflow_id: h.workflow_id().to_owned(),
        run_id: h.run_id().unwrap_or_default().to_owned(),
    }
}

/// Serves every example workflow.
pub fn serve_examples(b: &mut DeciderBuilder<JsonCodec>) -> &mut DeciderBuilder<JsonCodec> {
    use super::workflows::*;
    b.workflow(OrderWorkflow)
        .workflow(ParentWorkflow)
        .workflow(GreetingWorkflow)
        .workflow(CountdownWorkflow)
        .workflow(CancellableWorkflow)
        .workflow(MarkersWorkflow)
}

/// The type of `W` as SWF names it.
pub fn type_of<W: Workflow>() -> WorkflowType {
    swf_decider::workflow_type::<W, JsonCodec>()
}

/// The timeout types of the history's `DecisionTaskTimedOut` events, in order.
pub fn decision_timeouts(history: &[HistoryEvent]) -> Vec<DecisionTaskTimeoutType> {
    history
        .iter()
        .filter_map(|e| match e.attributes() {
            EventAttributesRef::DecisionTaskTimedOut(a) => Some(a.timeout_type.clone()),
            _ => None,
        })
        .collect()
}
