//! From an operation name and a JSON body to the engine, and back to JSON.
//!
//! Every request is decoded into `swf-core`'s input type of its operation, checked against the
//! model's bounds with `swf-core`'s `Validate` and against the rules the reference adds (names'
//! characters, tags, priorities: `engine::names`), and only then handed to the engine, so a
//! request that SWF would refuse changes nothing.

use super::json_input::{read_json, refuse_arrays_for_structures};
use crate::engine::names::Rules;
use crate::engine::state::DomainState;
use crate::engine::tokens::{TaskKind, TaskToken};
use crate::engine::{ActivityOutcome, Engine, TypeKind, WithEvents};
use crate::error::{Fault, FaultKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use swf_core::Operation;
use swf_core::types::*;
use swf_core::validate::{Validate, Validator};

/// Decodes and validates an operation's input.
fn decode<T: DeserializeOwned + Serialize + Validate + Rules>(body: &[u8]) -> Result<T, Fault> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    let input: T = read_json(body)?;
    refuse_arrays_for_structures(&input, body)?;
    let checked = input.validate().and_then(|()| {
        let mut v = Validator::default();
        input.check_rules(&mut v);
        v.finish()
    });
    checked.map_err(|e| {
        Fault::validation(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: {}",
            e.field, e.problem
        ))
    })?;
    Ok(input)
}

/// Refuses an enum value the model does not define (the model's `Validate` checks presence only).
fn known<E: AsRef<str>>(field: &str, value: &E, is_unknown: bool) -> Result<(), Fault> {
    if is_unknown {
        return Err(Fault::validation(format!(
            "1 validation error detected: Value '{}' at '{field}' failed to satisfy constraint: Member must satisfy enum value set",
            value.as_ref()
        )));
    }
    Ok(())
}

fn known_child_policy(field: &str, p: &Option<ChildPolicy>) -> Result<(), Fault> {
    match p {
        Some(p) => known(field, p, p.is_unknown()),
        None => Ok(()),
    }
}

/// Refuses a request without `startTimeFilter`: the model requires it, but its decoded
/// `Default` (oldest date 0) cannot be told apart from a given one.
fn require_start_time_filter(body: &[u8]) -> Result<(), Fault> {
    let given = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .is_some_and(|v| {
            v.get("startTimeFilter")
                .is_some_and(|f| f.get("oldestDate").is_some())
        });
    if !given {
        return Err(Fault::validation(
            "1 validation error detected: Value null at 'startTimeFilter' failed to satisfy constraint: Member must not be null",
        ));
    }
    Ok(())
}

fn encode<T: Serialize>(output: &T) -> Vec<u8> {
    serde_json::to_vec(output).expect("outputs serialize")
}

/// Encodes an answer whose events are kept as JSON: the answer is encoded with no events and
/// the events' JSON is spliced in. `events` is the first member of `History` and `DecisionTask`
/// (the generated structs keep the model's alphabetical order), which the tests below check.
fn encode_with_events<T: Serialize>(answer: &WithEvents<T>) -> Vec<u8> {
    const EMPTY_EVENTS: &[u8] = br#"{"events":[]"#;
    let shell = encode(&answer.shell);
    assert!(
        shell.starts_with(EMPTY_EVENTS),
        "`events` must be the first member"
    );
    let size: usize = answer.events.iter().map(|e| e.len() + 1).sum();
    let mut out = Vec::with_capacity(shell.len() + size);
    out.extend_from_slice(br#"{"events":["#);
    for (i, event) in answer.events.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(event.as_bytes());
    }
    out.push(b']');
    out.extend_from_slice(&shell[EMPTY_EVENTS.len()..]);
    out
}

const EMPTY: &[u8] = b"{}";

/// `ListActivityTypes` and `ListWorkflowTypes`. The registration status is checked before the
/// domain is looked up, so a bad status is a validation fault even in an unknown domain.
async fn list_types<K: TypeKind>(engine: &Engine, body: &[u8]) -> Result<Vec<u8>, Fault>
where
    K::ListInput: DeserializeOwned + Serialize + Validate + Rules,
    K::Listing: Serialize,
{
    let i: K::ListInput = decode(body)?;
    let q = K::query(&i);
    known("registrationStatus", q.status, q.status.is_unknown())?;
    let domain = engine.domain(q.domain)?;
    let listing = engine.read(&domain, |s| s.list_types::<K>(&i)).await??;
    Ok(encode(&listing))
}

/// Runs `op` on `body` and returns the JSON answer. The body is within SWF's size quota
/// (`request_body.rs` refused any larger).
pub(crate) async fn dispatch(
    engine: &Engine,
    op: Operation,
    body: &[u8],
) -> Result<Vec<u8>, Fault> {
    macro_rules! in_domain {
        ($input:ident, |$state:ident| $body:expr) => {{
            // Answered once what it read is committed (`Engine::read`).
            let domain = engine.domain(&$input.domain)?;
            engine.read(&domain, |$state: &DomainState| $body).await?
        }};
    }
    macro_rules! mutate_domain {
        ($name:expr, |$state:ident| $body:expr) => {{
            let domain = engine.domain($name)?;
            engine.mutate(&domain, |$state| $body).await
        }};
    }
    let out = match op {
        Operation::RegisterDomain => {
            let i: RegisterDomainInput = decode(body)?;
            engine.register_domain(i).await?;
            EMPTY.to_vec()
        }
        Operation::DescribeDomain => {
            let i: DescribeDomainInput = decode(body)?;
            let domain = engine.domain(&i.name)?;
            let detail = engine.read(&domain, |s| s.describe_domain()).await?;
            encode(&detail)
        }
        Operation::ListDomains => {
            let i: ListDomainsInput = decode(body)?;
            known(
                "registrationStatus",
                &i.registration_status,
                i.registration_status.is_unknown(),
            )?;
            let listing = engine.list_domains(i)?;
            engine.settled().await?;
            encode(&listing)
        }
        Operation::DeprecateDomain => {
            let i: DeprecateDomainInput = decode(body)?;
            mutate_domain!(&i.name, |s| s.set_domain_deprecated(true))?;
            EMPTY.to_vec()
        }
        Operation::UndeprecateDomain => {
            let i: UndeprecateDomainInput = decode(body)?;
            mutate_domain!(&i.name, |s| s.set_domain_deprecated(false))?;
            EMPTY.to_vec()
        }
        Operation::TagResource => {
            let i: TagResourceInput = decode(body)?;
            let domain = engine.domain_by_arn(&i.resource_arn)?;
            engine.mutate(&domain, |s| s.tag_domain(i.tags)).await?;
            EMPTY.to_vec()
        }
        Operation::UntagResource => {
            let i: UntagResourceInput = decode(body)?;
            let domain = engine.domain_by_arn(&i.resource_arn)?;
            engine
                .mutate(&domain, |s| {
                    s.untag_domain(&i.tag_keys);
                    Ok(())
                })
                .await?;
            EMPTY.to_vec()
        }
        Operation::ListTagsForResource => {
            let i: ListTagsForResourceInput = decode(body)?;
            let domain = engine.domain_by_arn(&i.resource_arn)?;
            let tags = engine.read(&domain, |s| s.meta.tags.clone()).await?;
            encode(&ListTagsForResourceOutput { tags: Some(tags) })
        }
        Operation::RegisterActivityType => {
            let i: RegisterActivityTypeInput = decode(body)?;
            mutate_domain!(&i.domain.clone(), |s| s.register_activity_type(i))?;
            EMPTY.to_vec()
        }
        Operation::RegisterWorkflowType => {
            let i: RegisterWorkflowTypeInput = decode(body)?;
            known_child_policy("defaultChildPolicy", &i.default_child_policy)?;
            mutate_domain!(&i.domain.clone(), |s| s.register_workflow_type(i))?;
            EMPTY.to_vec()
        }
        Operation::DescribeActivityType => {
            let i: DescribeActivityTypeInput = decode(body)?;
            encode(&mutate_domain!(&i.domain, |s| s.describe_type(&i.activity_type))?)
        }
        Operation::DescribeWorkflowType => {
            let i: DescribeWorkflowTypeInput = decode(body)?;
            encode(&mutate_domain!(&i.domain, |s| s.describe_type(&i.workflow_type))?)
        }
        Operation::DeprecateActivityType => {
            let i: DeprecateActivityTypeInput = decode(body)?;
            mutate_domain!(&i.domain, |s| s.set_type_deprecated(&i.activity_type, true))?;
            EMPTY.to_vec()
        }
        Operation::UndeprecateActivityType => {
            let i: UndeprecateActivityTypeInput = decode(body)?;
            mutate_domain!(&i.domain, |s| s
                .set_type_deprecated(&i.activity_type, false))?;
            EMPTY.to_vec()
        }
        Operation::DeprecateWorkflowType => {
            let i: DeprecateWorkflowTypeInput = decode(body)?;
            mutate_domain!(&i.domain, |s| s.set_type_deprecated(&i.workflow_type, true))?;
            EMPTY.to_vec()
        }
        Operation::UndeprecateWorkflowType => {
            let i: UndeprecateWorkflowTypeInput = decode(body)?;
            mutate_domain!(&i.domain, |s| s
                .set_type_deprecated(&i.workflow_type, false))?;
            EMPTY.to_vec()
        }
        Operation::DeleteActivityType => {
            let i: DeleteActivityTypeInput = decode(body)?;
            mutate_domain!(&i.domain, |s| s.delete_type(&i.activity_type))?;
            EMPTY.to_vec()
        }
        Operation::DeleteWorkflowType => {
            let i: DeleteWorkflowTypeInput = decode(body)?;
            mutate_domain!(&i.domain, |s| s.delete_type(&i.workflow_type))?;
            EMPTY.to_vec()
        }
        Operation::ListActivityTypes => list_types::<ActivityType>(engine, body).await?,
        Operation::ListWorkflowTypes => list_types::<WorkflowType>(engine, body).await?,
        Operation::StartWorkflowExecution => {
            let i: StartWorkflowExecutionInput = decode(body)?;
            known_child_policy("childPolicy", &i.child_policy)?;
            encode(&mutate_domain!(&i.domain.clone(), |s| s.start_workflow_execution(i))?)
        }
        Operation::SignalWorkflowExecution => {
            let i: SignalWorkflowExecutionInput = decode(body)?;
            mutate_domain!(&i.domain.clone(), |s| s.signal_workflow_execution(i))?;
            EMPTY.to_vec()
        }
        Operation::RequestCancelWorkflowExecution => {
            let i: RequestCancelWorkflowExecutionInput = decode(body)?;
            mutate_domain!(&i.domain.clone(), |s| s
                .request_cancel_workflow_execution(i))?;
            EMPTY.to_vec()
        }
        Operation::TerminateWorkflowExecution => {
            let i: TerminateWorkflowExecutionInput = decode(body)?;
            known_child_policy("childPolicy", &i.child_policy)?;
            mutate_domain!(&i.domain.clone(), |s| s.terminate_workflow_execution(i))?;
            EMPTY.to_vec()
        }
        Operation::DescribeWorkflowExecution => {
            let i: DescribeWorkflowExecutionInput = decode(body)?;
            encode(&in_domain!(i, |s| s.describe_execution(&i.execution))?)
        }
        Operation::GetWorkflowExecutionHistory => {
            let i: GetWorkflowExecutionHistoryInput = decode(body)?;
            encode_with_events(&in_domain!(i, |s| s.get_history(i.clone()))?)
        }
        Operation::ListOpenWorkflowExecutions => {
            let i: ListOpenWorkflowExecutionsInput = decode(body)?;
            require_start_time_filter(body)?;
            let f = crate::engine::Filters {
                open: true,
                start_time: Some(i.start_time_filter.clone()),
                execution: i.execution_filter.clone(),
                type_filter: i.type_filter.clone(),
                tag: i.tag_filter.clone(),
                ..Default::default()
            };
            let reverse = i.reverse_order.unwrap_or(false);
            encode(&in_domain!(i, |s| s.list_executions(
                &f,
                i.next_page_token.as_deref(),
                i.maximum_page_size,
                reverse
            ))?)
        }
        Operation::ListClosedWorkflowExecutions => {
            let i: ListClosedWorkflowExecutionsInput = decode(body)?;
            if let Some(f) = &i.close_status_filter {
                known("closeStatusFilter.status", &f.status, f.status.is_unknown())?;
            }
            let f = crate::engine::Filters {
                open: false,
                start_time: i.start_time_filter.clone(),
                close_time: i.close_time_filter.clone(),
                execution: i.execution_filter.clone(),
                type_filter: i.type_filter.clone(),
                tag: i.tag_filter.clone(),
                close_status: i.close_status_filter.clone(),
            };
            let reverse = i.reverse_order.unwrap_or(false);
            encode(&in_domain!(i, |s| s.list_executions(
                &f,
                i.next_page_token.as_deref(),
                i.maximum_page_size,
                reverse
            ))?)
        }
        Operation::CountOpenWorkflowExecutions => {
            let i: CountOpenWorkflowExecutionsInput = decode(body)?;
            require_start_time_filter(body)?;
            let f = crate::engine::Filters {
                open: true,
                start_time: Some(i.start_time_filter.clone()),
                execution: i.execution_filter.clone(),
                type_filter: i.type_filter.clone(),
                tag: i.tag_filter.clone(),
                ..Default::default()
            };
            encode(&in_domain!(i, |s| s.count_executions(&f))?)
        }
        Operation::CountClosedWorkflowExecutions => {
            let i: CountClosedWorkflowExecutionsInput = decode(body)?;
            if let Some(f) = &i.close_status_filter {
                known("closeStatusFilter.status", &f.status, f.status.is_unknown())?;
            }
            let f = crate::engine::Filters {
                open: false,
                start_time: i.start_time_filter.clone(),
                close_time: i.close_time_filter.clone(),
                execution: i.execution_filter.clone(),
                type_filter: i.type_filter.clone(),
                tag: i.tag_filter.clone(),
                close_status: i.close_status_filter.clone(),
            };
            encode(&in_domain!(i, |s| s.count_executions(&f))?)
        }
        Operation::CountPendingDecisionTasks => {
            let i: CountPendingDecisionTasksInput = decode(body)?;
            encode(&in_domain!(i, |s| s
                .count_pending(TaskKind::Decision, &i.task_list.name)))
        }
        Operation::CountPendingActivityTasks => {
            let i: CountPendingActivityTasksInput = decode(body)?;
            encode(&in_domain!(i, |s| s
                .count_pending(TaskKind::Activity, &i.task_list.name)))
        }
        Operation::PollForDecisionTask => {
            let i: PollForDecisionTaskInput = decode(body)?;
            let task = engine.poll_for_decision_task(i).await?;
            if task.shell.task_token.is_empty() {
                // What SWF answers when no task came: no token, no execution.
                br#"{"previousStartedEventId":0,"startedEventId":0}"#.to_vec()
            } else {
                encode_with_events(&task)
            }
        }
        Operation::PollForActivityTask => {
            let i: PollForActivityTaskInput = decode(body)?;
            let task = engine.poll_for_activity_task(i).await?;
            if task.task_token.is_empty() {
                br#"{"startedEventId":0}"#.to_vec()
            } else {
                encode(&task)
            }
        }
        Operation::RespondDecisionTaskCompleted => {
            let i: RespondDecisionTaskCompletedInput = decode(body)?;
            let token = TaskToken::decode(&i.task_token, TaskKind::Decision)?;
            mutate_domain!(&token.domain, |s| s
                .respond_decision_task_completed(&token, i))?;
            EMPTY.to_vec()
        }
        Operation::RecordActivityTaskHeartbeat => {
            let i: RecordActivityTaskHeartbeatInput = decode(body)?;
            let token = TaskToken::decode(&i.task_token, TaskKind::Activity)?;
            encode(&mutate_domain!(&token.domain, |s| s.record_heartbeat(&token, i.details))?)
        }
        Operation::RespondActivityTaskCompleted => {
            let i: RespondActivityTaskCompletedInput = decode(body)?;
            let outcome = ActivityOutcome::Completed { result: i.result };
            close_activity(engine, &i.task_token, outcome).await?
        }
        Operation::RespondActivityTaskFailed => {
            let i: RespondActivityTaskFailedInput = decode(body)?;
            let outcome = ActivityOutcome::Failed {
                reason: i.reason,
                details: i.details,
            };
            close_activity(engine, &i.task_token, outcome).await?
        }
        Operation::RespondActivityTaskCanceled => {
            let i: RespondActivityTaskCanceledInput = decode(body)?;
            let outcome = ActivityOutcome::Canceled { details: i.details };
            close_activity(engine, &i.task_token, outcome).await?
        }
        other => {
            return Err(Fault::new(
                FaultKind::UnknownOperation,
                format!("Operation {} is not supported", other.name()),
            ));
        }
    };
    Ok(out)
}

async fn close_activity(
    engine: &Engine,
    token: &str,
    outcome: ActivityOutcome,
) -> Result<Vec<u8>, Fault> {
    let token = TaskToken::decode(token, TaskKind::Activity)?;
    let domain = engine.domain(&token.domain)?;
    engine
        .mutate(&domain, |s| s.close_activity(&token, outcome))
        .await?;
    Ok(EMPTY.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64) -> HistoryEvent {
        HistoryEvent {
            event_id: id,
            event_type: EventType::MarkerRecorded,
            marker_recorded_event_attributes: Some(Box::new(MarkerRecordedEventAttributes {
                marker_name: format!("m{id}"),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    /// Splicing gives exactly what encoding the whole answer gives.
    #[test]
    fn spliced_events_encode_like_the_whole_answer() {
        let events: Vec<HistoryEvent> = (1..=3).map(event).collect();
        let raw: Vec<Box<str>> = events
            .iter()
            .map(|e| serde_json::to_string(e).unwrap().into())
            .collect();
        let task = DecisionTask {
            events: events.clone(),
            task_token: "t".into(),
            started_event_id: 3,
            previous_started_event_id: Some(0),
            ..Default::default()
        };
        let shell = DecisionTask {
            events: Vec::new(),
            ..task.clone()
        };
        let spliced = encode_with_events(&WithEvents {
            shell,
            events: raw.clone(),
        });
        assert_eq!(spliced, encode(&task));
        let history = History {
            events,
            next_page_token: Some("n".into()),
        };
        let shell = History {
            events: Vec::new(),
            ..history.clone()
        };
        assert_eq!(
            encode_with_events(&WithEvents { shell, events: raw }),
            encode(&history)
        );
        let empty = WithEvents {
            shell: History::default(),
            events: Vec::new(),
        };
        assert_eq!(encode_with_events(&empty), encode(&History::default()));
    }

    /// The suite never lists types with a status the model does not define.
    #[tokio::test]
    async fn a_type_listing_refuses_an_unknown_status_in_any_domain() {
        let engine = Engine::new(
            std::time::Duration::from_secs(1),
            None,
            tokio_util::sync::CancellationToken::new(),
        );
        let domain = br#"{"name":"d","workflowExecutionRetentionPeriodInDays":"1"}"#;
        dispatch(&engine, Operation::RegisterDomain, domain)
            .await
            .unwrap();
        for op in [Operation::ListActivityTypes, Operation::ListWorkflowTypes] {
            for domain in ["d", "unknown"] {
                let body = format!(r#"{{"domain":"{domain}","registrationStatus":"BOGUS"}}"#);
                let fault = dispatch(&engine, op, body.as_bytes()).await.unwrap_err();
                assert!(
                    fault.wire_type().ends_with("#ValidationException"),
                    "{fault}"
                );
                assert!(fault.message().contains("registrationStatus"), "{fault}");
            }
            let body = br#"{"domain":"d","registrationStatus":"REGISTERED"}"#;
            let listing = dispatch(&engine, op, body).await.unwrap();
            assert_eq!(listing, br#"{"typeInfos":[]}"#);
        }
    }
}
