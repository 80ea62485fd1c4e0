//! The workers and deciders as processes, and the seeded schedule that SIGKILLs them: each kill
//! takes a worker or a decider, in turn, and starts a replacement at once.

use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use swf_testkit::child_test::ChildTest;
use swf_testkit::process::Signal;
use swf_testkit::{ChildProcess, Lines, child_test};

use crate::DEADLINE;
use crate::app::{GOLDEN_GAMMA, scramble};
use crate::process::{self, ATTEMPTS_VAR, ENDPOINT_VAR, IDENTITY_VAR};

/// What a process serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Worker,
    Decider,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Worker => "worker",
            Role::Decider => "decider",
        }
    }

    /// The test of this binary that serves the role.
    fn test(self) -> ChildTest {
        match self {
            Role::Worker => child_test!(crate::process::chaos_worker_process),
            Role::Decider => child_test!(crate::process::chaos_decider_process),
        }
    }
}

/// One running process and its log.
struct Process {
    /// `<role>-<number>`: what it reports as its identity, so what the history records on the
    /// tasks it takes.
    identity: String,
    role: Role,
    process: ChildProcess,
    log: Lines,
}

/// A process killed by the schedule.
#[derive(Debug, Clone)]
pub(crate) struct Kill {
    pub(crate) identity: String,
    pub(crate) role: Role,
}

/// The running processes, every kill so far, and the generator that picks the victims.
pub(crate) struct Fleet {
    endpoint: String,
    /// How many attempts each call of the processes gets ([`process::retry`]).
    call_attempts: u32,
    running: Vec<Process>,
    /// How many processes have been started, to number the next one.
    started: usize,
    pub(crate) kills: Vec<Kill>,
    rng: Rng,
}

impl Fleet {
    /// Starts `workers` worker and `deciders` decider processes on `endpoint`, whose calls get
    /// `call_attempts` attempts each; `seed` seeds the choice of victims and of the gaps between
    /// kills.
    pub(crate) fn start(
        endpoint: &str,
        workers: usize,
        deciders: usize,
        call_attempts: u32,
        seed: u64,
    ) -> Fleet {
        let mut fleet = Fleet {
            endpoint: endpoint.to_owned(),
            call_attempts,
            running: Vec::new(),
            started: 0,
            kills: Vec::new(),
            rng: Rng(seed),
        };
        let roles = [(Role::Worker, workers), (Role::Decider, deciders)];
        for (role, count) in roles {
            for _ in 0..count {
                fleet.spawn(role);
            }
        }
        fleet
    }

    /// How many long polls the running processes keep when idle.
    pub(crate) fn polls(&self) -> usize {
        self.running.len() * process::POLLERS
    }

    /// The wait before the next kill, drawn from `gaps` (milliseconds).
    pub(crate) fn next_gap(&mut self, gaps: std::ops::Range<u64>) -> Duration {
        self.rng.gap(gaps)
    }

    /// SIGKILLs a running process, reaps it, and starts a replacement of the same role: the
    /// victim's tasks are left to time out. Kills take a worker and a decider in turn (the
    /// first at random), so that any two kills hit both; which one of its role is random.
    pub(crate) fn kill_one(&mut self) {
        let role = match self.kills.last() {
            Some(Kill {
                role: Role::Worker, ..
            }) => Role::Decider,
            Some(Kill {
                role: Role::Decider,
                ..
            }) => Role::Worker,
            None if self.rng.below(2) == 0 => Role::Worker,
            None => Role::Decider,
        };
        let of_role: Vec<usize> = (0..self.running.len())
            .filter(|i| self.running[*i].role == role)
            .collect();
        let index = of_role[self.rng.below(of_role.len() as u64) as usize];
        let mut victim = self.running.remove(index);
        victim.process.signal(Signal::Kill);
        if victim.process.wait_until(DEADLINE).is_none() {
            panic!("{} outlived SIGKILL by {DEADLINE:?}", victim.identity);
        }
        self.kills.push(Kill {
            identity: victim.identity,
            role: victim.role,
        });
        self.spawn(victim.role);
    }

    /// Stops every running process with SIGTERM, all signalled first so that they stop
    /// together; returns each one's identity and exit status, or its log if it does not exit.
    pub(crate) fn stop(mut self) -> Vec<(String, ExitStatus)> {
        for p in &mut self.running {
            p.process.signal(Signal::Term);
        }
        self.running
            .iter_mut()
            .map(|p| match p.process.wait_until(DEADLINE) {
                Some(status) => (p.identity.clone(), status),
                None => panic!(
                    "{} did not exit within {DEADLINE:?} of SIGTERM; its log:\n{}",
                    p.identity,
                    p.log.so_far().join("\n")
                ),
            })
            .collect()
    }

    /// Runs this test binary again as a process of `role` (`process.rs`), with nothing from the
    /// environment but its log level, the endpoint and its identity.
    fn spawn(&mut self, role: Role) {
        self.started += 1;
        let identity = format!("{}-{}", role.name(), self.started);
        let mut command = role.test().isolated_command("warn");
        command
            .env(ENDPOINT_VAR, &self.endpoint)
            .env(IDENTITY_VAR, &identity)
            .env(ATTEMPTS_VAR, self.call_attempts.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut process = ChildProcess::spawn(&identity, &mut command)
            .unwrap_or_else(|e| panic!("{identity} does not start: {e}"));
        let log = Lines::read(format!("{identity} stderr"), process.take_stderr());
        self.running.push(Process {
            identity,
            role,
            process,
            log,
        });
    }
}

/// SplitMix64: a small seeded generator, so that the same seed picks the same victims at the
/// same gaps (when they die relative to the work still depends on the machine's speed).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    /// A wait drawn from `gaps` (milliseconds).
    pub(crate) fn gap(&mut self, gaps: std::ops::Range<u64>) -> Duration {
        Duration::from_millis(gaps.start + self.below(gaps.end - gaps.start))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        scramble(self.0)
    }

    /// A number in `0..n` (`n` > 0); the modulo's bias is immaterial for picking victims.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
