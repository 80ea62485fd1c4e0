//! The order application's processes: its real binaries, each with an identity of its own, so
//! that the history says which process took which task.

use std::process::{Command, ExitStatus, Stdio};

use examples::order;
use swf_core::types::Timestamp;
use swf_testkit::local::LocalService;
use swf_testkit::process::Signal;
use swf_testkit::{ChildProcess, Lines, child_test};

use crate::DEADLINE;
use crate::sticky;
use crate::tasks::Kind;

/// How long the shipping workers pack one parcel: with three parcels an order, a packing task is
/// held long enough to be in flight when its worker is stopped.
const PER_PARCEL_MS: &str = "100";
/// What every process logs: `info`, where the binaries say what they stop and finish.
const LOG_LEVEL: &str = "info";

/// Which binary a process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    /// `order-decider`.
    Decider,
    /// A decider of the same workflows with a sticky task list ([`crate::sticky`]).
    StickyDecider,
    /// `order-worker-orders`: the quick activities.
    Orders,
    /// `order-worker-shipping`: `pack-and-ship`, the slow one.
    Shipping,
}

impl Role {
    /// The kind of task a process of this role takes.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Role::Decider | Role::StickyDecider => Kind::Decision,
            Role::Orders | Role::Shipping => Kind::Activity,
        }
    }

    /// How many long polls a process of this role keeps: two a task list (a sticky decider
    /// polls two lists).
    pub(crate) fn polls(self) -> usize {
        match self {
            Role::StickyDecider => 4,
            Role::Decider | Role::Orders | Role::Shipping => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Role::Decider => "decider",
            Role::StickyDecider => "sticky-decider",
            Role::Orders => "orders",
            Role::Shipping => "shipping",
        }
    }

    /// The command that runs process `identity` of this role on the service: the binary with
    /// its flags, or this test binary running [`crate::sticky`]'s process.
    fn command(self, service: &LocalService, identity: &str) -> Command {
        let binary = |path: &str, extra: &[&str]| {
            let mut command = bare(path);
            command
                .args(["--endpoint-url", &service.endpoint])
                .args(["--domain", order::DOMAIN])
                .args(["--identity", identity])
                .args(extra);
            command
        };
        match self {
            Role::Decider => binary(env!("CARGO_BIN_EXE_order-decider"), &[]),
            Role::Orders => binary(env!("CARGO_BIN_EXE_order-worker-orders"), &[]),
            Role::Shipping => binary(
                env!("CARGO_BIN_EXE_order-worker-shipping"),
                &["--per-parcel-ms", PER_PARCEL_MS],
            ),
            Role::StickyDecider => {
                let mut command =
                    child_test!(crate::sticky::sticky_order_decider).isolated_command(LOG_LEVEL);
                command
                    .env(sticky::ENDPOINT_VAR, &service.endpoint)
                    .env(sticky::IDENTITY_VAR, identity);
                command
            }
        }
    }
}

/// A command for `program` with nothing from the environment but its log level.
fn bare(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command.env_clear().env("RUST_LOG", LOG_LEVEL);
    command
}

/// One running binary, and its log.
pub(crate) struct Process {
    /// `<role>-<number>`: what it reports as its identity, and so what the history records on
    /// the tasks it takes.
    pub(crate) identity: String,
    pub(crate) role: Role,
    process: ChildProcess,
    log: Lines,
}

impl Process {
    /// Starts process `number` of `role` on the service, with two pollers (the binaries'
    /// default) and nothing from the environment but its log level.
    pub(crate) fn start(service: &LocalService, role: Role, number: usize) -> Process {
        let identity = format!("{}-{number}", role.name());
        let mut command = role.command(service, &identity);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut process = ChildProcess::spawn(&identity, &mut command)
            .unwrap_or_else(|e| panic!("{identity} does not start: {e}"));
        let log = Lines::read(format!("{identity} stderr"), process.take_stderr());
        Process {
            identity,
            role,
            process,
            log,
        }
    }

    /// Sends SIGTERM; returns when it was sent, by the clock the service stamps events with.
    pub(crate) fn terminate(&mut self) -> Timestamp {
        let at = Timestamp::now();
        self.process.signal(Signal::Term);
        at
    }

    /// Waits for the process to exit (within [`DEADLINE`], else the test fails with its log), and
    /// returns its status.
    pub(crate) fn exit_status(&mut self) -> ExitStatus {
        match self.process.wait_until(DEADLINE) {
            Some(status) => {
                self.log.read_to_end(DEADLINE);
                status
            }
            None => panic!(
                "{} did not exit within {DEADLINE:?} of SIGTERM; its log:\n{}",
                self.identity,
                self.log.so_far().join("\n")
            ),
        }
    }

    /// What it has logged so far, for failure messages.
    pub(crate) fn log(&mut self) -> String {
        self.log.so_far().join("\n")
    }
}
