//! What a client does, abstractly: the operations a case runs, the strategy that draws them,
//! and the decisions their steps become.

use crate::common::*;
use proptest::collection::vec;
use proptest::prelude::*;
use swf_core::types::*;
use swf_testkit::harness::decisions;

/// How many workflow, activity and timer ids the cases draw from: few, so that ids collide
/// (a start of an open workflow id, a timer started twice, a cancel of a known activity).
pub(super) const IDS: u8 = 3;

/// One thing a client does. Indices pick among what the case holds when the operation runs
/// (modulo its length), so every sequence is valid and shrinks to a shorter valid one.
#[derive(Debug, Clone)]
pub(super) enum Op {
    /// `StartWorkflowExecution` of `w<workflow>`, with a 10-minute timeout if `long`.
    Start {
        workflow: u8,
        long: bool,
    },
    /// Up to `polls` concurrent decision task polls, no more than `CountPendingDecisionTasks`.
    PollDecisions {
        polls: u8,
    },
    /// Answers a held decision task with `steps`, then `close` if any.
    Decide {
        task: u8,
        steps: Vec<Step>,
        close: Option<Close>,
    },
    /// Up to `polls` concurrent activity task polls, no more than `CountPendingActivityTasks`.
    PollActivities {
        polls: u8,
    },
    /// Answers a held activity task.
    Answer {
        task: u8,
        answer: Answer,
    },
    Signal {
        run: u8,
    },
    RequestCancel {
        run: u8,
    },
    Terminate {
        run: u8,
    },
    /// `Server::advance` by this many seconds: timers fire, tasks and runs time out.
    Advance {
        seconds: u64,
    },
}

/// A decision that leaves the run open.
#[derive(Debug, Clone)]
pub(super) enum Step {
    /// Schedules `a<id>`; `short` gives it 5 s timeouts and a 3 s heartbeat timeout.
    ScheduleActivity {
        id: u8,
        short: bool,
    },
    RequestCancelActivity {
        id: u8,
    },
    StartTimer {
        id: u8,
        seconds: u64,
    },
    CancelTimer {
        id: u8,
    },
    Marker,
    /// Starts child `c<id>` with the child policy of that index.
    StartChild {
        id: u8,
        policy: u8,
    },
    SignalExternal {
        workflow: u8,
    },
    RequestCancelExternal {
        workflow: u8,
    },
}

/// A decision that closes the run (the last of its list).
#[derive(Debug, Clone)]
pub(super) enum Close {
    Complete,
    Fail,
    Cancel,
    ContinueAsNew,
}

#[derive(Debug, Clone)]
pub(super) enum Answer {
    Complete,
    Fail,
    Cancel,
    Heartbeat,
}

pub(super) fn op() -> impl Strategy<Value = Op> {
    let step = prop_oneof![
        3 => (0..IDS, any::<bool>()).prop_map(|(id, short)| Step::ScheduleActivity { id, short }),
        2 => (0..IDS).prop_map(|id| Step::RequestCancelActivity { id }),
        2 => (0..IDS, prop::sample::select(vec![1u64, 10, 100]))
            .prop_map(|(id, seconds)| Step::StartTimer { id, seconds }),
        2 => (0..IDS).prop_map(|id| Step::CancelTimer { id }),
        1 => Just(Step::Marker),
        2 => (0..IDS, 0..3u8).prop_map(|(id, policy)| Step::StartChild { id, policy }),
        1 => (0..IDS).prop_map(|workflow| Step::SignalExternal { workflow }),
        1 => (0..IDS).prop_map(|workflow| Step::RequestCancelExternal { workflow }),
    ];
    let close = prop_oneof![
        Just(Close::Complete),
        Just(Close::Fail),
        Just(Close::Cancel),
        Just(Close::ContinueAsNew),
    ];
    let answer = prop_oneof![
        Just(Answer::Complete),
        Just(Answer::Fail),
        Just(Answer::Cancel),
        Just(Answer::Heartbeat),
    ];
    // Weighted so that runs get far: tasks are polled and answered more often than runs are
    // started, and runs are terminated and the clock jumps rarely enough to leave work to do.
    prop_oneof![
        4 => (0..IDS, any::<bool>()).prop_map(|(workflow, long)| Op::Start { workflow, long }),
        10 => (1..=3u8).prop_map(|polls| Op::PollDecisions { polls }),
        12 => (any::<u8>(), vec(step, 1..4), prop::option::weighted(0.25, close))
            .prop_map(|(task, steps, close)| Op::Decide { task, steps, close }),
        8 => (1..=3u8).prop_map(|polls| Op::PollActivities { polls }),
        8 => (any::<u8>(), answer).prop_map(|(task, answer)| Op::Answer { task, answer }),
        2 => any::<u8>().prop_map(|run| Op::Signal { run }),
        2 => any::<u8>().prop_map(|run| Op::RequestCancel { run }),
        1 => any::<u8>().prop_map(|run| Op::Terminate { run }),
        3 => prop::sample::select(vec![1u64, 4, 11, 30, 120])
            .prop_map(|seconds| Op::Advance { seconds }),
    ]
}

pub(super) fn step_decision(step: &Step) -> Decision {
    match step {
        Step::ScheduleActivity { id, short } => {
            let (timeout, heartbeat) = if *short { ("5", "3") } else { ("60", "NONE") };
            schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
                activity_id: format!("a{id}"),
                schedule_to_start_timeout: Some(timeout.into()),
                start_to_close_timeout: Some(timeout.into()),
                schedule_to_close_timeout: Some("120".into()),
                heartbeat_timeout: Some(heartbeat.into()),
                ..Default::default()
            })
        }
        Step::RequestCancelActivity { id } => decisions::request_cancel_activity(&format!("a{id}")),
        Step::StartTimer { id, seconds } => {
            decisions::start_timer(&format!("t{id}"), &seconds.to_string())
        }
        Step::CancelTimer { id } => decisions::cancel_timer(&format!("t{id}")),
        Step::Marker => decisions::marker("m", None),
        Step::StartChild { id, policy } => {
            let policies = [
                ChildPolicy::Terminate,
                ChildPolicy::RequestCancel,
                ChildPolicy::Abandon,
            ];
            decisions::start_child(StartChildWorkflowExecutionDecisionAttributes {
                workflow_id: format!("c{id}"),
                workflow_type: wf_type(),
                child_policy: Some(policies[usize::from(*policy) % policies.len()].clone()),
                ..Default::default()
            })
        }
        Step::SignalExternal { workflow } => {
            Decision::from(SignalExternalWorkflowExecutionDecisionAttributes {
                workflow_id: format!("w{workflow}"),
                signal_name: "ping".into(),
                ..Default::default()
            })
        }
        Step::RequestCancelExternal { workflow } => {
            Decision::from(RequestCancelExternalWorkflowExecutionDecisionAttributes {
                workflow_id: format!("c{workflow}"),
                ..Default::default()
            })
        }
    }
}

pub(super) fn close_decision(close: &Close) -> Decision {
    match close {
        Close::Complete => decisions::complete(Some("done")),
        Close::Fail => decisions::fail(Some("gave up"), None),
        Close::Cancel => Decision::from(CancelWorkflowExecutionDecisionAttributes::default()),
        Close::ContinueAsNew => {
            decisions::continue_as_new(ContinueAsNewWorkflowExecutionDecisionAttributes::default())
        }
    }
}
