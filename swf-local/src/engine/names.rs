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
use swf_core::names::{NameRule, name_problem, tag_problem};
use swf_core::types::*;
use swf_core::validate::Validator;

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
