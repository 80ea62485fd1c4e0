//! What a test does in one domain: register it and its types, start a workflow, play the decider
//! and the worker one poll at a time, signal, read a whole history.

use swf_core::types::*;
use swf_core::{Client, Error};

/// How many empty long polls [`Domain::next_decision`] makes before the test fails.
const MAX_EMPTY_POLLS: usize = 50;

/// Domain `name` of a service, through `client`. Every input a method takes has its `domain`
/// filled in with `name`.
#[derive(Debug, Clone)]
pub struct Domain {
    /// The client every call goes through.
    pub client: Client,
    /// The domain's name.
    pub name: String,
}

impl Domain {
    /// Domain `name` through `client`.
    pub fn new(client: Client, name: &str) -> Domain {
        Domain {
            client,
            name: name.to_owned(),
        }
    }

    /// Registers the domain with a retention of one day. The error is the test's to judge (a
    /// domain that may exist already is not a failure everywhere).
    pub async fn register(&self) -> Result<(), Error> {
        self.client
            .register_domain(RegisterDomainInput {
                name: self.name.clone(),
                workflow_execution_retention_period_in_days: "1".into(),
                ..Default::default()
            })
            .await
    }

    /// Registers a workflow type in the domain.
    pub async fn register_workflow_type(
        &self,
        input: RegisterWorkflowTypeInput,
    ) -> Result<(), Error> {
        let domain = self.name.clone();
        self.client
            .register_workflow_type(RegisterWorkflowTypeInput { domain, ..input })
            .await
    }

    /// Registers an activity type in the domain.
    pub async fn register_activity_type(
        &self,
        input: RegisterActivityTypeInput,
    ) -> Result<(), Error> {
        let domain = self.name.clone();
        self.client
            .register_activity_type(RegisterActivityTypeInput { domain, ..input })
            .await
    }

    /// Starts an execution; panics if the service refuses it.
    pub async fn start(&self, input: StartWorkflowExecutionInput) -> WorkflowExecution {
        let workflow_id = input.workflow_id.clone();
        let domain = self.name.clone();
        let run = self
            .client
            .start_workflow_execution(StartWorkflowExecutionInput { domain, ..input })
            .await
            .expect("the execution starts");
        WorkflowExecution {
            workflow_id,
            run_id: run.run_id.expect("a started execution has a run id"),
        }
    }

    /// One long poll of decision task list `task_list`: the task with its whole history, or
    /// `None` when none came within the service's poll timeout.
    pub async fn poll_decision(
        &self,
        task_list: &str,
        identity: Option<&str>,
    ) -> Option<DecisionTask> {
        self.client
            .poll_for_whole_decision_task(PollForDecisionTaskInput {
                domain: self.name.clone(),
                task_list: TaskList {
                    name: task_list.into(),
                },
                identity: identity.map(str::to_owned),
                ..Default::default()
            })
            .await
            .expect("the decision task poll succeeds")
            .map(|whole| whole.task)
    }

    /// The next decision task of `task_list`, polling until one comes; panics after
    /// [`MAX_EMPTY_POLLS`] empty polls.
    pub async fn next_decision(&self, task_list: &str, identity: Option<&str>) -> DecisionTask {
        for _ in 0..MAX_EMPTY_POLLS {
            if let Some(task) = self.poll_decision(task_list, identity).await {
                return task;
            }
        }
        panic!("no decision task on {task_list} in {MAX_EMPTY_POLLS} polls");
    }

    /// Completes decision task `task` with `decisions`; panics if the service refuses them.
    pub async fn decide(&self, task: &DecisionTask, decisions: Vec<Decision>) {
        self.client
            .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
                task_token: task.task_token.clone(),
                decisions: Some(decisions),
                ..Default::default()
            })
            .await
            .expect("the decisions are accepted");
    }

    /// One long poll of activity task list `task_list`: the task, or `None` when none came
    /// within the service's poll timeout.
    pub async fn poll_activity(
        &self,
        task_list: &str,
        identity: Option<&str>,
    ) -> Option<ActivityTask> {
        let task = self
            .client
            .poll_for_activity_task(PollForActivityTaskInput {
                domain: self.name.clone(),
                task_list: TaskList {
                    name: task_list.into(),
                },
                identity: identity.map(str::to_owned),
            })
            .await
            .expect("the activity task poll succeeds");
        // SWF answers an empty poll with a task whose token is empty.
        (!task.task_token.is_empty()).then_some(task)
    }

    /// Signals execution `workflow_id` (its latest run unless `run_id` says which).
    pub async fn signal(
        &self,
        workflow_id: &str,
        run_id: Option<&str>,
        name: &str,
        input: Option<&str>,
    ) {
        self.client
            .signal_workflow_execution(SignalWorkflowExecutionInput {
                domain: self.name.clone(),
                workflow_id: workflow_id.into(),
                run_id: run_id.map(str::to_owned),
                signal_name: name.into(),
                input: input.map(str::to_owned),
            })
            .await
            .expect("the signal is delivered");
    }

    /// The execution's whole history, every page, oldest first
    /// ([`Client::get_whole_workflow_execution_history`]); panics if it cannot be read, as when
    /// its pages do not end within what 25,000 events fill.
    pub async fn history(&self, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
        let input = GetWorkflowExecutionHistoryInput {
            domain: self.name.clone(),
            execution: execution.clone(),
            ..Default::default()
        };
        match self
            .client
            .get_whole_workflow_execution_history(input)
            .await
        {
            Ok(whole) => whole.events,
            Err(e) => panic!("the history of {execution:?}: {e}"),
        }
    }
}
