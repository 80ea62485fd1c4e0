//! The application the chaos tests run: a workflow of four activities, each retried by the
//! workflow when an attempt fails or times out, and the result every run must reach; and
//! [`Relay`], the same after a timer and a signal, for the campaign that kills the service.
//!
//! `chain(n)` mixes `n` twice in parallel (`left`, `right`), adds the two (`sum`), and mixes the
//! sum (`last`): each result feeds the next, so a lost, doubled or misrouted result shows in the
//! workflow's output, which [`expected`] computes without SWF. Every [`FAIL_EVERY`]th workflow's
//! `last` fails its first attempt on purpose, so retries happen even where no fault lands.
//!
//! Every attempt heartbeats as it begins its work (the worker sends a task's first recorded
//! details at once), and the types have a 1 s heartbeat timeout: heartbeats are as many calls as
//! answers, so the faults reach them as often, and a worker that stops heartbeating (SIGKILLed)
//! loses its tasks to the heartbeat timeout before the start-to-close one.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use swf_decider::{
    ActivityOptions, Decider, Registration, RetryPolicy, Timeout, Workflow, WorkflowContext,
    WorkflowResult,
};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration, Worker,
};

pub(crate) const DOMAIN: &str = "chaos";
pub(crate) const ACTIVITIES: &str = "chaos-activities";
pub(crate) const DECISIONS: &str = "chaos-decisions";

/// The activity ids of a workflow's four activity series, in the order they are scheduled.
pub(crate) const SERIES: [&str; 4] = ["left", "right", "sum", "last"];

/// How long an activity attempt may run once a worker took it: a task whose poll answer was
/// dropped (so nobody heartbeats it) times out after the heartbeat timeout, at the latest after
/// this, and is retried.
const ACTIVITY_START_TO_CLOSE: Duration = Duration::from_secs(2);

/// How long an attempt may go without a heartbeat: a SIGKILLed worker's tasks time out after
/// this. The worker heartbeats every 0.8 of it, far longer than an attempt's work, so only the
/// heartbeat each attempt records as it begins goes out for a live worker.
const ACTIVITY_HEARTBEAT: Duration = Duration::from_secs(1);

/// How long a decision task may take once a decider took it: a SIGKILLed decider's tasks time
/// out after this and are scheduled again.
const DECISION_START_TO_CLOSE: Duration = Duration::from_secs(2);

/// Every `FAIL_EVERY`th workflow's `last` activity fails its first attempt.
const FAIL_EVERY: u64 = 7;

/// The reason of that failure.
const FIRST_ATTEMPT_FAILS: &str = "FirstAttemptFails";

/// The most attempts of one activity. Only faults and kills make attempts fail (besides the one
/// failure on purpose), so running out would mean something keeps losing them.
const MAXIMUM_ATTEMPTS: u32 = 20;

/// What `mix` works on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MixInput {
    value: u64,
    step: u64,
    /// Whether the attempt that is not a retry fails.
    fail_first_attempt: bool,
}

/// Mixes a value with a step number.
pub(crate) struct Mix;

impl ActivityDeclaration for Mix {
    const NAME: &'static str = "mix";
    const VERSION: &'static str = "1";
    type Input = MixInput;
    type Output = u64;
}

impl Activity for Mix {
    fn registration(&self) -> ActivityRegistration {
        registration()
    }

    async fn run(&self, ctx: &ActivityContext, input: MixInput) -> Result<u64, ActivityError> {
        work(ctx, input.value).await?;
        // The first attempt of a series has the series' id; retries have `id#2`, `id#3`, ...
        if input.fail_first_attempt && !ctx.activity_id().contains('#') {
            return Err(ActivityError::new(FIRST_ATTEMPT_FAILS));
        }
        Ok(mix(input.value, input.step))
    }
}

/// Adds two values.
pub(crate) struct Sum;

impl ActivityDeclaration for Sum {
    const NAME: &'static str = "sum";
    const VERSION: &'static str = "1";
    type Input = (u64, u64);
    type Output = u64;
}

impl Activity for Sum {
    fn registration(&self) -> ActivityRegistration {
        registration()
    }

    async fn run(&self, ctx: &ActivityContext, (a, b): (u64, u64)) -> Result<u64, ActivityError> {
        work(ctx, a ^ b).await?;
        Ok(a.wrapping_add(b))
    }
}

/// The workflow: `chain(n)`, described in the module's docs.
pub(crate) struct Chain;

impl Workflow for Chain {
    const NAME: &'static str = "chain";
    const VERSION: &'static str = "1";
    type Input = u64;
    type Output = u64;

    fn run(&self, ctx: &mut WorkflowContext<'_>, n: u64) -> WorkflowResult<u64> {
        four_activities(ctx, n)
    }

    fn registration() -> Registration {
        Registration::new()
            .execution_start_to_close_timeout(Duration::from_secs(3600))
            .task_start_to_close_timeout(DECISION_START_TO_CLOSE)
    }
}

/// The workflow of the service-kill campaign: `relay(n)` starts a timer ([`PAUSE_TIMER`],
/// [`PAUSE`]), waits for signal [`GO`] and for the timer, then runs `chain` on the signal's
/// value. Started and signalled with `n`, it completes with `chain(n)`'s result; a timer that
/// never fires or a signal that is lost leaves it open.
pub(crate) struct Relay;

/// The timer `relay` waits for.
pub(crate) const PAUSE_TIMER: &str = "pause";

/// How long: long enough that most timers armed before a kill of the service fire after its
/// restart.
pub(crate) const PAUSE: Duration = Duration::from_secs(1);

/// The signal `relay` waits for; its input is the value to chain.
pub(crate) const GO: &str = "go";

impl Workflow for Relay {
    const NAME: &'static str = "relay";
    const VERSION: &'static str = "1";
    type Input = u64;
    type Output = u64;

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: u64) -> WorkflowResult<u64> {
        let pause = ctx.timer(PAUSE_TIMER, PAUSE);
        let value: u64 = ctx.wait_signal(GO)?;
        pause.wait()?;
        four_activities(ctx, value)
    }

    fn registration() -> Registration {
        Chain::registration()
    }
}

/// `chain(n)`'s activities, described in the module's docs.
fn four_activities(ctx: &mut WorkflowContext<'_>, n: u64) -> WorkflowResult<u64> {
    let [left, right, sum, last] = SERIES;
    let mix = options::<Mix>();
    let input = |value, step, fail_first_attempt| MixInput {
        value,
        step,
        fail_first_attempt,
    };
    // Both scheduled in the same decision before either result is asked for.
    let a = ctx.activity(left, &mix, &input(n, 1, false));
    let b = ctx.activity(right, &mix, &input(n, 2, false));
    let (a, b) = (a.result()?, b.result()?);
    let s = ctx.activity(sum, &options::<Sum>(), &(a, b)).result()?;
    let fails = fails_first_attempt(n);
    ctx.activity(last, &mix, &input(s, 3, fails)).result()
}

/// What each of `chain(n)`'s series ([`SERIES`]) completes with; the last is the workflow's
/// result.
pub(crate) fn expected(n: u64) -> [u64; 4] {
    let (a, b) = (mix(n, 1), mix(n, 2));
    let s = a.wrapping_add(b);
    [a, b, s, mix(s, 3)]
}

/// Whether `chain(n)`'s `last` fails its first attempt.
pub(crate) fn fails_first_attempt(n: u64) -> bool {
    n.is_multiple_of(FAIL_EVERY)
}

/// Mixes the value with the step: every input bit reaches every output bit, so a wrong input
/// anywhere in the chain changes the result.
fn mix(value: u64, step: u64) -> u64 {
    scramble(value ^ step.wrapping_mul(GOLDEN_GAMMA))
}

/// SplitMix64's increment: an odd constant whose multiples spread over all 64 bits.
pub(crate) const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's finalizer: a bijection of 64 bits in which each input bit flips about half the
/// output bits. The application's mixing and the test's seeded generator both use it.
pub(crate) fn scramble(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The activity's work: a heartbeat as it begins (sent at once, being the task's first), then
/// 20 to 99 ms, so that a worker killed under load holds tasks in flight.
async fn work(ctx: &ActivityContext, value: u64) -> Result<(), ActivityError> {
    ctx.heartbeat("working")?;
    tokio::time::sleep(Duration::from_millis(20 + value % 80)).await;
    Ok(())
}

/// The activity types' registered defaults: the same as every schedule sets ([`options`]).
fn registration() -> ActivityRegistration {
    ActivityRegistration::new()
        .start_to_close_timeout(ACTIVITY_START_TO_CLOSE)
        .schedule_to_start_timeout(Timeout::Unlimited)
        .schedule_to_close_timeout(Timeout::Unlimited)
        .heartbeat_timeout(ACTIVITY_HEARTBEAT)
}

/// How the workflow schedules activity `A`: on the activities' task list, a worker's hold on an
/// attempt bounded by [`ACTIVITY_START_TO_CLOSE`] and [`ACTIVITY_HEARTBEAT`], the wait for a
/// worker unbounded (all may be dead for a while), and every failure and timeout retried 1 s
/// later.
fn options<A: ActivityDeclaration>() -> ActivityOptions<A> {
    let retry = RetryPolicy::new(MAXIMUM_ATTEMPTS)
        .initial_interval(Duration::from_secs(1))
        .backoff_coefficient(1.0);
    ActivityOptions::of::<A>()
        .task_list(ACTIVITIES)
        .start_to_close_timeout(ACTIVITY_START_TO_CLOSE)
        .schedule_to_start_timeout(Timeout::Unlimited)
        .schedule_to_close_timeout(Timeout::Unlimited)
        .heartbeat_timeout(ACTIVITY_HEARTBEAT)
        .retry(retry)
}

/// A worker of both activity types, to be finished with identity and settings.
pub(crate) fn worker(client: swf_core::Client) -> swf_worker::WorkerBuilder {
    let mut worker = Worker::builder(client);
    worker
        .domain(DOMAIN)
        .task_list(ACTIVITIES)
        .activity(Mix)
        .activity(Sum);
    worker
}

/// A decider of both workflows, to be finished with identity and settings.
pub(crate) fn decider(
    client: swf_core::Client,
) -> swf_decider::DeciderBuilder<swf_decider::JsonCodec> {
    let mut decider = Decider::builder(client);
    decider
        .domain(DOMAIN)
        .task_list(DECISIONS)
        .workflow(Chain)
        .workflow(Relay);
    decider
}
