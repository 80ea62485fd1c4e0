//! What each `relay` history must show after the service was SIGKILLed and restarted, besides
//! what `checks.rs` checks of every history, and what of it spans a restart.

use std::collections::HashMap;

use swf_core::types::{EventAttributesRef as Attributes, HistoryEvent};

use crate::app::{GO, PAUSE_TIMER};

/// What one history showed of the restarts.
#[derive(Debug, Default)]
pub(crate) struct Spans {
    /// Timers (the pause, and the retry policy's waits between attempts) started by one
    /// service process and fired by a later one.
    pub(crate) timers: usize,
    /// Activity tasks handed out by one service process and answered (completed or failed) to a
    /// later one: the task token of a killed process, accepted after its restart.
    pub(crate) activity_tasks: usize,
    /// The same for decision tasks.
    pub(crate) decision_tasks: usize,
    /// Signals received: more than one when a signal's call was applied but its answer lost to
    /// a SIGKILL, and the signaler's retry signalled again (SWF does the same).
    pub(crate) signals: usize,
}

impl Spans {
    /// Adds `other`'s counts to these.
    pub(crate) fn add(&mut self, other: Spans) {
        self.timers += other.timers;
        self.activity_tasks += other.activity_tasks;
        self.decision_tasks += other.decision_tasks;
        self.signals += other.signals;
    }
}

/// Checks what `relay(n)`'s history shows of its timer and signal, panicking with what is
/// wrong: the pause timer started and fired exactly once, before any activity was scheduled; every
/// signal is `go` with `n`, and one came at least. `killed_at_ms` are the times of the SIGKILLs:
/// an event stamped after one was written by a later process. Returns what spans a restart.
pub(crate) fn check_relay(n: u64, events: &[HistoryEvent], killed_at_ms: &[i64]) -> Spans {
    let id = format!("relay-{n}");
    // How many SIGKILLs came before an event: which service process wrote it.
    let process = |e: &HistoryEvent| {
        let at = e.event_timestamp.as_millis();
        killed_at_ms.iter().filter(|k| at > **k).count()
    };
    let mut spans = Spans::default();
    // Started event id -> the process that wrote it.
    let mut started: HashMap<i64, usize> = HashMap::new();
    // The pause timer's started and fired event ids.
    let (mut pause_started, mut pause_fired) = (Vec::new(), Vec::new());
    let mut first_activity = None;
    for e in events {
        let answered = match e.attributes() {
            Attributes::TimerStarted(a) => {
                if a.timer_id == PAUSE_TIMER {
                    pause_started.push(e.event_id);
                }
                started.insert(e.event_id, process(e));
                None
            }
            Attributes::TimerFired(a) => {
                if a.timer_id == PAUSE_TIMER {
                    pause_fired.push(e.event_id);
                }
                if started.get(&a.started_event_id) != Some(&process(e)) {
                    spans.timers += 1;
                }
                None
            }
            Attributes::ActivityTaskScheduled(_) => {
                first_activity.get_or_insert(e.event_id);
                None
            }
            Attributes::WorkflowExecutionSignaled(a) => {
                assert_eq!(a.signal_name, GO, "{id}: a signal of no use");
                let input = a.input.as_deref().unwrap_or_default();
                assert_eq!(input, n.to_string(), "{id}: the signal's input");
                spans.signals += 1;
                None
            }
            Attributes::ActivityTaskStarted(_) | Attributes::DecisionTaskStarted(_) => {
                started.insert(e.event_id, process(e));
                None
            }
            Attributes::ActivityTaskCompleted(a) => Some((a.started_event_id, true)),
            Attributes::ActivityTaskFailed(a) => Some((a.started_event_id, true)),
            Attributes::DecisionTaskCompleted(a) => Some((a.started_event_id, false)),
            _ => None,
        };
        if let Some((started_id, activity)) = answered
            && started.get(&started_id) != Some(&process(e))
        {
            match activity {
                true => spans.activity_tasks += 1,
                false => spans.decision_tasks += 1,
            }
        }
    }
    assert_eq!(
        (pause_started.len(), pause_fired.len()),
        (1, 1),
        "{id}: the pause timer's started and fired events"
    );
    let fired = pause_fired.first().copied();
    assert!(
        fired < first_activity,
        "{id}: an activity was scheduled (event {first_activity:?}) before the timer fired \
         (event {fired:?})"
    );
    assert!(spans.signals >= 1, "{id}: no signal arrived");
    spans
}
