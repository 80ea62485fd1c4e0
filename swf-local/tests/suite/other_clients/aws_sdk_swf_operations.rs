//! aws-sdk-swf calls every SWF operation the workflow of `aws_sdk_swf` does not: tags, listings
//! and counts, descriptions, signals, cancellation of an activity and of the workflow, a failed
//! activity, termination, and the deprecation and deletion of types and domains. Each call must
//! be accepted and its answer must parse with the SDK's own deserializers; what the
//! answers say is checked too, and the execution's history must hold an event for each thing done.

use ::aws_sdk_swf::Client;
use ::aws_sdk_swf::primitives::DateTime;
use ::aws_sdk_swf::types::{
    ActivityType, CloseStatus, CloseStatusFilter, Decision, DecisionType, EventType,
    ExecutionTimeFilter, RegistrationStatus, RequestCancelActivityTaskDecisionAttributes,
    ResourceTag, ScheduleActivityTaskDecisionAttributes, WorkflowExecution,
};

use super::aws_sdk_swf::{against_swf_local, register_types, task_list, workflow_type};
use super::*;

/// A domain of its own, so nothing here depends on the other test's.
const OPS_DOMAIN: &str = "clients-operations";
const FAILED_ID: &str = "to-fail";
const CANCELLED_ID: &str = "to-cancel";

#[tokio::test]
async fn aws_sdk_swf_calls_every_other_operation() {
    against_swf_local(operations).await;
}

async fn operations(sdk: &Client) {
    let arn = register_with_tags(sdk).await;
    types_described_and_listed(sdk).await;

    let run_id = sdk
        .start_workflow_execution()
        .domain(OPS_DOMAIN)
        .workflow_id(WORKFLOW_ID)
        .workflow_type(workflow_type())
        .tag_list(TAG)
        .send()
        .await
        .expect("StartWorkflowExecution")
        .run_id
        .expect("a run id");
    let execution = WorkflowExecution::builder()
        .workflow_id(WORKFLOW_ID)
        .run_id(&run_id)
        .build()
        .expect("an execution");
    let (oldest, latest) = start_time_window();
    let window = ExecutionTimeFilter::builder()
        .oldest_date(DateTime::from_secs(oldest))
        .latest_date(DateTime::from_secs(latest))
        .build()
        .expect("a start-time filter");
    let open = sdk
        .count_open_workflow_executions()
        .domain(OPS_DOMAIN)
        .start_time_filter(window.clone())
        .send()
        .await
        .expect("CountOpenWorkflowExecutions");
    assert_eq!((open.count(), open.truncated()), (1, false));
    let listed = sdk
        .list_open_workflow_executions()
        .domain(OPS_DOMAIN)
        .start_time_filter(window.clone())
        .send()
        .await
        .expect("ListOpenWorkflowExecutions");
    assert_eq!(listed.execution_infos().len(), 1);
    assert_eq!(listed.execution_infos()[0].tag_list(), [TAG]);
    let pending = sdk
        .count_pending_decision_tasks()
        .domain(OPS_DOMAIN)
        .task_list(task_list(DECISIONS))
        .send()
        .await
        .expect("CountPendingDecisionTasks");
    assert_eq!(pending.count(), 1);

    sdk.signal_workflow_execution()
        .domain(OPS_DOMAIN)
        .workflow_id(WORKFLOW_ID)
        .run_id(&run_id)
        .signal_name("restock")
        .input("12")
        .send()
        .await
        .expect("SignalWorkflowExecution");

    // Two activities: one the worker fails, one the decider cancels while it runs.
    let task = poll_decision(sdk).await;
    decide(sdk, task, vec![schedule(FAILED_ID), schedule(CANCELLED_ID)]).await;
    let pending = sdk
        .count_pending_activity_tasks()
        .domain(OPS_DOMAIN)
        .task_list(task_list(ACTIVITIES))
        .send()
        .await
        .expect("CountPendingActivityTasks");
    assert_eq!(pending.count(), 2);
    let first = poll_activity(sdk).await;
    let second = poll_activity(sdk).await;
    let (to_fail, to_cancel) = if first.activity_id() == FAILED_ID {
        (first, second)
    } else {
        (second, first)
    };
    assert_eq!(to_cancel.activity_id(), CANCELLED_ID);
    sdk.respond_activity_task_failed()
        .task_token(to_fail.task_token())
        .reason("card declined")
        .details("code 51")
        .send()
        .await
        .expect("RespondActivityTaskFailed");
    let task = poll_decision(sdk).await;
    let cancel = Decision::builder()
        .decision_type(DecisionType::RequestCancelActivityTask)
        .request_cancel_activity_task_decision_attributes(
            RequestCancelActivityTaskDecisionAttributes::builder()
                .activity_id(CANCELLED_ID)
                .build()
                .expect("RequestCancelActivityTask's attributes"),
        )
        .build()
        .expect("a decision");
    decide(sdk, task, vec![cancel]).await;
    let heartbeat = sdk
        .record_activity_task_heartbeat()
        .task_token(to_cancel.task_token())
        .send()
        .await
        .expect("RecordActivityTaskHeartbeat");
    assert!(heartbeat.cancel_requested(), "the decider asked to cancel");
    sdk.respond_activity_task_canceled()
        .task_token(to_cancel.task_token())
        .details("stopped")
        .send()
        .await
        .expect("RespondActivityTaskCanceled");

    sdk.request_cancel_workflow_execution()
        .domain(OPS_DOMAIN)
        .workflow_id(WORKFLOW_ID)
        .run_id(&run_id)
        .send()
        .await
        .expect("RequestCancelWorkflowExecution");
    sdk.terminate_workflow_execution()
        .domain(OPS_DOMAIN)
        .workflow_id(WORKFLOW_ID)
        .run_id(&run_id)
        .reason("done testing")
        .send()
        .await
        .expect("TerminateWorkflowExecution");
    let closed = sdk
        .count_closed_workflow_executions()
        .domain(OPS_DOMAIN)
        .start_time_filter(window)
        .close_status_filter(
            CloseStatusFilter::builder()
                .status(CloseStatus::Terminated)
                .build()
                .expect("a close-status filter"),
        )
        .send()
        .await
        .expect("CountClosedWorkflowExecutions");
    assert_eq!(closed.count(), 1);
    history_has_each_thing_done(sdk, execution).await;

    // A long poll nothing answers ends with SWF's empty answer, which the SDK reads as no task.
    let empty = sdk
        .poll_for_activity_task()
        .domain(OPS_DOMAIN)
        .task_list(task_list(ACTIVITIES))
        .send()
        .await
        .expect("PollForActivityTask with no task");
    assert_eq!(empty.task_token(), "", "{empty:?}");

    tags_changed(sdk, &arn).await;
    types_deprecated_and_deleted(sdk).await;
    domain_deprecated_and_back(sdk).await;
}

/// Registers the domain with a tag and both types; returns the domain's ARN.
async fn register_with_tags(sdk: &Client) -> String {
    sdk.register_domain()
        .name(OPS_DOMAIN)
        .workflow_execution_retention_period_in_days("1")
        .tags(tag("team", "orders"))
        .send()
        .await
        .expect("RegisterDomain with tags");
    register_types(sdk, OPS_DOMAIN, Some(("orders", "charges"))).await;
    let domains = sdk
        .list_domains()
        .registration_status(RegistrationStatus::Registered)
        .send()
        .await
        .expect("ListDomains");
    let info = domains
        .domain_infos()
        .iter()
        .find(|d| d.name() == OPS_DOMAIN)
        .unwrap_or_else(|| panic!("{OPS_DOMAIN} not listed: {domains:?}"));
    let arn = info.arn().expect("a domain's ARN").to_owned();
    let tags = sdk
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .expect("ListTagsForResource");
    assert_eq!(tags.tags(), [tag("team", "orders")]);
    arn
}

async fn types_described_and_listed(sdk: &Client) {
    let workflow = sdk
        .describe_workflow_type()
        .domain(OPS_DOMAIN)
        .workflow_type(workflow_type())
        .send()
        .await
        .expect("DescribeWorkflowType");
    let configuration = workflow.configuration().expect("its configuration");
    assert_eq!(
        configuration.default_task_list().map(|l| l.name()),
        Some(DECISIONS)
    );
    assert_eq!(
        configuration.default_task_start_to_close_timeout(),
        Some("30")
    );
    let activity = sdk
        .describe_activity_type()
        .domain(OPS_DOMAIN)
        .activity_type(activity_type())
        .send()
        .await
        .expect("DescribeActivityType");
    let configuration = activity.configuration().expect("its configuration");
    assert_eq!(
        configuration.default_task_schedule_to_close_timeout(),
        Some("120")
    );
    assert_eq!(
        activity.type_info().map(|t| t.status()),
        Some(&RegistrationStatus::Registered)
    );
    let workflows = sdk
        .list_workflow_types()
        .domain(OPS_DOMAIN)
        .registration_status(RegistrationStatus::Registered)
        .send()
        .await
        .expect("ListWorkflowTypes");
    assert_eq!(workflows.type_infos().len(), 1);
    assert_eq!(workflows.type_infos()[0].description(), Some("orders"));
    let activities = sdk
        .list_activity_types()
        .domain(OPS_DOMAIN)
        .registration_status(RegistrationStatus::Registered)
        .send()
        .await
        .expect("ListActivityTypes");
    assert_eq!(activities.type_infos().len(), 1);
    assert_eq!(activities.type_infos()[0].description(), Some("charges"));
}

/// Every event type the calls above must have left, in the order they were made.
async fn history_has_each_thing_done(sdk: &Client, execution: WorkflowExecution) {
    let history = sdk
        .get_workflow_execution_history()
        .domain(OPS_DOMAIN)
        .execution(execution)
        .send()
        .await
        .expect("GetWorkflowExecutionHistory");
    let types: Vec<&EventType> = history.events().iter().map(|e| e.event_type()).collect();
    let done = [
        EventType::WorkflowExecutionSignaled,
        EventType::ActivityTaskFailed,
        EventType::ActivityTaskCancelRequested,
        EventType::ActivityTaskCanceled,
        EventType::WorkflowExecutionCancelRequested,
        EventType::WorkflowExecutionTerminated,
    ];
    let mut from = 0;
    for want in &done {
        let at = types[from..]
            .iter()
            .position(|t| *t == want)
            .unwrap_or_else(|| panic!("no {want:?} after event {from} in {types:?}"));
        from += at + 1;
    }
    assert_eq!(
        types.last(),
        Some(&&EventType::WorkflowExecutionTerminated),
        "{types:?}"
    );
    let failed = history
        .events()
        .iter()
        .find_map(|e| e.activity_task_failed_event_attributes())
        .expect("ActivityTaskFailed's attributes");
    assert_eq!(
        (failed.reason(), failed.details()),
        (Some("card declined"), Some("code 51"))
    );
    let signaled = history
        .events()
        .iter()
        .find_map(|e| e.workflow_execution_signaled_event_attributes())
        .expect("WorkflowExecutionSignaled's attributes");
    assert_eq!(
        (signaled.signal_name(), signaled.input()),
        ("restock", Some("12"))
    );
}

async fn tags_changed(sdk: &Client, arn: &str) {
    sdk.tag_resource()
        .resource_arn(arn)
        .tags(tag("stage", "test"))
        .send()
        .await
        .expect("TagResource");
    sdk.untag_resource()
        .resource_arn(arn)
        .tag_keys("team")
        .send()
        .await
        .expect("UntagResource");
    let tags = sdk
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .expect("ListTagsForResource");
    assert_eq!(tags.tags(), [tag("stage", "test")]);
}

/// Each type deprecated, undeprecated, deprecated again and deleted: no longer described.
async fn types_deprecated_and_deleted(sdk: &Client) {
    for _ in 0..2 {
        sdk.deprecate_workflow_type()
            .domain(OPS_DOMAIN)
            .workflow_type(workflow_type())
            .send()
            .await
            .expect("DeprecateWorkflowType");
        sdk.deprecate_activity_type()
            .domain(OPS_DOMAIN)
            .activity_type(activity_type())
            .send()
            .await
            .expect("DeprecateActivityType");
        let described = sdk
            .describe_activity_type()
            .domain(OPS_DOMAIN)
            .activity_type(activity_type())
            .send()
            .await
            .expect("DescribeActivityType");
        let info = described.type_info().expect("its type info");
        assert_eq!(info.status(), &RegistrationStatus::Deprecated);
        assert!(info.deprecation_date().is_some(), "{info:?}");
        let described = sdk
            .describe_workflow_type()
            .domain(OPS_DOMAIN)
            .workflow_type(workflow_type())
            .send()
            .await
            .expect("DescribeWorkflowType");
        assert_eq!(
            described.type_info().map(|t| t.status()),
            Some(&RegistrationStatus::Deprecated)
        );
        sdk.undeprecate_workflow_type()
            .domain(OPS_DOMAIN)
            .workflow_type(workflow_type())
            .send()
            .await
            .expect("UndeprecateWorkflowType");
        sdk.undeprecate_activity_type()
            .domain(OPS_DOMAIN)
            .activity_type(activity_type())
            .send()
            .await
            .expect("UndeprecateActivityType");
    }
    sdk.deprecate_workflow_type()
        .domain(OPS_DOMAIN)
        .workflow_type(workflow_type())
        .send()
        .await
        .expect("DeprecateWorkflowType");
    sdk.deprecate_activity_type()
        .domain(OPS_DOMAIN)
        .activity_type(activity_type())
        .send()
        .await
        .expect("DeprecateActivityType");
    sdk.delete_workflow_type()
        .domain(OPS_DOMAIN)
        .workflow_type(workflow_type())
        .send()
        .await
        .expect("DeleteWorkflowType");
    sdk.delete_activity_type()
        .domain(OPS_DOMAIN)
        .activity_type(activity_type())
        .send()
        .await
        .expect("DeleteActivityType");
    let gone = sdk
        .describe_activity_type()
        .domain(OPS_DOMAIN)
        .activity_type(activity_type())
        .send()
        .await
        .expect_err("a deleted type is not described");
    assert!(
        gone.as_service_error()
            .is_some_and(|e| e.is_unknown_resource_fault()),
        "{gone:?}"
    );
}

async fn domain_deprecated_and_back(sdk: &Client) {
    sdk.deprecate_domain()
        .name(OPS_DOMAIN)
        .send()
        .await
        .expect("DeprecateDomain");
    let status = |d: ::aws_sdk_swf::operation::describe_domain::DescribeDomainOutput| {
        d.domain_info().map(|i| i.status().clone())
    };
    let described = sdk.describe_domain().name(OPS_DOMAIN).send().await;
    assert_eq!(
        status(described.expect("DescribeDomain")),
        Some(RegistrationStatus::Deprecated)
    );
    sdk.undeprecate_domain()
        .name(OPS_DOMAIN)
        .send()
        .await
        .expect("UndeprecateDomain");
    let described = sdk.describe_domain().name(OPS_DOMAIN).send().await;
    assert_eq!(
        status(described.expect("DescribeDomain")),
        Some(RegistrationStatus::Registered)
    );
}

async fn poll_decision(
    sdk: &Client,
) -> ::aws_sdk_swf::operation::poll_for_decision_task::PollForDecisionTaskOutput {
    let task = sdk
        .poll_for_decision_task()
        .domain(OPS_DOMAIN)
        .task_list(task_list(DECISIONS))
        .identity(DECIDER)
        .send()
        .await
        .expect("PollForDecisionTask");
    assert!(!task.task_token().is_empty(), "a decision task was queued");
    task
}

async fn decide(
    sdk: &Client,
    task: ::aws_sdk_swf::operation::poll_for_decision_task::PollForDecisionTaskOutput,
    decisions: Vec<Decision>,
) {
    sdk.respond_decision_task_completed()
        .task_token(task.task_token())
        .set_decisions(Some(decisions))
        .send()
        .await
        .expect("RespondDecisionTaskCompleted");
}

async fn poll_activity(
    sdk: &Client,
) -> ::aws_sdk_swf::operation::poll_for_activity_task::PollForActivityTaskOutput {
    let task = sdk
        .poll_for_activity_task()
        .domain(OPS_DOMAIN)
        .task_list(task_list(ACTIVITIES))
        .identity(WORKER)
        .send()
        .await
        .expect("PollForActivityTask");
    assert!(!task.task_token().is_empty(), "an activity task was queued");
    task
}

fn schedule(activity_id: &str) -> Decision {
    Decision::builder()
        .decision_type(DecisionType::ScheduleActivityTask)
        .schedule_activity_task_decision_attributes(
            ScheduleActivityTaskDecisionAttributes::builder()
                .activity_type(activity_type())
                .activity_id(activity_id)
                .build()
                .expect("ScheduleActivityTask's attributes"),
        )
        .build()
        .expect("a decision")
}

fn activity_type() -> ActivityType {
    ActivityType::builder()
        .name(ACTIVITY)
        .version(VERSION)
        .build()
        .expect("an activity type")
}

fn tag(key: &str, value: &str) -> ResourceTag {
    ResourceTag::builder()
        .key(key)
        .value(value)
        .build()
        .expect("a tag")
}
