//! When the heartbeat timeout a task was scheduled with cannot be read from its history, the
//! worker says so at once, in a warning that names the activity, both timeouts and the fix,
//! counts the task, and heartbeats it for the type's registered timeout.
//!
//! The history reads fail at a proxy in front of swf-local, as a refused call would: no
//! permission is the common reason in production.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use swf_core::RetryConfig;
use swf_worker::Timeout;
use tracing_subscriber::fmt::MakeWriter;

const HISTORY: &str = "GetWorkflowExecutionHistory";

/// Where the test's log lines go.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// The lines logged so far that contain `needle`.
    fn lines_with(&self, needle: &str) -> Vec<String> {
        let bytes = self.0.lock().unwrap().clone();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .filter(|l| l.contains(needle))
            .map(str::to_owned)
            .collect()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

// One thread: the worker, swf-local and the proxy log where the subscriber is set.
#[tokio::test(flavor = "current_thread")]
async fn a_failed_read_is_warned_about_at_once_and_the_registered_timeout_is_used() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    within(30, async {
        let env = Env::start().await;
        let (proxy, mut builder) = env.through_proxy(RetryConfig::disabled()).await;
        proxy.fail_next(HISTORY, Fault::Status(403), u64::MAX);
        builder.activity(Works {
            registered: Timeout::Seconds(2),
        });
        let worker = env.run(&mut builder).await;

        // Two tasks of the type, scheduled without a heartbeat timeout of their own: the
        // registered 2 s applies, and they work 3 s.
        let tasks = vec![
            schedule("Works", "a", Some("3000")),
            schedule("Works", "b", Some("3000")),
        ];
        env.start_workflow("w", tasks).await;
        // Warned long before a heartbeat timeout could pass.
        let warned = tokio::time::timeout(Duration::from_secs(1), async {
            let warning = "cannot learn the heartbeat timeout";
            proxy.wait_until(|p| p.stats(HISTORY).faulted >= 1).await;
            while captured.lines_with(warning).is_empty() {
                tokio::task::yield_now().await;
            }
        });
        warned
            .await
            .expect("a warning within a second of the start");

        let events = env.wait_for_completed_or_timed_out(2).await;
        assert_no_timeouts(&events);
        let metrics = worker.stop().await;
        assert_eq!(metrics.heartbeat_timeouts_unknown, 2, "{metrics:?}");
        assert_eq!(metrics.heartbeat_timeouts_learned, 0, "{metrics:?}");

        let warnings = captured.lines_with("cannot learn the heartbeat timeout");
        // One warning for the type; the second task is counted, not warned about again.
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        let warning = &warnings[0];
        for needed in [
            "WARN",
            "activity Works version 1",
            "registered heartbeat timeout (2 s)",
            "scheduled_heartbeat_timeout=\"unknown\"",
            "GetWorkflowExecutionHistory",
            "403",
            "ActivityRegistration::heartbeat_timeout_override",
        ] {
            assert!(warning.contains(needed), "no {needed:?} in {warning}");
        }
    })
    .await
}
