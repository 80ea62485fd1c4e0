//! Activities: [`WorkflowContext::activity`], its options (typed by an [`ActivityDeclaration`], or
//! by name), retries, and canceling by the id the workflow gave; the handle is in
//! `activity_handle.rs`.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use swf_core::codec::Codec;
use swf_core::types::{
    ActivityType, Decision, DecisionType, ScheduleActivityTaskDecisionAttributes, TaskList,
};
use swf_core::{ActivityDeclaration, Timeout};

use super::activity_handle::{ActivityHandle, Stage};
use super::typed::{TakesInput, Untyped};
use super::{Cancellation, CommandKey};
use crate::context::WorkflowContext;
use crate::limits;
use crate::nondeterminism::{NonDeterminism, type_name};
use crate::retry_policy::RetryPolicy;
use crate::state::{ActivityState, TimerStatus};

/// Where the wait before a retry stands.
enum Backoff {
    /// Over (fired, no wait, or a timer SWF refused): the attempt goes ahead.
    Elapsed,
    /// The timer runs.
    Waiting,
    /// The workflow canceled the timer, at this event: the series ends canceled.
    Canceled { event_id: i64 },
    /// This run started the timer and then canceled the series.
    Withdrawn,
}

/// How to schedule an activity: its type, and optionally its task list, timeouts, priority and
/// retry policy. Unset values fall back to the defaults registered with the activity type.
///
/// The type parameter says how the activity is known. [`ActivityOptions::of::<A>()`] schedules
/// the activity type `A` declares ([`ActivityDeclaration`]): [`WorkflowContext::activity`] then
/// takes exactly an `A::Input`, and the handle's [`result`](ActivityHandle::result) is an
/// `A::Output`, so a mismatch does not compile. [`ActivityOptions::new`] names the type by
/// strings ([`Untyped`]), for activities that are declared nowhere in Rust (implemented in
/// another language, say): any serializable input, and the result decoded into the type the
/// workflow asks for.
///
/// ```
/// use std::time::Duration;
/// use swf_decider::{ActivityDeclaration, ActivityOptions, RetryPolicy, Timeout};
///
/// struct Charge;
/// impl ActivityDeclaration for Charge {
///     const NAME: &'static str = "charge";
///     const VERSION: &'static str = "1";
///     type Input = u64;
///     type Output = String;
/// }
///
/// let charge = ActivityOptions::of::<Charge>()
///     .task_list("payments")
///     .start_to_close_timeout(Duration::from_secs(30))
///     .heartbeat_timeout(Timeout::Unlimited)
///     .retry(RetryPolicy::new(3));
/// assert_eq!(charge.activity_type().name, "charge");
///
/// // By name: an activity implemented elsewhere, in another language.
/// let legacy = ActivityOptions::new("LegacyCharge", "7").task_list("payments");
/// ```
pub struct ActivityOptions<A = Untyped> {
    activity_type: ActivityType,
    task_list: Option<String>,
    schedule_to_close: Option<Timeout>,
    schedule_to_start: Option<Timeout>,
    start_to_close: Option<Timeout>,
    heartbeat: Option<Timeout>,
    task_priority: Option<i32>,
    control: Option<String>,
    retry: Option<RetryPolicy>,
    // `fn() -> A`: the options hold no `A`, so they are `Send`, `Sync` and `'static` whatever `A`.
    declared: PhantomData<fn() -> A>,
}

impl ActivityOptions {
    /// An activity of type `name`/`version`, known by name only ([`Untyped`]); everything else
    /// from the type's registered defaults. Prefer [`ActivityOptions::of`] for an activity
    /// declared in Rust.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> ActivityOptions {
        ActivityOptions::with_type(ActivityType {
            name: name.into(),
            version: version.into(),
        })
    }

    /// The activity type `A` declares, with `A`'s input and output checked at compile time;
    /// everything else from the type's registered defaults.
    pub fn of<A: ActivityDeclaration>() -> ActivityOptions<A> {
        ActivityOptions::with_type(ActivityType {
            name: A::NAME.to_owned(),
            version: A::VERSION.to_owned(),
        })
    }
}

impl<A> ActivityOptions<A> {
    fn with_type(activity_type: ActivityType) -> ActivityOptions<A> {
        ActivityOptions {
            activity_type,
            task_list: None,
            schedule_to_close: None,
            schedule_to_start: None,
            start_to_close: None,
            heartbeat: None,
            task_priority: None,
            control: None,
            retry: None,
            declared: PhantomData,
        }
    }

    /// The task list to schedule it on.
    pub fn task_list(mut self, name: impl Into<String>) -> Self {
        self.task_list = Some(name.into());
        self
    }

    /// The schedule-to-close timeout: a [`Duration`](std::time::Duration) (whole seconds, rounded
    /// up) or [`Timeout::Unlimited`].
    pub fn schedule_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.schedule_to_close = Some(timeout.into());
        self
    }

    /// The schedule-to-start timeout: a [`Duration`](std::time::Duration) (whole seconds, rounded
    /// up) or [`Timeout::Unlimited`].
    pub fn schedule_to_start_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.schedule_to_start = Some(timeout.into());
        self
    }

    /// The start-to-close timeout: a [`Duration`](std::time::Duration) (whole seconds, rounded up)
    /// or [`Timeout::Unlimited`].
    pub fn start_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.start_to_close = Some(timeout.into());
        self
    }

    /// The heartbeat timeout: a [`Duration`](std::time::Duration) (whole seconds, rounded up) or
    /// [`Timeout::Unlimited`].
    pub fn heartbeat_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.heartbeat = Some(timeout.into());
        self
    }

    /// The task priority.
    pub fn task_priority(mut self, priority: i32) -> Self {
        self.task_priority = Some(priority);
        self
    }

    /// `control` data recorded with the scheduled event, not sent to the worker.
    pub fn control(mut self, control: impl Into<String>) -> Self {
        self.control = Some(control.into());
        self
    }

    /// Retries failed attempts under `policy`; see [`RetryPolicy`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The activity type.
    pub fn activity_type(&self) -> &ActivityType {
        &self.activity_type
    }
}

// By hand: derived impls would ask the same of `A`, a marker that needs none of them.
impl<A> Clone for ActivityOptions<A> {
    fn clone(&self) -> Self {
        ActivityOptions {
            activity_type: self.activity_type.clone(),
            task_list: self.task_list.clone(),
            schedule_to_close: self.schedule_to_close,
            schedule_to_start: self.schedule_to_start,
            start_to_close: self.start_to_close,
            heartbeat: self.heartbeat,
            task_priority: self.task_priority,
            control: self.control.clone(),
            retry: self.retry.clone(),
            declared: PhantomData,
        }
    }
}

impl<A> PartialEq for ActivityOptions<A> {
    fn eq(&self, other: &Self) -> bool {
        self.activity_type == other.activity_type
            && self.task_list == other.task_list
            && self.schedule_to_close == other.schedule_to_close
            && self.schedule_to_start == other.schedule_to_start
            && self.start_to_close == other.start_to_close
            && self.heartbeat == other.heartbeat
            && self.task_priority == other.task_priority
            && self.control == other.control
            && self.retry == other.retry
    }
}

impl<A> fmt::Debug for ActivityOptions<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActivityOptions")
            .field("activity_type", &self.activity_type)
            .field("task_list", &self.task_list)
            .field("schedule_to_close", &self.schedule_to_close)
            .field("schedule_to_start", &self.schedule_to_start)
            .field("start_to_close", &self.start_to_close)
            .field("heartbeat", &self.heartbeat)
            .field("task_priority", &self.task_priority)
            .field("control", &self.control)
            .field("retry", &self.retry)
            .finish()
    }
}

impl<'a, C: Codec> WorkflowContext<'a, C> {
    /// Asks for activity `id` with `options` and `input` (encoded by the codec), and tells what
    /// the history says about it.
    ///
    /// Scheduled the first time; on later runs, the history's record is returned and nothing is
    /// emitted. With a [`RetryPolicy`], failed attempts are followed, after a backoff timer, by
    /// attempts `id#2`, `id#3`, … (see [`AttemptIds`](crate::AttemptIds)) and the handle reports
    /// on the series.
    ///
    /// With options for a declared activity ([`ActivityOptions::of::<A>()`](ActivityOptions::of)),
    /// `input` must be an `A::Input` and the handle's [`result`](ActivityHandle::result) is an
    /// `A::Output`, both checked at compile time ([`TakesInput`]); with options by name
    /// ([`ActivityOptions::new`]), any serializable input.
    ///
    /// ```
    /// use serde::{Deserialize, Serialize};
    /// use swf_decider::{ActivityDeclaration, ActivityOptions, WorkflowContext, WorkflowResult};
    ///
    /// #[derive(Serialize, Deserialize)]
    /// struct Report { seconds: u64 }
    ///
    /// struct Probe;
    /// impl ActivityDeclaration for Probe {
    ///     const NAME: &'static str = "probe";
    ///     const VERSION: &'static str = "1";
    ///     type Input = String;
    ///     type Output = Report;
    /// }
    ///
    /// fn length(ctx: &mut WorkflowContext<'_>, video: String) -> WorkflowResult<u64> {
    ///     let probe = ActivityOptions::of::<Probe>().task_list("media");
    ///     let report = ctx.activity("probe", &probe, &video).result()?; // a `Report`
    ///     Ok(report.seconds)
    /// }
    /// ```
    pub fn activity<A: TakesInput<I>, I: Serialize>(
        &mut self,
        id: &str,
        options: &ActivityOptions<A>,
        input: &I,
    ) -> ActivityHandle<'a, C, A> {
        let mut attempt = 1;
        let mut latest = None;
        let stage = loop {
            let attempt_id = match &options.retry {
                Some(policy) => policy.ids().activity_id(id, attempt),
                None => id.to_owned(),
            };
            if let (Some(policy), 2..) = (&options.retry, attempt) {
                let timer_id = policy.ids().timer_id(id, attempt);
                match self.backoff(&timer_id, policy, attempt) {
                    Backoff::Elapsed => {}
                    Backoff::Waiting => break Stage::Backoff { timer_id },
                    Backoff::Canceled { event_id } => break Stage::CanceledInBackoff { event_id },
                    Backoff::Withdrawn => break Stage::Withdrawn,
                }
            }
            if self
                .commands
                .is_withdrawn(&DecisionType::ScheduleActivityTask, &attempt_id)
            {
                break Stage::Withdrawn;
            }
            let Some(activity) = self.schedule_activity(&attempt_id, options, input) else {
                break Stage::Asked { attempt_id };
            };
            latest = Some(activity);
            if activity.is_open() {
                break Stage::Open(activity);
            }
            match &options.retry {
                Some(policy) if policy.retries_after(&activity.status, attempt) => attempt += 1,
                _ => break Stage::Done(activity),
            }
        };
        // Only a series has attempt ids that differ from the workflow's id; without a retry
        // policy, a cancel by id finds the activity under that id.
        if options.retry.is_some() {
            self.series.insert(id.to_owned(), stage.clone());
        }
        ActivityHandle {
            id: id.to_owned(),
            attempt,
            latest,
            stage,
            codec: self.codec,
            declared: PhantomData,
        }
    }

    /// Cancels activity `id` (the id the workflow gave it) and says what that did: asks SWF to
    /// cancel it (`RequestCancelActivityTask`; the worker sees the request at its next heartbeat)
    /// when it is open, takes it back when this run asked for it and the history does not show
    /// it yet, and otherwise changes nothing and says why ([`Cancellation`]).
    ///
    /// For an activity with a [`RetryPolicy`], this reaches the current attempt (`id#2`, …) or
    /// the backoff timer it waits on, when this run asked for the activity first; otherwise `id`
    /// is looked up in the history as an activity id. [`ActivityHandle::cancel`] always knows the
    /// attempt.
    #[must_use = "a cancel that cannot take effect (an unknown id, an activity already closed) says so in its answer"]
    pub fn request_cancel_activity(&mut self, id: &str) -> Cancellation {
        match self.series.get(id).cloned() {
            Some(stage) => self.cancel_stage(&stage),
            None => self.cancel_activity_attempt(id),
        }
    }

    /// Where the wait before attempt `attempt` stands, starting its timer when the history does
    /// not show it yet.
    fn backoff(&mut self, timer_id: &str, policy: &RetryPolicy, attempt: u32) -> Backoff {
        let delay = policy.delay_before(attempt);
        if delay.is_zero() {
            return Backoff::Elapsed;
        }
        if self
            .commands
            .is_withdrawn(&DecisionType::StartTimer, timer_id)
        {
            return Backoff::Withdrawn;
        }
        match self.state.timers().get(timer_id).map(|t| &t.status) {
            Some(TimerStatus::Fired { .. }) => Backoff::Elapsed,
            // A backoff timer SWF refused does not hold the series up.
            Some(TimerStatus::StartFailed { .. }) => Backoff::Elapsed,
            // Only the workflow cancels timers: it canceled the series while it waited.
            Some(&TimerStatus::Canceled { event_id }) => Backoff::Canceled { event_id },
            Some(TimerStatus::Started) => Backoff::Waiting,
            None => {
                self.start_timer_command(timer_id, delay);
                Backoff::Waiting
            }
        }
    }

    /// Emits `ScheduleActivityTask` for `id` unless the history or this run already has it;
    /// returns the history's record.
    fn schedule_activity<A, I: Serialize>(
        &mut self,
        id: &str,
        options: &ActivityOptions<A>,
        input: &I,
    ) -> Option<&'a ActivityState> {
        let kind = DecisionType::ScheduleActivityTask;
        if let Some(activity) = self.state.activities().get(id) {
            if activity.activity_type != options.activity_type {
                let recorded = type_name(
                    &activity.activity_type.name,
                    &activity.activity_type.version,
                );
                let asked = type_name(&options.activity_type.name, &options.activity_type.version);
                let event_id = activity.scheduled_event_id.or(activity.closed_event_id);
                let e = NonDeterminism::type_changed(kind, id, recorded, asked, event_id);
                self.commands.fail(e);
            }
            return Some(activity);
        }
        if self.commands.already_asked(&kind, id) {
            return None;
        }
        if let Err(e) = limits::check_id(id, &|| "activity id".to_owned()) {
            self.commands.fail(e);
            return None;
        }
        let input = self.encode(input, &|| format!("the input of activity `{id}`"));
        let o = options;
        let d = Decision::from(ScheduleActivityTaskDecisionAttributes {
            activity_id: id.to_owned(),
            activity_type: o.activity_type.clone(),
            control: o.control.clone(),
            heartbeat_timeout: o.heartbeat.map(|t| t.to_string()),
            input,
            schedule_to_close_timeout: o.schedule_to_close.map(|t| t.to_string()),
            schedule_to_start_timeout: o.schedule_to_start.map(|t| t.to_string()),
            start_to_close_timeout: o.start_to_close.map(|t| t.to_string()),
            task_list: o
                .task_list
                .as_ref()
                .map(|name| TaskList { name: name.clone() }),
            task_priority: o.task_priority.map(|p| p.to_string()),
        });
        let type_name = type_name(&o.activity_type.name, &o.activity_type.version);
        self.commands
            .push(CommandKey::typed(kind, id, type_name), d);
        None
    }
}
