//! The flags of SWF's throttles and of injected faults.

use crate::server::{Builder, FaultConfig, RateLimit, ThrottleConfig};
use swf_core::Operation;

/// Throttling (off unless asked for) and injected faults (none unless asked for).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LimitArgs {
    /// Throttle calls with SWF's documented token buckets (per operation; a call over its rate
    /// gets ThrottlingException).
    #[arg(long, env = "SWF_LOCAL_THROTTLE")]
    pub throttle: bool,
    /// Override one operation's bucket: OP=RATE/BURST, e.g. StartWorkflowExecution=10/5 (calls a
    /// second / bucket size). Repeatable; turns throttling on, with SWF's defaults for the others.
    #[arg(long, value_name = "OP=RATE/BURST", value_parser = parse_override)]
    pub throttle_rate: Vec<(Operation, RateLimit)>,
    /// The most polls open at once on one task list (SWF: 1000).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_pollers_per_task_list: usize,
    /// Seed of the injected faults' generator, to repeat a run [default: random].
    #[arg(long, value_name = "N")]
    pub fault_seed: Option<u64>,
    /// Probability (0 to 1) that a call is answered ThrottlingException.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub fault_throttle_rate: f64,
    /// Probability that a call is answered HTTP 500 InternalFailure.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub fault_500_rate: f64,
    /// Probability that a call is answered HTTP 503 ServiceUnavailableException.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub fault_503_rate: f64,
    /// Probability that a call is applied and its connection then dropped without an answer.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub fault_drop_rate: f64,
    /// Latency added to every call, in milliseconds: MS, or MIN..MAX for a uniform draw.
    #[arg(long, value_name = "MS[..MS]", value_parser = parse_latency)]
    pub fault_latency: Option<(u64, u64)>,
    /// Operations the faults apply to, comma-separated [default: all].
    #[arg(long, value_name = "OP,...", value_delimiter = ',')]
    pub fault_operations: Vec<String>,
}

impl LimitArgs {
    /// Sets these flags' settings on `builder`. Out-of-range values fail its `start`, naming
    /// the flag's setting.
    pub(crate) fn configure(&self, builder: &mut Builder) {
        if self.throttle || !self.throttle_rate.is_empty() {
            let mut throttle = ThrottleConfig::swf_defaults();
            for (op, limit) in &self.throttle_rate {
                throttle.set(*op, *limit);
            }
            builder.throttle(throttle);
        }
        builder.max_pollers_per_task_list(self.max_pollers_per_task_list);
        let mut faults = FaultConfig::default();
        faults.seed = self.fault_seed;
        faults.throttle_rate = self.fault_throttle_rate;
        faults.internal_error_rate = self.fault_500_rate;
        faults.unavailable_rate = self.fault_503_rate;
        faults.drop_after_apply_rate = self.fault_drop_rate;
        if let Some((min, max)) = self.fault_latency {
            faults.latency_ms = min;
            faults.latency_jitter_ms = max - min;
        }
        faults.operations = self.fault_operations.clone();
        builder.faults(faults);
    }
}

fn parse_override(text: &str) -> Result<(Operation, RateLimit), String> {
    crate::server::parse_throttle_override(text).map_err(|e| e.problem)
}

fn parse_latency(text: &str) -> Result<(u64, u64), String> {
    let ms = |t: &str| {
        t.trim()
            .parse::<u64>()
            .map_err(|_| format!("'{t}' is not a whole number of milliseconds"))
    };
    let (min, max) = match text.split_once("..") {
        Some((a, b)) => (ms(a)?, ms(b)?),
        None => (ms(text)?, ms(text)?),
    };
    if max < min {
        return Err(format!("the range {text} ends before it starts"));
    }
    Ok((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_is_one_value_or_a_range() {
        assert_eq!(parse_latency("50"), Ok((50, 50)));
        assert_eq!(parse_latency("10..30"), Ok((10, 30)));
        assert!(parse_latency("30..10").unwrap_err().contains("ends before"));
        assert!(parse_latency("x").unwrap_err().contains("'x'"));
    }
}
