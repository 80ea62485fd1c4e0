//! Registration defaults the example applications share.

use std::time::Duration;

use swf_worker::{ActivityRegistration, Timeout};

/// The registration defaults of a quick activity: ten seconds to run, five minutes to wait for a
/// worker, no heartbeat timeout.
pub(crate) fn quick_activity(description: &str) -> ActivityRegistration {
    ActivityRegistration::new()
        .start_to_close_timeout(Duration::from_secs(10))
        .schedule_to_start_timeout(Duration::from_secs(300))
        .schedule_to_close_timeout(Duration::from_secs(310))
        .heartbeat_timeout(Timeout::Unlimited)
        .description(description)
}
