//! How often to heartbeat a task: a fraction of its heartbeat timeout, which the worker has to
//! find out for itself.
//!
//! `PollForActivityTask` returns no timeouts. The worker takes the heartbeat timeout from the
//! activity's override if it has one, else from the type's registration (`DescribeActivityType`,
//! once per type for the worker's lifetime: a registered type's defaults never change), else
//! from the activity's own registration default when describing fails. A task with no heartbeat
//! timeout at all is still heartbeated, at the worker's fallback interval, because a heartbeat's
//! answer is the only way a worker learns that a task was cancelled.

use std::time::Duration;

use swf_core::Client;
use swf_core::types::{ActivityType, DescribeActivityTypeInput};

use crate::dispatch::Served;
use crate::options::Timeout;

/// The shortest heartbeat interval, whatever the timeout.
const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// The interval settings of a worker.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeartbeatPolicy {
    /// The fraction of the heartbeat timeout between heartbeats.
    pub(crate) ratio: f64,
    /// The interval for tasks without a heartbeat timeout.
    pub(crate) fallback: Duration,
}

impl HeartbeatPolicy {
    /// The interval for a task whose heartbeat timeout is `timeout` (`None`: unknown).
    pub(crate) fn interval(&self, timeout: Option<Timeout>) -> Duration {
        match timeout.and_then(Timeout::as_duration) {
            Some(t) if !t.is_zero() => t.mul_f64(self.ratio).max(MIN_INTERVAL),
            _ => self.fallback,
        }
    }
}

/// The heartbeat interval for the tasks of `served` in `domain`.
pub(crate) async fn heartbeat_interval(
    client: &Client,
    domain: &str,
    served: &Served,
    policy: HeartbeatPolicy,
) -> Duration {
    if let Some(timeout) = served.options.heartbeat_timeout_override() {
        return policy.interval(Some(timeout));
    }
    let described = served
        .registered_heartbeat_timeout
        .get_or_try_init(|| describe(client, domain, served))
        .await;
    let timeout = match described {
        Ok(timeout) => *timeout,
        Err(err) => {
            let fallback = served.options.default_heartbeat_timeout();
            tracing::warn!(
                error = %err,
                ?fallback,
                "could not describe the activity type to learn its heartbeat timeout; will try \
                 again for its next task"
            );
            fallback
        }
    };
    policy.interval(timeout)
}

async fn describe(
    client: &Client,
    domain: &str,
    served: &Served,
) -> Result<Option<Timeout>, swf_core::Error> {
    let input = DescribeActivityTypeInput {
        domain: domain.to_owned(),
        activity_type: ActivityType {
            name: served.activity.name().to_owned(),
            version: served.activity.version().to_owned(),
        },
    };
    let detail = client.describe_activity_type(input).await?;
    let timeout = detail
        .configuration
        .default_task_heartbeat_timeout
        .as_deref()
        .and_then(Timeout::parse);
    tracing::debug!(?timeout, "described the activity type's heartbeat timeout");
    Ok(timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: HeartbeatPolicy = HeartbeatPolicy {
        ratio: 0.8,
        fallback: Duration::from_secs(30),
    };

    #[test]
    fn the_interval_is_a_fraction_of_the_timeout() {
        assert_eq!(
            POLICY.interval(Some(Timeout::Seconds(10))),
            Duration::from_secs(8)
        );
        assert_eq!(
            POLICY.interval(Some(Timeout::Seconds(1))),
            Duration::from_millis(800)
        );
    }

    #[test]
    fn no_timeout_means_the_fallback_interval() {
        assert_eq!(POLICY.interval(Some(Timeout::Unlimited)), POLICY.fallback);
        assert_eq!(POLICY.interval(Some(Timeout::Seconds(0))), POLICY.fallback);
        assert_eq!(POLICY.interval(None), POLICY.fallback);
    }

    #[test]
    fn the_interval_has_a_floor() {
        let tiny = HeartbeatPolicy {
            ratio: 0.01,
            ..POLICY
        };
        assert_eq!(tiny.interval(Some(Timeout::Seconds(1))), MIN_INTERVAL);
    }
}
