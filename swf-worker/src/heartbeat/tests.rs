//! The heartbeater against a scripted sink, in paused time: every timing here is exact.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use http::StatusCode;
use swf_core::Operation;

use super::*;
use crate::metrics::WorkerMetrics;

#[derive(Debug, Clone, Copy)]
enum Answer {
    Ok,
    CancelRequested,
    Throttled,
    Gone,
}

/// A sink that answers from a script (then `Ok`), taking `delay` per call, and records each call
/// as (seconds since the test started, details).
struct FakeSink {
    start: Instant,
    delay: Duration,
    script: Mutex<VecDeque<Answer>>,
    calls: Mutex<Vec<(f64, Option<String>)>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl FakeSink {
    fn new(script: &[Answer]) -> Self {
        FakeSink {
            start: Instant::now(),
            delay: Duration::ZERO,
            script: Mutex::new(script.iter().copied().collect()),
            calls: Mutex::default(),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        }
    }

    fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    fn calls(&self) -> Vec<(f64, Option<String>)> {
        self.calls.lock().unwrap().clone()
    }

    fn times(&self) -> Vec<f64> {
        self.calls().into_iter().map(|(t, _)| t).collect()
    }
}

fn error(code: &str) -> swf_core::Error {
    let body = format!(r#"{{"__type": "{code}", "message": "scripted"}}"#);
    swf_core::Error::from_service_response(
        Operation::RecordActivityTaskHeartbeat,
        StatusCode::BAD_REQUEST,
        None,
        body.as_bytes(),
    )
}

impl HeartbeatSink for FakeSink {
    async fn heartbeat(
        &self,
        task_token: &str,
        details: Option<String>,
    ) -> Result<bool, swf_core::Error> {
        assert_eq!(task_token, "token");
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let at = self.start.elapsed().as_secs_f64();
        self.calls.lock().unwrap().push((at, details));
        tokio::time::sleep(self.delay).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        match self
            .script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Answer::Ok)
        {
            Answer::Ok => Ok(false),
            Answer::CancelRequested => Ok(true),
            Answer::Throttled => Err(error("ThrottlingException")),
            Answer::Gone => Err(error("UnknownResourceFault")),
        }
    }
}

struct Setup {
    sink: FakeSink,
    ctx: ActivityContext,
    counters: Arc<Counters>,
}

impl Setup {
    fn new(sink: FakeSink) -> Self {
        let counters = Arc::new(Counters::default());
        let ctx = ActivityContext::new(
            swf_core::types::ActivityTask {
                task_token: "token".into(),
                ..Default::default()
            },
            tokio_util::sync::CancellationToken::new(),
            counters.clone(),
        );
        Setup {
            sink,
            ctx,
            counters,
        }
    }

    fn heartbeater(&self) -> Heartbeater<'_, FakeSink> {
        Heartbeater::new(&self.sink, &self.ctx, &self.counters, self.sink.start, 1.0)
    }

    fn metrics(&self) -> crate::MetricsSnapshot {
        WorkerMetrics::new(self.counters.clone()).snapshot()
    }
}

const INTERVAL: Duration = Duration::from_secs(8);
/// The schedule of a task with a 10 s heartbeat timeout.
const SCHEDULE: HeartbeatSchedule = HeartbeatSchedule {
    interval: INTERVAL,
    retry_cap: Duration::from_millis(500),
};

/// Runs `keep_alive` until `secs` have passed since the start (or the task is gone).
async fn keep_alive_for(hb: &mut Heartbeater<'_, FakeSink>, secs: u64) -> Option<TaskGone> {
    let until = hb.next_due + Duration::from_secs(secs);
    tokio::time::timeout_at(until, hb.keep_alive(SCHEDULE, std::future::pending()))
        .await
        .ok()
}

async fn sleep_to(start: Instant, secs: f64) {
    tokio::time::sleep_until(start + Duration::from_secs_f64(secs)).await;
}

#[tokio::test(start_paused = true)]
async fn heartbeats_on_its_own_every_interval() {
    let s = Setup::new(FakeSink::new(&[]));
    let mut hb = s.heartbeater();
    assert_eq!(keep_alive_for(&mut hb, 41).await, None);
    assert_eq!(s.sink.times(), [8.0, 16.0, 24.0, 32.0, 40.0]);
    assert!(s.sink.calls().iter().all(|(_, d)| d.is_none()));
    assert_eq!(s.metrics().heartbeats_sent, 5);
}

#[tokio::test(start_paused = true)]
async fn first_details_go_at_once_and_later_ones_are_coalesced() {
    let s = Setup::new(FakeSink::new(&[]));
    let mut hb = s.heartbeater();
    let start = s.sink.start;
    let ctx = &s.ctx;
    let activity = async {
        sleep_to(start, 1.0).await;
        ctx.record_heartbeat("a");
        sleep_to(start, 2.0).await;
        ctx.record_heartbeat("b");
        sleep_to(start, 3.0).await;
        ctx.record_heartbeat("c");
        std::future::pending::<()>().await;
    };
    tokio::select! {
        _ = keep_alive_for(&mut hb, 18) => {}
        _ = activity => {}
    }
    let some = |s: &str| Some(s.to_owned());
    // "b" never left: "c" replaced it. The automatic heartbeat at 17 repeats the latest details,
    // so that a timeout's event shows them.
    assert_eq!(
        s.sink.calls(),
        [(1.0, some("a")), (9.0, some("c")), (17.0, some("c"))]
    );
    assert_eq!(s.metrics().heartbeats_coalesced, 1);
}

#[tokio::test(start_paused = true)]
async fn details_are_bounded_to_2048_characters() {
    let s = Setup::new(FakeSink::new(&[]));
    s.ctx.record_heartbeat("é".repeat(3000));
    let mut hb = s.heartbeater();
    keep_alive_for(&mut hb, 0).await;
    let calls = s.sink.calls();
    assert_eq!(calls[0].1.as_ref().unwrap().chars().count(), 2048);
}

#[tokio::test(start_paused = true)]
async fn throttling_is_retried_quickly_and_never_ends_the_task() {
    use Answer::*;
    let s = Setup::new(FakeSink::new(&[Throttled, Throttled, Throttled, Ok]));
    let mut hb = s.heartbeater();
    assert_eq!(keep_alive_for(&mut hb, 30).await, None);
    let times = s.sink.times();
    assert_eq!(times[0], 8.0);
    // Each retry waits at most the cap: the three fit easily in the 2 s before the timeout.
    for pair in times[..4].windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap > 0.0 && gap <= 0.5, "{times:?}");
    }
    // After the success, the normal cadence resumes from it.
    assert!((times[4] - times[3] - 8.0).abs() < 1e-6, "{times:?}");
    assert!(!s.ctx.is_cancelled());
    assert_eq!(s.metrics().heartbeat_errors, 3);
}

#[tokio::test(start_paused = true)]
async fn an_unknown_task_fires_the_signal_and_stops_heartbeating() {
    let s = Setup::new(FakeSink::new(&[Answer::Ok, Answer::Gone]));
    let mut hb = s.heartbeater();
    assert_eq!(keep_alive_for(&mut hb, 100).await, Some(TaskGone));
    assert_eq!(s.sink.times(), [8.0, 16.0]);
    assert_eq!(
        s.ctx.cancellation_reason(),
        Some(CancellationReason::TaskGone)
    );
}

#[tokio::test(start_paused = true)]
async fn a_cancel_request_fires_the_signal_and_heartbeats_go_on() {
    let s = Setup::new(FakeSink::new(&[Answer::CancelRequested]));
    let mut hb = s.heartbeater();
    keep_alive_for(&mut hb, 17).await;
    assert_eq!(
        s.ctx.cancellation_reason(),
        Some(CancellationReason::Requested)
    );
    // The activity may take a while to stop; the task must not time out meanwhile.
    assert_eq!(s.sink.times(), [8.0, 16.0]);
}

#[tokio::test(start_paused = true)]
async fn one_request_in_flight_and_never_more_often_than_the_interval() {
    let s = Setup::new(FakeSink::new(&[]).with_delay(Duration::from_secs(11)));
    let mut hb = s.heartbeater();
    let ctx = &s.ctx;
    let activity = async {
        loop {
            ctx.record_heartbeat("busy");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::select! {
        _ = keep_alive_for(&mut hb, 60) => {}
        _ = activity => {}
    }
    assert_eq!(s.sink.max_in_flight.load(Ordering::SeqCst), 1);
    let times = s.sink.times();
    assert!(times.len() >= 4, "{times:?}");
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= INTERVAL.as_secs_f64(), "{times:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn flush_sends_only_what_the_service_lacks() {
    let s = Setup::new(FakeSink::new(&[]));
    let mut hb = s.heartbeater();
    assert_eq!(hb.flush().await, Ok(()));
    assert!(
        s.sink.calls().is_empty(),
        "nothing recorded, nothing to flush"
    );

    s.ctx.record_heartbeat("a");
    keep_alive_for(&mut hb, 0).await;
    assert_eq!(s.sink.calls().len(), 1);
    assert_eq!(hb.flush().await, Ok(()));
    assert_eq!(s.sink.calls().len(), 1, "the service has \"a\" already");

    s.ctx.record_heartbeat("b");
    assert_eq!(hb.flush().await, Ok(()));
    assert_eq!(s.sink.calls().last().unwrap().1.as_deref(), Some("b"));
}

#[tokio::test(start_paused = true)]
async fn details_of_an_abandoned_request_are_flushed() {
    let s = Setup::new(FakeSink::new(&[]).with_delay(Duration::from_secs(5)));
    let mut hb = s.heartbeater();
    s.ctx.record_heartbeat("a");
    // The first heartbeat starts at once and is still in flight when the task ends.
    tokio::time::timeout(
        Duration::from_secs(1),
        hb.keep_alive(SCHEDULE, std::future::pending()),
    )
    .await
    .unwrap_err();
    assert_eq!(hb.flush().await, Ok(()));
    assert_eq!(s.sink.calls().len(), 2);
    assert_eq!(s.sink.calls()[1].1.as_deref(), Some("a"));
}

#[tokio::test(start_paused = true)]
async fn flush_reports_a_gone_task() {
    let s = Setup::new(FakeSink::new(&[Answer::Gone]));
    let mut hb = s.heartbeater();
    s.ctx.record_heartbeat("a");
    assert_eq!(hb.flush().await, Err(TaskGone));
}

#[tokio::test(start_paused = true)]
async fn the_first_automatic_heartbeat_is_spread_over_the_second_half_of_the_interval() {
    let s = Setup::new(FakeSink::new(&[]));
    let mut hb = Heartbeater::new(&s.sink, &s.ctx, &s.counters, s.sink.start, 0.75);
    keep_alive_for(&mut hb, 15).await;
    assert_eq!(s.sink.times(), [6.0, 14.0]);

    let phases: Vec<f64> = (0..1000)
        .map(|i| first_heartbeat_phase(&format!("token-{i}")))
        .collect();
    assert!(phases.iter().all(|p| (0.5..1.0).contains(p)));
    assert_eq!(
        first_heartbeat_phase("token-1"),
        phases[1],
        "the same for the same task"
    );
    // Spread, not clustered: each tenth of the range gets a fair share.
    for tenth in 0..10 {
        let low = 0.5 + tenth as f64 / 20.0;
        let n = phases
            .iter()
            .filter(|p| (low..low + 0.05).contains(*p))
            .count();
        assert!(
            (50..150).contains(&n),
            "{n} phases in [{low}, {})",
            low + 0.05
        );
    }
}

/// The schedule of a task with a heartbeat timeout of `secs`, at the default ratio.
fn schedule_for_timeout(secs: f64) -> HeartbeatSchedule {
    HeartbeatSchedule {
        interval: Duration::from_secs_f64(secs * 0.8),
        retry_cap: Duration::from_millis(50),
    }
}

/// The times of the heartbeats sent, to the tenth of a second.
fn tenths(s: &Setup) -> Vec<String> {
    s.sink.times().iter().map(|t| format!("{t:.1}")).collect()
}

/// Runs `keep_alive` on `first` for `secs`, with `effective` arriving at `learned_at`.
async fn keep_alive_learning(
    s: &Setup,
    first: HeartbeatSchedule,
    learned_at: f64,
    effective: HeartbeatSchedule,
    secs: f64,
) {
    let mut hb = s.heartbeater();
    let start = s.sink.start;
    let learned = async {
        sleep_to(start, learned_at).await;
        effective
    };
    let until = start + Duration::from_secs_f64(secs);
    let run = tokio::time::timeout_at(until, hb.keep_alive(first, learned)).await;
    assert!(run.is_err(), "the task is not gone");
}

#[tokio::test(start_paused = true)]
async fn a_schedule_learned_before_the_first_heartbeat_times_it_from_the_start() {
    // Provisional 1 s timeout (0.8 s), then the task's own 10 s (8 s) learned at 0.1 s: the
    // provisional heartbeat never goes out.
    let s = Setup::new(FakeSink::new(&[]));
    keep_alive_learning(&s, schedule_for_timeout(1.0), 0.1, SCHEDULE, 17.0).await;
    assert_eq!(s.sink.times(), [8.0, 16.0]);

    // The other way: a shorter timeout learned late still times the first heartbeat from the
    // start, and a due time already past fires at once.
    let s = Setup::new(FakeSink::new(&[]));
    keep_alive_learning(&s, SCHEDULE, 2.0, schedule_for_timeout(2.0), 5.0).await;
    assert_eq!(tenths(&s), ["2.0", "3.6"]);
}

#[tokio::test(start_paused = true)]
async fn a_schedule_learned_after_a_heartbeat_times_the_next_from_that_heartbeat() {
    let s = Setup::new(FakeSink::new(&[]));
    keep_alive_learning(
        &s,
        schedule_for_timeout(1.0),
        1.0,
        schedule_for_timeout(2.0),
        6.0,
    )
    .await;
    // 0.8 on the provisional schedule; from 1.0 on, every 1.6 s after the last one.
    assert_eq!(tenths(&s), ["0.8", "2.4", "4.0", "5.6"]);
}

#[tokio::test(start_paused = true)]
async fn learning_the_schedule_never_abandons_a_heartbeat_in_flight() {
    // The first details go out at once and take 3 s; the schedule arrives meanwhile.
    let s = Setup::new(FakeSink::new(&[]).with_delay(Duration::from_secs(3)));
    s.ctx.record_heartbeat("a");
    keep_alive_learning(&s, SCHEDULE, 1.0, schedule_for_timeout(2.0), 5.0).await;
    // Sent at 0 and answered at 3, then the learned schedule applies: the next was due 1.6 s
    // after the start of that one, so it goes at once.
    assert_eq!(s.sink.times(), [0.0, 3.0]);
    assert_eq!(s.sink.max_in_flight.load(Ordering::SeqCst), 1);
    assert_eq!(s.metrics().heartbeats_sent, 2);
}
