//! Every limit of the SWF service, named, in one place.
//!
//! The bounds the service model states (string lengths, list sizes, page sizes) are generated
//! from it, one constant per bounded shape: [`DATA_MAX_CHARS`] is the 32,768 characters of an
//! input, result or details, [`LIMITED_DATA_MAX_CHARS`] the 2,048 of heartbeat details,
//! [`NAME_MAX_CHARS`] the 256 of a name. The quotas the model does not state are written here by
//! hand, from the SWF developer guide's "Amazon SWF quotas".

pub use crate::generated::limits::*;

/// The most events one execution's history may hold; the service terminates an execution whose
/// history would grow past it.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// The most decisions one `RespondDecisionTaskCompleted` call may carry (SWF developer guide,
/// "Amazon SWF quotas": "Maximum decisions in a decision task response: 100").
pub const MAX_DECISIONS_PER_RESPONSE: usize = 100;

/// The most activity tasks one execution may have open at once.
pub const MAX_OPEN_ACTIVITIES: usize = 1_000;

/// The most timers one execution may have open at once.
pub const MAX_OPEN_TIMERS: usize = 1_000;

/// The most child executions one execution may have open at once.
pub const MAX_OPEN_CHILDREN: usize = 1_000;

/// The most domains one account may have, registered and deprecated together.
pub const MAX_DOMAINS: usize = 100;

/// The most activity types, and separately the most workflow types, one domain may have,
/// registered and deprecated together.
pub const MAX_TYPES_PER_DOMAIN: usize = 10_000;

/// The most tags one domain may carry.
pub const MAX_DOMAIN_TAGS: usize = 50;

/// The longest a domain may keep closed executions, in days.
pub const MAX_RETENTION_DAYS: u32 = 90;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{
        RecordActivityTaskHeartbeatInput, StartWorkflowExecutionInput, WorkflowType,
    };
    use crate::validate::Validate;

    #[test]
    fn the_named_limits_are_the_services() {
        assert_eq!(DATA_MAX_CHARS, 32_768);
        assert_eq!(LIMITED_DATA_MAX_CHARS, 2_048);
        assert_eq!(NAME_MAX_CHARS, 256);
        assert_eq!(FAILURE_REASON_MAX_CHARS, 256);
        assert_eq!(IDENTITY_MAX_CHARS, 256);
        assert_eq!(PAGE_SIZE_MAX, 1_000);
        assert_eq!(TAG_LIST_MAX_ITEMS, 5);
    }

    #[test]
    fn validation_refuses_one_past_each_named_limit() {
        let start = |input: usize| StartWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            workflow_type: WorkflowType {
                name: "n".into(),
                version: "1".into(),
            },
            input: Some("x".repeat(input)),
            ..Default::default()
        };
        assert_eq!(start(DATA_MAX_CHARS).validate(), Ok(()));
        let err = start(DATA_MAX_CHARS + 1).validate().unwrap_err();
        assert_eq!(err.field, "input");
        let heartbeat = |details: usize| RecordActivityTaskHeartbeatInput {
            task_token: "t".into(),
            details: Some("x".repeat(details)),
        };
        assert_eq!(heartbeat(LIMITED_DATA_MAX_CHARS).validate(), Ok(()));
        let err = heartbeat(LIMITED_DATA_MAX_CHARS + 1)
            .validate()
            .unwrap_err();
        assert_eq!(err.field, "details");
    }
}
