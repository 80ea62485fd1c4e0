//! Child processes with deadlines, killed when the test that started them ends or fails.
//!
//! # Why
//! A test that spawns a process and then panics (an assertion, a timeout) must not leave the
//! process running: it holds ports and files, and a stuck one outlives `cargo test` itself.
//! [`ChildProcess`] kills its process when dropped, which unwinding does on failure, and every
//! wait takes a deadline, so no test waits for a process forever.

use std::io::Read;
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often a wait looks at whether the process has exited.
const EXIT_CHECK_INTERVAL: Duration = Duration::from_millis(5);

/// A spawned process that is killed (SIGKILL) and reaped when dropped.
#[derive(Debug)]
pub struct ChildProcess {
    name: String,
    child: Child,
}

/// A Unix signal [`ChildProcess::signal`] can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGTERM: asks for a graceful shutdown.
    Term,
    /// SIGINT: what Ctrl-C sends.
    Int,
    /// SIGKILL: ends the process at once, with no chance to clean up.
    Kill,
}

impl ChildProcess {
    /// Spawns `command`; `name` is how failure messages refer to the process.
    ///
    /// # Errors
    /// When the program cannot be started (not installed, not executable).
    pub fn spawn(name: impl Into<String>, command: &mut Command) -> std::io::Result<ChildProcess> {
        let child = command.spawn()?;
        Ok(ChildProcess {
            name: name.into(),
            child,
        })
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Takes the process's piped standard output (once).
    ///
    /// # Panics
    /// When standard output was not piped or was already taken.
    pub fn take_stdout(&mut self) -> ChildStdout {
        self.child.stdout.take().unwrap_or_else(|| {
            panic!(
                "{}: standard output is not piped, or already taken",
                self.name
            )
        })
    }

    /// Takes the process's piped standard error (once).
    ///
    /// # Panics
    /// When standard error was not piped or was already taken.
    pub fn take_stderr(&mut self) -> ChildStderr {
        self.child.stderr.take().unwrap_or_else(|| {
            panic!(
                "{}: standard error is not piped, or already taken",
                self.name
            )
        })
    }

    /// Sends `signal` to the process.
    ///
    /// # Panics
    /// When the signal cannot be delivered (the process was already reaped).
    #[allow(unsafe_code)]
    pub fn signal(&mut self, signal: Signal) {
        if signal == Signal::Kill {
            self.child
                .kill()
                .unwrap_or_else(|e| panic!("{}: SIGKILL failed: {e}", self.name));
            return;
        }
        let number = match signal {
            Signal::Term => libc::SIGTERM,
            Signal::Int => libc::SIGINT,
            Signal::Kill => unreachable!("handled above"),
        };
        let pid = libc::pid_t::try_from(self.child.id()).expect("a pid fits pid_t");
        // SAFETY: `kill` takes two integers and touches no memory of ours; the pid is our own
        // child's, not yet reaped (we hold its `Child`), so it cannot name another process.
        let status = unsafe { libc::kill(pid, number) };
        assert_eq!(
            status,
            0,
            "{}: sending {signal:?} failed: {}",
            self.name,
            std::io::Error::last_os_error()
        );
    }

    /// Whether the process has exited, without waiting.
    pub fn try_status(&mut self) -> Option<ExitStatus> {
        self.child
            .try_wait()
            .unwrap_or_else(|e| panic!("{}: cannot read its status: {e}", self.name))
    }

    /// Waits up to `deadline` for the process to exit: `None` if it is still running then (it is
    /// left running, for the caller to gather what explains why before it is killed).
    pub fn wait_until(&mut self, deadline: Duration) -> Option<ExitStatus> {
        let give_up = Instant::now() + deadline;
        loop {
            if let Some(status) = self.try_status() {
                return Some(status);
            }
            if Instant::now() >= give_up {
                return None;
            }
            std::thread::sleep(EXIT_CHECK_INTERVAL);
        }
    }

    /// Waits up to `deadline` for the process to exit.
    ///
    /// # Panics
    /// When it has not exited by then; the process is killed first.
    pub fn wait_with_deadline(&mut self, deadline: Duration) -> ExitStatus {
        self.wait_until(deadline).unwrap_or_else(|| {
            let _ = self.child.kill();
            let _ = self.child.wait();
            panic!(
                "{} did not exit within {deadline:?}; it was killed",
                self.name
            )
        })
    }
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Runs `command` to completion with its output captured, like [`Command::output`], but kills it
/// and fails the test if it has not finished within `deadline`.
///
/// Standard input is closed, so a program that asks a question fails instead of waiting.
///
/// # Panics
/// When the program cannot start, or does not finish in time (the message has what it printed).
pub fn run_with_deadline(command: &mut Command, deadline: Duration) -> Output {
    let name = format!("{command:?}");
    let mut process = ChildProcess::spawn(
        name.clone(),
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
    .unwrap_or_else(|e| panic!("{name} did not start: {e}"));
    // Read both pipes while waiting, so a chatty program cannot fill one and stall.
    let stdout = read_to_end(process.take_stdout());
    let stderr = read_to_end(process.take_stderr());
    let give_up = Instant::now() + deadline;
    let status = loop {
        if let Some(status) = process.try_status() {
            break status;
        }
        if Instant::now() >= give_up {
            process.signal(Signal::Kill);
            let _ = process.child.wait();
            let stdout = stdout.join().unwrap_or_default();
            let stderr = stderr.join().unwrap_or_default();
            panic!(
                "{name} did not finish within {deadline:?}; it was killed.\nstdout:\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&stdout),
                String::from_utf8_lossy(&stderr)
            );
        }
        std::thread::sleep(EXIT_CHECK_INTERVAL);
    };
    Output {
        status,
        stdout: stdout.join().expect("the stdout reader does not panic"),
        stderr: stderr.join().expect("the stderr reader does not panic"),
    }
}

fn read_to_end(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_past_its_deadline_is_killed_and_fails_the_test() {
        let result = std::panic::catch_unwind(|| {
            run_with_deadline(
                Command::new("sh").args(["-c", "echo started; exec sleep 30"]),
                Duration::from_millis(200),
            )
        });
        let message = *result
            .expect_err("the deadline fails the run")
            .downcast::<String>()
            .expect("a formatted message");
        assert!(message.contains("did not finish within 200ms"), "{message}");
        assert!(
            message.contains("started"),
            "what it printed is shown: {message}"
        );
    }

    #[test]
    fn output_and_status_come_back_within_the_deadline() {
        let output = run_with_deadline(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(10),
        );
        assert_eq!(output.status.code(), Some(3));
        assert_eq!(output.stdout, b"out\n");
        assert_eq!(output.stderr, b"err\n");
    }

    #[test]
    fn dropping_a_process_kills_it() {
        let process =
            ChildProcess::spawn("sleep", Command::new("sleep").arg("30")).expect("sleep starts");
        let pid = process.id();
        drop(process);
        // Reaped by the drop: /proc no longer has it (or it is a different, newer process).
        let status = std::fs::read_to_string(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        assert!(!status.contains("sleep"), "pid {pid} still runs sleep");
    }

    #[test]
    fn sigterm_reaches_the_process() {
        use std::io::BufRead;
        let mut process = ChildProcess::spawn(
            "sh",
            Command::new("sh")
                .args([
                    "-c",
                    "trap 'exit 7' TERM; echo ready; while :; do sleep 0.01; done",
                ])
                .stdout(Stdio::piped()),
        )
        .expect("sh starts");
        // The trap is installed before `ready` is printed.
        let mut line = String::new();
        std::io::BufReader::new(process.take_stdout())
            .read_line(&mut line)
            .expect("sh prints ready");
        assert_eq!(line, "ready\n");
        process.signal(Signal::Term);
        assert_eq!(
            process.wait_with_deadline(Duration::from_secs(10)).code(),
            Some(7)
        );
    }
}
