//! End to end on swf-local: the state cache and partial histories. A decider with its cache on
//! polls with `startAtPreviousStartedEvent` once it holds a state, so each task after an
//! execution's first brings only the events since the previous task and is decided from the
//! cache; one whose cache lost the execution reads the whole history with
//! `GetWorkflowExecutionHistory` and replays it.

mod common;

use std::time::Instant;

use common::local::{DOMAIN, Local, start, within};
use common::workflows::MarkersWorkflow;
use swf_core::Client;
use swf_decider::testing::Replay;
use swf_decider::{DecidedFrom, Decider, Fallback, StartOptions, TaskReport};
use swf_testkit::proxy::FaultProxy;

const HISTORY: &str = "GetWorkflowExecutionHistory";

/// Polls `decider` until `executions` executions have completed (a bound of `max_tasks` tasks
/// and of the polls that find nothing), every task answered.
async fn drive(decider: &Decider, executions: usize, max_tasks: usize) -> Vec<TaskReport> {
    drive_timed(decider, executions, max_tasks).await.0
}

/// [`drive`], with how long the poll and decision of the last task took.
async fn drive_timed(
    decider: &Decider,
    executions: usize,
    max_tasks: usize,
) -> (Vec<TaskReport>, std::time::Duration) {
    let mut reports = Vec::new();
    let mut completed = 0;
    for _ in 0..max_tasks * 3 {
        let polled = Instant::now();
        let Some(report) = within(20, decider.poll_once()).await.unwrap() else {
            continue;
        };
        let took = polled.elapsed();
        assert!(report.responded, "{:?}", report.outcome);
        let decisions = report.outcome.as_ref().unwrap();
        if decisions
            .iter()
            .any(|d| d.decision_type.as_str() == "CompleteWorkflowExecution")
        {
            completed += 1;
        }
        reports.push(report);
        if completed == executions {
            return (reports, took);
        }
    }
    panic!(
        "{completed} of {executions} executions completed in {} tasks",
        reports.len()
    );
}

/// A `MarkersWorkflow` of `n` markers (99 a task) on `task_list`, checked to complete with `n`
/// and its history to replay.
async fn markers(
    local: &Local,
    id: &str,
    task_list: &str,
    n: u32,
) -> swf_decider::WorkflowHandle<u32> {
    local
        .workflows()
        .start::<MarkersWorkflow>(id, &n, &StartOptions::new().task_list(task_list))
        .await
        .unwrap()
}

async fn completes(local: &Local, run: &swf_decider::WorkflowHandle<u32>, n: u32) {
    assert_eq!(within(10, run.result()).await.unwrap(), n);
    let events = local.history(&common::local::execution(run)).await;
    Replay::new(MarkersWorkflow).run(events).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_decider_reads_only_the_new_events_of_each_task() {
    const N: u32 = 2_100; // 22 tasks of up to 99 markers
    let local = start().await;
    let mut figures = Vec::new();
    for (capacity, task_list) in [(1_000, "cached"), (0, "uncached")] {
        let mut b = local.decider(task_list);
        b.workflow(MarkersWorkflow).cache_capacity(capacity);
        let decider = b.build().unwrap();
        decider.register().await.unwrap();
        let run = markers(&local, &format!("markers-{task_list}"), task_list, N).await;
        let started = Instant::now();
        let (reports, last_took) = drive_timed(&decider, 1, 40).await;
        let elapsed = started.elapsed();
        completes(&local, &run, N).await;
        assert_eq!(reports.len(), 22);
        // The closed run's state is not kept.
        assert!(format!("{decider:?}").contains("cached: 0"), "{decider:?}");
        let (events, pages): (usize, usize) = reports.iter().fold((0, 0), |(e, p), r| {
            (e + r.events, p + r.pages + r.history_pages)
        });
        let last = reports.last().unwrap();
        figures.push(format!(
            "{task_list}: {} tasks, {events} events and {pages} pages read, last task {} events in {} pages polled and decided in {last_took:?}, {elapsed:?} in all",
            reports.len(),
            last.events,
            last.pages
        ));
        assert!(
            reports.iter().all(|r| r.history_pages == 0),
            "no history read beside the polls"
        );
        let first = &reports[0];
        if capacity == 0 {
            assert!(
                reports
                    .iter()
                    .all(|r| r.decided_from == DecidedFrom::FullReplay(Fallback::Disabled))
            );
            // The whole history each time: 2 + 21 × 104 + 1 events by the last task.
            assert_eq!((last.events, last.pages), (2_187, 3));
        } else {
            assert_eq!(first.decided_from, DecidedFrom::FullReplay(Fallback::Miss));
            for r in &reports[1..] {
                assert_eq!(r.decided_from, DecidedFrom::Cache);
                // From the previous task's start: it, its completion, 99 markers, the
                // continuation timer started and fired, and this task scheduled and started.
                assert_eq!((r.events, r.pages), (105, 1));
            }
        }
    }
    println!("{}", figures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decider_whose_cache_lost_the_execution_reads_the_whole_history() {
    const N: u32 = 300; // 4 tasks each
    let local = start().await;
    // The decider's calls go through a proxy that counts them.
    let proxy = FaultProxy::start(&local.server.endpoint_url()).await;
    let client = Client::local_builder(proxy.endpoint_url())
        .build()
        .await
        .unwrap();
    let mut b = Decider::builder(client);
    b.domain(DOMAIN)
        .task_list("evicting")
        .identity("evicting")
        .pollers(1)
        .workflow(MarkersWorkflow)
        .register(true)
        .cache_capacity(1);
    let decider = b.build().unwrap();
    decider.register().await.unwrap();

    // Two executions whose tasks alternate: each task evicts the other execution's state.
    let a = markers(&local, "evicted-a", "evicting", N).await;
    let b = markers(&local, "evicted-b", "evicting", N).await;
    let reports = drive(&decider, 2, 16).await;
    completes(&local, &a, N).await;
    completes(&local, &b, N).await;
    assert_eq!(reports.len(), 8);

    let mut seen = std::collections::HashSet::new();
    let mut misses = 0;
    for r in &reports {
        let first = seen.insert(r.execution.workflow_id.clone());
        match r.decided_from {
            DecidedFrom::FullReplay(Fallback::Miss) if !first => {
                // A partial history (the cache held the other execution, so the poll asked for
                // one), then the whole history read.
                assert!(
                    r.events < 150 && r.history_pages == 1,
                    "{} events",
                    r.events
                );
                misses += 1;
            }
            DecidedFrom::FullReplay(Fallback::Miss) => assert_eq!(r.history_pages, 0),
            DecidedFrom::Cache => assert_eq!(r.history_pages, 0),
            other => panic!("{other:?}"),
        }
    }
    assert!(
        misses >= 4,
        "the executions' tasks alternated: {misses} misses"
    );
    let read: usize = reports.iter().map(|r| r.history_pages).sum();
    assert_eq!(proxy.stats(HISTORY).received, read as u64);
    assert_eq!(proxy.stats(HISTORY).answered, misses as u64);
}

/// A [`Rewrite`](swf_testkit::proxy::Rewrite) of a history's last page: one more event, a signal
/// recorded after the decision task started, as SWF records what arrives while a task is decided.
fn signal_after_the_task(_: &serde_json::Value, page: &mut serde_json::Value) {
    if page.get("nextPageToken").is_some_and(|t| t != "") {
        return;
    }
    let Some(events) = page.get_mut("events").and_then(|e| e.as_array_mut()) else {
        return;
    };
    let Some(last) = events.last().cloned() else {
        return;
    };
    events.push(serde_json::json!({
        "eventId": last["eventId"].as_i64().unwrap_or(0) + 1,
        "eventTimestamp": last["eventTimestamp"].clone(),
        "eventType": "WorkflowExecutionSignaled",
        "workflowExecutionSignaledEventAttributes": {"signalName": "late"},
    }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_history_read_is_replayed_up_to_the_tasks_start_only() {
    const N: u32 = 300; // 4 tasks each
    let local = start().await;
    let proxy = FaultProxy::start(&local.server.endpoint_url()).await;
    proxy.rewrite_answers(HISTORY, signal_after_the_task);
    let client = Client::local_builder(proxy.endpoint_url())
        .build()
        .await
        .unwrap();
    let mut b = Decider::builder(client);
    b.domain(DOMAIN)
        .task_list("late")
        .identity("cached")
        .pollers(1)
        .workflow(MarkersWorkflow)
        .register(true);
    let cached = b.build().unwrap();
    cached.register().await.unwrap();
    let mut b = local.decider("late");
    b.workflow(MarkersWorkflow).cache_capacity(0);
    let uncached = b.build().unwrap();

    // `cached` holds `b`, so it polls for partial histories; `a`'s first task is decided by the
    // other decider, so `cached` meets `a` first as a partial task it must read in full.
    let b = markers(&local, "late-b", "late", N).await;
    let first = within(10, cached.poll_once()).await.unwrap().unwrap();
    assert_eq!(first.execution.workflow_id, "late-b");
    let a = markers(&local, "late-a", "late", N).await;
    let mut by_other = None;
    for _ in 0..10 {
        let r = within(10, uncached.poll_once()).await.unwrap().unwrap();
        if r.execution.workflow_id == "late-a" {
            by_other = Some(r);
            break;
        }
    }
    assert!(by_other.is_some_and(|r| r.responded));
    let reports = drive(&cached, 2, 12).await;
    completes(&local, &a, N).await;
    completes(&local, &b, N).await;

    let of_a: Vec<_> = reports
        .iter()
        .filter(|r| r.execution.workflow_id == "late-a")
        .collect();
    assert!(of_a[0].history_pages > 0, "{:?}", of_a[0].decided_from);
    // The late signal was not folded: the next task continues the cached state.
    assert!(of_a.len() > 1);
    for r in &of_a[1..] {
        assert_eq!(r.decided_from, DecidedFrom::Cache);
    }
}
