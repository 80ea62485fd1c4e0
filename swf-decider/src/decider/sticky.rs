//! Sticky task lists: SWF's decider affinity. A decider with one answers each task that leaves
//! the execution's state in its cache with `RespondDecisionTaskCompleted`'s `taskList` set to a
//! list only it polls, and `taskListScheduleToStartTimeout` set, so the execution's next decision
//! task comes back to the process that holds its state and is decided from the cache.
//!
//! The move is temporary. If the next task is not started within the timeout (this decider is
//! gone, or too busy), or is started but not completed within its start-to-close timeout, SWF
//! times it out, reverts the execution to its own task list and schedules a new task there, where
//! any decider takes it and replays the whole history. Correctness never depends on stickiness:
//! the cache checks that every task plainly continues the state it holds.

use std::time::Duration;

use swf_core::types::TaskList;

use super::DeciderError;

/// The default of [`DeciderBuilder::sticky_schedule_to_start`](super::DeciderBuilder::sticky_schedule_to_start).
pub(crate) const DEFAULT_SCHEDULE_TO_START: Duration = Duration::from_secs(5);

/// SWF's bound on a task list's name, in characters.
const TASK_LIST_NAME_MAX_CHARS: usize = 256;

/// A decider's own task list, and how long a task may wait there.
#[derive(Debug, Clone)]
pub(crate) struct StickyList {
    /// `<task list>-sticky-<16 hex digits>`, unique to this decider.
    pub(crate) name: String,
    /// `taskListScheduleToStartTimeout`, in SWF's wire form: whole seconds.
    schedule_to_start: String,
}

impl StickyList {
    /// A new sticky list for a decider polling `task_list`; `schedule_to_start` must be whole
    /// seconds, at least one (SWF's timeouts are whole seconds).
    pub(crate) fn new(
        task_list: &str,
        schedule_to_start: Duration,
    ) -> Result<StickyList, DeciderError> {
        if schedule_to_start.is_zero() || schedule_to_start.subsec_nanos() != 0 {
            return Err(DeciderError::config(format!(
                "sticky_schedule_to_start must be whole seconds, at least 1, not {schedule_to_start:?}"
            )));
        }
        Ok(StickyList {
            name: name_for(task_list, fastrand::u64(..)),
            schedule_to_start: schedule_to_start.as_secs().to_string(),
        })
    }

    /// What `RespondDecisionTaskCompleted` sets for a task whose state is cached: this list,
    /// for a while.
    pub(crate) fn route(&self) -> Route {
        Route {
            task_list: Some(TaskList {
                name: self.name.clone(),
            }),
            schedule_to_start: Some(self.schedule_to_start.clone()),
        }
    }
}

/// Where an answer sends the execution's next decision task: the `taskList` and
/// `taskListScheduleToStartTimeout` of `RespondDecisionTaskCompleted`.
#[derive(Debug, Default)]
pub(crate) struct Route {
    pub(crate) task_list: Option<TaskList>,
    pub(crate) schedule_to_start: Option<String>,
}

impl Route {
    /// Back to `task_list` for good: what a sticky decider answers when it will not hold the
    /// execution's state (it is stopping, or the state was not kept). Said explicitly because an
    /// answer without `taskList` leaves an earlier move in place.
    pub(crate) fn shared(task_list: &str) -> Route {
        Route {
            task_list: Some(TaskList {
                name: task_list.to_owned(),
            }),
            schedule_to_start: None,
        }
    }
}

/// The sticky list's name: the shared list's, cut to fit SWF's 256 characters, then `-sticky-`
/// and `suffix` in 16 hex digits. Valid whenever `task_list` is: the added characters are none
/// SWF forbids (`:`, `/`, `|`, control characters), it ends with no whitespace, and it is not the
/// literal `arn`.
fn name_for(task_list: &str, suffix: u64) -> String {
    let tail = format!("-sticky-{suffix:016x}");
    let keep = TASK_LIST_NAME_MAX_CHARS - tail.chars().count();
    let mut name: String = task_list.chars().take(keep).collect();
    name.push_str(&tail);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_the_lists_with_a_suffix_and_fits_swfs_bound() {
        assert_eq!(name_for("orders", 0xab), "orders-sticky-00000000000000ab");
        let long = "é".repeat(300);
        let name = name_for(&long, u64::MAX);
        assert_eq!(name.chars().count(), TASK_LIST_NAME_MAX_CHARS);
        assert!(name.ends_with("-sticky-ffffffffffffffff"), "{name}");
    }

    #[test]
    fn two_deciders_get_two_lists() {
        let a = StickyList::new("orders", DEFAULT_SCHEDULE_TO_START).unwrap();
        let b = StickyList::new("orders", DEFAULT_SCHEDULE_TO_START).unwrap();
        assert_ne!(a.name, b.name);
        assert_eq!(a.route().schedule_to_start.as_deref(), Some("5"));
    }

    #[test]
    fn the_timeout_is_whole_seconds() {
        for bad in [Duration::ZERO, Duration::from_millis(1500)] {
            let e = StickyList::new("orders", bad).unwrap_err();
            assert!(e.to_string().contains("sticky_schedule_to_start"), "{e}");
        }
    }
}
