//! Decisions SWF refuses, recorded as failure events.

use super::Step::*;
use super::*;

#[tokio::test]
async fn decisions_swf_refuses_are_recorded_as_failures() {
    let refused = vec![
        start_timer("wait", 5),
        cancel_timer("no-such-timer"),
        request_cancel_activity("no-such-activity"),
        schedule_with("x", |a| a.activity_type.name = "unregistered".into()),
    ];
    let steps = vec![
        Decide(vec![start_timer("wait", 3600)]),
        Signal("go", None),
        Refused(refused, |h| {
            h.start_timer_failed("wait", StartTimerFailedCause::TimerIdAlreadyInUse)
                .cancel_timer_failed("no-such-timer", CancelTimerFailedCause::TimerIdUnknown)
                .request_cancel_activity_failed(
                    "no-such-activity",
                    RequestCancelActivityTaskFailedCause::ActivityIdUnknown,
                )
                .schedule_activity_failed(
                    "x",
                    "unregistered",
                    ACTIVITY.1,
                    ScheduleActivityTaskFailedCause::ActivityTypeDoesNotExist,
                );
        }),
        Decide(vec![cancel_timer("wait"), complete(None)]),
    ];
    check("refused_decisions", steps).await;
}
