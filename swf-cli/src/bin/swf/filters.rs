//! The filters of `swf execution list` and `count`, checked as SWF checks them and turned into the
//! four visibility requests: the two listings are built here, and each count is derived from its
//! listing (`From<List*Input> for Count*Input`, in swf-core), so the filters are set once.
//!
//! SWF accepts at most one of the execution, type, tag and close status filters in a request,
//! and for closed executions exactly one time filter (start or close). The service would refuse a
//! request that breaks this with a `ValidationException` worded in its own member names; checking
//! here lets the error name the flags the user typed instead, and sends nothing.
//!
//! Open executions must be filtered by start time; without `--started-after` the filter starts at
//! the epoch, which means "all". The same default applies to closed executions without any time
//! flag.

use swf_core::types::*;

use crate::args::{DomainArg, parse_wire_enum};
use crate::error::FilterError;
use crate::time::parse_when;

/// The filters of `list` and `count`, as SWF offers them.
///
/// SWF takes at most one of --workflow-id, --type, --tag and --close-status, and for closed
/// executions one time filter: by start time or by close time, not both. Combining them is an
/// error that says so before anything is sent.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct FilterArgs {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// Closed executions instead of open ones.
    #[arg(long)]
    pub(crate) closed: bool,
    /// Only executions started at or after this time.
    #[arg(long, value_name = "TIME", value_parser = parse_when)]
    pub(crate) started_after: Option<Timestamp>,
    /// Only executions started at or before this time.
    #[arg(long, value_name = "TIME", value_parser = parse_when)]
    pub(crate) started_before: Option<Timestamp>,
    /// Only executions closed at or after this time (implies --closed).
    #[arg(long, value_name = "TIME", value_parser = parse_when)]
    pub(crate) closed_after: Option<Timestamp>,
    /// Only executions closed at or before this time (implies --closed).
    #[arg(long, value_name = "TIME", value_parser = parse_when)]
    pub(crate) closed_before: Option<Timestamp>,
    /// Only executions with this workflow id.
    #[arg(long, value_name = "ID")]
    pub(crate) workflow_id: Option<String>,
    /// Only executions of this workflow type.
    #[arg(long = "type", value_name = "NAME")]
    pub(crate) type_name: Option<String>,
    /// Only executions of this version of the --type.
    #[arg(long, value_name = "VERSION", requires = "type_name")]
    pub(crate) type_version: Option<String>,
    /// Only executions carrying this tag.
    #[arg(long)]
    pub(crate) tag: Option<String>,
    /// Only executions that closed this way (implies --closed): COMPLETED, FAILED, CANCELED,
    /// TERMINATED, CONTINUED_AS_NEW or TIMED_OUT.
    #[arg(long, value_name = "STATUS", value_parser = parse_wire_enum::<CloseStatus>(CloseStatus::VALUES))]
    pub(crate) close_status: Option<CloseStatus>,
}

/// Listing filters that SWF will accept together.
#[derive(Debug, Clone)]
pub(crate) struct Filters {
    domain: String,
    closed: bool,
    start_time: Option<ExecutionTimeFilter>,
    close_time: Option<ExecutionTimeFilter>,
    execution: Option<WorkflowExecutionFilter>,
    type_filter: Option<WorkflowTypeFilter>,
    tag: Option<TagFilter>,
    close_status: Option<CloseStatusFilter>,
}

impl Filters {
    /// Checks the flags and builds the filters.
    pub(crate) fn from_args(args: &FilterArgs) -> Result<Filters, FilterError> {
        let exclusive = [
            ("--workflow-id", args.workflow_id.is_some()),
            ("--type", args.type_name.is_some()),
            ("--tag", args.tag.is_some()),
            ("--close-status", args.close_status.is_some()),
        ];
        let mut given = exclusive
            .iter()
            .filter(|(_, set)| *set)
            .map(|(flag, _)| *flag);
        if let (Some(first), Some(second)) = (given.next(), given.next()) {
            return Err(FilterError::Exclusive { first, second });
        }
        let by_start = args.started_after.is_some() || args.started_before.is_some();
        let by_close = args.closed_after.is_some() || args.closed_before.is_some();
        if by_start && by_close {
            return Err(FilterError::StartAndCloseTime);
        }
        let range = |after: Option<Timestamp>, before: Option<Timestamp>| ExecutionTimeFilter {
            oldest_date: after.unwrap_or_default(),
            latest_date: before,
        };
        Ok(Filters {
            domain: args.domain.domain.clone(),
            closed: args.closed || by_close || args.close_status.is_some(),
            start_time: (!by_close).then(|| range(args.started_after, args.started_before)),
            close_time: by_close.then(|| range(args.closed_after, args.closed_before)),
            execution: args
                .workflow_id
                .clone()
                .map(|workflow_id| WorkflowExecutionFilter { workflow_id }),
            type_filter: args.type_name.clone().map(|name| WorkflowTypeFilter {
                name,
                version: args.type_version.clone(),
            }),
            tag: args.tag.clone().map(|tag| TagFilter { tag }),
            close_status: args
                .close_status
                .clone()
                .map(|status| CloseStatusFilter { status }),
        })
    }

    /// Whether these filters select closed executions.
    pub(crate) fn closed(&self) -> bool {
        self.closed
    }

    /// The `ListOpenWorkflowExecutions` request.
    pub(crate) fn list_open(&self) -> ListOpenWorkflowExecutionsInput {
        ListOpenWorkflowExecutionsInput {
            domain: self.domain.clone(),
            start_time_filter: self.start_time.clone().unwrap_or_default(),
            execution_filter: self.execution.clone(),
            type_filter: self.type_filter.clone(),
            tag_filter: self.tag.clone(),
            ..Default::default()
        }
    }

    /// The `ListClosedWorkflowExecutions` request.
    pub(crate) fn list_closed(&self) -> ListClosedWorkflowExecutionsInput {
        ListClosedWorkflowExecutionsInput {
            domain: self.domain.clone(),
            start_time_filter: self.start_time.clone(),
            close_time_filter: self.close_time.clone(),
            execution_filter: self.execution.clone(),
            type_filter: self.type_filter.clone(),
            tag_filter: self.tag.clone(),
            close_status_filter: self.close_status.clone(),
            ..Default::default()
        }
    }

    /// The `CountOpenWorkflowExecutions` request: the filters of [`Filters::list_open`].
    pub(crate) fn count_open(&self) -> CountOpenWorkflowExecutionsInput {
        self.list_open().into()
    }

    /// The `CountClosedWorkflowExecutions` request: the filters of [`Filters::list_closed`].
    pub(crate) fn count_closed(&self) -> CountClosedWorkflowExecutionsInput {
        self.list_closed().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// A command of these flags alone, as `list` and `count` flatten them.
    #[derive(Debug, Parser)]
    struct Flags {
        #[command(flatten)]
        filters: FilterArgs,
    }

    fn filters(flags: &[&str]) -> Result<Filters, FilterError> {
        let argv = [&["swf", "-d", "shop"], flags].concat();
        Filters::from_args(&Flags::try_parse_from(argv).unwrap().filters)
    }

    #[test]
    fn open_by_default_from_the_epoch() {
        let f = filters(&[]).unwrap();
        assert!(!f.closed());
        let input = f.list_open();
        assert_eq!(input.start_time_filter.oldest_date.as_millis(), 0);
        assert_eq!(input.start_time_filter.latest_date, None);
    }

    #[test]
    fn close_flags_imply_closed() {
        let f = filters(&["--close-status", "failed"]).unwrap();
        assert!(f.closed());
        assert_eq!(
            f.list_closed().close_status_filter.unwrap().status,
            CloseStatus::Failed
        );
        let f = filters(&["--closed-after", "1000"]).unwrap();
        let input = f.list_closed();
        assert_eq!(
            input.close_time_filter.unwrap().oldest_date.as_millis(),
            1_000_000
        );
        assert!(input.start_time_filter.is_none());
    }

    #[test]
    fn exclusive_filters_name_the_flags() {
        let err = filters(&["--workflow-id", "a", "--tag", "b"]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("--workflow-id and --tag cannot be combined"),
            "{err}"
        );
        let err = filters(&["--started-after", "1", "--closed-before", "2"]).unwrap_err();
        assert!(matches!(err, FilterError::StartAndCloseTime));
    }

    #[test]
    fn type_with_version() {
        let f = filters(&["--type", "order", "--type-version", "v2"]).unwrap();
        let t = f.count_open().type_filter.unwrap();
        assert_eq!(
            (t.name.as_str(), t.version.as_deref()),
            ("order", Some("v2"))
        );
    }

    #[test]
    fn a_closed_count_sends_the_closed_listing_s_filters() {
        let f = filters(&["--tag", "vip", "--closed-before", "2000"]).unwrap();
        assert!(f.closed());
        let count = f.count_closed();
        assert_eq!(count.domain, "shop");
        assert_eq!(count.tag_filter.unwrap().tag, "vip");
        let close_time = count.close_time_filter.unwrap();
        assert_eq!(close_time.oldest_date.as_millis(), 0);
        assert_eq!(close_time.latest_date.unwrap().as_millis(), 2_000_000);
        assert!(count.start_time_filter.is_none());
        assert!(count.execution_filter.is_none() && count.close_status_filter.is_none());
        let count = filters(&["--close-status", "timed_out"])
            .unwrap()
            .count_closed();
        assert_eq!(
            count.close_status_filter.unwrap().status,
            CloseStatus::TimedOut
        );
    }

    #[test]
    fn an_open_count_sends_the_open_listing_s_filters() {
        let f = filters(&["--workflow-id", "order-1", "--started-after", "1"]).unwrap();
        assert!(!f.closed());
        let count = f.count_open();
        assert_eq!(count.domain, "shop");
        assert_eq!(count.execution_filter.unwrap().workflow_id, "order-1");
        assert_eq!(count.start_time_filter.oldest_date.as_millis(), 1_000);
        assert!(count.tag_filter.is_none() && count.type_filter.is_none());
    }
}
