//! What every end-to-end test of `swf` needs: a real SWF service on loopback (swf-local, in this
//! process), the built `swf` binary pointed at it, and a client to play decider and worker with.
//!
//! Tests are plain `#[test]`s: the `swf` process is run to completion with `std::process::Command`
//! while the service keeps serving on its own runtime's threads. Every run of `swf` goes through
//! [`output`] (or [`Local::swf_with_stdin`]), which kills it and fails the test if it has not
//! finished within [`SWF_DEADLINE`]. Nothing waits on a clock: a
//! decision or activity task is polled only once it has been made due (by a start, a completion, a
//! signal, or a 0 s timer the service fires on its own), and a long poll returns as soon as the
//! task is there. The service's 10 s poll timeout only bounds a test that is already wrong, and is
//! long enough for a 0 s timer to fire on a loaded machine.

#![allow(dead_code, unreachable_pub)]

use std::io::Read;
use std::ops::Deref;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use swf_core::types::*;
use swf_testkit::harness::{Domain, decisions};
use swf_testkit::local::LocalService;
use swf_testkit::{ChildProcess, run_with_deadline};

/// How long one run of `swf` may take before it is killed and the test fails: a guard against a
/// hang, far above what any command here needs.
pub const SWF_DEADLINE: Duration = Duration::from_secs(60);

/// The built `swf` binary, with nothing configured.
pub fn swf_binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_swf"))
}

/// Runs `command` (an `swf` command) to completion with its output captured, closing its
/// standard input; kills it and fails the test if it takes longer than [`SWF_DEADLINE`].
pub fn output(command: &mut Command) -> Output {
    run_with_deadline(command, SWF_DEADLINE)
}

/// The service, and a client of it (`endpoint`, `client` and `block_on` are the shared
/// [`LocalService`]'s), with what the tests of `swf` do with them.
pub struct Local(LocalService);

impl Deref for Local {
    type Target = LocalService;

    fn deref(&self) -> &LocalService {
        &self.0
    }
}

/// What one run of `swf` did.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The result of a finished run.
    pub fn from_output(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts that the command succeeded with nothing on stderr; returns stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "swf failed: {self:?}");
        assert_eq!(self.stderr, "", "swf wrote to stderr: {self:?}");
        self.stdout
    }

    /// Asserts that the command failed with `code` and one line on stderr; returns that line.
    #[track_caller]
    pub fn fails(self, code: i32) -> String {
        assert_eq!(self.code, code, "unexpected exit code: {self:?}");
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "stderr is not one line: {self:?}");
        assert!(
            lines[0].starts_with("swf: "),
            "stderr does not start with `swf: `: {self:?}"
        );
        lines[0].to_string()
    }

    /// Stdout as JSON.
    #[track_caller]
    pub fn json(self) -> serde_json::Value {
        let out = self.ok();
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

impl Local {
    /// Domain `shop`, where the tests play decider and worker (its calls run with `block_on`).
    pub fn shop(&self) -> Domain {
        self.domain("shop")
    }

    /// Starts a service in memory on an ephemeral loopback port.
    pub fn start() -> Local {
        Local(LocalService::start(Duration::from_secs(10)))
    }

    /// Starts a service with a registered domain `shop`, workflow type `order v1` (decisions on
    /// task list `deciders`) and activity type `charge v1` (on `payments`).
    pub fn with_shop() -> Local {
        let local = Local::start();
        local.swf(&["domain", "register", "shop"]).ok();
        local
            .swf(&[
                "workflow-type",
                "register",
                "order",
                "v1",
                "-d",
                "shop",
                "--default-task-list",
                "deciders",
                "--default-execution-start-to-close-timeout",
                "1h",
                "--default-task-start-to-close-timeout",
                "1m",
                "--default-child-policy",
                "terminate",
            ])
            .ok();
        local
            .swf(&[
                "activity-type",
                "register",
                "charge",
                "v1",
                "-d",
                "shop",
                "--default-task-list",
                "payments",
                "--default-task-start-to-close-timeout",
                "1m",
                "--default-task-schedule-to-close-timeout",
                "5m",
                "--default-task-schedule-to-start-timeout",
                "5m",
                "--default-task-heartbeat-timeout",
                "NONE",
            ])
            .ok();
        local
    }

    /// `swf` with no AWS configuration but the service's endpoint, so that the loopback defaults
    /// (dummy credentials, us-east-1) are what the tests exercise.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = swf_binary();
        for var in [
            "AWS_PROFILE",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_SWF",
            "SWF_DOMAIN",
            "SWF_OUTPUT",
            "RUST_LOG",
        ] {
            command.env_remove(var);
        }
        command
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .arg("--endpoint-url")
            .arg(&self.endpoint)
            .args(args)
            .stdin(Stdio::null());
        command
    }

    /// Runs `swf` to completion, within [`SWF_DEADLINE`].
    pub fn swf(&self, args: &[&str]) -> Run {
        Run::from_output(output(&mut self.command(args)))
    }

    /// Runs `swf` with `stdin` as its standard input, within [`SWF_DEADLINE`].
    pub fn swf_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        // The input comes from a file, so nothing has to write to a pipe while `swf` runs.
        let file = std::env::temp_dir().join(format!(
            "swf-cli-test-stdin-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::write(&file, stdin).expect("the input file is written");
        let input = std::fs::File::open(&file).expect("the input file opens");
        let mut process = ChildProcess::spawn(
            "swf",
            self.command(args)
                .stdin(input)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped()),
        )
        .expect("swf starts");
        let _ = std::fs::remove_file(&file);
        let (stdout, stderr) = (process.take_stdout(), process.take_stderr());
        let stdout = std::thread::spawn(move || read_all(stdout));
        let stderr = std::thread::spawn(move || read_all(stderr));
        let status = process.wait_with_deadline(SWF_DEADLINE);
        Run::from_output(Output {
            status,
            stdout: stdout.join().expect("stdout is read"),
            stderr: stderr.join().expect("stderr is read"),
        })
    }

    /// Starts `order v1` as `workflow_id` in `shop`; returns the run id.
    pub fn start_order(&self, workflow_id: &str, input: &str) -> String {
        let input = StartWorkflowExecutionInput {
            workflow_id: workflow_id.into(),
            workflow_type: WorkflowType {
                name: "order".into(),
                version: "v1".into(),
            },
            input: Some(input.into()),
            ..Default::default()
        };
        self.block_on(self.shop().start(input)).run_id
    }

    /// Plays the decider once: takes the decision task waiting on `deciders` in `shop`, answers
    /// it with `decisions`, and returns it.
    #[track_caller]
    pub fn decide(&self, decisions: Vec<Decision>) -> DecisionTask {
        let shop = self.shop();
        self.block_on(async {
            let task = shop
                .poll_decision("deciders", None)
                .await
                .expect("a decision task was waiting");
            shop.decide(&task, decisions).await;
            task
        })
    }

    /// Plays the worker once: takes the activity task waiting on `payments` in `shop` and
    /// completes it with `result`.
    #[track_caller]
    pub fn work(&self, result: &str) -> ActivityTask {
        self.block_on(async {
            let task = self
                .shop()
                .poll_activity("payments", Some("worker-1"))
                .await
                .expect("an activity task was waiting");
            self.client
                .respond_activity_task_completed(RespondActivityTaskCompletedInput {
                    task_token: task.task_token.clone(),
                    result: Some(result.into()),
                })
                .await
                .expect("the result is accepted");
            task
        })
    }

    /// Sends a signal through the client.
    pub fn signal(&self, workflow_id: &str, name: &str, input: &str) {
        let shop = self.shop();
        self.block_on(shop.signal(workflow_id, None, name, Some(input)));
    }

    /// Every event of a run's history, through the client.
    pub fn history(&self, workflow_id: &str, run_id: &str) -> Vec<HistoryEvent> {
        let execution = WorkflowExecution {
            workflow_id: workflow_id.into(),
            run_id: run_id.into(),
        };
        self.block_on(self.shop().history(&execution))
    }

    /// Runs the order workflow to completion: charge, a signal, a marker and a timer.
    ///
    /// Every step waits for the one before, so the history is the same every time (event for
    /// event, times apart): started; decision 1 schedules `charge-1`; the worker completes it;
    /// `approve` arrives; decision 2 records the marker `audit` and starts the 0 s timer `settle`;
    /// it fires; decision 3 completes the workflow with `"shipped"`.
    pub fn run_order(&self, workflow_id: &str) -> String {
        let run_id = self.start_order(workflow_id, r#"{"sku": 42}"#);
        self.decide(vec![schedule("charge-1", r#"{"amount": 10}"#)]);
        self.work("ok");
        self.signal(workflow_id, "approve", "yes");
        self.decide(vec![
            marker("audit", r#"{"by": "ops"}"#),
            timer("settle", "0"),
        ]);
        self.decide(vec![complete(r#""shipped""#)]);
        run_id
    }
}

/// Everything `pipe` yields until it closes.
fn read_all(mut pipe: impl Read) -> Vec<u8> {
    let mut bytes = Vec::new();
    pipe.read_to_end(&mut bytes).expect("the pipe reads");
    bytes
}

/// A `ScheduleActivityTask` decision for `charge v1`.
pub fn schedule(activity_id: &str, input: &str) -> Decision {
    decisions::schedule_activity(ScheduleActivityTaskDecisionAttributes {
        activity_id: activity_id.into(),
        activity_type: ActivityType {
            name: "charge".into(),
            version: "v1".into(),
        },
        input: Some(input.into()),
        ..Default::default()
    })
}

/// A `StartTimer` decision.
pub fn timer(timer_id: &str, seconds: &str) -> Decision {
    decisions::start_timer(timer_id, seconds)
}

/// A `RecordMarker` decision.
pub fn marker(name: &str, details: &str) -> Decision {
    decisions::marker(name, Some(details))
}

/// A `CompleteWorkflowExecution` decision.
pub fn complete(result: &str) -> Decision {
    decisions::complete(Some(result))
}

/// A `FailWorkflowExecution` decision.
pub fn fail(reason: &str, details: &str) -> Decision {
    decisions::fail(Some(reason), Some(details))
}

/// A `ContinueAsNewWorkflowExecution` decision.
pub fn continue_as_new(input: &str) -> Decision {
    decisions::continue_as_new(ContinueAsNewWorkflowExecutionDecisionAttributes {
        input: Some(input.into()),
        ..Default::default()
    })
}
