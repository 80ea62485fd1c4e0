//! Clients nobody here wrote, besides boto3 (`boto3_suite`): the AWS CLI and aws-sdk-swf each run
//! one workflow against swf-local from registration to its closed history, every call made by
//! that client alone, so whatever it sends must be accepted and whatever swf-local answers must
//! parse.
//!
//! Both run the same workflow: register the domain and both types (with the defaults the
//! workflow then relies on), start an execution, answer its first decision task with one
//! `ScheduleActivityTask`, heartbeat and complete the activity, complete the workflow, read the
//! history a few events a page, and find the execution among the closed ones by start time and
//! tag. What each client read is mapped to [`Seen`] events and compared whole with
//! [`expected_history`]: the types, the ids, the links between events and the activity's result.
//!
//! aws-sdk-swf then calls every operation that workflow does not (`aws_sdk_swf_operations`), so
//! each of SWF's 39 operations is sent by it once at least. The AWS CLI sends what boto3 sends
//! (both are botocore), which the boto3 suite covers operation by operation.

mod aws_cli;
mod aws_sdk_swf;
mod aws_sdk_swf_operations;

pub const DOMAIN: &str = "clients";
pub const WORKFLOW: &str = "order";
pub const ACTIVITY: &str = "charge";
pub const VERSION: &str = "1";
/// The task lists the types' registered defaults name: nothing else names them.
pub const DECISIONS: &str = "order-decisions";
pub const ACTIVITIES: &str = "order-activities";
pub const WORKFLOW_ID: &str = "order-17";
pub const WORKFLOW_INPUT: &str = r#"{"order":17,"amount":"42.50"}"#;
pub const TAG: &str = "client-test";
pub const ACTIVITY_ID: &str = "charge-17";
pub const ACTIVITY_INPUT: &str = "42.50";
pub const ACTIVITY_RESULT: &str = r#"{"charged":"42.50","receipt":"r-17"}"#;
pub const WORKFLOW_RESULT: &str = "shipped";
pub const HEARTBEAT_DETAILS: &str = "half charged";
pub const DECIDER: &str = "decider-1";
pub const WORKER: &str = "worker-1";
/// Small, so the 11 events of the history come in four pages and the page token goes round.
pub const PAGE_SIZE: usize = 3;
/// A bound on the pages read: a token that never runs out fails the test instead of looping.
pub const MAX_PAGES: usize = 20;

/// One history event as the test checks it: its id and type, and for the events that carry
/// what the workflow did, those attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub id: i64,
    pub event_type: String,
    pub detail: Detail,
}

/// The attributes checked, by event type; [`Detail::Other`] for the events only counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Other,
    WorkflowStarted {
        workflow_type: (String, String),
        input: String,
        task_list: String,
        child_policy: String,
        tags: Vec<String>,
    },
    DecisionStarted {
        scheduled: i64,
        identity: String,
    },
    DecisionCompleted {
        scheduled: i64,
        started: i64,
    },
    ActivityScheduled {
        activity_type: (String, String),
        activity_id: String,
        input: String,
        task_list: String,
        decision_completed: i64,
    },
    ActivityStarted {
        scheduled: i64,
        identity: String,
    },
    ActivityCompleted {
        scheduled: i64,
        started: i64,
        result: String,
    },
    WorkflowCompleted {
        result: String,
        decision_completed: i64,
    },
}

fn seen(id: i64, event_type: &str, detail: Detail) -> Seen {
    Seen {
        id,
        event_type: event_type.to_owned(),
        detail,
    }
}

/// The whole history of the finished workflow: every event, in order, with ids from 1.
pub fn expected_history() -> Vec<Seen> {
    let decision_started = |scheduled| Detail::DecisionStarted {
        scheduled,
        identity: DECIDER.into(),
    };
    vec![
        seen(
            1,
            "WorkflowExecutionStarted",
            Detail::WorkflowStarted {
                workflow_type: (WORKFLOW.into(), VERSION.into()),
                input: WORKFLOW_INPUT.into(),
                task_list: DECISIONS.into(),
                child_policy: "TERMINATE".into(),
                tags: vec![TAG.into()],
            },
        ),
        seen(2, "DecisionTaskScheduled", Detail::Other),
        seen(3, "DecisionTaskStarted", decision_started(2)),
        seen(
            4,
            "DecisionTaskCompleted",
            Detail::DecisionCompleted {
                scheduled: 2,
                started: 3,
            },
        ),
        seen(
            5,
            "ActivityTaskScheduled",
            Detail::ActivityScheduled {
                activity_type: (ACTIVITY.into(), VERSION.into()),
                activity_id: ACTIVITY_ID.into(),
                input: ACTIVITY_INPUT.into(),
                task_list: ACTIVITIES.into(),
                decision_completed: 4,
            },
        ),
        seen(
            6,
            "ActivityTaskStarted",
            Detail::ActivityStarted {
                scheduled: 5,
                identity: WORKER.into(),
            },
        ),
        seen(
            7,
            "ActivityTaskCompleted",
            Detail::ActivityCompleted {
                scheduled: 5,
                started: 6,
                result: ACTIVITY_RESULT.into(),
            },
        ),
        seen(8, "DecisionTaskScheduled", Detail::Other),
        seen(9, "DecisionTaskStarted", decision_started(8)),
        seen(
            10,
            "DecisionTaskCompleted",
            Detail::DecisionCompleted {
                scheduled: 8,
                started: 9,
            },
        ),
        seen(
            11,
            "WorkflowExecutionCompleted",
            Detail::WorkflowCompleted {
                result: WORKFLOW_RESULT.into(),
                decision_completed: 10,
            },
        ),
    ]
}

/// Fails unless `events`, as `client` read them at `when`, are the first `count` events of
/// [`expected_history`], naming the first event that differs.
pub fn assert_events(client: &str, when: &str, events: &[Seen], count: usize) {
    let expected = &expected_history()[..count];
    for (index, (got, want)) in events.iter().zip(expected).enumerate() {
        assert_eq!(
            got,
            want,
            "{client}, {when}: event {} differs (all events: {events:#?})",
            index + 1
        );
    }
    assert_eq!(
        events.len(),
        count,
        "{client}, {when}: {} events where {count} were expected: {events:#?}",
        events.len()
    );
}

/// A start-time filter's bounds, in whole seconds since the epoch, an hour either side of now:
/// the test's execution starts inside it.
pub fn start_time_window() -> (i64, i64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is past 1970")
        .as_secs() as i64;
    (now - 3600, now + 3600)
}

/// How many pages of [`PAGE_SIZE`] events the whole history takes.
pub fn expected_pages() -> usize {
    expected_history().len().div_ceil(PAGE_SIZE)
}
