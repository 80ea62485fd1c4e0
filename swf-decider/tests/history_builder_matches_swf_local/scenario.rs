//! A scenario taken against swf-local with `swf-core`'s raw calls.

use super::*;

/// One scenario run against swf-local: the execution, and the tasks polled but not yet answered.
pub(super) struct Scenario {
    pub(super) local: Local,
    pub(super) execution: WorkflowExecution,
    decision: Option<DecisionTask>,
    activities: HashMap<String, String>,
}

impl Scenario {
    /// swf-local with the domain, the types, and the scenario's execution started as the
    /// builder's `WorkflowExecutionStarted` describes it.
    pub(super) async fn start(workflow_id: &str) -> Scenario {
        let local = local::start().await;
        local.register_activities(&[ACTIVITY.0]).await;
        for (name, version) in [WORKFLOW, CHILD] {
            let input = RegisterWorkflowTypeInput {
                name: name.into(),
                version: version.into(),
                ..Default::default()
            };
            let registered = local.domain.register_workflow_type(input);
            registered.await.expect("type registers");
        }
        let input = StartWorkflowExecutionInput {
            workflow_id: workflow_id.into(),
            workflow_type: workflow_type(WORKFLOW),
            task_list: Some(task_list(DECISIONS)),
            input: Some(INPUT.into()),
            execution_start_to_close_timeout: Some("3600".into()),
            task_start_to_close_timeout: Some("10".into()),
            child_policy: Some(ChildPolicy::Terminate),
            ..Default::default()
        };
        let execution = local.domain.start(input).await;
        Scenario {
            local,
            execution,
            decision: None,
            activities: HashMap::new(),
        }
    }

    /// The step, taken against swf-local.
    pub(super) async fn take(&mut self, step: &Step) {
        match step {
            Step::DecisionStarted => {
                let task = self.poll_decision(DECISIONS).await;
                self.decision = Some(task);
            }
            Step::Decide(decisions) | Step::Refused(decisions, _) => {
                let task = match self.decision.take() {
                    Some(task) => task,
                    None => self.poll_decision(DECISIONS).await,
                };
                self.decide(task, decisions.clone()).await;
            }
            Step::ActivityStarted(id) => self.start_activity(id).await,
            Step::ActivityCompleted(id, result) => {
                let task_token = self.started_activity(id).await;
                let input = RespondActivityTaskCompletedInput {
                    task_token,
                    result: result.map(Into::into),
                };
                let answered = self.local.client.respond_activity_task_completed(input);
                answered.await.expect("completion accepted");
            }
            Step::ActivityFailed(id, reason, details) => {
                let task_token = self.started_activity(id).await;
                let input = RespondActivityTaskFailedInput {
                    task_token,
                    reason: Some((*reason).into()),
                    details: details.map(Into::into),
                };
                let answered = self.local.client.respond_activity_task_failed(input);
                answered.await.expect("failure accepted");
            }
            Step::ActivityCanceled(id, details) => {
                let task_token = self.started_activity(id).await;
                let input = RespondActivityTaskCanceledInput {
                    task_token,
                    details: details.map(Into::into),
                };
                let answered = self.local.client.respond_activity_task_canceled(input);
                answered.await.expect("cancellation accepted");
            }
            Step::Heartbeat(id, details) => {
                let input = RecordActivityTaskHeartbeatInput {
                    task_token: self.activities.get(*id).expect("started").clone(),
                    details: details.map(Into::into),
                };
                let recorded = self.local.client.record_activity_task_heartbeat(input);
                recorded.await.expect("heartbeat accepted");
            }
            Step::ActivityTimedOut(id, _) => {
                self.activities.remove(*id);
            }
            Step::TimerFired(_)
            | Step::ChildStarted(_)
            | Step::ExternalSignaled(_)
            | Step::ExternalCancelRequested(_) => {}
            Step::Signal(name, input) => {
                let WorkflowExecution {
                    workflow_id,
                    run_id,
                } = &self.execution;
                let signaled = self
                    .local
                    .domain
                    .signal(workflow_id, Some(run_id), name, *input);
                signaled.await;
            }
            Step::CancelRequested => {
                let input = RequestCancelWorkflowExecutionInput {
                    domain: DOMAIN.into(),
                    workflow_id: self.execution.workflow_id.clone(),
                    run_id: Some(self.execution.run_id.clone()),
                };
                let requested = self.local.client.request_cancel_workflow_execution(input);
                requested.await.expect("cancel request accepted");
            }
            Step::ChildCompleted(workflow_id, result) => {
                let task = self.poll_decision(workflow_id).await;
                let close = complete(*result);
                self.decide(task, vec![close]).await;
            }
            Step::ChildFailed(workflow_id, reason, details) => {
                let task = self.poll_decision(workflow_id).await;
                self.decide(task, vec![fail(reason, *details)]).await;
            }
        }
    }

    /// The next decision task on `list` (a child's list is its workflow id).
    async fn poll_decision(&self, list: &str) -> DecisionTask {
        self.local.domain.next_decision(list, Some("decider")).await
    }

    async fn decide(&self, task: DecisionTask, decisions: Vec<Decision>) {
        self.local.domain.decide(&task, decisions).await;
    }

    /// Polls the activity task `id`, which must be the next one on the list.
    async fn start_activity(&mut self, id: &str) {
        for _ in 0..MAX_POLLS {
            let poll = self.local.domain.poll_activity(ACTIVITIES, Some("worker"));
            if let Some(task) = poll.await {
                assert_eq!(task.activity_id, id, "the scenario's next activity task");
                self.activities.insert(id.to_owned(), task.task_token);
                return;
            }
        }
        panic!("no activity task `{id}` after {MAX_POLLS} polls");
    }

    /// The token of the activity task `id`, polled now if it was not, as the builder starts
    /// an activity before answering it.
    async fn started_activity(&mut self, id: &str) -> String {
        if !self.activities.contains_key(id) {
            self.start_activity(id).await;
        }
        self.activities.remove(id).expect("started")
    }
}
