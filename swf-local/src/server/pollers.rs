//! SWF's limit on pollers: at most 1,000 polls at once on one task list.
//!
//! The Amazon SWF Developer Guide's "Amazon SWF Quotas" page, "Quotas on Task Executions":
//! "You can have a maximum of 1,000 pollers which simultaneously poll a particular task list. If
//! you go over 1,000, you receive a `LimitExceededException`." The service model declares
//! `LimitExceededFault` for both poll operations, so that is the answer here. A poll counts from
//! the moment it is admitted until it is answered, whether it found a task at once or parked.

use crate::error::{Fault, FaultKind};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use swf_core::Operation;

/// SWF's documented maximum of simultaneous polls on one task list.
pub(crate) const MAX_POLLERS_PER_TASK_LIST: usize = 1000;

/// A task list, as polls name it: domain, activity or decision, name.
type ListKey = (String, bool, String);

/// How many polls are open on each task list.
#[derive(Debug)]
pub(crate) struct Pollers {
    max: usize,
    open: Arc<Mutex<HashMap<ListKey, usize>>>,
}

/// Counts one poll while it lives.
#[derive(Debug)]
pub(crate) struct PollSlot {
    key: ListKey,
    open: Arc<Mutex<HashMap<ListKey, usize>>>,
}

impl Drop for PollSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PollNames {
    domain: String,
    task_list: TaskListName,
}

#[derive(Deserialize)]
struct TaskListName {
    name: String,
}

impl Pollers {
    pub(crate) fn new(max: usize) -> Pollers {
        Pollers {
            max,
            open: Arc::default(),
        }
    }

    /// Admits a poll, counted until the returned slot drops, or refuses it when its task list
    /// already has the maximum. Calls other than polls, and polls whose body names no task list
    /// (their validation refuses them), are not counted.
    pub(crate) fn admit(&self, op: Operation, body: &[u8]) -> Result<Option<PollSlot>, Fault> {
        let activity = match op {
            Operation::PollForActivityTask => true,
            Operation::PollForDecisionTask => false,
            _ => return Ok(None),
        };
        let Ok(names) = serde_json::from_slice::<PollNames>(body) else {
            return Ok(None);
        };
        let key = (names.domain, activity, names.task_list.name);
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(key.clone()).or_insert(0);
        if *n >= self.max {
            return Err(Fault::new(
                FaultKind::LimitExceeded,
                format!(
                    "Too many pollers: task list '{}' of domain '{}' already has {} polls open (the limit is {} per task list)",
                    key.2, key.0, n, self.max
                ),
            ));
        }
        *n += 1;
        Ok(Some(PollSlot {
            key,
            open: self.open.clone(),
        }))
    }

    /// How many task lists have a poll open: a list's count is removed when its last poll
    /// ends, so this is never more than the polls open.
    pub(crate) fn list_count(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_list_takes_at_most_max_polls_and_frees_them() {
        let pollers = Pollers::new(2);
        let body = br#"{"domain":"d","taskList":{"name":"l"}}"#;
        let op = Operation::PollForActivityTask;
        let a = pollers.admit(op, body).unwrap().unwrap();
        let _b = pollers.admit(op, body).unwrap().unwrap();
        let err = pollers.admit(op, body).unwrap_err();
        assert!(err.wire_type().ends_with("#LimitExceededFault"), "{err}");
        // Another kind of task on the same name is another list.
        assert!(
            pollers
                .admit(Operation::PollForDecisionTask, body)
                .unwrap()
                .is_some()
        );
        drop(a);
        assert!(pollers.admit(op, body).unwrap().is_some());
        assert!(
            pollers
                .admit(Operation::DescribeDomain, body)
                .unwrap()
                .is_none()
        );
    }
}
