//! Each decision is an action of its own under the decider's policy (SWF's pseudo API): every
//! decision type but `ScheduleLambdaFunction`, refused, fails with `OPERATION_NOT_PERMITTED` and
//! changes nothing else; allowed, it is carried out; and the condition keys SWF gives decisions
//! (type name and version, task list, tags) are read with the values the decision takes effect
//! with, a task list it leaves out being its type's default.

use crate::access_control::{client_as, start_with};
use crate::common::{
    ACTIVITIES, ACTIVITY, DECISIONS, DOMAIN, WORKFLOW, activity_type_input, register_domain,
    workflow_type_input,
};
use serde_json::{Value, json};
use swf_core::types::*;
use swf_local::{AuthConfig, Server};
use swf_testkit::harness::Domain;
use swf_testkit::harness::decisions::*;
use swf_testkit::harness::events::of_type;

const ADMIN: (&str, &str) = ("AKIDADMIN", "admin-secret");
/// May poll and answer decision tasks in `d`, and make no decision at all.
const NO_DECISIONS: (&str, &str) = ("AKIDNODECISIONS", "no-decisions-secret");
/// May make every decision in `d`, those that name a type or task list only as [`auth_config`] says.
const SCOPED: (&str, &str) = ("AKIDSCOPED", "scoped-secret");
/// A task list nobody's policy allows.
const ELSEWHERE: &str = "elsewhere";

/// The auth file: the admin may do anything; both deciders may poll and answer decision tasks.
/// The scoped decider may make the decisions without condition keys anywhere in `d`, schedule
/// `act` versions 1 and 3 on `activities`, and start children or continue as new runs of `wf`
/// versions 1 and 3 on `decisions` tagged first `team-a`.
fn auth_config() -> AuthConfig {
    let domain = "arn:aws:swf:*:*:/domain/d";
    let decide = json!({"Effect": "Allow",
        "Action": ["swf:PollForDecisionTask", "swf:RespondDecisionTaskCompleted"],
        "Resource": domain});
    let file = json!({"Keys": [
        {"AccessKeyId": ADMIN.0, "SecretAccessKey": ADMIN.1,
         "Policy": {"Statement": [{"Effect": "Allow", "Action": "swf:*", "Resource": "*"}]}},
        {"AccessKeyId": NO_DECISIONS.0, "SecretAccessKey": NO_DECISIONS.1,
         "Policy": {"Statement": [decide]}},
        {"AccessKeyId": SCOPED.0, "SecretAccessKey": SCOPED.1,
         "Policy": {"Statement": [
            decide,
            {"Effect": "Allow", "Resource": domain, "Action": [
                "swf:RequestCancelActivityTask", "swf:CompleteWorkflowExecution",
                "swf:FailWorkflowExecution", "swf:CancelWorkflowExecution", "swf:RecordMarker",
                "swf:StartTimer", "swf:CancelTimer", "swf:SignalExternalWorkflowExecution",
                "swf:RequestCancelExternalWorkflowExecution"]},
            {"Effect": "Allow", "Resource": domain, "Action": "swf:ScheduleActivityTask",
             "Condition": {"StringEquals": {"swf:activityType.name": ACTIVITY,
                                            "swf:activityType.version": ["1", "3"],
                                            "swf:taskList.name": ACTIVITIES}}},
            {"Effect": "Allow", "Resource": domain, "Action": "swf:StartChildWorkflowExecution",
             "Condition": {"StringEquals": {"swf:workflowType.name": WORKFLOW,
                                            "swf:workflowType.version": ["1", "3"],
                                            "swf:taskList.name": DECISIONS,
                                            "swf:tagList.member.0": "team-a"}}},
            {"Effect": "Allow", "Resource": domain,
             "Action": "swf:ContinueAsNewWorkflowExecution",
             "Condition": {"StringEquals": {"swf:workflowType.version": ["1", "3"],
                                            "swf:taskList.name": DECISIONS,
                                            "swf:tagList.member.0": "team-a"}}}]}}
    ]});
    AuthConfig::from_json(&file.to_string()).expect("the tests' auth file is valid")
}

/// A service under [`auth_config`] with domain `d` as `common` registers it, plus the types the
/// conditions tell apart: `act` 2 (on `activities`), `act` 3 and `wf` 3 (whose default task lists
/// are [`ELSEWHERE`]), `wf` 2 (on `decisions`), `other` 1 of each kind (on the allowed lists).
struct Service {
    server: Server,
    admin: Domain,
}

impl Service {
    async fn start() -> Service {
        let server = start_with(auth_config(), "us-east-1").await;
        let admin = Domain::new(client_as(&server, ADMIN.0, ADMIN.1).await, DOMAIN);
        register_domain(&admin.client, DOMAIN).await;
        for (name, version, list) in [
            (ACTIVITY, "2", ACTIVITIES),
            (ACTIVITY, "3", ELSEWHERE),
            ("other", "1", ACTIVITIES),
        ] {
            admin
                .register_activity_type(activity_type_input(name, version, list))
                .await
                .unwrap();
        }
        for (name, version, list) in [
            (WORKFLOW, "2", DECISIONS),
            (WORKFLOW, "3", ELSEWHERE),
            ("other", "1", DECISIONS),
        ] {
            // Children abandoned: a child a case starts outlives its parent's test.
            let input = RegisterWorkflowTypeInput {
                default_child_policy: Some(ChildPolicy::Abandon),
                ..workflow_type_input(name, version, list)
            };
            admin.register_workflow_type(input).await.unwrap();
        }
        Service { server, admin }
    }

    /// Runs `case` with `decider`'s key: starts execution `case.id` of `wf` 1 on a decision task
    /// list of its own (so the type's default, `decisions`, is not the run's), lets the admin
    /// make `case.setup`, then `decider` answers the next decision task with `case.decision`.
    async fn run(&self, case: &Case, decider: (&str, &str)) -> WorkflowExecution {
        let execution = self
            .admin
            .start(StartWorkflowExecutionInput {
                workflow_id: case.id.clone(),
                workflow_type: workflow_type(WORKFLOW, "1"),
                task_list: Some(task_list(&case.id)),
                ..Default::default()
            })
            .await;
        if let Some(Other::Started(id, _)) = &case.other {
            self.admin
                .start(StartWorkflowExecutionInput {
                    workflow_id: id.clone(),
                    workflow_type: workflow_type(WORKFLOW, "1"),
                    ..Default::default()
                })
                .await;
        }
        if !case.setup.is_empty() {
            let task = self.admin.next_decision(&case.id, None).await;
            self.admin.decide(&task, case.setup.clone()).await;
            // A signal calls for the next decision task, the one under test.
            self.admin.signal(&case.id, None, "next", None).await;
        }
        let decider = Domain::new(client_as(&self.server, decider.0, decider.1).await, DOMAIN);
        let task = decider.next_decision(&case.id, None).await;
        decider.decide(&task, vec![case.decision.clone()]).await;
        execution
    }

    /// The events of every open run of workflow `id` (none when there is no such execution).
    async fn events_of(&self, id: &str) -> Vec<HistoryEvent> {
        let open = self
            .admin
            .client
            .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
                domain: DOMAIN.into(),
                start_time_filter: ExecutionTimeFilter {
                    oldest_date: Timestamp::from_millis(0),
                    latest_date: None,
                },
                execution_filter: Some(WorkflowExecutionFilter {
                    workflow_id: id.into(),
                }),
                ..Default::default()
            })
            .await
            .unwrap();
        let mut events = Vec::new();
        for info in open.execution_infos {
            events.extend(self.admin.history(&info.execution).await);
        }
        events
    }

    /// Runs `case` as `decider` and checks its outcome: carried out if `allowed`, else failed
    /// with `OPERATION_NOT_PERMITTED` and nothing else done.
    async fn check(&self, case: &Case, decider: (&str, &str), allowed: bool) {
        let execution = self.run(case, decider).await;
        let history = self.admin.history(&execution).await;
        let id = &case.id;
        let failed = of_type(&history, case.failed.clone());
        let done = of_type(&history, case.done.clone()).len();
        let other = match &case.other {
            Some(Other::Started(other, event) | Other::Child(other, event)) => {
                Some(of_type(&self.events_of(other).await, event.clone()).len())
            }
            None => None,
        };
        if allowed {
            assert!(failed.is_empty(), "{id}: allowed, yet failed: {failed:?}");
            assert_eq!(done, 1, "{id}: allowed, so carried out: {history:#?}");
            assert!(
                other.is_none_or(|n| n == 1),
                "{id}: allowed, so it reached the other execution"
            );
            return;
        }
        let [failed] = &failed[..] else {
            panic!("{id}: refused, so one {:?}: {history:#?}", case.failed);
        };
        let completed = of_type(&history, EventType::DecisionTaskCompleted);
        let completed = completed.last().unwrap().event_id;
        let attributes = attributes(failed);
        assert_eq!(attributes["cause"], "OPERATION_NOT_PERMITTED", "{id}");
        assert_eq!(
            attributes["decisionTaskCompletedEventId"], completed,
            "{id}"
        );
        assert_eq!(done, 0, "{id}: refused, yet carried out: {history:#?}");
        assert_eq!(
            other.unwrap_or(0),
            0,
            "{id}: refused, yet it reached the other execution"
        );
        let open = matches!(
            history.last().map(|e| &e.event_type),
            Some(EventType::DecisionTaskScheduled)
        );
        assert!(
            open,
            "{id}: the run stays open for a decider to see the failure"
        );
    }
}

/// Another execution a decision acts on: its workflow id and the event the decision gives it.
enum Other {
    /// Started before the decision (a signal's or cancel request's target).
    Started(String, EventType),
    /// The child the decision starts.
    Child(String, EventType),
}

/// One decision under test, in an execution of its own.
struct Case {
    /// The execution's workflow id and decision task list.
    id: String,
    /// Decisions the admin makes first, so the decision has something to act on.
    setup: Vec<Decision>,
    decision: Decision,
    /// The event the decision fails with.
    failed: EventType,
    /// The event in the deciding run's history that the decision carried out records.
    done: EventType,
    other: Option<Other>,
}

impl Case {
    fn new(id: &str, decision: Decision, failed: EventType, done: EventType) -> Case {
        Case {
            id: id.into(),
            setup: Vec::new(),
            decision,
            failed,
            done,
            other: None,
        }
    }
}

/// One case per decision type but `ScheduleLambdaFunction`, each allowed to the scoped decider.
fn every_decision() -> Vec<Case> {
    use EventType as E;
    let target = |id: &str, event| Some(Other::Started(format!("{id}-target"), event));
    let mut cases = vec![
        Case::new(
            "ScheduleActivityTask",
            schedule(ACTIVITY, "1", None),
            E::ScheduleActivityTaskFailed,
            E::ActivityTaskScheduled,
        ),
        Case {
            setup: vec![schedule(ACTIVITY, "1", None)],
            ..Case::new(
                "RequestCancelActivityTask",
                request_cancel_activity("a"),
                E::RequestCancelActivityTaskFailed,
                E::ActivityTaskCancelRequested,
            )
        },
        Case::new(
            "CompleteWorkflowExecution",
            complete(Some("done")),
            E::CompleteWorkflowExecutionFailed,
            E::WorkflowExecutionCompleted,
        ),
        Case::new(
            "FailWorkflowExecution",
            fail(Some("why"), None),
            E::FailWorkflowExecutionFailed,
            E::WorkflowExecutionFailed,
        ),
        Case::new(
            "CancelWorkflowExecution",
            Decision::from(CancelWorkflowExecutionDecisionAttributes { details: None }),
            E::CancelWorkflowExecutionFailed,
            E::WorkflowExecutionCanceled,
        ),
        Case::new(
            "ContinueAsNewWorkflowExecution",
            continue_as(None, None, &["team-a"]),
            E::ContinueAsNewWorkflowExecutionFailed,
            E::WorkflowExecutionContinuedAsNew,
        ),
        Case::new(
            "RecordMarker",
            marker("m", None),
            E::RecordMarkerFailed,
            E::MarkerRecorded,
        ),
        Case::new(
            "StartTimer",
            start_timer("t", "600"),
            E::StartTimerFailed,
            E::TimerStarted,
        ),
        Case {
            setup: vec![start_timer("t", "600")],
            ..Case::new(
                "CancelTimer",
                cancel_timer("t"),
                E::CancelTimerFailed,
                E::TimerCanceled,
            )
        },
        Case {
            other: target(
                "SignalExternalWorkflowExecution",
                E::WorkflowExecutionSignaled,
            ),
            ..Case::new(
                "SignalExternalWorkflowExecution",
                Decision::from(SignalExternalWorkflowExecutionDecisionAttributes {
                    workflow_id: "SignalExternalWorkflowExecution-target".into(),
                    signal_name: "s".into(),
                    ..Default::default()
                }),
                E::SignalExternalWorkflowExecutionFailed,
                E::ExternalWorkflowExecutionSignaled,
            )
        },
        Case {
            other: target(
                "RequestCancelExternalWorkflowExecution",
                E::WorkflowExecutionCancelRequested,
            ),
            ..Case::new(
                "RequestCancelExternalWorkflowExecution",
                Decision::from(RequestCancelExternalWorkflowExecutionDecisionAttributes {
                    workflow_id: "RequestCancelExternalWorkflowExecution-target".into(),
                    ..Default::default()
                }),
                E::RequestCancelExternalWorkflowExecutionFailed,
                E::ExternalWorkflowExecutionCancelRequested,
            )
        },
    ];
    let mut child = child_case(
        "StartChildWorkflowExecution",
        WORKFLOW,
        "1",
        None,
        &["team-a"],
    );
    child.other = Some(Other::Child(
        "StartChildWorkflowExecution-child".into(),
        E::WorkflowExecutionStarted,
    ));
    cases.push(child);
    cases
}

#[tokio::test]
async fn every_decision_the_policy_does_not_allow_fails_and_changes_nothing() {
    let service = Service::start().await;
    let cases = every_decision();
    let types: Vec<&str> = cases
        .iter()
        .map(|c| c.decision.decision_type.as_str())
        .collect();
    let all_but_lambda = DecisionType::VALUES
        .iter()
        .filter(|t| **t != "ScheduleLambdaFunction");
    assert_eq!(
        types,
        all_but_lambda.copied().collect::<Vec<_>>(),
        "one case per type"
    );
    for case in &cases {
        service.check(case, NO_DECISIONS, false).await;
    }
    service.server.shutdown().await;
}

#[tokio::test]
async fn every_decision_the_policy_allows_is_carried_out() {
    let service = Service::start().await;
    for case in &every_decision() {
        service.check(case, SCOPED, true).await;
    }
    service.server.shutdown().await;
}

#[tokio::test]
async fn activity_conditions_read_the_type_and_the_task_list_it_runs_on_default_included() {
    let service = Service::start().await;
    let activities = Some(ACTIVITIES);
    for (id, name, version, list, allowed) in [
        ("act-1-default-list", ACTIVITY, "1", None, true),
        ("act-1-named-list", ACTIVITY, "1", activities, true),
        ("act-1-other-list", ACTIVITY, "1", Some(ELSEWHERE), false),
        ("act-2-other-version", ACTIVITY, "2", None, false),
        ("other-1-other-name", "other", "1", None, false),
        // `act` 3's default task list is elsewhere: a default counts as if the decision named it.
        ("act-3-default-list", ACTIVITY, "3", None, false),
        ("act-3-named-list", ACTIVITY, "3", activities, true),
    ] {
        let case = Case::new(
            id,
            schedule(name, version, list),
            EventType::ScheduleActivityTaskFailed,
            EventType::ActivityTaskScheduled,
        );
        service.check(&case, SCOPED, allowed).await;
    }
    service.server.shutdown().await;
}

#[tokio::test]
async fn child_conditions_read_the_type_the_task_list_default_included_and_the_tags() {
    let service = Service::start().await;
    let (dec, away, wf) = (Some(DECISIONS), Some(ELSEWHERE), WORKFLOW);
    let a: &[&str] = &["team-a", "x"];
    for (id, name, version, list, tags, allowed) in [
        ("child-default-list", wf, "1", None, a, true),
        ("child-named-list", wf, "1", dec, a, true),
        ("child-other-list", wf, "1", away, a, false),
        ("child-other-version", wf, "2", None, a, false),
        ("child-other-name", "other", "1", None, a, false),
        // `wf` 3's default task list is elsewhere: a default counts as if the decision named it.
        ("child-3-default-list", wf, "3", None, a, false),
        ("child-3-named-list", wf, "3", dec, a, true),
        ("child-no-tags", wf, "1", None, &[], false),
        ("child-tag-second", wf, "1", None, &["x", "team-a"], false),
    ] {
        let case = child_case(id, name, version, list, tags);
        service.check(&case, SCOPED, allowed).await;
    }
    service.server.shutdown().await;
}

#[tokio::test]
async fn continue_as_new_conditions_read_the_version_the_task_list_default_included_and_tags() {
    let service = Service::start().await;
    let (dec, away) = (Some(DECISIONS), Some(ELSEWHERE));
    let a: &[&str] = &["team-a"];
    for (id, version, list, tags, allowed) in [
        // The run's own version, 1, whose default task list is `decisions`: the new run goes
        // there, not to the list this run was started on.
        ("can-default-list", None, None, a, true),
        ("can-named-list", None, away, a, false),
        ("can-other-version", Some("2"), None, a, false),
        ("can-3-default-list", Some("3"), None, a, false),
        ("can-3-named-list", Some("3"), dec, a, true),
        ("can-no-tags", None, None, &[], false),
    ] {
        let case = Case::new(
            id,
            continue_as(version, list, tags),
            EventType::ContinueAsNewWorkflowExecutionFailed,
            EventType::WorkflowExecutionContinuedAsNew,
        );
        service.check(&case, SCOPED, allowed).await;
    }
    service.server.shutdown().await;
}

/// `ScheduleActivityTask` of activity `a` of type `name` `version`, on `list` if given.
fn schedule(name: &str, version: &str, list: Option<&str>) -> Decision {
    schedule_activity(ScheduleActivityTaskDecisionAttributes {
        activity_id: "a".into(),
        activity_type: ActivityType {
            name: name.into(),
            version: version.into(),
        },
        task_list: list.map(task_list),
        ..Default::default()
    })
}

/// A case of `StartChildWorkflowExecution` of child `<id>-child` of type `name` `version`, on
/// `list` if given, tagged `tags`.
fn child_case(id: &str, name: &str, version: &str, list: Option<&str>, tags: &[&str]) -> Case {
    let decision = start_child(StartChildWorkflowExecutionDecisionAttributes {
        workflow_id: format!("{id}-child"),
        workflow_type: workflow_type(name, version),
        task_list: list.map(task_list),
        tag_list: (!tags.is_empty()).then(|| tags.iter().map(|t| t.to_string()).collect()),
        ..Default::default()
    });
    Case::new(
        id,
        decision,
        EventType::StartChildWorkflowExecutionFailed,
        EventType::StartChildWorkflowExecutionInitiated,
    )
}

/// `ContinueAsNewWorkflowExecution` at `version` and on `list` if given, tagged `tags`.
fn continue_as(version: Option<&str>, list: Option<&str>, tags: &[&str]) -> Decision {
    continue_as_new(ContinueAsNewWorkflowExecutionDecisionAttributes {
        workflow_type_version: version.map(str::to_owned),
        task_list: list.map(task_list),
        tag_list: (!tags.is_empty()).then(|| tags.iter().map(|t| t.to_string()).collect()),
        ..Default::default()
    })
}

fn task_list(name: &str) -> TaskList {
    TaskList { name: name.into() }
}

fn workflow_type(name: &str, version: &str) -> WorkflowType {
    WorkflowType {
        name: name.into(),
        version: version.into(),
    }
}

/// An event's attributes as JSON: the one `...EventAttributes` member its wire form has, read
/// the same way for every event type.
fn attributes(event: &HistoryEvent) -> Value {
    let json = serde_json::to_value(event).unwrap();
    let found = json
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.ends_with("EventAttributes"));
    found.map(|(_, v)| v.clone()).unwrap_or_default()
}
