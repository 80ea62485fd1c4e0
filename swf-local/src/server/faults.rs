//! Injected faults: what a flaky SWF does to a client, on purpose, for reliability tests.
//!
//! Each SWF call (never an admin request) may be delayed, then meets at most one fault, drawn
//! with fixed probabilities from a seedable generator:
//!
//! - `ThrottlingException` (400), as SWF's throttles answer: the call is not applied;
//! - `InternalFailure` (500) or `ServiceUnavailableException` (503), AWS-shaped: the call is not
//!   applied (a real 5xx may or may not have been; clients must assume it may, and this is the
//!   case they can check afterwards);
//! - the connection dropped after the call was applied, before any byte of the answer: the
//!   client sees a reset connection and cannot tell whether its call took effect.
//!
//! The faults are mutually exclusive (one uniform draw per call picks at most one), so each
//! happens with exactly its configured probability. With a seed, the same sequence of calls meets
//! the same faults in every run.

use crate::error::{Fault, FaultKind};
use crate::server::throttle::throttled;
use crate::server::throttle_config::SettingError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::Duration;
use swf_core::Operation;

/// Which faults are injected and how often. The default injects nothing.
///
/// Set it with [`Builder::faults`](crate::Builder::faults), the binary's `--fault-*` flags, or at
/// run time with `PUT /admin/faults` (this struct as JSON; `GET /admin/faults` answers the one in
/// force) or [`Server::set_faults`](crate::Server::set_faults).
///
/// ```
/// let mut faults = swf_local::FaultConfig::default();
/// faults.seed = Some(7);
/// faults.unavailable_rate = 0.1; // one call in ten answered 503
/// faults.latency_ms = 20; // and every call 20-30 ms late
/// faults.latency_jitter_ms = 10;
/// faults.operations = vec!["StartWorkflowExecution".into()]; // only these calls
/// assert!(faults.validate().is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct FaultConfig {
    /// Seeds the generator that draws faults and jitter, so that a run can be repeated. Without
    /// one, the seed is random.
    pub seed: Option<u64>,
    /// The probability, 0 to 1, that a call is answered `ThrottlingException`.
    pub throttle_rate: f64,
    /// The probability that a call is answered HTTP 500 `InternalFailure`.
    pub internal_error_rate: f64,
    /// The probability that a call is answered HTTP 503 `ServiceUnavailableException`.
    pub unavailable_rate: f64,
    /// The probability that a call is applied and its connection then dropped, unanswered.
    pub drop_after_apply_rate: f64,
    /// Milliseconds every call waits before it is handled.
    pub latency_ms: u64,
    /// Up to this many more milliseconds, drawn uniformly per call.
    pub latency_jitter_ms: u64,
    /// The operations (`StartWorkflowExecution`, ...) these faults and latency apply to; empty
    /// means every operation.
    pub operations: Vec<String>,
    /// How many more faults to inject before injecting none (latency goes on); counts down as
    /// they are injected, so `GET /admin/faults` shows what is left. `None`: no end. With 1, a
    /// test can fail exactly one call, e.g. drop the answer of the first attempt and let the
    /// retry through.
    pub max_faults: Option<u64>,
}

/// The rates' names, as JSON and the error messages spell them.
const RATES: [&str; 4] = [
    "throttle_rate",
    "internal_error_rate",
    "unavailable_rate",
    "drop_after_apply_rate",
];

impl FaultConfig {
    /// Checks every setting, naming the first that is wrong: rates must lie in 0..=1 and add up
    /// to at most 1, operations must be SWF's.
    pub fn validate(&self) -> Result<(), SettingError> {
        let rates = self.rates();
        for (name, rate) in RATES.iter().zip(rates) {
            if !(0.0..=1.0).contains(&rate) {
                return Err(SettingError::new(
                    *name,
                    format!("{rate} is not a probability: it must lie between 0 and 1"),
                ));
            }
        }
        let total: f64 = rates.iter().sum();
        if total > 1.0 + 1e-9 {
            return Err(SettingError::new(
                RATES.join(" + "),
                format!("the rates add up to {total}, more than 1: a call meets one fault at most"),
            ));
        }
        self.parsed_operations().map(|_| ())
    }

    /// Reads a configuration from JSON, as `PUT /admin/faults` takes it, and checks it. An error
    /// names the member and what is wrong with it (serde alone names no member for a value of
    /// the wrong type, so each member is read on its own first).
    pub fn from_json(body: &[u8]) -> Result<FaultConfig, SettingError> {
        let value: serde_json::Value = serde_json::from_slice(body)
            .map_err(|e| SettingError::new("body", format!("not JSON: {e}")))?;
        let Some(members) = value.as_object() else {
            return Err(SettingError::new(
                "body",
                "not a JSON object of fault settings",
            ));
        };
        for (name, member) in members {
            let mut one = serde_json::Map::new();
            one.insert(name.clone(), member.clone());
            serde_json::from_value::<FaultConfig>(serde_json::Value::Object(one))
                .map_err(|e| SettingError::new(name.as_str(), e.to_string()))?;
        }
        let config: FaultConfig =
            serde_json::from_value(value).map_err(|e| SettingError::new("body", e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// Whether any fault or latency is configured.
    pub fn is_active(&self) -> bool {
        self.rates().iter().any(|r| *r > 0.0) || self.latency_ms > 0 || self.latency_jitter_ms > 0
    }

    fn rates(&self) -> [f64; 4] {
        [
            self.throttle_rate,
            self.internal_error_rate,
            self.unavailable_rate,
            self.drop_after_apply_rate,
        ]
    }

    fn parsed_operations(&self) -> Result<BTreeSet<Operation>, SettingError> {
        self.operations
            .iter()
            .map(|name| {
                Operation::from_name(name).ok_or_else(|| {
                    SettingError::new(
                        "operations",
                        format!("'{name}' is not an SWF operation (e.g. StartWorkflowExecution)"),
                    )
                })
            })
            .collect()
    }
}

/// What happens to one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Injected {
    /// Nothing: the call is handled and answered.
    Nothing,
    /// Refused with this fault before it is applied.
    Refuse(RefusedAs),
    /// Applied, then its connection dropped.
    DropAfterApply,
}

/// The faults a call can be refused with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefusedAs {
    Throttled,
    InternalError,
    Unavailable,
}

impl RefusedAs {
    pub(crate) fn fault(self) -> Fault {
        match self {
            RefusedAs::Throttled => throttled(),
            RefusedAs::InternalError => Fault::new(
                FaultKind::InternalFailure,
                "We encountered an internal error. Please try again. (injected by swf-local)",
            ),
            RefusedAs::Unavailable => Fault::new(
                FaultKind::ServiceUnavailable,
                "Service unavailable. Please try again later. (injected by swf-local)",
            ),
        }
    }
}

/// The configuration in force and the generator it draws from.
#[derive(Debug)]
struct Active {
    config: FaultConfig,
    operations: BTreeSet<Operation>,
    rng: fastrand::Rng,
}

/// The faults of a running service, changeable while it runs.
#[derive(Debug)]
pub(crate) struct Faults {
    active: Mutex<Active>,
    /// How many faults each operation's calls met since the service started: what a test
    /// asserts on to know that its faults reached the calls it meant them for (a budget of
    /// `max_faults` says how many were injected, not where).
    injected: Mutex<BTreeMap<Operation, u64>>,
}

impl Faults {
    pub(crate) fn new(config: FaultConfig) -> Result<Faults, SettingError> {
        Ok(Faults {
            active: Mutex::new(Active::of(config)?),
            injected: Mutex::default(),
        })
    }

    /// Replaces the configuration, reseeding the generator.
    pub(crate) fn set(&self, config: FaultConfig) -> Result<(), SettingError> {
        let active = Active::of(config)?;
        *self.active.lock().unwrap_or_else(|e| e.into_inner()) = active;
        Ok(())
    }

    /// The configuration in force.
    pub(crate) fn get(&self) -> FaultConfig {
        self.active
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .config
            .clone()
    }

    /// How many faults (not latency) each operation's calls met since the service started;
    /// operations that met none are absent. Replacing the configuration keeps the counts.
    pub(crate) fn injected(&self) -> BTreeMap<Operation, u64> {
        self.injected
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Draws what happens to one call of `op`: how long it waits first, and its fault.
    pub(crate) fn draw(&self, op: Operation) -> (Duration, Injected) {
        let drawn = self.draw_uncounted(op);
        if drawn.1 != Injected::Nothing {
            let mut injected = self.injected.lock().unwrap_or_else(|e| e.into_inner());
            *injected.entry(op).or_default() += 1;
        }
        drawn
    }

    fn draw_uncounted(&self, op: Operation) -> (Duration, Injected) {
        let mut active = self.active.lock().unwrap_or_else(|e| e.into_inner());
        let Active {
            config,
            operations,
            rng,
        } = &mut *active;
        if !config.is_active() || (!operations.is_empty() && !operations.contains(&op)) {
            return (Duration::ZERO, Injected::Nothing);
        }
        let jitter = match config.latency_jitter_ms {
            0 => 0,
            j => rng.u64(0..=j),
        };
        let delay = Duration::from_millis(config.latency_ms.saturating_add(jitter));
        let u = rng.f64();
        let outcomes = [
            Injected::Refuse(RefusedAs::Throttled),
            Injected::Refuse(RefusedAs::InternalError),
            Injected::Refuse(RefusedAs::Unavailable),
            Injected::DropAfterApply,
        ];
        let mut bound = 0.0;
        let Some(outcome) = config
            .rates()
            .into_iter()
            .zip(outcomes)
            .find_map(|(rate, o)| {
                bound += rate;
                (u < bound).then_some(o)
            })
        else {
            return (delay, Injected::Nothing);
        };
        match &mut config.max_faults {
            Some(0) => (delay, Injected::Nothing),
            Some(left) => {
                *left -= 1;
                (delay, outcome)
            }
            None => (delay, outcome),
        }
    }
}

impl Active {
    fn of(config: FaultConfig) -> Result<Active, SettingError> {
        config.validate()?;
        let operations = config.parsed_operations()?;
        let rng = match config.seed {
            Some(seed) => fastrand::Rng::with_seed(seed),
            None => fastrand::Rng::new(),
        };
        Ok(Active {
            config,
            operations,
            rng,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(f: impl FnOnce(&mut FaultConfig)) -> FaultConfig {
        let mut c = FaultConfig {
            seed: Some(1),
            ..FaultConfig::default()
        };
        f(&mut c);
        c
    }

    #[test]
    fn bad_settings_name_the_field() {
        for (c, field) in [
            (config(|c| c.throttle_rate = 1.5), "throttle_rate"),
            (config(|c| c.unavailable_rate = -0.1), "unavailable_rate"),
            (
                config(|c| c.drop_after_apply_rate = f64::NAN),
                "drop_after_apply_rate",
            ),
            (
                config(|c| {
                    c.throttle_rate = 0.6;
                    c.internal_error_rate = 0.6;
                }),
                "throttle_rate + internal_error_rate",
            ),
            (config(|c| c.operations = vec!["Nope".into()]), "operations"),
        ] {
            let e = c.validate().unwrap_err();
            assert!(e.setting.starts_with(field), "{e}");
        }
        for (json, setting, says) in [
            (
                r#"{"throttle":0.5}"#,
                "throttle",
                "unknown field `throttle`",
            ),
            (
                r#"{"throttle_rate":"x"}"#,
                "throttle_rate",
                "invalid type: string",
            ),
            (r#"{"latency_ms":-1}"#, "latency_ms", "invalid value"),
            (
                r#"{"unavailable_rate":2}"#,
                "unavailable_rate",
                "not a probability",
            ),
            (r#"[1]"#, "body", "not a JSON object"),
            (r#"{"#, "body", "not JSON"),
        ] {
            let e = FaultConfig::from_json(json.as_bytes()).unwrap_err();
            assert_eq!(e.setting, setting, "{json}: {e}");
            assert!(e.problem.contains(says), "{json}: {e}");
        }
        let c = FaultConfig::from_json(br#"{"seed":3,"max_faults":1}"#).unwrap();
        assert_eq!((c.seed, c.max_faults), (Some(3), Some(1)));
    }

    #[test]
    fn faults_come_at_their_rates_and_repeat_with_the_seed() {
        let c = config(|c| {
            c.throttle_rate = 0.1;
            c.internal_error_rate = 0.2;
            c.unavailable_rate = 0.3;
            c.drop_after_apply_rate = 0.1;
        });
        let draws = |c: &FaultConfig| {
            let faults = Faults::new(c.clone()).unwrap();
            (0..10_000)
                .map(|_| faults.draw(Operation::DescribeDomain).1)
                .collect::<Vec<_>>()
        };
        let a = draws(&c);
        assert_eq!(a, draws(&c));
        let share = |x: Injected| a.iter().filter(|y| **y == x).count() as f64 / 10_000.0;
        for (x, p) in [
            (Injected::Refuse(RefusedAs::Throttled), 0.1),
            (Injected::Refuse(RefusedAs::InternalError), 0.2),
            (Injected::Refuse(RefusedAs::Unavailable), 0.3),
            (Injected::DropAfterApply, 0.1),
            (Injected::Nothing, 0.3),
        ] {
            assert!((share(x) - p).abs() < 0.02, "{x:?}: {}", share(x));
        }
    }

    #[test]
    fn max_faults_counts_down_to_none() {
        let faults = Faults::new(config(|c| {
            c.unavailable_rate = 1.0;
            c.max_faults = Some(2);
        }))
        .unwrap();
        let op = Operation::DescribeDomain;
        let unavailable = Injected::Refuse(RefusedAs::Unavailable);
        assert_eq!(faults.draw(op).1, unavailable);
        assert_eq!(faults.get().max_faults, Some(1));
        assert_eq!(faults.draw(op).1, unavailable);
        assert_eq!(faults.draw(op).1, Injected::Nothing);
        assert_eq!(faults.get().max_faults, Some(0));
    }

    #[test]
    fn only_the_listed_operations_meet_faults() {
        let faults = Faults::new(config(|c| {
            c.throttle_rate = 1.0;
            c.latency_ms = 5;
            c.operations = vec!["StartWorkflowExecution".into()];
        }))
        .unwrap();
        assert_eq!(
            faults.draw(Operation::DescribeDomain),
            (Duration::ZERO, Injected::Nothing)
        );
        assert_eq!(
            faults.draw(Operation::StartWorkflowExecution),
            (
                Duration::from_millis(5),
                Injected::Refuse(RefusedAs::Throttled)
            )
        );
    }

    #[test]
    fn injected_faults_are_counted_by_operation() {
        let faults = Faults::new(config(|c| {
            c.unavailable_rate = 1.0;
            c.max_faults = Some(3);
            c.operations = vec![
                "RecordActivityTaskHeartbeat".into(),
                "PollForActivityTask".into(),
            ];
        }))
        .unwrap();
        let heartbeat = Operation::RecordActivityTaskHeartbeat;
        let poll = Operation::PollForActivityTask;
        // Two heartbeats and a poll meet the budget's three faults; the third heartbeat meets
        // none (budget spent), and an operation not listed meets none either.
        for op in [
            heartbeat,
            poll,
            heartbeat,
            heartbeat,
            Operation::DescribeDomain,
        ] {
            faults.draw(op);
        }
        let counted = BTreeMap::from([(poll, 1), (heartbeat, 2)]);
        assert_eq!(faults.injected(), counted);
        // Latency alone is no fault, and a new configuration keeps the counts.
        faults
            .set(config(|c| c.latency_ms = 1))
            .expect("latency applies");
        faults.draw(heartbeat);
        assert_eq!(faults.injected(), counted);
    }
}
