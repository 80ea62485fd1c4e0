//! SWF's documented rules on members that the model's bounds (lengths, ranges) do not express:
//! which characters names, ids and tags may hold, and what a task priority may be.
//!
//! The reference states each rule member by member, and not always the same one, so each input
//! lists the members it checks, each with the rule the reference gives it
//! (`/work/shared/spec/swf-api-reference.txt`, "The specified string must not ..."):
//!
//! | input | member | rule |
//! | --- | --- | --- |
//! | `RegisterDomain` | `name` | [`NameRule::NoEdgeSpaces`] |
//! | `RegisterActivityType`, `RegisterWorkflowType` | `name`, `version` | [`NameRule::Plain`] |
//! | `PollForActivityTask` | `taskList.name` | [`NameRule::NoEdgeSpaces`] |
//! | `PollForDecisionTask` | `taskList.name` | [`NameRule::Plain`] |
//! | `StartWorkflowExecution` | `domain`, `workflowId`, `taskList.name` | [`NameRule::Plain`] |
//! | `ScheduleActivityTask` decision | `activityId`, `taskList.name` | [`NameRule::Plain`] |
//! | `StartChildWorkflowExecution` decision | `workflowId` | [`NameRule::Plain`] |
//! | `StartChildWorkflowExecution` decision | `taskList.name` | [`NameRule::NoEdgeSpaces`] |
//! | `StartTimer` decision | `timerId` | [`NameRule::Plain`] |
//!
//! Tags (`RegisterDomain`'s and `TagResource`'s keys and values, a `tagFilter`'s tag) may only
//! hold letters, digits, whitespace and `_ . : / = + - @`; every `taskPriority` and
//! `defaultTaskPriority` must be an integer in Java's `int` range.
//!
//! A request breaking one is refused whole with `ValidationException` naming the member by its
//! wire path, as the model's own bounds are: no decision's failure cause covers a malformed
//! name, so SWF's only answer is to refuse the request.

use super::task_queue::parse_priority;
use swf_core::types::*;
use swf_core::validate::Validator;

/// Which of SWF's naming rules the reference states for a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameRule {
    /// No `:`, `/`, `|` or control character (`\u0000-\u001f`, `\u007f-\u009f`), and not the
    /// literal `arn`.
    Plain,
    /// [`NameRule::Plain`], and no whitespace at the start or the end either.
    NoEdgeSpaces,
}

/// What is wrong with `value` under `rule`, if anything.
pub(crate) fn name_problem(value: &str, rule: NameRule) -> Option<String> {
    if value == "arn" {
        return Some("must not be the literal string arn".to_owned());
    }
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, ':' | '/' | '|') || is_swf_control(*c))
    {
        return Some(format!(
            "must not contain a colon, slash, vertical bar or control character, got {c:?} in {value:?}"
        ));
    }
    let edge_space = value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace);
    if rule == NameRule::NoEdgeSpaces && edge_space {
        return Some(format!(
            "must not start or end with whitespace, got {value:?}"
        ));
    }
    None
}

/// The control characters SWF names: `\u0000-\u001f` and `\u007f-\u009f`.
fn is_swf_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// What is wrong with a tag's text, if anything: tags may only contain unicode letters, digits,
/// whitespace, or `_ . : / = + - @`.
fn tag_problem(value: &str) -> Option<String> {
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c);
    value.chars().find(|&c| !allowed(c)).map(|c| {
        format!(
            "may only contain letters, digits, whitespace and _ . : / = + - @, got {c:?} in {value:?}"
        )
    })
}

fn name(v: &mut Validator, field: &str, value: &str, rule: NameRule) {
    if let Some(problem) = name_problem(value, rule) {
        v.fail(field, problem);
    }
}

fn task_list(v: &mut Validator, field: &str, list: Option<&TaskList>, rule: NameRule) {
    if let Some(list) = list {
        name(v, &format!("{field}.name"), &list.name, rule);
    }
}

fn priority(v: &mut Validator, field: &str, value: Option<&String>) {
    if let Some(value) = value
        && parse_priority(value).is_none()
    {
        v.fail(
            field,
            format!("must be an integer from -2147483648 to 2147483647, got {value:?}"),
        );
    }
}

fn tags(v: &mut Validator, field: &str, tags: &[ResourceTag]) {
    for (i, tag) in tags.iter().enumerate() {
        if let Some(problem) = tag_problem(&tag.key) {
            v.fail(&format!("{field}[{i}].key"), problem);
        }
        if let Some(problem) = tag.value.as_deref().and_then(tag_problem) {
            v.fail(&format!("{field}[{i}].value"), problem);
        }
    }
}

fn tag_filter(v: &mut Validator, filter: Option<&TagFilter>) {
    if let Some(problem) = filter.and_then(|f| tag_problem(&f.tag)) {
        v.fail("tagFilter.tag", problem);
    }
}

/// The documented rules an input's members follow beyond the model's bounds. Checked by
/// `server::dispatch` after the model's bounds, with the same answer on failure.
pub(crate) trait Rules {
    /// Reports the first member of `self` breaking its rule to `v` (nothing by default: most
    /// inputs have no such member).
    fn check_rules(&self, _v: &mut Validator) {}
}

macro_rules! no_rules {
    ($($input:ty),* $(,)?) => { $(impl Rules for $input {})* };
}

no_rules!(
    CountPendingActivityTasksInput,
    CountPendingDecisionTasksInput,
    DeleteActivityTypeInput,
    DeleteWorkflowTypeInput,
    DeprecateActivityTypeInput,
    DeprecateDomainInput,
    DeprecateWorkflowTypeInput,
    DescribeActivityTypeInput,
    DescribeDomainInput,
    DescribeWorkflowExecutionInput,
    DescribeWorkflowTypeInput,
    GetWorkflowExecutionHistoryInput,
    ListActivityTypesInput,
    ListDomainsInput,
    ListTagsForResourceInput,
    ListWorkflowTypesInput,
    RecordActivityTaskHeartbeatInput,
    RequestCancelWorkflowExecutionInput,
    RespondActivityTaskCanceledInput,
    RespondActivityTaskCompletedInput,
    RespondActivityTaskFailedInput,
    SignalWorkflowExecutionInput,
    TerminateWorkflowExecutionInput,
    UndeprecateActivityTypeInput,
    UndeprecateDomainInput,
    UndeprecateWorkflowTypeInput,
    UntagResourceInput,
);

impl Rules for RegisterDomainInput {
    fn check_rules(&self, v: &mut Validator) {
        name(v, "name", &self.name, NameRule::NoEdgeSpaces);
        tags(v, "tags", self.tags.as_deref().unwrap_or_default());
    }
}

impl Rules for TagResourceInput {
    fn check_rules(&self, v: &mut Validator) {
        tags(v, "tags", &self.tags);
    }
}

impl Rules for RegisterActivityTypeInput {
    fn check_rules(&self, v: &mut Validator) {
        name(v, "name", &self.name, NameRule::Plain);
        name(v, "version", &self.version, NameRule::Plain);
        priority(
            v,
            "defaultTaskPriority",
            self.default_task_priority.as_ref(),
        );
    }
}

impl Rules for RegisterWorkflowTypeInput {
    fn check_rules(&self, v: &mut Validator) {
        name(v, "name", &self.name, NameRule::Plain);
        name(v, "version", &self.version, NameRule::Plain);
        priority(
            v,
            "defaultTaskPriority",
            self.default_task_priority.as_ref(),
        );
    }
}

impl Rules for PollForActivityTaskInput {
    fn check_rules(&self, v: &mut Validator) {
        task_list(v, "taskList", Some(&self.task_list), NameRule::NoEdgeSpaces);
    }
}

impl Rules for PollForDecisionTaskInput {
    fn check_rules(&self, v: &mut Validator) {
        task_list(v, "taskList", Some(&self.task_list), NameRule::Plain);
    }
}

impl Rules for StartWorkflowExecutionInput {
    fn check_rules(&self, v: &mut Validator) {
        name(v, "domain", &self.domain, NameRule::Plain);
        name(v, "workflowId", &self.workflow_id, NameRule::Plain);
        task_list(v, "taskList", self.task_list.as_ref(), NameRule::Plain);
        priority(v, "taskPriority", self.task_priority.as_ref());
    }
}

macro_rules! tag_filtered {
    ($($input:ty),* $(,)?) => {
        $(impl Rules for $input {
            fn check_rules(&self, v: &mut Validator) {
                tag_filter(v, self.tag_filter.as_ref());
            }
        })*
    };
}

tag_filtered!(
    ListOpenWorkflowExecutionsInput,
    ListClosedWorkflowExecutionsInput,
    CountOpenWorkflowExecutionsInput,
    CountClosedWorkflowExecutionsInput,
);

impl Rules for RespondDecisionTaskCompletedInput {
    fn check_rules(&self, v: &mut Validator) {
        for (i, d) in self.decisions.iter().flatten().enumerate() {
            let at =
                |attributes: &str, member: &str| format!("decisions[{i}].{attributes}.{member}");
            if let Some(a) = &d.schedule_activity_task_decision_attributes {
                let here = "scheduleActivityTaskDecisionAttributes";
                name(v, &at(here, "activityId"), &a.activity_id, NameRule::Plain);
                task_list(
                    v,
                    &at(here, "taskList"),
                    a.task_list.as_ref(),
                    NameRule::Plain,
                );
                priority(v, &at(here, "taskPriority"), a.task_priority.as_ref());
            }
            if let Some(a) = &d.start_child_workflow_execution_decision_attributes {
                let here = "startChildWorkflowExecutionDecisionAttributes";
                name(v, &at(here, "workflowId"), &a.workflow_id, NameRule::Plain);
                let list = a.task_list.as_ref();
                task_list(v, &at(here, "taskList"), list, NameRule::NoEdgeSpaces);
                priority(v, &at(here, "taskPriority"), a.task_priority.as_ref());
            }
            if let Some(a) = &d.start_timer_decision_attributes {
                let here = "startTimerDecisionAttributes";
                name(v, &at(here, "timerId"), &a.timer_id, NameRule::Plain);
            }
            if let Some(a) = &d.continue_as_new_workflow_execution_decision_attributes {
                let here = "continueAsNewWorkflowExecutionDecisionAttributes";
                priority(v, &at(here, "taskPriority"), a.task_priority.as_ref());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_forbidden_character_and_arn_is_named() {
        for bad in [
            "a:b", "a/b", "a|b", "a\u{0}b", "a\u{1f}", "\u{7f}", "x\u{9f}", "arn",
        ] {
            assert!(name_problem(bad, NameRule::Plain).is_some(), "{bad:?}");
        }
        for good in ["a b", "arns", "ARN", "an-arn", "é", "a\u{a0}b", "a.b_c-d@e"] {
            assert_eq!(name_problem(good, NameRule::Plain), None, "{good:?}");
        }
    }

    #[test]
    fn edge_whitespace_only_where_the_rule_says() {
        for edged in [" a", "a ", "\u{3000}a"] {
            assert_eq!(name_problem(edged, NameRule::Plain), None, "{edged:?}");
            assert!(
                name_problem(edged, NameRule::NoEdgeSpaces).is_some(),
                "{edged:?}"
            );
        }
        assert_eq!(name_problem("a b", NameRule::NoEdgeSpaces), None);
    }

    #[test]
    fn tags_allow_letters_digits_spaces_and_the_listed_symbols() {
        assert_eq!(tag_problem("Team A_1.x:y/z=w+v-u@t"), None);
        assert_eq!(tag_problem("équipe 7"), None);
        for bad in ["a|b", "a#b", "a,b", "a*b"] {
            assert!(tag_problem(bad).is_some(), "{bad:?}");
        }
    }
}
