//! The AWS CLI (`aws swf ...`) as swf-local's client, through `swf_testkit::AwsCli`: dummy
//! credentials, no configuration files, no instance metadata, one attempt per call.
//!
//! Without `aws` the test skips by `swf_testkit`'s rule (seen, counted, and a failure when
//! `SWF_TEST_REQUIRE_AWS_CLI` is set, as `.ci/run` sets it).

use std::time::Duration;

use serde_json::{Value, json};
use swf_testkit::local::LocalService;
use swf_testkit::{AwsCli, Requirement};

use super::*;

const CLIENT: &str = "the AWS CLI";

#[test]
fn the_aws_cli_runs_a_workflow_and_reads_its_whole_history() {
    if let Err(why) = AwsCli::probe() {
        Requirement::AWS_CLI.skip(
            "the_aws_cli_runs_a_workflow_and_reads_its_whole_history",
            &why,
        );
        return;
    }
    // Every poll below finds its task queued; the 1 s poll timeout only bounds a poll that would
    // not, so a mistake fails quickly instead of waiting SWF's minute.
    let service = LocalService::start(Duration::from_secs(1));
    let aws = AwsCli::new(&service.endpoint);
    register(&aws);

    let started = aws.swf(
        "start-workflow-execution",
        &[
            "--domain",
            DOMAIN,
            "--workflow-id",
            WORKFLOW_ID,
            "--workflow-type",
            &format!("name={WORKFLOW},version={VERSION}"),
            "--input",
            WORKFLOW_INPUT,
            "--tag-list",
            TAG,
        ],
    );
    let run_id = text(&started, "/runId");

    let task = poll_for_decision_task(&aws);
    assert_eq!(text(&task, "/workflowExecution/runId"), run_id);
    assert_eq!(number(&task, "/startedEventId"), 3);
    assert_events(CLIENT, "the first decision task", &seen_events(&task), 3);
    let schedule = json!([{
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityType": { "name": ACTIVITY, "version": VERSION },
            "activityId": ACTIVITY_ID,
            "input": ACTIVITY_INPUT,
        },
    }]);
    respond_decisions(&aws, &task, &schedule);

    let activity = aws.swf(
        "poll-for-activity-task",
        &[
            "--domain",
            DOMAIN,
            "--task-list",
            &format!("name={ACTIVITIES}"),
            "--identity",
            WORKER,
        ],
    );
    assert_eq!(text(&activity, "/activityId"), ACTIVITY_ID);
    assert_eq!(text(&activity, "/activityType/name"), ACTIVITY);
    assert_eq!(text(&activity, "/input"), ACTIVITY_INPUT);
    assert_eq!(text(&activity, "/workflowExecution/runId"), run_id);
    assert_eq!(number(&activity, "/startedEventId"), 6);
    let heartbeat = aws.swf(
        "record-activity-task-heartbeat",
        &[
            "--task-token",
            &text(&activity, "/taskToken"),
            "--details",
            HEARTBEAT_DETAILS,
        ],
    );
    assert_eq!(heartbeat.get("cancelRequested"), Some(&json!(false)));
    aws.swf(
        "respond-activity-task-completed",
        &[
            "--task-token",
            &text(&activity, "/taskToken"),
            "--result",
            ACTIVITY_RESULT,
        ],
    );

    let task = poll_for_decision_task(&aws);
    assert_eq!(number(&task, "/previousStartedEventId"), 3);
    assert_eq!(number(&task, "/startedEventId"), 9);
    assert_events(CLIENT, "the second decision task", &seen_events(&task), 9);
    let complete = json!([{
        "decisionType": "CompleteWorkflowExecution",
        "completeWorkflowExecutionDecisionAttributes": { "result": WORKFLOW_RESULT },
    }]);
    respond_decisions(&aws, &task, &complete);

    let execution = format!("workflowId={WORKFLOW_ID},runId={run_id}");
    // The reads of the closed run are independent of each other: each `aws` call spends most of
    // its second starting Python, so they run side by side.
    let (oldest, latest) = start_time_window();
    let ((pages, events), merged, described, closed) = std::thread::scope(|s| {
        let paged = s.spawn(|| history_page_by_page(&aws, &execution));
        // The CLI's own pagination, which follows the page tokens itself and merges the pages.
        let merged = s.spawn(|| {
            aws.swf(
                "get-workflow-execution-history",
                &[
                    "--domain",
                    DOMAIN,
                    "--execution",
                    &execution,
                    "--page-size",
                    &PAGE_SIZE.to_string(),
                ],
            )
        });
        let described = s.spawn(|| {
            aws.swf(
                "describe-workflow-execution",
                &["--domain", DOMAIN, "--execution", &execution],
            )
        });
        // Timestamps in a request: the CLI sends them as seconds since the epoch.
        let closed = s.spawn(|| {
            aws.swf(
                "list-closed-workflow-executions",
                &[
                    "--domain",
                    DOMAIN,
                    "--start-time-filter",
                    &format!("oldestDate={oldest},latestDate={latest}"),
                    "--tag-filter",
                    &format!("tag={TAG}"),
                ],
            )
        });
        (
            joined(paged),
            joined(merged),
            joined(described),
            joined(closed),
        )
    });
    assert_events(CLIENT, "the history read page by page", &events, 11);
    assert_eq!(pages, expected_pages(), "pages of {PAGE_SIZE} events");
    assert_events(
        CLIENT,
        "the history paginated by the CLI",
        &seen_events(&merged),
        11,
    );
    assert_eq!(text(&described, "/executionInfo/executionStatus"), "CLOSED");
    assert_eq!(text(&described, "/executionInfo/closeStatus"), "COMPLETED");
    let infos = closed
        .get("executionInfos")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no executionInfos in {closed}"));
    assert_eq!(
        infos.len(),
        1,
        "the closed executions tagged {TAG}: {closed}"
    );
    assert_eq!(text(&infos[0], "/execution/runId"), run_id);
    assert_eq!(text(&infos[0], "/closeStatus"), "COMPLETED");
}

/// The domain and both types, with the defaults the workflow relies on: its decision and activity
/// task lists and timeouts come from these registrations alone.
fn register(aws: &AwsCli) {
    aws.swf(
        "register-domain",
        &[
            "--name",
            DOMAIN,
            "--description",
            "registered by the AWS CLI",
            "--workflow-execution-retention-period-in-days",
            "1",
        ],
    );
    // The types and the domain's description need only the domain: side by side.
    std::thread::scope(|s| {
        let workflow_type = s.spawn(|| {
            aws.swf(
                "register-workflow-type",
                &[
                    "--domain",
                    DOMAIN,
                    "--name",
                    WORKFLOW,
                    "--workflow-version",
                    VERSION,
                    "--default-task-list",
                    &format!("name={DECISIONS}"),
                    "--default-execution-start-to-close-timeout",
                    "3600",
                    "--default-task-start-to-close-timeout",
                    "30",
                    "--default-child-policy",
                    "TERMINATE",
                ],
            )
        });
        let activity_type = s.spawn(|| {
            aws.swf(
                "register-activity-type",
                &[
                    "--domain",
                    DOMAIN,
                    "--name",
                    ACTIVITY,
                    "--activity-version",
                    VERSION,
                    "--default-task-list",
                    &format!("name={ACTIVITIES}"),
                    "--default-task-schedule-to-start-timeout",
                    "60",
                    "--default-task-schedule-to-close-timeout",
                    "120",
                    "--default-task-start-to-close-timeout",
                    "60",
                    "--default-task-heartbeat-timeout",
                    "NONE",
                ],
            )
        });
        let domain = s.spawn(|| aws.swf("describe-domain", &["--name", DOMAIN]));
        joined(workflow_type);
        joined(activity_type);
        assert_eq!(text(&joined(domain), "/domainInfo/status"), "REGISTERED");
    });
}

/// What a scoped thread returned; its panic (a failed call's message) passed on as it was.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// One decision task from the workflow's task list (the CLI reads every page of its events).
fn poll_for_decision_task(aws: &AwsCli) -> Value {
    aws.swf(
        "poll-for-decision-task",
        &[
            "--domain",
            DOMAIN,
            "--task-list",
            &format!("name={DECISIONS}"),
            "--identity",
            DECIDER,
        ],
    )
}

fn respond_decisions(aws: &AwsCli, task: &Value, decisions: &Value) {
    aws.swf(
        "respond-decision-task-completed",
        &[
            "--task-token",
            &text(task, "/taskToken"),
            "--decisions",
            &decisions.to_string(),
        ],
    );
}

/// The history read one page at a time (`--no-paginate`), each next call sending the page token
/// the previous page returned: how many pages, and their events.
fn history_page_by_page(aws: &AwsCli, execution: &str) -> (usize, Vec<Seen>) {
    let page_size = PAGE_SIZE.to_string();
    let mut events = Vec::new();
    let mut token: Option<String> = None;
    for pages in 1..=MAX_PAGES {
        let mut args = vec![
            "--domain",
            DOMAIN,
            "--execution",
            execution,
            "--maximum-page-size",
            &page_size,
            "--no-paginate",
        ];
        if let Some(token) = &token {
            args.extend(["--next-page-token", token.as_str()]);
        }
        let page = aws.swf("get-workflow-execution-history", &args);
        let page_events = seen_events(&page);
        assert!(
            page_events.len() <= PAGE_SIZE,
            "a page of {} events, over the {PAGE_SIZE} asked: {page}",
            page_events.len()
        );
        events.extend(page_events);
        match page.get("nextPageToken").and_then(Value::as_str) {
            Some(next) => token = Some(next.to_owned()),
            None => return (pages, events),
        }
    }
    panic!("the history still had a next page after {MAX_PAGES} pages: {events:#?}");
}

/// The `events` of a decision task or a history page, as the test checks them.
fn seen_events(output: &Value) -> Vec<Seen> {
    output
        .get("events")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no `events` list in {output}"))
        .iter()
        .map(seen_event)
        .collect()
}

fn seen_event(event: &Value) -> Seen {
    let event_type = text(event, "/eventType");
    let attributes = |key: &str| {
        event
            .get(key)
            .unwrap_or_else(|| panic!("a {event_type} event without {key}: {event}"))
    };
    let detail = match event_type.as_str() {
        "WorkflowExecutionStarted" => {
            let a = attributes("workflowExecutionStartedEventAttributes");
            Detail::WorkflowStarted {
                workflow_type: (
                    text(a, "/workflowType/name"),
                    text(a, "/workflowType/version"),
                ),
                input: text(a, "/input"),
                task_list: text(a, "/taskList/name"),
                child_policy: text(a, "/childPolicy"),
                tags: a
                    .get("tagList")
                    .and_then(Value::as_array)
                    .map(|tags| tags.iter().map(|t| t.as_str().unwrap_or("").to_owned()))
                    .into_iter()
                    .flatten()
                    .collect(),
            }
        }
        "DecisionTaskStarted" => {
            let a = attributes("decisionTaskStartedEventAttributes");
            Detail::DecisionStarted {
                scheduled: number(a, "/scheduledEventId"),
                identity: text(a, "/identity"),
            }
        }
        "DecisionTaskCompleted" => {
            let a = attributes("decisionTaskCompletedEventAttributes");
            Detail::DecisionCompleted {
                scheduled: number(a, "/scheduledEventId"),
                started: number(a, "/startedEventId"),
            }
        }
        "ActivityTaskScheduled" => {
            let a = attributes("activityTaskScheduledEventAttributes");
            Detail::ActivityScheduled {
                activity_type: (
                    text(a, "/activityType/name"),
                    text(a, "/activityType/version"),
                ),
                activity_id: text(a, "/activityId"),
                input: text(a, "/input"),
                task_list: text(a, "/taskList/name"),
                decision_completed: number(a, "/decisionTaskCompletedEventId"),
            }
        }
        "ActivityTaskStarted" => {
            let a = attributes("activityTaskStartedEventAttributes");
            Detail::ActivityStarted {
                scheduled: number(a, "/scheduledEventId"),
                identity: text(a, "/identity"),
            }
        }
        "ActivityTaskCompleted" => {
            let a = attributes("activityTaskCompletedEventAttributes");
            Detail::ActivityCompleted {
                scheduled: number(a, "/scheduledEventId"),
                started: number(a, "/startedEventId"),
                result: text(a, "/result"),
            }
        }
        "WorkflowExecutionCompleted" => {
            let a = attributes("workflowExecutionCompletedEventAttributes");
            Detail::WorkflowCompleted {
                result: text(a, "/result"),
                decision_completed: number(a, "/decisionTaskCompletedEventId"),
            }
        }
        _ => Detail::Other,
    };
    Seen {
        id: number(event, "/eventId"),
        event_type,
        detail,
    }
}

/// The string at `pointer` (a JSON pointer) in the CLI's output.
fn text(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
        .to_owned()
}

/// The integer at `pointer` in the CLI's output.
fn number(value: &Value, pointer: &str) -> i64 {
    value
        .pointer(pointer)
        .and_then(Value::as_i64)
        .unwrap_or_else(|| panic!("no integer at {pointer} in {value}"))
}
