//! The table of activities a worker serves, looked up by type name and version for every task.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use swf_core::Timeout;
use swf_core::types::ActivityType;
use tokio::sync::OnceCell;

use crate::activity::ErasedActivity;
use crate::activity_registration::ActivityRegistration;

/// One activity type the worker serves.
pub(crate) struct ServedActivity {
    pub(crate) activity: Arc<dyn ErasedActivity>,
    /// Read once, when the worker is built.
    pub(crate) registration: ActivityRegistration,
    /// The heartbeat timeout the type is registered with, once `DescribeActivityType` has told
    /// (`None` inside when it is registered without one). Shared by all the type's tasks, so the
    /// type is described once, not once per task.
    pub(crate) registered_heartbeat_timeout: OnceCell<Option<Timeout>>,
}

/// The activities of a worker, by type name, then version.
///
/// Keyed by `&'static str` (the activities' `NAME` constants) so that looking a task's type up
/// allocates nothing.
pub(crate) struct Activities {
    by_name: HashMap<&'static str, Vec<ServedActivity>>,
}

impl Activities {
    /// The table of `activities`; `Err` names a type given twice.
    pub(crate) fn new(activities: &[Arc<dyn ErasedActivity>]) -> Result<Self, String> {
        let mut by_name: HashMap<&'static str, Vec<ServedActivity>> = HashMap::new();
        for activity in activities {
            let versions = by_name.entry(activity.name()).or_default();
            if versions
                .iter()
                .any(|s| s.activity.version() == activity.version())
            {
                return Err(format!(
                    "activity type {} version {} is added twice",
                    activity.name(),
                    activity.version()
                ));
            }
            versions.push(ServedActivity {
                activity: activity.clone(),
                registration: activity.registration(),
                registered_heartbeat_timeout: OnceCell::new(),
            });
        }
        Ok(Activities { by_name })
    }

    /// The activity serving `activity_type`, if any.
    pub(crate) fn get(&self, activity_type: &ActivityType) -> Option<&ServedActivity> {
        self.by_name
            .get(activity_type.name.as_str())?
            .iter()
            .find(|s| s.activity.version() == activity_type.version)
    }

    /// Every activity served.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &ServedActivity> {
        self.by_name.values().flatten()
    }

    /// The types served, as `Name/version` in a sorted, comma-separated list.
    pub(crate) fn type_list(&self) -> String {
        let mut types: Vec<String> = self
            .iter()
            .map(|s| format!("{}/{}", s.activity.name(), s.activity.version()))
            .collect();
        types.sort();
        types.join(", ")
    }
}

impl fmt::Debug for Activities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.type_list())
    }
}
