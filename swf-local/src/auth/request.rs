//! What IAM sees of an SWF call: its action, its resource and its condition keys, as SWF's
//! developer guide lists them per operation ("API Summary", swf-dev-iam.api).
//!
//! Only domains are resources. `RegisterDomain` and `ListDomains` name none, so their resource
//! is `*` (a statement must say `"Resource": "*"` to cover them); the tagging operations' resource
//! is the ARN they name. Values are read from the body as sent, before validation: a call whose
//! body the service then refuses changes nothing either way.

use super::policy::Request;
use crate::engine::tokens::{TaskKind, TaskToken};
use serde_json::Value;
use swf_core::Operation;

/// The condition keys each operation has, and where in the body each value is.
fn keys(op: Operation) -> &'static [(&'static str, &'static [&'static str])] {
    use Operation as O;
    match op {
        O::PollForActivityTask
        | O::PollForDecisionTask
        | O::CountPendingActivityTasks
        | O::CountPendingDecisionTasks => &[("swf:taskList.name", &["taskList", "name"])],
        O::CountOpenWorkflowExecutions
        | O::CountClosedWorkflowExecutions
        | O::ListOpenWorkflowExecutions
        | O::ListClosedWorkflowExecutions => &[
            ("swf:tagFilter.tag", &["tagFilter", "tag"]),
            ("swf:typeFilter.name", &["typeFilter", "name"]),
            ("swf:typeFilter.version", &["typeFilter", "version"]),
        ],
        O::DeprecateActivityType
        | O::UndeprecateActivityType
        | O::DescribeActivityType
        | O::DeleteActivityType => &[
            ("swf:activityType.name", &["activityType", "name"]),
            ("swf:activityType.version", &["activityType", "version"]),
        ],
        O::DeprecateWorkflowType
        | O::UndeprecateWorkflowType
        | O::DescribeWorkflowType
        | O::DeleteWorkflowType => &[
            ("swf:workflowType.name", &["workflowType", "name"]),
            ("swf:workflowType.version", &["workflowType", "version"]),
        ],
        O::RegisterActivityType | O::RegisterWorkflowType => &[
            ("swf:name", &["name"]),
            ("swf:version", &["version"]),
            ("swf:defaultTaskList.name", &["defaultTaskList", "name"]),
        ],
        O::StartWorkflowExecution => &[
            ("swf:taskList.name", &["taskList", "name"]),
            ("swf:workflowType.name", &["workflowType", "name"]),
            ("swf:workflowType.version", &["workflowType", "version"]),
        ],
        _ => &[],
    }
}

/// The string at `path` in `body`, if there is one.
pub(super) fn str_at<'a>(body: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(body, |v, member| v.get(member))
        .and_then(Value::as_str)
}

/// `swf:tagList.member.N` for each of `tags`, as SWF numbers them.
pub(super) fn tag_keys<'a>(
    tags: impl IntoIterator<Item = &'a str>,
) -> impl Iterator<Item = (String, String)> {
    tags.into_iter()
        .enumerate()
        .map(|(i, tag)| (format!("swf:tagList.member.{i}"), tag.to_owned()))
}

/// What IAM decides on for a call of `op` with `body`; `domain_arn` makes a domain's ARN.
pub(super) fn of_call(op: Operation, body: &[u8], domain_arn: &dyn Fn(&str) -> String) -> Request {
    let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let token_domain = |kind| {
        str_at(&body, &["taskToken"])
            .and_then(|t| TaskToken::decode(t, kind).ok())
            .map(|t| t.domain)
            .unwrap_or_default()
    };
    use Operation as O;
    let resource = match op {
        O::RegisterDomain | O::ListDomains => "*".to_owned(),
        O::ListTagsForResource | O::TagResource | O::UntagResource => {
            str_at(&body, &["resourceArn"])
                .unwrap_or_default()
                .to_owned()
        }
        // The domain operations name their domain `name`.
        O::DescribeDomain | O::DeprecateDomain | O::UndeprecateDomain => {
            domain_arn(str_at(&body, &["name"]).unwrap_or_default())
        }
        O::RespondDecisionTaskCompleted => domain_arn(&token_domain(TaskKind::Decision)),
        O::RecordActivityTaskHeartbeat
        | O::RespondActivityTaskCompleted
        | O::RespondActivityTaskFailed
        | O::RespondActivityTaskCanceled => domain_arn(&token_domain(TaskKind::Activity)),
        _ => domain_arn(str_at(&body, &["domain"]).unwrap_or_default()),
    };
    let mut context: Vec<(String, String)> = keys(op)
        .iter()
        .filter_map(|(key, path)| str_at(&body, path).map(|v| ((*key).to_owned(), v.to_owned())))
        .collect();
    if op == O::StartWorkflowExecution {
        let tags = body.get("tagList").and_then(Value::as_array);
        context.extend(tag_keys(
            tags.into_iter().flatten().filter_map(Value::as_str),
        ));
    }
    Request {
        action: format!("swf:{}", op.name()),
        resource,
        context,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arn(name: &str) -> String {
        format!("arn:aws:swf:us-east-1:000000000000:/domain/{name}")
    }

    #[test]
    fn a_start_has_its_domain_task_list_type_and_tags() {
        let body =
            br#"{"domain":"orders","workflowId":"w","workflowType":{"name":"wf","version":"1"},
            "taskList":{"name":"deciders"},"tagList":["a","b"]}"#;
        let r = of_call(Operation::StartWorkflowExecution, body, &arn);
        assert_eq!(r.action, "swf:StartWorkflowExecution");
        assert_eq!(r.resource, arn("orders"));
        let context: Vec<_> = r.context.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            context,
            [
                "swf:taskList.name=deciders",
                "swf:workflowType.name=wf",
                "swf:workflowType.version=1",
                "swf:tagList.member.0=a",
                "swf:tagList.member.1=b"
            ]
        );
    }

    #[test]
    fn domains_come_from_the_body_or_the_task_token_and_list_domains_has_none() {
        let r = of_call(
            Operation::ListDomains,
            br#"{"registrationStatus":"REGISTERED"}"#,
            &arn,
        );
        assert_eq!(r.resource, "*");
        let r = of_call(Operation::RegisterDomain, br#"{"name":"x"}"#, &arn);
        assert_eq!(r.resource, "*");
        let r = of_call(Operation::DescribeDomain, br#"{"name":"x"}"#, &arn);
        assert_eq!(
            r.resource,
            arn("x"),
            "DescribeDomain's member is `name`, not `domain`"
        );
        let r = of_call(Operation::PollForActivityTask, b"not json", &arn);
        assert_eq!(r.resource, arn(""));
        assert!(r.context.is_empty());
    }
}
