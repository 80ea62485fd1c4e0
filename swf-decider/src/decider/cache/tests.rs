//! Each way the cache is used or refused, on hand-made histories.

use swf_core::codec::JsonCodec;
use swf_core::types::{EventType, HistoryEvent, Timestamp, WorkflowExecution};

use super::{Cached, Fallback, StateCache};
use crate::commands::ActivityOptions;
use crate::error::DecideError;
use crate::replayer::{ReplayCheck, Replayer, Resume, last_event};
use crate::testing::HistoryBuilder;
use crate::{Workflow, WorkflowContext, WorkflowResult};

/// Two activities in a row, the first named by the workflow.
struct Steps(&'static str);

impl Workflow for Steps {
    const NAME: &'static str = "steps";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        let step = ActivityOptions::new("step", "1");
        let () = ctx.activity(self.0, &step, &1).result()?;
        ctx.activity("second", &step, &1).result()
    }
}

fn replayer(w: &Steps) -> Replayer<'_, Steps, JsonCodec> {
    static EXECUTION: WorkflowExecution = WorkflowExecution {
        workflow_id: String::new(),
        run_id: String::new(),
    };
    Replayer {
        workflow: w,
        codec: &JsonCodec,
        execution: &EXECUTION,
    }
}

/// The cache entry a decider keeps after deciding `events` with `w`.
fn cached(w: &Steps, events: &[HistoryEvent]) -> Cached {
    let check = ReplayCheck::LastTask;
    let replayed = replayer(w).replay(events.to_vec(), check, false).unwrap();
    let resume = Resume::after(
        replayed.state,
        last_event(events),
        check,
        &replayed.decisions,
    );
    Cached {
        run_id: "run".into(),
        resume,
    }
}

/// A first task decided and answered by `w`, then `first` completed and the second task started:
/// (the first task's history, the whole history, the first task's `DecisionTaskStarted`).
fn two_tasks(w: &Steps) -> (Vec<HistoryEvent>, Vec<HistoryEvent>, i64) {
    let mut h = HistoryBuilder::for_workflow::<Steps>(&());
    h.decision_task_started();
    let first = h.events();
    let started = h.last_event_id();
    let decided = replayer(w)
        .replay(first.clone(), ReplayCheck::Off, false)
        .unwrap();
    let decisions: Vec<_> = decided.decisions.into_iter().map(|c| c.decision).collect();
    h.decision_task_completed_with(&decisions);
    h.activity_started(w.0).activity_completed(w.0, None);
    h.decision_task_started();
    (first, h.events(), started)
}

/// From `started` on: what a poll with `startAtPreviousStartedEvent` returns.
fn partial(events: &[HistoryEvent], started: i64) -> Vec<HistoryEvent> {
    events
        .iter()
        .filter(|e| e.event_id >= started)
        .cloned()
        .collect()
}

fn fallback(r: Result<(Resume, Vec<HistoryEvent>), (Fallback, Vec<HistoryEvent>)>) -> Fallback {
    r.map(|_| ()).unwrap_err().0
}

#[test]
fn a_partial_or_whole_history_that_continues_the_entry_is_folded_from_the_new_events_on() {
    let w = Steps("first");
    let (first, all, started) = two_tasks(&w);
    let last = all.last().unwrap().event_id;
    for events in [partial(&all, started), all.clone()] {
        let (resume, new) = cached(&w, &first)
            .continue_with("run", Some(started), last, events)
            .unwrap();
        assert_eq!(new.first().unwrap().event_id, started + 1);
        let (decisions, _) = replayer(&w)
            .resume(resume, new, ReplayCheck::LastTask)
            .unwrap();
        let full = replayer(&w)
            .replay(all.clone(), ReplayCheck::LastTask, false)
            .unwrap();
        let ids = |c: &[crate::commands::Command]| {
            c.iter().map(|c| c.decision.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(&decisions), ids(&full.decisions));
        assert_eq!(decisions.len(), 1, "schedules the second step");
    }
}

#[test]
fn another_run_of_the_workflow_id_is_replayed_in_full() {
    let w = Steps("first");
    let (first, all, started) = two_tasks(&w);
    let last = all.last().unwrap().event_id;
    let r = cached(&w, &first).continue_with("another run", Some(started), last, all);
    assert_eq!(fallback(r), Fallback::NewRun);
}

#[test]
fn a_previous_started_event_other_than_the_entrys_last_task_is_replayed_in_full() {
    let w = Steps("first");
    let (first, all, started) = two_tasks(&w);
    let last = all.last().unwrap().event_id;
    for previous in [None, Some(0), Some(started + 1)] {
        let r = cached(&w, &first).continue_with("run", previous, last, all.clone());
        assert_eq!(fallback(r), Fallback::PreviousStarted, "{previous:?}");
    }
}

#[test]
fn a_history_that_skips_ids_is_replayed_in_full() {
    let w = Steps("first");
    let (first, all, started) = two_tasks(&w);
    let last = all.last().unwrap().event_id;
    // Starting after the entry's next event.
    let after: Vec<_> = all
        .iter()
        .filter(|e| e.event_id > started + 1)
        .cloned()
        .collect();
    let r = cached(&w, &first).continue_with("run", Some(started), last, after);
    assert_eq!(fallback(r), Fallback::Gap);
    // An event missing in the middle.
    let holed: Vec<_> = all
        .iter()
        .filter(|e| e.event_id != started + 2)
        .cloned()
        .collect();
    let r = cached(&w, &first).continue_with("run", Some(started), last, holed);
    assert_eq!(fallback(r), Fallback::Gap);
    // Nothing new.
    let r = cached(&w, &first).continue_with("run", Some(started), started, first.clone());
    assert_eq!(fallback(r), Fallback::Gap);
    let r = cached(&w, &first).continue_with("run", Some(started), last, Vec::new());
    assert_eq!(fallback(r), Fallback::Gap);
}

#[test]
fn a_history_that_contradicts_the_entry_is_replayed_in_full() {
    let w = Steps("first");
    let (first, all, started) = two_tasks(&w);
    let last = all.last().unwrap().event_id;
    // The entry's last event, with another timestamp, then another type.
    let mut retimed = partial(&all, started);
    retimed[0].event_timestamp = Timestamp::from_millis(1);
    let r = cached(&w, &first).continue_with("run", Some(started), last, retimed);
    assert_eq!(fallback(r), Fallback::Disagrees);
    let mut retyped = partial(&all, started);
    retyped[0].event_type = EventType::DecisionTaskScheduled;
    let r = cached(&w, &first).continue_with("run", Some(started), last, retyped);
    assert_eq!(fallback(r), Fallback::Disagrees);
    // Not ending at the task's start.
    let r = cached(&w, &first).continue_with("run", Some(started), last + 1, all);
    assert_eq!(fallback(r), Fallback::Disagrees);
}

#[test]
fn a_cached_task_whose_records_contradict_its_decisions_is_non_determinism() {
    // The first task recorded `other`; the cache holds what `first` decides.
    let (first, all, started) = two_tasks(&Steps("other"));
    let last = all.last().unwrap().event_id;
    let w = Steps("first");
    let (resume, new) = cached(&w, &first)
        .continue_with("run", Some(started), last, all.clone())
        .unwrap();
    let err = replayer(&w)
        .resume(resume, new, ReplayCheck::LastTask)
        .unwrap_err();
    assert!(matches!(err, DecideError::NonDeterminism(_)), "{err}");
    let full = replayer(&w)
        .replay(all, ReplayCheck::LastTask, false)
        .unwrap_err();
    assert_eq!(err, full, "the same error as a full replay");
}

#[test]
fn the_least_recently_used_entry_goes_first_and_capacity_0_keeps_none() {
    let w = Steps("first");
    let (first, _, _) = two_tasks(&w);
    let mut cache = StateCache::new(2, usize::MAX);
    cache.put("a".into(), cached(&w, &first));
    cache.put("b".into(), cached(&w, &first));
    // `a` used again: `b` is now the oldest.
    let a = cache.take("a").unwrap();
    cache.put("a".into(), a);
    cache.put("c".into(), cached(&w, &first));
    assert_eq!(cache.len(), 2);
    assert!(cache.take("b").is_none(), "b evicted");
    assert!(cache.take("a").is_some() && cache.take("c").is_some());
    assert!(
        cache.take("a").is_none(),
        "taken out while its task is decided"
    );

    let mut off = StateCache::new(0, usize::MAX);
    off.put("a".into(), cached(&w, &first));
    assert!(!off.enabled() && off.take("a").is_none());
}

#[test]
fn the_cache_keeps_states_from_at_most_its_events_bound_in_all() {
    let w = Steps("first");
    let (first, _, _) = two_tasks(&w);
    let one = first.len();
    // Room for two states of `one` events each, and many entries.
    let mut cache = StateCache::new(100, 2 * one + 1);
    cache.put("a".into(), cached(&w, &first));
    cache.put("b".into(), cached(&w, &first));
    cache.put("c".into(), cached(&w, &first));
    assert_eq!(cache.len(), 2);
    assert!(
        cache.take("a").is_none(),
        "the oldest evicted for the events"
    );
    // Taking and putting back keeps the count of events right.
    let b = cache.take("b").unwrap();
    cache.put("b".into(), b);
    cache.put("d".into(), cached(&w, &first));
    assert!(cache.take("c").is_none() && cache.take("b").is_some());
    // A state larger than the bound is not kept.
    let mut small = StateCache::new(100, one - 1);
    small.put("a".into(), cached(&w, &first));
    assert_eq!(small.len(), 0);
}
