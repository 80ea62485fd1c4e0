//! How often to heartbeat a task: a fraction of its heartbeat timeout, which the worker has to
//! find out for itself.
//!
//! `PollForActivityTask` returns no timeouts. The worker takes the heartbeat timeout from the
//! activity's override if it has one, else, by default, from the task's own history
//! ([`effective_timeout`](crate::effective_timeout)), else from the type's registration
//! (`DescribeActivityType`, once per type for the worker's lifetime: a registered type's
//! defaults never change), else from the activity's own registration default when describing
//! fails. This module holds the schedule and the registration's part. A task with no heartbeat
//! timeout at all is still heartbeated, at the worker's fallback interval, because a heartbeat's
//! answer is the only way a worker learns that a task was cancelled.

use std::time::Duration;

use swf_core::types::{ActivityType, DescribeActivityTypeInput};
use swf_core::{Client, Timeout};

use crate::dispatch::{Activities, ServedActivity};

/// The shortest heartbeat interval, whatever the timeout.
const MIN_INTERVAL: Duration = Duration::from_millis(100);
/// The smallest cap on the wait before retrying a failed heartbeat.
const MIN_RETRY_CAP: Duration = Duration::from_millis(20);
/// How long a task waits for its type's description before heartbeating without it. The type
/// is described when the worker starts, so tasks normally find the answer cached.
const DESCRIBE_TIMEOUT: Duration = Duration::from_secs(5);

/// When a task's heartbeats are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeartbeatSchedule {
    /// From one successful heartbeat to the next.
    pub(crate) interval: Duration,
    /// The longest wait before retrying a failed heartbeat.
    pub(crate) retry_cap: Duration,
}

/// The interval settings of a worker.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeartbeatPolicy {
    /// The fraction of the heartbeat timeout between heartbeats.
    pub(crate) ratio: f64,
    /// The interval for tasks without a heartbeat timeout.
    pub(crate) fallback: Duration,
}

impl HeartbeatPolicy {
    /// The schedule for a task whose heartbeat timeout is `timeout` (`None`: unknown).
    ///
    /// A failed heartbeat has to get through in the slack the throttle leaves before the
    /// timeout (a fifth of it by default), so retries wait at most a quarter of that slack:
    /// several attempts fit before the task would time out. Without a timeout there is no
    /// deadline, and retries wait up to an eighth of the interval.
    pub(crate) fn schedule(&self, timeout: Option<Timeout>) -> HeartbeatSchedule {
        match timeout.and_then(Timeout::as_duration) {
            Some(t) if !t.is_zero() => {
                let interval = t.mul_f64(self.ratio).max(MIN_INTERVAL);
                let slack = t.saturating_sub(interval);
                HeartbeatSchedule {
                    interval,
                    retry_cap: (slack / 4).max(MIN_RETRY_CAP),
                }
            }
            _ => HeartbeatSchedule {
                interval: self.fallback,
                retry_cap: (self.fallback / 8).max(MIN_RETRY_CAP),
            },
        }
    }
}

/// The heartbeat schedule for the tasks of `served` in `domain`, from its override or its
/// registration (not from a task's history: see [`effective_timeout`](crate::effective_timeout)).
pub(crate) async fn heartbeat_schedule(
    client: &Client,
    domain: &str,
    served: &ServedActivity,
    policy: HeartbeatPolicy,
) -> HeartbeatSchedule {
    if let Some(timeout) = served.registration.heartbeat_timeout_override {
        return policy.schedule(Some(timeout));
    }
    policy.schedule(registered_heartbeat_timeout(client, domain, served).await)
}

/// The heartbeat timeout `served` is registered with in `domain`: described once per type,
/// else the activity's own registration default when describing fails.
pub(crate) async fn registered_heartbeat_timeout(
    client: &Client,
    domain: &str,
    served: &ServedActivity,
) -> Option<Timeout> {
    let described = served
        .registered_heartbeat_timeout
        .get_or_try_init(|| describe(client, domain, served));
    match tokio::time::timeout(DESCRIBE_TIMEOUT, described).await {
        Ok(Ok(timeout)) => *timeout,
        Err(_elapsed) => {
            let fallback = served.registration.heartbeat_timeout;
            tracing::warn!(
                ?fallback,
                "describing the activity type to learn its heartbeat timeout takes too long; \
                 heartbeating this task without it"
            );
            fallback
        }
        Ok(Err(err)) => {
            let fallback = served.registration.heartbeat_timeout;
            tracing::warn!(
                error = %err,
                ?fallback,
                "could not describe the activity type to learn its heartbeat timeout; will try \
                 again for its next task"
            );
            fallback
        }
    }
}

/// Describes every served type, so that their first tasks find the heartbeat timeout cached.
/// Failures are logged; the types' tasks will try again.
pub(crate) async fn describe_all(
    client: &Client,
    domain: &str,
    activities: &Activities,
    policy: HeartbeatPolicy,
) {
    let all = activities
        .iter()
        .map(|served| heartbeat_schedule(client, domain, served, policy));
    futures::future::join_all(all).await;
}

async fn describe(
    client: &Client,
    domain: &str,
    served: &ServedActivity,
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
        .and_then(|t| t.parse().ok());
    tracing::debug!(?timeout, "described the activity type's heartbeat timeout");
    Ok(timeout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity_registration::ActivityRegistration;

    const POLICY: HeartbeatPolicy = HeartbeatPolicy {
        ratio: 0.8,
        fallback: Duration::from_secs(30),
    };

    fn schedule(interval_ms: u64, retry_cap_ms: u64) -> HeartbeatSchedule {
        HeartbeatSchedule {
            interval: Duration::from_millis(interval_ms),
            retry_cap: Duration::from_millis(retry_cap_ms),
        }
    }

    #[test]
    fn the_interval_is_a_fraction_of_the_timeout_and_retries_fit_in_the_rest() {
        assert_eq!(
            POLICY.schedule(Some(Timeout::Seconds(10))),
            schedule(8_000, 500)
        );
        assert_eq!(
            POLICY.schedule(Some(Timeout::Seconds(1))),
            schedule(800, 50)
        );
    }

    #[test]
    fn no_timeout_means_the_fallback_interval() {
        let fallback = schedule(30_000, 3_750);
        assert_eq!(POLICY.schedule(Some(Timeout::Unlimited)), fallback);
        assert_eq!(POLICY.schedule(Some(Timeout::Seconds(0))), fallback);
        assert_eq!(POLICY.schedule(None), fallback);
    }

    #[test]
    fn interval_and_retry_cap_have_floors() {
        let tiny = HeartbeatPolicy {
            ratio: 0.01,
            ..POLICY
        };
        assert_eq!(
            tiny.schedule(Some(Timeout::Seconds(1))).interval,
            MIN_INTERVAL
        );
        let whole = HeartbeatPolicy {
            ratio: 1.0,
            ..POLICY
        };
        assert_eq!(
            whole.schedule(Some(Timeout::Seconds(1))),
            schedule(1_000, 20)
        );
    }

    struct Typed(ActivityRegistration);

    impl crate::ActivityDeclaration for Typed {
        const NAME: &'static str = "Typed";
        const VERSION: &'static str = "1";
        type Input = ();
        type Output = ();
    }

    impl crate::Activity for Typed {
        fn registration(&self) -> ActivityRegistration {
            self.0.clone()
        }

        async fn run(&self, _: &crate::ActivityContext, _: ()) -> Result<(), crate::ActivityError> {
            Ok(())
        }
    }

    /// A client for a port nothing listens on, that does not retry.
    async fn unreachable() -> Client {
        Client::local_builder("http://127.0.0.1:9")
            .retry_config(swf_core::RetryConfig::disabled())
            .build()
            .await
            .unwrap()
    }

    async fn schedule_for(options: ActivityRegistration) -> HeartbeatSchedule {
        let erased = crate::activity::Erased::erase(Typed(options), swf_core::codec::JsonCodec);
        let activities = Activities::new(&[erased]).unwrap();
        let served = activities.iter().next().unwrap();
        heartbeat_schedule(&unreachable().await, "d", served, POLICY).await
    }

    #[tokio::test]
    async fn the_override_wins_without_asking_swf() {
        let options = ActivityRegistration::new()
            .heartbeat_timeout(Duration::from_secs(100))
            .heartbeat_timeout_override(Duration::from_secs(10));
        assert_eq!(schedule_for(options).await.interval, Duration::from_secs(8));
    }

    #[tokio::test]
    async fn when_describing_fails_the_registration_default_is_used() {
        let options = ActivityRegistration::new().heartbeat_timeout(Duration::from_secs(5));
        assert_eq!(schedule_for(options).await.interval, Duration::from_secs(4));
        assert_eq!(
            schedule_for(ActivityRegistration::new()).await.interval,
            POLICY.fallback
        );
    }
}
