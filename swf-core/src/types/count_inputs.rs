//! A count request from the list request of the same executions.
//!
//! `CountOpenWorkflowExecutions` and `CountClosedWorkflowExecutions` take exactly the filters of
//! their `List*` operation, without its paging members (page size, page token, order). Deriving
//! the count from the list keeps the filters in one place: whoever builds a listing gets its count
//! with `.into()`. Each conversion destructures the list request without `..`, so a member added
//! to the model fails to compile here until it is either carried or dropped on purpose.

use super::{
    CountClosedWorkflowExecutionsInput, CountOpenWorkflowExecutionsInput,
    ListClosedWorkflowExecutionsInput, ListOpenWorkflowExecutionsInput,
};

/// The count of the open executions a listing selects; the paging members are dropped.
///
/// ```
/// use swf_core::types::{CountOpenWorkflowExecutionsInput, ListOpenWorkflowExecutionsInput};
/// let list = ListOpenWorkflowExecutionsInput { domain: "shop".into(), ..Default::default() };
/// let count = CountOpenWorkflowExecutionsInput::from(list);
/// assert_eq!(count.domain, "shop");
/// ```
impl From<ListOpenWorkflowExecutionsInput> for CountOpenWorkflowExecutionsInput {
    fn from(list: ListOpenWorkflowExecutionsInput) -> Self {
        let ListOpenWorkflowExecutionsInput {
            domain,
            start_time_filter,
            execution_filter,
            type_filter,
            tag_filter,
            maximum_page_size: _,
            next_page_token: _,
            reverse_order: _,
        } = list;
        CountOpenWorkflowExecutionsInput {
            domain,
            start_time_filter,
            execution_filter,
            type_filter,
            tag_filter,
        }
    }
}

/// The count of the closed executions a listing selects; the paging members are dropped.
///
/// ```
/// use swf_core::types::{CountClosedWorkflowExecutionsInput, ListClosedWorkflowExecutionsInput};
/// let list = ListClosedWorkflowExecutionsInput { domain: "shop".into(), ..Default::default() };
/// let count = CountClosedWorkflowExecutionsInput::from(list);
/// assert_eq!(count.domain, "shop");
/// ```
impl From<ListClosedWorkflowExecutionsInput> for CountClosedWorkflowExecutionsInput {
    fn from(list: ListClosedWorkflowExecutionsInput) -> Self {
        let ListClosedWorkflowExecutionsInput {
            domain,
            start_time_filter,
            close_time_filter,
            execution_filter,
            type_filter,
            tag_filter,
            close_status_filter,
            maximum_page_size: _,
            next_page_token: _,
            reverse_order: _,
        } = list;
        CountClosedWorkflowExecutionsInput {
            domain,
            start_time_filter,
            close_time_filter,
            execution_filter,
            type_filter,
            tag_filter,
            close_status_filter,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::types::*;

    /// `list` on the wire without its three paging members (each asserted present): what its
    /// count must send.
    fn without_paging(list: &impl serde::Serialize) -> Value {
        let mut value = serde_json::to_value(list).unwrap();
        let members = value.as_object_mut().unwrap();
        for key in ["maximumPageSize", "nextPageToken", "reverseOrder"] {
            assert!(members.remove(key).is_some(), "the test sets {key}");
        }
        value
    }

    fn range(from: i64, to: i64) -> ExecutionTimeFilter {
        ExecutionTimeFilter {
            oldest_date: Timestamp::from_millis(from),
            latest_date: Some(Timestamp::from_millis(to)),
        }
    }

    fn execution() -> Option<WorkflowExecutionFilter> {
        Some(WorkflowExecutionFilter {
            workflow_id: "order-1".into(),
        })
    }

    fn workflow_type() -> Option<WorkflowTypeFilter> {
        Some(WorkflowTypeFilter {
            name: "order".into(),
            version: Some("v2".into()),
        })
    }

    fn tag() -> Option<TagFilter> {
        Some(TagFilter { tag: "vip".into() })
    }

    // Every member is set: SWF takes only one of the exclusive filters per request, but the
    // conversion must carry each.

    #[test]
    fn an_open_count_carries_every_filter_of_its_listing_and_no_paging() {
        let list = ListOpenWorkflowExecutionsInput {
            domain: "shop".into(),
            start_time_filter: range(1_000, 2_000),
            execution_filter: execution(),
            type_filter: workflow_type(),
            tag_filter: tag(),
            maximum_page_size: Some(5),
            next_page_token: Some("t".into()),
            reverse_order: Some(true),
        };
        let expected = without_paging(&list);
        assert_eq!(expected.as_object().unwrap().len(), 5);
        let count = CountOpenWorkflowExecutionsInput::from(list);
        assert_eq!(serde_json::to_value(&count).unwrap(), expected);
    }

    #[test]
    fn a_closed_count_carries_every_filter_of_its_listing_and_no_paging() {
        let list = ListClosedWorkflowExecutionsInput {
            domain: "shop".into(),
            start_time_filter: Some(range(1_000, 2_000)),
            close_time_filter: Some(range(3_000, 4_000)),
            execution_filter: execution(),
            type_filter: workflow_type(),
            tag_filter: tag(),
            close_status_filter: Some(CloseStatusFilter {
                status: CloseStatus::Failed,
            }),
            maximum_page_size: Some(5),
            next_page_token: Some("t".into()),
            reverse_order: Some(true),
        };
        let expected = without_paging(&list);
        assert_eq!(expected.as_object().unwrap().len(), 7);
        let count = CountClosedWorkflowExecutionsInput::from(list);
        assert_eq!(serde_json::to_value(&count).unwrap(), expected);
    }
}
