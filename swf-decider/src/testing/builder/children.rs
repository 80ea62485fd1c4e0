//! Child workflow executions, requests to other executions, and Lambda functions.

use swf_core::types::*;

use super::{Child, HistoryBuilder, Request, Scheduled};

impl HistoryBuilder {
    // Child workflow executions.

    /// `StartChildWorkflowExecutionInitiated` for child `workflow_id` of type `name`/`version`.
    pub fn child_initiated(&mut self, workflow_id: &str, name: &str, version: &str) -> &mut Self {
        self.child_initiated_with(StartChildWorkflowExecutionInitiatedEventAttributes {
            workflow_id: workflow_id.to_owned(),
            workflow_type: WorkflowType {
                name: name.to_owned(),
                version: version.to_owned(),
            },
            child_policy: ChildPolicy::Terminate,
            ..Default::default()
        })
    }

    /// `StartChildWorkflowExecutionInitiated` with these attributes; the decision task and an
    /// unset task list are filled in.
    pub fn child_initiated_with(
        &mut self,
        mut a: StartChildWorkflowExecutionInitiatedEventAttributes,
    ) -> &mut Self {
        a.decision_task_completed_event_id = self.completed_id();
        if a.task_list.name.is_empty() {
            a.task_list.name = self.task_list.clone();
        }
        let workflow_id = a.workflow_id.clone();
        let workflow_type = a.workflow_type.clone();
        let initiated = self.push(a);
        let execution = WorkflowExecution {
            workflow_id: workflow_id.clone(),
            run_id: String::new(),
        };
        self.children.insert(
            workflow_id,
            Child {
                initiated,
                started: None,
                execution,
                workflow_type,
            },
        );
        self
    }

    /// `StartChildWorkflowExecutionFailed` for `workflow_id`: refused at once (no initiated event)
    /// unless the child was initiated, as SWF does for `WORKFLOW_ALREADY_RUNNING`.
    pub fn start_child_failed(
        &mut self,
        workflow_id: &str,
        name: &str,
        version: &str,
        cause: StartChildWorkflowExecutionFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        let initiated = self
            .children
            .get(workflow_id)
            .map(|c| c.initiated)
            .unwrap_or_default();
        self.push_trigger(StartChildWorkflowExecutionFailedEventAttributes {
            cause,
            control: None,
            decision_task_completed_event_id: completed,
            initiated_event_id: initiated,
            workflow_id: workflow_id.to_owned(),
            workflow_type: WorkflowType {
                name: name.to_owned(),
                version: version.to_owned(),
            },
        });
        self
    }

    /// `ChildWorkflowExecutionStarted` for the initiated child `workflow_id`, with a run id.
    pub fn child_started(&mut self, workflow_id: &str) -> &mut Self {
        let run_id = self.next_run_id();
        let child = self.child_mut(workflow_id);
        child.execution.run_id = run_id;
        let (initiated, execution, workflow_type) = (
            child.initiated,
            child.execution.clone(),
            child.workflow_type.clone(),
        );
        let started = self.push_trigger(ChildWorkflowExecutionStartedEventAttributes {
            initiated_event_id: initiated,
            workflow_execution: execution,
            workflow_type,
        });
        self.child_mut(workflow_id).started = Some(started);
        self
    }

    /// `ChildWorkflowExecutionCompleted` with the encoded `result` (started first if needed).
    pub fn child_completed(&mut self, workflow_id: &str, result: Option<&str>) -> &mut Self {
        let c = self.child_running(workflow_id);
        self.push_trigger(ChildWorkflowExecutionCompletedEventAttributes {
            initiated_event_id: c.initiated,
            result: result.map(str::to_owned),
            started_event_id: c.started.unwrap_or_default(),
            workflow_execution: c.execution,
            workflow_type: c.workflow_type,
        });
        self
    }

    /// `ChildWorkflowExecutionFailed` (started first if needed).
    pub fn child_failed(
        &mut self,
        workflow_id: &str,
        reason: &str,
        details: Option<&str>,
    ) -> &mut Self {
        let c = self.child_running(workflow_id);
        self.push_trigger(ChildWorkflowExecutionFailedEventAttributes {
            details: details.map(str::to_owned),
            initiated_event_id: c.initiated,
            reason: Some(reason.to_owned()),
            started_event_id: c.started.unwrap_or_default(),
            workflow_execution: c.execution,
            workflow_type: c.workflow_type,
        });
        self
    }

    /// `ChildWorkflowExecutionTimedOut` (started first if needed).
    pub fn child_timed_out(&mut self, workflow_id: &str) -> &mut Self {
        let c = self.child_running(workflow_id);
        self.push_trigger(ChildWorkflowExecutionTimedOutEventAttributes {
            initiated_event_id: c.initiated,
            started_event_id: c.started.unwrap_or_default(),
            timeout_type: WorkflowExecutionTimeoutType::StartToClose,
            workflow_execution: c.execution,
            workflow_type: c.workflow_type,
        });
        self
    }

    /// `ChildWorkflowExecutionCanceled` (started first if needed).
    pub fn child_canceled(&mut self, workflow_id: &str, details: Option<&str>) -> &mut Self {
        let c = self.child_running(workflow_id);
        self.push_trigger(ChildWorkflowExecutionCanceledEventAttributes {
            details: details.map(str::to_owned),
            initiated_event_id: c.initiated,
            started_event_id: c.started.unwrap_or_default(),
            workflow_execution: c.execution,
            workflow_type: c.workflow_type,
        });
        self
    }

    /// `ChildWorkflowExecutionTerminated` (started first if needed).
    pub fn child_terminated(&mut self, workflow_id: &str) -> &mut Self {
        let c = self.child_running(workflow_id);
        self.push_trigger(ChildWorkflowExecutionTerminatedEventAttributes {
            initiated_event_id: c.initiated,
            started_event_id: c.started.unwrap_or_default(),
            workflow_execution: c.execution,
            workflow_type: c.workflow_type,
        });
        self
    }

    fn child_mut(&mut self, workflow_id: &str) -> &mut Child {
        self.children.get_mut(workflow_id).unwrap_or_else(|| {
            panic!("child workflow `{workflow_id}` was not initiated in this history")
        })
    }

    fn child_running(&mut self, workflow_id: &str) -> Child {
        if self.child_mut(workflow_id).started.is_none() {
            self.child_started(workflow_id);
        }
        self.child_mut(workflow_id).clone()
    }

    // Requests to other executions.

    /// `SignalExternalWorkflowExecutionInitiated` under command id `id` (its `control`).
    pub fn external_signal_initiated(
        &mut self,
        id: &str,
        workflow_id: &str,
        signal_name: &str,
        input: Option<&str>,
    ) -> &mut Self {
        let completed = self.completed_id();
        let initiated = self.push(SignalExternalWorkflowExecutionInitiatedEventAttributes {
            control: Some(id.to_owned()),
            decision_task_completed_event_id: completed,
            input: input.map(str::to_owned),
            run_id: None,
            signal_name: signal_name.to_owned(),
            workflow_id: workflow_id.to_owned(),
        });
        let request = Request {
            initiated,
            workflow_id: workflow_id.to_owned(),
        };
        self.signals_sent.insert(id.to_owned(), request);
        self
    }

    /// `ExternalWorkflowExecutionSignaled` for the signal sent under command id `id`, naming the
    /// execution it reached.
    pub fn external_signaled(&mut self, id: &str) -> &mut Self {
        let Request {
            initiated,
            workflow_id,
        } = self.sent(id, true);
        let workflow_execution = self.target(workflow_id);
        self.push_trigger(ExternalWorkflowExecutionSignaledEventAttributes {
            initiated_event_id: initiated,
            workflow_execution,
        });
        self
    }

    /// `SignalExternalWorkflowExecutionFailed` for command id `id` (after its initiated event, if
    /// any).
    pub fn signal_external_failed(
        &mut self,
        id: &str,
        workflow_id: &str,
        cause: SignalExternalWorkflowExecutionFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        let initiated = self.signals_sent.get(id).map_or(0, |r| r.initiated);
        self.push_trigger(SignalExternalWorkflowExecutionFailedEventAttributes {
            cause,
            control: Some(id.to_owned()),
            decision_task_completed_event_id: completed,
            initiated_event_id: initiated,
            run_id: None,
            workflow_id: workflow_id.to_owned(),
        });
        self
    }

    /// `RequestCancelExternalWorkflowExecutionInitiated` under command id `id`.
    pub fn external_cancel_initiated(&mut self, id: &str, workflow_id: &str) -> &mut Self {
        let completed = self.completed_id();
        let initiated = self.push(
            RequestCancelExternalWorkflowExecutionInitiatedEventAttributes {
                control: Some(id.to_owned()),
                decision_task_completed_event_id: completed,
                run_id: None,
                workflow_id: workflow_id.to_owned(),
            },
        );
        let request = Request {
            initiated,
            workflow_id: workflow_id.to_owned(),
        };
        self.cancels_sent.insert(id.to_owned(), request);
        self
    }

    /// `ExternalWorkflowExecutionCancelRequested` for the request under command id `id`, naming
    /// the execution it reached.
    pub fn external_cancel_requested(&mut self, id: &str) -> &mut Self {
        let Request {
            initiated,
            workflow_id,
        } = self.sent(id, false);
        let workflow_execution = self.target(workflow_id);
        self.push_trigger(ExternalWorkflowExecutionCancelRequestedEventAttributes {
            initiated_event_id: initiated,
            workflow_execution,
        });
        self
    }

    /// The execution a request to `workflow_id` reached, as SWF names it: the run of that
    /// workflow id the builder knows (a child's), or else a new run id. (The builder's requests
    /// name no run.)
    fn target(&mut self, workflow_id: String) -> WorkflowExecution {
        let known = self
            .children
            .get(&workflow_id)
            .map(|child| child.execution.run_id.clone())
            .filter(|r| !r.is_empty());
        let run_id = known.unwrap_or_else(|| self.next_run_id());
        WorkflowExecution {
            workflow_id,
            run_id,
        }
    }

    /// `RequestCancelExternalWorkflowExecutionFailed` for command id `id`.
    pub fn request_cancel_external_failed(
        &mut self,
        id: &str,
        workflow_id: &str,
        cause: RequestCancelExternalWorkflowExecutionFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        let initiated = self.cancels_sent.get(id).map_or(0, |r| r.initiated);
        self.push_trigger(
            RequestCancelExternalWorkflowExecutionFailedEventAttributes {
                cause,
                control: Some(id.to_owned()),
                decision_task_completed_event_id: completed,
                initiated_event_id: initiated,
                run_id: None,
                workflow_id: workflow_id.to_owned(),
            },
        );
        self
    }

    fn sent(&self, id: &str, signal: bool) -> Request {
        let sent = if signal {
            &self.signals_sent
        } else {
            &self.cancels_sent
        };
        sent.get(id)
            .cloned()
            .unwrap_or_else(|| panic!("request `{id}` was not initiated in this history"))
    }

    // Lambda functions.

    /// `LambdaFunctionScheduled` for `id` of function `name`.
    pub fn lambda_scheduled(&mut self, id: &str, name: &str, input: Option<&str>) -> &mut Self {
        let completed = self.completed_id();
        let scheduled = self.push(LambdaFunctionScheduledEventAttributes {
            control: None,
            decision_task_completed_event_id: completed,
            id: id.to_owned(),
            input: input.map(str::to_owned),
            name: name.to_owned(),
            start_to_close_timeout: None,
        });
        self.lambdas.insert(
            id.to_owned(),
            Scheduled {
                scheduled,
                ..Default::default()
            },
        );
        self
    }

    /// `LambdaFunctionStarted` for `id`.
    pub fn lambda_started(&mut self, id: &str) -> &mut Self {
        let scheduled = self.lambda(id).scheduled;
        let started = self.push(LambdaFunctionStartedEventAttributes {
            scheduled_event_id: scheduled,
        });
        self.lambdas.get_mut(id).expect("scheduled").started = Some(started);
        self
    }

    /// `LambdaFunctionCompleted` for `id` (started first if needed).
    pub fn lambda_completed(&mut self, id: &str, result: Option<&str>) -> &mut Self {
        let (scheduled, started) = self.lambda_running(id);
        self.push_trigger(LambdaFunctionCompletedEventAttributes {
            result: result.map(str::to_owned),
            scheduled_event_id: scheduled,
            started_event_id: started,
        });
        self
    }

    /// `LambdaFunctionFailed` for `id` (started first if needed).
    pub fn lambda_failed(&mut self, id: &str, reason: &str) -> &mut Self {
        let (scheduled, started) = self.lambda_running(id);
        self.push_trigger(LambdaFunctionFailedEventAttributes {
            details: None,
            reason: Some(reason.to_owned()),
            scheduled_event_id: scheduled,
            started_event_id: started,
        });
        self
    }

    /// `LambdaFunctionTimedOut` for `id` (started first if needed).
    pub fn lambda_timed_out(&mut self, id: &str) -> &mut Self {
        let (scheduled, started) = self.lambda_running(id);
        self.push_trigger(LambdaFunctionTimedOutEventAttributes {
            scheduled_event_id: scheduled,
            started_event_id: started,
            timeout_type: Some(LambdaFunctionTimeoutType::StartToClose),
        });
        self
    }

    /// `ScheduleLambdaFunctionFailed` for `id` with `cause`.
    pub fn schedule_lambda_failed(
        &mut self,
        id: &str,
        name: &str,
        cause: ScheduleLambdaFunctionFailedCause,
    ) -> &mut Self {
        let completed = self.completed_id();
        self.push_trigger(ScheduleLambdaFunctionFailedEventAttributes {
            cause,
            decision_task_completed_event_id: completed,
            id: id.to_owned(),
            name: name.to_owned(),
        });
        self
    }

    /// `StartLambdaFunctionFailed` for the scheduled `id`.
    pub fn start_lambda_failed(&mut self, id: &str, message: &str) -> &mut Self {
        let scheduled = self.lambda(id).scheduled;
        self.push_trigger(StartLambdaFunctionFailedEventAttributes {
            cause: Some(StartLambdaFunctionFailedCause::AssumeRoleFailed),
            message: Some(message.to_owned()),
            scheduled_event_id: Some(scheduled),
        });
        self
    }

    fn lambda(&self, id: &str) -> Scheduled {
        self.lambdas
            .get(id)
            .cloned()
            .unwrap_or_else(|| panic!("Lambda function `{id}` was not scheduled in this history"))
    }

    fn lambda_running(&mut self, id: &str) -> (i64, i64) {
        if self.lambda(id).started.is_none() {
            self.lambda_started(id);
        }
        let l = self.lambda(id);
        (l.scheduled, l.started.unwrap_or_default())
    }
}
