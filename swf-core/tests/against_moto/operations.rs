//!
//! Each test starts its own moto on a free loopback port, so tests are independent and parallel.

use crate::client_for;
use futures::TryStreamExt;
use swf_core::types::*;
use swf_testkit::Moto;

const WORKFLOW: &str = "order";
const ACTIVITY: &str = "charge";
const TASK_LIST: &str = "main";

fn task_list(name: &str) -> TaskList {
    TaskList {
        name: name.to_owned(),
    }
}

fn workflow_type() -> WorkflowType {
    WorkflowType {
        name: WORKFLOW.to_owned(),
        version: "1".to_owned(),
    }
}

fn activity_type() -> ActivityType {
    ActivityType {
        name: ACTIVITY.to_owned(),
        version: "1".to_owned(),
    }
}

/// Registers a domain and one workflow type and one activity type with every default set.
async fn register_all(client: &swf_core::Client, domain: &str) {
    client
        .register_domain(RegisterDomainInput {
            name: domain.to_owned(),
            workflow_execution_retention_period_in_days: "1".to_owned(),
            description: Some("swf-core moto test".to_owned()),
            ..Default::default()
        })
        .await
        .expect("register domain");
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: domain.to_owned(),
            name: WORKFLOW.to_owned(),
            version: "1".to_owned(),
            default_task_list: Some(task_list(TASK_LIST)),
            default_child_policy: Some(ChildPolicy::Terminate),
            default_execution_start_to_close_timeout: Some("3600".to_owned()),
            default_task_start_to_close_timeout: Some("300".to_owned()),
            ..Default::default()
        })
        .await
        .expect("register workflow type");
    client
        .register_activity_type(RegisterActivityTypeInput {
            domain: domain.to_owned(),
            name: ACTIVITY.to_owned(),
            version: "1".to_owned(),
            default_task_list: Some(task_list(TASK_LIST)),
            default_task_heartbeat_timeout: Some("60".to_owned()),
            default_task_schedule_to_close_timeout: Some("600".to_owned()),
            default_task_schedule_to_start_timeout: Some("300".to_owned()),
            default_task_start_to_close_timeout: Some("300".to_owned()),
            ..Default::default()
        })
        .await
        .expect("register activity type");
}

#[tokio::test]
async fn registers_describes_and_lists_domains_and_types() {
    let Some(moto) = Moto::start("registers_describes_and_lists_domains_and_types") else {
        return;
    };
    let client = client_for(&moto).await;
    register_all(&client, "d1").await;

    let domain = client
        .describe_domain(DescribeDomainInput { name: "d1".into() })
        .await
        .expect("describe domain");
    assert_eq!(domain.domain_info.name, "d1");
    assert_eq!(domain.domain_info.status, RegistrationStatus::Registered);
    assert_eq!(
        domain
            .configuration
            .workflow_execution_retention_period_in_days,
        "1"
    );

    let domains: Vec<DomainInfo> = client
        .list_domains_stream(ListDomainsInput {
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("list domains");
    assert!(domains.iter().any(|d| d.name == "d1"), "{domains:?}");

    let wf = client
        .describe_workflow_type(DescribeWorkflowTypeInput {
            domain: "d1".into(),
            workflow_type: workflow_type(),
        })
        .await
        .expect("describe workflow type");
    assert_eq!(wf.type_info.workflow_type, workflow_type());
    assert_eq!(
        wf.configuration.default_child_policy,
        Some(ChildPolicy::Terminate)
    );
    assert_eq!(
        wf.configuration.default_task_list,
        Some(task_list(TASK_LIST))
    );

    let act = client
        .describe_activity_type(DescribeActivityTypeInput {
            domain: "d1".into(),
            activity_type: activity_type(),
        })
        .await
        .expect("describe activity type");
    assert_eq!(
        act.configuration.default_task_heartbeat_timeout.as_deref(),
        Some("60")
    );

    let types: Vec<ActivityTypeInfo> = client
        .list_activity_types_stream(ListActivityTypesInput {
            domain: "d1".into(),
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("list activity types");
    assert_eq!(types.len(), 1);
    assert_eq!(types[0].activity_type, activity_type());

    let wf_types: Vec<WorkflowTypeInfo> = client
        .list_workflow_types_stream(ListWorkflowTypesInput {
            domain: "d1".into(),
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("list workflow types");
    assert_eq!(wf_types.len(), 1);
}

#[tokio::test]
async fn modeled_faults_map_to_their_variants() {
    let Some(moto) = Moto::start("modeled_faults_map_to_their_variants") else {
        return;
    };
    let client = client_for(&moto).await;
    register_all(&client, "d2").await;

    let again = client
        .register_domain(RegisterDomainInput {
            name: "d2".into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .expect_err("a second registration fails");
    assert_eq!(again.code(), Some("DomainAlreadyExistsFault"), "{again}");
    assert!(!again.is_retryable());
    assert!(
        again.to_string().contains("RegisterDomain"),
        "names the operation: {again}"
    );

    let again = client
        .register_activity_type(RegisterActivityTypeInput {
            domain: "d2".into(),
            name: ACTIVITY.into(),
            version: "1".into(),
            ..Default::default()
        })
        .await
        .expect_err("a second type registration fails");
    assert_eq!(again.code(), Some("TypeAlreadyExistsFault"), "{again}");

    let missing = client
        .describe_domain(DescribeDomainInput {
            name: "no-such-domain".into(),
        })
        .await
        .expect_err("an unknown domain fails");
    assert_eq!(missing.code(), Some("UnknownResourceFault"), "{missing}");
    assert!(missing.is_unknown_resource());
    assert!(missing.to_string().contains("DescribeDomain"), "{missing}");
}

#[tokio::test]
async fn a_workflow_runs_through_decision_and_activity_tasks() {
    let Some(moto) = Moto::start("a_workflow_runs_through_decision_and_activity_tasks") else {
        return;
    };
    let client = client_for(&moto).await;
    register_all(&client, "d3").await;

    let run = client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "d3".into(),
            workflow_id: "order-1".into(),
            workflow_type: workflow_type(),
            input: Some("{\"amount\":42}".into()),
            tag_list: Some(vec!["vip".into()]),
            ..Default::default()
        })
        .await
        .expect("start");
    let run_id = run.run_id.expect("run id");
    let execution = WorkflowExecution {
        workflow_id: "order-1".into(),
        run_id: run_id.clone(),
    };

    // First decision: schedule the activity.
    let task = client
        .poll_for_decision_task(PollForDecisionTaskInput {
            domain: "d3".into(),
            task_list: task_list(TASK_LIST),
            identity: Some("decider-1".into()),
            ..Default::default()
        })
        .await
        .expect("poll decision");
    assert!(!task.task_token.is_empty(), "a decision task is waiting");
    assert_eq!(task.workflow_execution, execution);
    let types: Vec<&EventType> = task.events.iter().map(|e| &e.event_type).collect();
    assert_eq!(
        types,
        [
            &EventType::WorkflowExecutionStarted,
            &EventType::DecisionTaskScheduled,
            &EventType::DecisionTaskStarted
        ]
    );
    let started = task.events[0]
        .workflow_execution_started_event_attributes
        .as_ref()
        .expect("attributes");
    assert_eq!(started.input.as_deref(), Some("{\"amount\":42}"));

    client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: task.task_token,
            decisions: Some(vec![Decision::from(
                ScheduleActivityTaskDecisionAttributes {
                    activity_id: "charge-1".into(),
                    activity_type: activity_type(),
                    input: Some("42".into()),
                    ..Default::default()
                },
            )]),
            ..Default::default()
        })
        .await
        .expect("respond decision");

    // The activity: poll, heartbeat, complete.
    let pending = client
        .count_pending_activity_tasks(CountPendingActivityTasksInput {
            domain: "d3".into(),
            task_list: task_list(TASK_LIST),
        })
        .await
        .expect("count pending activity tasks");
    assert_eq!(pending.count, 1);
    let activity = client
        .poll_for_activity_task(PollForActivityTaskInput {
            domain: "d3".into(),
            task_list: task_list(TASK_LIST),
            identity: Some("worker-1".into()),
        })
        .await
        .expect("poll activity");
    assert_eq!(activity.activity_id, "charge-1");
    assert_eq!(activity.input.as_deref(), Some("42"));
    let status = client
        .record_activity_task_heartbeat(RecordActivityTaskHeartbeatInput {
            task_token: activity.task_token.clone(),
            details: Some("half way".into()),
        })
        .await
        .expect("heartbeat");
    assert!(!status.cancel_requested);
    client
        .respond_activity_task_completed(RespondActivityTaskCompletedInput {
            task_token: activity.task_token.clone(),
            result: Some("charged".into()),
        })
        .await
        .expect("complete activity");

    // The answered task is gone: a second answer meets UnknownResourceFault.
    let stale = client
        .respond_activity_task_completed(RespondActivityTaskCompletedInput {
            task_token: activity.task_token,
            result: None,
        })
        .await
        .expect_err("a closed task cannot be answered twice");
    assert!(stale.is_unknown_resource(), "{stale}");

    // Second decision: complete the workflow.
    let task = client
        .poll_for_decision_task(PollForDecisionTaskInput {
            domain: "d3".into(),
            task_list: task_list(TASK_LIST),
            ..Default::default()
        })
        .await
        .expect("poll decision 2");
    let completed = task
        .events
        .iter()
        .find_map(|e| e.activity_task_completed_event_attributes.as_ref())
        .expect("the activity's result is in the history");
    assert_eq!(completed.result.as_deref(), Some("charged"));
    client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: task.task_token,
            decisions: Some(vec![Decision::from(
                CompleteWorkflowExecutionDecisionAttributes {
                    result: Some("done".into()),
                },
            )]),
            ..Default::default()
        })
        .await
        .expect("respond decision 2");

    // The whole history, through the item stream.
    let events: Vec<HistoryEvent> = client
        .get_workflow_execution_history_stream(GetWorkflowExecutionHistoryInput {
            domain: "d3".into(),
            execution: execution.clone(),
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("history");
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        types,
        [
            "WorkflowExecutionStarted",
            "DecisionTaskScheduled",
            "DecisionTaskStarted",
            "DecisionTaskCompleted",
            "ActivityTaskScheduled",
            "ActivityTaskStarted",
            "ActivityTaskCompleted",
            "DecisionTaskScheduled",
            "DecisionTaskStarted",
            "DecisionTaskCompleted",
            "WorkflowExecutionCompleted",
        ]
    );
    let ids: Vec<i64> = events.iter().map(|e| e.event_id).collect();
    assert_eq!(ids, (1..=11).collect::<Vec<i64>>());

    let detail = client
        .describe_workflow_execution(DescribeWorkflowExecutionInput {
            domain: "d3".into(),
            execution,
        })
        .await
        .expect("describe execution");
    assert_eq!(
        detail.execution_info.execution_status,
        ExecutionStatus::Closed
    );
    assert_eq!(
        detail.execution_info.close_status,
        Some(CloseStatus::Completed)
    );
    assert_eq!(detail.execution_info.tag_list, Some(vec!["vip".to_owned()]));
}

#[tokio::test]
async fn signal_terminate_and_visibility() {
    let Some(moto) = Moto::start("signal_terminate_and_visibility") else {
        return;
    };
    let client = client_for(&moto).await;
    register_all(&client, "d4").await;
    let mut runs = Vec::new();
    for i in 0..3 {
        let run = client
            .start_workflow_execution(StartWorkflowExecutionInput {
                domain: "d4".into(),
                workflow_id: format!("wf-{i}"),
                workflow_type: workflow_type(),
                ..Default::default()
            })
            .await
            .expect("start");
        runs.push(run.run_id.expect("run id"));
    }
    let signal = SignalWorkflowExecutionInput {
        domain: "d4".into(),
        workflow_id: "wf-0".into(),
        run_id: Some(runs[0].clone()),
        signal_name: "approve".into(),
        input: Some("yes".into()),
    };
    client
        .signal_workflow_execution(signal)
        .await
        .expect("signal");
    client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: "d4".into(),
            workflow_id: "wf-1".into(),
            reason: Some("test".into()),
            child_policy: Some(ChildPolicy::Abandon),
            ..Default::default()
        })
        .await
        .expect("terminate");

    let history: Vec<HistoryEvent> = client
        .get_workflow_execution_history_stream(GetWorkflowExecutionHistoryInput {
            domain: "d4".into(),
            execution: WorkflowExecution {
                workflow_id: "wf-0".into(),
                run_id: runs[0].clone(),
            },
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("history");
    let signaled = history
        .iter()
        .find_map(|e| e.workflow_execution_signaled_event_attributes.as_ref())
        .expect("the signal is in the history");
    assert_eq!(signaled.signal_name, "approve");
    assert_eq!(signaled.input.as_deref(), Some("yes"));

    let since = ExecutionTimeFilter {
        oldest_date: Timestamp::from_millis(0),
        latest_date: None,
    };
    // moto does not implement CountOpen/CountClosedWorkflowExecutions (it answers 500); the
    // counts are covered against swf-local. Pending-task counts are covered above.
    let open: Vec<WorkflowExecutionInfo> = client
        .list_open_workflow_executions_stream(ListOpenWorkflowExecutionsInput {
            domain: "d4".into(),
            start_time_filter: since.clone(),
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("list open");
    let mut ids: Vec<&str> = open
        .iter()
        .map(|i| i.execution.workflow_id.as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, ["wf-0", "wf-2"]);
    let closed: Vec<WorkflowExecutionInfo> = client
        .list_closed_workflow_executions_stream(ListClosedWorkflowExecutionsInput {
            domain: "d4".into(),
            start_time_filter: Some(since),
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("list closed");
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].close_status, Some(CloseStatus::Terminated));
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    let Some(moto) = Moto::start("invalid_input_is_refused_before_sending") else {
        return;
    };
    let client = client_for(&moto).await;
    let err = client
        .register_domain(RegisterDomainInput {
            name: "x".repeat(300),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .expect_err("a 300-character name is refused");
    assert!(err.to_string().contains("`name`"), "names the field: {err}");
    assert!(err.to_string().contains("256"), "names the bound: {err}");
    // Nothing reached the service: the domain does not exist.
    let domains: Vec<DomainInfo> = client
        .list_domains_stream(ListDomainsInput {
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("list domains");
    assert!(domains.is_empty(), "{domains:?}");
}
