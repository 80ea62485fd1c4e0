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
    /// The most executions open at once in one domain, children included [default: 100000, as
    /// SWF].
    #[arg(long, value_name = "N")]
    pub max_open_executions_per_domain: Option<usize>,
    /// Seed of the injected faults' generator, to repeat a run [default: random].
    #[arg(long, value_name = "N")]
    pub fault_seed: Option<u64>,
    /// Probability (0 to 1) that a call is answered ThrottlingException.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    pub fault_throttle_rate: f64,
    /// Probability that a call is answered HTTP 500 InternalFailure.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    pub fault_500_rate: f64,
    /// Probability that a call is answered HTTP 503 ServiceUnavailableException.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    pub fault_503_rate: f64,
    /// Probability that a call is applied and its connection then dropped without an answer.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
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
        if let Some(max) = self.max_open_executions_per_domain {
            builder.max_open_executions_per_domain(max);
        }
        let (latency_ms, latency_max) = self.fault_latency.unwrap_or((0, 0));
        let faults = FaultConfig {
            seed: self.fault_seed,
            throttle_rate: self.fault_throttle_rate,
            internal_error_rate: self.fault_500_rate,
            unavailable_rate: self.fault_503_rate,
            drop_after_apply_rate: self.fault_drop_rate,
            latency_ms,
            latency_jitter_ms: latency_max.saturating_sub(latency_ms),
            operations: self.fault_operations.clone(),
            max_faults: None,
        };
        builder.faults(faults);
    }
}

fn parse_override(text: &str) -> Result<(Operation, RateLimit), String> {
    crate::server::parse_throttle_override(text).map_err(|e| e.problem)
}

fn parse_probability(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "'{text}' is not a probability: give a number from 0 to 1"
        )),
    }
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
    use crate::cli::ServerArgs;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Command {
        #[command(flatten)]
        server: ServerArgs,
    }

    fn parse(flags: &[&str]) -> Result<Command, clap::Error> {
        Command::try_parse_from(["swf-local", "--bind", "127.0.0.1:0"].iter().chain(flags))
    }

    /// POSTs one SWF call to `url` and answers the status and the body's `__type`.
    async fn call(url: &str, op: &str, body: &str) -> (u16, String) {
        let r = reqwest::Client::new()
            .post(url)
            .header("x-amz-target", format!("SimpleWorkflowService.{op}"))
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        (
            status,
            body["__type"].as_str().unwrap_or_default().to_owned(),
        )
    }

    /// The flags reach the running service: the faults as given, and the throttle override in
    /// force (a second DescribeDomain with a bucket of one that never refills is throttled).
    #[tokio::test]
    async fn the_flags_configure_the_service() {
        let cmd = parse(&[
            "--throttle-rate",
            "DescribeDomain=0/1",
            "--fault-seed",
            "5",
            "--fault-503-rate",
            "0.25",
            "--fault-latency",
            "1..3",
            "--fault-operations",
            "StartWorkflowExecution,SignalWorkflowExecution",
        ])
        .unwrap();
        let server = cmd.server.builder().start().await.unwrap();
        let f = server.faults();
        assert_eq!(f.seed, Some(5));
        assert_eq!(f.unavailable_rate, 0.25);
        assert_eq!((f.latency_ms, f.latency_jitter_ms), (1, 2));
        assert_eq!(
            f.operations,
            ["StartWorkflowExecution", "SignalWorkflowExecution"]
        );
        let url = server.endpoint_url();
        let domain = r#"{"name":"d","workflowExecutionRetentionPeriodInDays":"1"}"#;
        assert_eq!(call(&url, "RegisterDomain", domain).await.0, 200);
        assert_eq!(call(&url, "DescribeDomain", r#"{"name":"d"}"#).await.0, 200);
        assert_eq!(
            call(&url, "DescribeDomain", r#"{"name":"d"}"#).await,
            (
                400,
                "com.amazon.coral.availability#ThrottlingException".to_owned()
            )
        );
        // The bucket never refills; another operation keeps SWF's default bucket.
        assert_eq!(call(&url, "DescribeDomain", r#"{"name":"d"}"#).await.0, 400);
        assert_eq!(
            call(
                &url,
                "ListDomains",
                r#"{"registrationStatus":"REGISTERED"}"#
            )
            .await
            .0,
            200
        );
        server.shutdown().await;
    }

    #[test]
    fn bad_flags_name_the_flag_and_the_problem() {
        for (flags, says) in [
            (["--throttle-rate", "DescribeDomain=x/1"], "rate 'x'"),
            (["--throttle-rate", "Nope=1/1"], "not an SWF operation"),
            (["--fault-503-rate", "2"], "'2' is not a probability"),
            (["--fault-latency", "9..1"], "ends before it starts"),
        ] {
            let e = parse(&flags).unwrap_err().to_string();
            assert!(e.contains(flags[0]) && e.contains(says), "{e}");
        }
    }

    /// Without the flags, nothing is throttled or injected.
    #[tokio::test]
    async fn without_the_flags_nothing_is_throttled() {
        let server = parse(&[]).unwrap().server.builder().start().await.unwrap();
        assert_eq!(server.faults(), FaultConfig::default());
        let url = server.endpoint_url();
        for _ in 0..150 {
            assert_eq!(
                call(
                    &url,
                    "ListDomains",
                    r#"{"registrationStatus":"REGISTERED"}"#
                )
                .await
                .0,
                200
            );
        }
        server.shutdown().await;
    }

    #[test]
    fn latency_is_one_value_or_a_range() {
        assert_eq!(parse_latency("50"), Ok((50, 50)));
        assert_eq!(parse_latency("10..30"), Ok((10, 30)));
        assert!(parse_latency("30..10").unwrap_err().contains("ends before"));
        assert!(parse_latency("x").unwrap_err().contains("'x'"));
    }
}
