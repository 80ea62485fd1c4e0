//! swf-local's integration tests: each file tests one rule of SWF through `swf-core`'s client
//! against an in-process service (or the built binary, where a test needs a process to kill).
//!
//! They are modules of one test binary rather than one binary each: every binary links the
//! whole client and service (about 170 MB with debug info), and one link instead of twenty keeps
//! the build fast and the disk free.

#![allow(dead_code, unreachable_pub, missing_docs)]

mod common;

mod access_admin;
mod access_control;
mod access_decisions;
mod activity_cancellation;
mod activity_flow;
mod binary_cli;
mod boto3_suite;
mod child_workflows;
mod console_browser;
mod continue_as_new;
mod db_lock;
mod decision_failures;
mod documented_limits;
mod domain_deprecation;
mod durability_restart;
mod durability_under_load;
mod endpoint;
mod fault_injection;
mod forbidden_names;
mod heartbeat_timeout;
mod history_limit;
mod history_paging;
mod long_poll_returns_early;
mod open_limits;
mod other_clients;
mod page_token_lifetime;
mod page_tokens;
mod properties;
mod protocol_errors;
mod raw_socket;
mod reads_after_commit;
mod reclaimed_names;
mod registration_faults;
mod retention;
mod schema_version;
mod signals;
mod signatures;
mod slow_clients;
mod stop_signals;
mod task_list_override;
mod task_priority;
mod terminate_child_policies;
mod throttling;
mod timers;
mod unhandled_decision;
mod validation_errors;
mod virtual_clock;
mod visibility_filters;
