//! [`HistoryBuilder`]: hand-made histories with sensible defaults.
//!
//! The builder keeps track of what a history needs so tests only say what matters: event ids and
//! timestamps are assigned in order, later events find earlier ones by the id the workflow chose
//! (`activity_completed("charge", …)` finds the `ActivityTaskScheduled` of `charge` and adds its
//! `ActivityTaskStarted` if missing), decision records name the latest `DecisionTaskCompleted`, and
//! decision tasks are scheduled where SWF would schedule them.
//!
//! The methods are grouped by family, like the fold: decision tasks and the execution here,
//! activities, timers, signals and markers in `families.rs`, children, requests to other
//! executions and Lambda functions in `children.rs`, and recording a run's decisions as SWF would
//! in `decisions.rs`; activities by their declared types in `typed.rs`.

mod children;
mod decisions;
mod families;
mod typed;

use std::collections::HashMap;
use std::time::Duration;

use serde::Serialize;
use swf_core::codec::{Codec, JsonCodec};
use swf_core::types::{
    ChildPolicy, DecisionTaskCompletedEventAttributes, DecisionTaskScheduledEventAttributes,
    DecisionTaskStartedEventAttributes, DecisionTaskTimedOutEventAttributes,
    DecisionTaskTimeoutType, EventAttributes, EventType, History, HistoryEvent, TaskList,
    Timestamp, WorkflowExecution, WorkflowExecutionStartedEventAttributes, WorkflowType,
};

use crate::workflow::Workflow;

/// 2025-01-01T00:00:00Z, where hand-made histories start.
const EPOCH_MILLIS: i64 = 1_735_689_600_000;

/// Builds a history event by event, the way SWF would have written it.
///
/// ```
/// use std::time::Duration;
/// use swf_decider::testing::HistoryBuilder;
///
/// let mut h = HistoryBuilder::new("order", "1");
/// h.decision_task()
///     .activity_scheduled("charge", "charge", "1")
///     .activity_failed("charge", "CardDeclined", None)
///     .decision_task()
///     .timer_started("charge#2", Duration::from_secs(1))
///     .timer_fired("charge#2")
///     .decision_task_started();
/// let events = h.events();
/// assert_eq!(events.first().unwrap().event_id, 1);
/// assert_eq!(events.last().unwrap().event_type.as_str(), "DecisionTaskStarted");
/// ```
#[derive(Debug, Clone)]
pub struct HistoryBuilder {
    events: Vec<HistoryEvent>,
    now: i64,
    step: i64,
    task_list: String,
    last_completed: i64,
    decision: DecisionPhase,
    activities: HashMap<String, Scheduled>,
    timers: HashMap<String, (i64, i64)>,
    children: HashMap<String, Child>,
    signals_sent: HashMap<String, Request>,
    cancels_sent: HashMap<String, Request>,
    lambdas: HashMap<String, Scheduled>,
    runs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DecisionPhase {
    None,
    Scheduled(i64),
    Started { scheduled: i64, started: i64 },
}

/// An activity or Lambda function: its scheduled and started events; for an activity also the
/// latest request to cancel it, which its `ActivityTaskCanceled` names, and its latest heartbeat
/// details, which its `ActivityTaskTimedOut` carries.
#[derive(Debug, Clone, Default)]
struct Scheduled {
    scheduled: i64,
    started: Option<i64>,
    cancel_requested: Option<i64>,
    heartbeat_details: Option<String>,
}

/// A signal or cancellation request sent to another execution: the event that initiated it and
/// the workflow id it named.
#[derive(Debug, Clone)]
struct Request {
    initiated: i64,
    workflow_id: String,
}

#[derive(Debug, Clone)]
struct Child {
    initiated: i64,
    started: Option<i64>,
    execution: WorkflowExecution,
    workflow_type: WorkflowType,
}

impl HistoryBuilder {
    /// A history of workflow type `name`/`version` started without input: its
    /// `WorkflowExecutionStarted` event and the first `DecisionTaskScheduled`.
    pub fn new(name: &str, version: &str) -> HistoryBuilder {
        HistoryBuilder::with_input(name, version, None)
    }

    /// A history of workflow `W` started with `input`, encoded as JSON.
    pub fn for_workflow<W: Workflow>(input: &impl Serialize) -> HistoryBuilder {
        let input = JsonCodec.encode(input).expect("the input encodes as JSON");
        HistoryBuilder::with_input(W::NAME, W::VERSION, input.as_deref())
    }

    /// A history of workflow type `name`/`version` started with the encoded `input`.
    pub fn with_input(name: &str, version: &str, input: Option<&str>) -> HistoryBuilder {
        let mut b = HistoryBuilder {
            events: Vec::new(),
            now: EPOCH_MILLIS,
            step: 1,
            task_list: "default".to_owned(),
            last_completed: 0,
            decision: DecisionPhase::None,
            activities: HashMap::new(),
            timers: HashMap::new(),
            children: HashMap::new(),
            signals_sent: HashMap::new(),
            cancels_sent: HashMap::new(),
            lambdas: HashMap::new(),
            runs: 0,
        };
        let task_list = TaskList {
            name: b.task_list.clone(),
        };
        let workflow_type = WorkflowType {
            name: name.to_owned(),
            version: version.to_owned(),
        };
        b.push(WorkflowExecutionStartedEventAttributes {
            child_policy: ChildPolicy::Terminate,
            execution_start_to_close_timeout: Some("3600".to_owned()),
            input: input.map(str::to_owned),
            task_list,
            task_start_to_close_timeout: Some("10".to_owned()),
            workflow_type,
            ..Default::default()
        });
        b.decision_task_scheduled();
        b
    }

    /// Moves the clock forward by `d` before the next event. Every event is otherwise 1 ms after
    /// the one before.
    pub fn advance(&mut self, d: Duration) -> &mut Self {
        self.now += d.as_millis() as i64;
        self
    }

    /// The events so far.
    pub fn events(&self) -> Vec<HistoryEvent> {
        self.events.clone()
    }

    /// The events, consuming the builder.
    pub fn into_events(self) -> Vec<HistoryEvent> {
        self.events
    }

    /// The events as the `History` that `GetWorkflowExecutionHistory` returns.
    pub fn history(&self) -> History {
        History {
            events: self.events.clone(),
            next_page_token: None,
        }
    }

    /// The history as JSON, the way `aws swf get-workflow-execution-history` writes it.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.history()).expect("a history encodes as JSON")
    }

    /// How many events so far.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether there are no events (never: a history starts with its started event).
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The id of the latest event.
    pub fn last_event_id(&self) -> i64 {
        self.events.len() as i64
    }

    /// Appends an event with these attributes (its type follows from them); its id and
    /// timestamp are assigned. For what the named methods do not cover.
    pub fn event(&mut self, attributes: impl Into<EventAttributes>) -> &mut Self {
        self.push(attributes);
        self
    }

    pub(crate) fn push(&mut self, attributes: impl Into<EventAttributes>) -> i64 {
        self.now += self.step;
        let at = Timestamp::from_millis(self.now);
        // Its id is the one it gets in `append`.
        self.append(HistoryEvent::new(0, at, attributes.into()))
    }

    fn append(&mut self, mut event: HistoryEvent) -> i64 {
        // SWF writes a decision task's events as one batch and schedules the next task after all
        // of them; a failed decision schedules it, so a later decision's event goes before it.
        if decisions::records_a_decision(event.attributes()) && self.ends_with_owed_decision() {
            self.events.pop();
            self.decision = DecisionPhase::None;
            let id = self.append(event);
            self.decision_task_scheduled();
            return id;
        }
        let id = self.events.len() as i64 + 1;
        event.event_id = id;
        self.events.push(event);
        id
    }

    /// Whether the history ends with a `DecisionTaskScheduled` that an event recording a decision
    /// of the latest decision task added (every event since that task's completion records one).
    fn ends_with_owed_decision(&self) -> bool {
        let Some((last, before)) = self.events.split_last() else {
            return false;
        };
        let batch = before
            .get(self.last_completed as usize..)
            .unwrap_or_default();
        self.last_completed > 0
            && last.event_type == EventType::DecisionTaskScheduled
            && !batch.is_empty()
            && batch
                .iter()
                .all(|e| decisions::records_a_decision(e.attributes()))
    }

    /// Pushes an event that makes SWF schedule a decision task, and schedules one if none is.
    pub(crate) fn push_trigger(&mut self, attributes: impl Into<EventAttributes>) -> i64 {
        let id = self.push(attributes);
        if self.decision == DecisionPhase::None {
            self.decision_task_scheduled();
        }
        id
    }

    /// The `DecisionTaskCompleted` event decision records name.
    pub(crate) fn completed_id(&self) -> i64 {
        self.last_completed
    }

    /// A run id for a new execution, the same for the same builder calls.
    pub(crate) fn next_run_id(&mut self) -> String {
        self.runs += 1;
        format!("run-{}", self.runs)
    }

    // Decision tasks.

    /// `DecisionTaskScheduled`.
    pub fn decision_task_scheduled(&mut self) -> &mut Self {
        let task_list = TaskList {
            name: self.task_list.clone(),
        };
        let id = self.push(DecisionTaskScheduledEventAttributes {
            start_to_close_timeout: Some("10".to_owned()),
            task_list,
            ..Default::default()
        });
        self.decision = DecisionPhase::Scheduled(id);
        self
    }

    /// `DecisionTaskStarted` (after a `DecisionTaskScheduled` if none is pending): the task a
    /// replay test decides.
    pub fn decision_task_started(&mut self) -> &mut Self {
        let scheduled = match self.decision {
            DecisionPhase::Scheduled(id) => id,
            DecisionPhase::Started { .. } => return self,
            DecisionPhase::None => {
                self.decision_task_scheduled();
                self.last_event_id()
            }
        };
        let started = self.push(DecisionTaskStartedEventAttributes {
            identity: Some("decider".to_owned()),
            scheduled_event_id: scheduled,
        });
        self.decision = DecisionPhase::Started { scheduled, started };
        self
    }

    /// `DecisionTaskCompleted` (after the task's start if missing). Decision records that follow
    /// name it.
    pub fn decision_task_completed(&mut self) -> &mut Self {
        let (scheduled, started) = self.started_task();
        let id = self.push(DecisionTaskCompletedEventAttributes {
            scheduled_event_id: scheduled,
            started_event_id: started,
            ..Default::default()
        });
        self.last_completed = id;
        self.decision = DecisionPhase::None;
        self
    }

    /// A whole decision task: scheduled if needed, started, completed.
    pub fn decision_task(&mut self) -> &mut Self {
        self.decision_task_completed()
    }

    /// `DecisionTaskTimedOut` (after the task's start if missing), then the new
    /// `DecisionTaskScheduled` SWF adds.
    pub fn decision_task_timed_out(&mut self) -> &mut Self {
        let (scheduled, started) = self.started_task();
        self.push(DecisionTaskTimedOutEventAttributes {
            scheduled_event_id: scheduled,
            started_event_id: started,
            timeout_type: DecisionTaskTimeoutType::StartToClose,
        });
        self.decision = DecisionPhase::None;
        self.decision_task_scheduled()
    }

    fn started_task(&mut self) -> (i64, i64) {
        if !matches!(self.decision, DecisionPhase::Started { .. }) {
            self.decision_task_started();
        }
        match self.decision {
            DecisionPhase::Started { scheduled, started } => (scheduled, started),
            _ => unreachable!("a decision task was just started"),
        }
    }
}
