//! aws-sdk-swf (the AWS SDK for Rust) as swf-local's client: region, endpoint and static
//! credentials given, so it looks nothing up (no configuration files, no instance metadata), and
//! retries off, so every answer is seen as swf-local gives it.
//!
//! The decision tasks and the history are both read a few events a page with the SDK's own
//! paginators, which send back the page tokens swf-local returned.

use std::time::Duration;

use ::aws_sdk_swf::Client;
use ::aws_sdk_swf::config::{BehaviorVersion, Credentials, Region, retry::RetryConfig};
use ::aws_sdk_swf::primitives::DateTime;
use ::aws_sdk_swf::types::{
    ActivityType, ChildPolicy, CompleteWorkflowExecutionDecisionAttributes, Decision, DecisionType,
    ExecutionTimeFilter, HistoryEvent, ScheduleActivityTaskDecisionAttributes, TagFilter, TaskList,
    WorkflowExecution, WorkflowType,
};
use swf_testkit::harness::{Harness, within};

use super::*;

const CLIENT: &str = "aws-sdk-swf";

#[tokio::test]
async fn aws_sdk_swf_runs_a_workflow_and_reads_its_whole_history() {
    against_swf_local(run).await;
}

/// Runs `test` with aws-sdk-swf's client of a fresh in-process swf-local, within a minute, then
/// shuts the service down: the set-up of every aws-sdk-swf test. Every poll of these tests finds
/// its task queued; the 1 s poll timeout only bounds one that would not.
pub(super) async fn against_swf_local(test: impl AsyncFnOnce(&Client)) {
    let harness = Harness::start(Duration::from_secs(1)).await;
    let sdk = client(&harness.endpoint());
    within(60, test(&sdk)).await;
    harness.shutdown().await;
}

/// aws-sdk-swf's client for swf-local at `endpoint`.
pub(super) fn client(endpoint: &str) -> Client {
    let config = ::aws_sdk_swf::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "swf-local",
            "swf-local",
            None,
            None,
            "static",
        ))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

async fn run(sdk: &Client) {
    register(sdk).await;
    let run_id = sdk
        .start_workflow_execution()
        .domain(DOMAIN)
        .workflow_id(WORKFLOW_ID)
        .workflow_type(workflow_type())
        .input(WORKFLOW_INPUT)
        .tag_list(TAG)
        .send()
        .await
        .expect("StartWorkflowExecution")
        .run_id
        .expect("a run id");

    let (token, events) = poll_for_decision_task(sdk, &run_id, 3).await;
    assert_events(CLIENT, "the first decision task", &events, 3);
    let schedule = Decision::builder()
        .decision_type(DecisionType::ScheduleActivityTask)
        .schedule_activity_task_decision_attributes(
            ScheduleActivityTaskDecisionAttributes::builder()
                .activity_type(
                    ActivityType::builder()
                        .name(ACTIVITY)
                        .version(VERSION)
                        .build()
                        .expect("an activity type"),
                )
                .activity_id(ACTIVITY_ID)
                .input(ACTIVITY_INPUT)
                .build()
                .expect("ScheduleActivityTask's attributes"),
        )
        .build()
        .expect("a decision");
    sdk.respond_decision_task_completed()
        .task_token(token)
        .decisions(schedule)
        .send()
        .await
        .expect("RespondDecisionTaskCompleted with ScheduleActivityTask");

    let activity = sdk
        .poll_for_activity_task()
        .domain(DOMAIN)
        .task_list(task_list(ACTIVITIES))
        .identity(WORKER)
        .send()
        .await
        .expect("PollForActivityTask");
    assert_eq!(activity.activity_id(), ACTIVITY_ID);
    assert_eq!(activity.activity_type().map(|t| t.name()), Some(ACTIVITY));
    assert_eq!(activity.input(), Some(ACTIVITY_INPUT));
    assert_eq!(
        activity.workflow_execution().map(|e| e.run_id()),
        Some(run_id.as_str())
    );
    assert_eq!(activity.started_event_id(), 6);
    let heartbeat = sdk
        .record_activity_task_heartbeat()
        .task_token(activity.task_token())
        .details(HEARTBEAT_DETAILS)
        .send()
        .await
        .expect("RecordActivityTaskHeartbeat");
    assert!(!heartbeat.cancel_requested());
    sdk.respond_activity_task_completed()
        .task_token(activity.task_token())
        .result(ACTIVITY_RESULT)
        .send()
        .await
        .expect("RespondActivityTaskCompleted");

    let (token, events) = poll_for_decision_task(sdk, &run_id, 9).await;
    assert_events(CLIENT, "the second decision task", &events, 9);
    let complete = Decision::builder()
        .decision_type(DecisionType::CompleteWorkflowExecution)
        .complete_workflow_execution_decision_attributes(
            CompleteWorkflowExecutionDecisionAttributes::builder()
                .result(WORKFLOW_RESULT)
                .build(),
        )
        .build()
        .expect("a decision");
    sdk.respond_decision_task_completed()
        .task_token(token)
        .decisions(complete)
        .send()
        .await
        .expect("RespondDecisionTaskCompleted with CompleteWorkflowExecution");

    let execution = WorkflowExecution::builder()
        .workflow_id(WORKFLOW_ID)
        .run_id(&run_id)
        .build()
        .expect("an execution");
    let mut pages = sdk
        .get_workflow_execution_history()
        .domain(DOMAIN)
        .execution(execution.clone())
        .maximum_page_size(PAGE_SIZE as i32)
        .into_paginator()
        .send();
    let mut events = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.expect("GetWorkflowExecutionHistory");
        count += 1;
        assert!(count <= MAX_PAGES, "more than {MAX_PAGES} pages");
        assert!(
            page.events().len() <= PAGE_SIZE,
            "a page over {PAGE_SIZE} events"
        );
        events.extend(page.events().iter().map(seen_event));
    }
    assert_events(CLIENT, "the history read page by page", &events, 11);
    assert_eq!(count, expected_pages(), "pages of {PAGE_SIZE} events");

    let described = sdk
        .describe_workflow_execution()
        .domain(DOMAIN)
        .execution(execution)
        .send()
        .await
        .expect("DescribeWorkflowExecution");
    let info = described.execution_info().expect("executionInfo");
    assert_eq!(info.execution_status().as_str(), "CLOSED");
    assert_eq!(info.close_status().map(|s| s.as_str()), Some("COMPLETED"));

    // Timestamps in a request: the SDK sends them as (fractional) seconds since the epoch.
    let (oldest, latest) = start_time_window();
    let closed = sdk
        .list_closed_workflow_executions()
        .domain(DOMAIN)
        .start_time_filter(
            ExecutionTimeFilter::builder()
                .oldest_date(DateTime::from_secs(oldest))
                .latest_date(DateTime::from_secs(latest))
                .build()
                .expect("a start-time filter"),
        )
        .tag_filter(TagFilter::builder().tag(TAG).build().expect("a tag filter"))
        .send()
        .await
        .expect("ListClosedWorkflowExecutions");
    let infos = closed.execution_infos();
    assert_eq!(
        infos.len(),
        1,
        "the closed executions tagged {TAG}: {closed:?}"
    );
    assert_eq!(
        infos[0].execution().map(|e| e.run_id()),
        Some(run_id.as_str())
    );
    assert_eq!(
        infos[0].close_status().map(|s| s.as_str()),
        Some("COMPLETED")
    );
}

/// The domain and both types, with the defaults the workflow relies on: its decision and activity
/// task lists and timeouts come from these registrations alone.
async fn register(sdk: &Client) {
    sdk.register_domain()
        .name(DOMAIN)
        .description("registered by aws-sdk-swf")
        .workflow_execution_retention_period_in_days("1")
        .send()
        .await
        .expect("RegisterDomain");
    register_types(sdk, DOMAIN, None).await;
    let domain = sdk
        .describe_domain()
        .name(DOMAIN)
        .send()
        .await
        .expect("DescribeDomain");
    assert_eq!(
        domain.domain_info().map(|d| d.status().as_str()),
        Some("REGISTERED")
    );
}

/// Registers in `domain` the workflow type and the activity type of the workflow, with the
/// defaults it relies on (its task lists and timeouts come from these registrations alone) and,
/// when given, the descriptions of the workflow type and of the activity type.
pub(super) async fn register_types(sdk: &Client, domain: &str, descriptions: Option<(&str, &str)>) {
    sdk.register_workflow_type()
        .domain(domain)
        .name(WORKFLOW)
        .version(VERSION)
        .set_description(descriptions.map(|(workflow, _)| workflow.to_owned()))
        .default_task_list(task_list(DECISIONS))
        .default_execution_start_to_close_timeout("3600")
        .default_task_start_to_close_timeout("30")
        .default_child_policy(ChildPolicy::Terminate)
        .send()
        .await
        .expect("RegisterWorkflowType");
    sdk.register_activity_type()
        .domain(domain)
        .name(ACTIVITY)
        .version(VERSION)
        .set_description(descriptions.map(|(_, activity)| activity.to_owned()))
        .default_task_list(task_list(ACTIVITIES))
        .default_task_schedule_to_start_timeout("60")
        .default_task_schedule_to_close_timeout("120")
        .default_task_start_to_close_timeout("60")
        .default_task_heartbeat_timeout("NONE")
        .send()
        .await
        .expect("RegisterActivityType");
}

/// One decision task of run `run_id`, its `events` (as many) read [`PAGE_SIZE`] a page by the
/// SDK's paginator: its task token and every event.
async fn poll_for_decision_task(sdk: &Client, run_id: &str, events: i64) -> (String, Vec<Seen>) {
    let mut pages = sdk
        .poll_for_decision_task()
        .domain(DOMAIN)
        .task_list(task_list(DECISIONS))
        .identity(DECIDER)
        .maximum_page_size(PAGE_SIZE as i32)
        .into_paginator()
        .send();
    let first = pages
        .next()
        .await
        .expect("a first page")
        .expect("PollForDecisionTask");
    assert_eq!(
        first.workflow_execution().map(|e| e.run_id()),
        Some(run_id),
        "the decision task's execution"
    );
    assert_eq!(first.started_event_id(), events);
    let token = first.task_token().to_owned();
    assert!(!token.is_empty(), "a decision task was queued");
    let mut seen: Vec<Seen> = first.events().iter().map(seen_event).collect();
    let mut count = 1;
    while let Some(page) = pages.next().await {
        let page = page.expect("PollForDecisionTask with a page token");
        count += 1;
        assert!(count <= MAX_PAGES, "more than {MAX_PAGES} pages");
        assert!(
            page.events().len() <= PAGE_SIZE,
            "a page over {PAGE_SIZE} events"
        );
        seen.extend(page.events().iter().map(seen_event));
    }
    (token, seen)
}

pub(super) fn workflow_type() -> WorkflowType {
    WorkflowType::builder()
        .name(WORKFLOW)
        .version(VERSION)
        .build()
        .expect("a workflow type")
}

pub(super) fn task_list(name: &str) -> TaskList {
    TaskList::builder().name(name).build().expect("a task list")
}

/// One event as the test checks it (see [`Detail`]).
fn seen_event(event: &HistoryEvent) -> Seen {
    let event_type = event.event_type().as_str().to_owned();
    let missing = |what: &str| -> ! { panic!("a {event_type} event without {what}: {event:?}") };
    let text = |value: Option<&str>, what: &str| value.unwrap_or_else(|| missing(what)).to_owned();
    let detail = match event_type.as_str() {
        "WorkflowExecutionStarted" => {
            let a = event
                .workflow_execution_started_event_attributes()
                .unwrap_or_else(|| missing("attributes"));
            let workflow_type = a.workflow_type().unwrap_or_else(|| missing("workflowType"));
            Detail::WorkflowStarted {
                workflow_type: (
                    workflow_type.name().to_owned(),
                    workflow_type.version().to_owned(),
                ),
                input: text(a.input(), "input"),
                task_list: text(a.task_list().map(TaskList::name), "taskList"),
                child_policy: a.child_policy().as_str().to_owned(),
                tags: a.tag_list().to_vec(),
            }
        }
        "DecisionTaskStarted" => {
            let a = event
                .decision_task_started_event_attributes()
                .unwrap_or_else(|| missing("attributes"));
            Detail::DecisionStarted {
                scheduled: a.scheduled_event_id(),
                identity: text(a.identity(), "identity"),
            }
        }
        "DecisionTaskCompleted" => {
            let a = event
                .decision_task_completed_event_attributes()
                .unwrap_or_else(|| missing("attributes"));
            Detail::DecisionCompleted {
                scheduled: a.scheduled_event_id(),
                started: a.started_event_id(),
            }
        }
        "ActivityTaskScheduled" => {
            let a = event
                .activity_task_scheduled_event_attributes()
                .unwrap_or_else(|| missing("attributes"));
            let activity_type = a.activity_type().unwrap_or_else(|| missing("activityType"));
            Detail::ActivityScheduled {
                activity_type: (
                    activity_type.name().to_owned(),
                    activity_type.version().to_owned(),
                ),
                activity_id: a.activity_id().to_owned(),
                input: text(a.input(), "input"),
                task_list: text(a.task_list().map(TaskList::name), "taskList"),
                decision_completed: a.decision_task_completed_event_id(),
            }
        }
        "ActivityTaskStarted" => {
            let a = event
                .activity_task_started_event_attributes()
                .unwrap_or_else(|| missing("attributes"));
            Detail::ActivityStarted {
                scheduled: a.scheduled_event_id(),
                identity: text(a.identity(), "identity"),
            }
        }
        "ActivityTaskCompleted" => {
            let a = event
                .activity_task_completed_event_attributes()
                .unwrap_or_else(|| missing("attributes"));
            Detail::ActivityCompleted {
                scheduled: a.scheduled_event_id(),
                started: a.started_event_id(),
                result: text(a.result(), "result"),
            }
        }
        "WorkflowExecutionCompleted" => {
            let a = event
                .workflow_execution_completed_event_attributes()
                .unwrap_or_else(|| missing("attributes"));
            Detail::WorkflowCompleted {
                result: text(a.result(), "result"),
                decision_completed: a.decision_task_completed_event_id(),
            }
        }
        _ => Detail::Other,
    };
    Seen {
        id: event.event_id(),
        event_type,
        detail,
    }
}
