//! A child process's output, line by line, waited for with a deadline.
//!
//! # Why
//! A test often has to wait until a process has reached a point it announces in its output (a
//! service prints its address, a worker logs that it received SIGTERM). Reading the pipe directly
//! blocks for as long as the process stays silent, so a stuck process hangs the test. [`Lines`]
//! reads the pipe on its own thread and hands each line over a channel, so every wait has a
//! deadline, and a failure shows everything the process printed so far.

use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// The lines of one pipe (a child's stdout or stderr), read on a thread as they come.
#[derive(Debug)]
pub struct Lines {
    name: String,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Lines {
    /// Starts reading `pipe`; `name` is how failure messages refer to it (`"worker stderr"`).
    pub fn read(name: impl Into<String>, pipe: impl Read + Send + 'static) -> Lines {
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                // Unreadable output or a test that stopped listening ends the reading alike.
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Lines {
            name: name.into(),
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits up to `deadline` for the next line that satisfies `wanted`, and returns it. Lines
    /// before it are kept in [`seen`](Self::seen).
    ///
    /// # Panics
    /// When the pipe closes (the process exited) or the deadline passes first; the message has
    /// every line read so far.
    #[track_caller]
    pub fn wait_for(&mut self, deadline: Duration, wanted: impl Fn(&str) -> bool) -> String {
        let give_up = Instant::now() + deadline;
        loop {
            let left = give_up.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "{}: no such line within {deadline:?}; it printed:\n{}",
                    self.name,
                    self.seen.join("\n")
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "{}: closed without such a line; it printed:\n{}",
                    self.name,
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Reads the remaining lines until the pipe closes (the process exited), waiting up to
    /// `deadline`; returns every line read, from the first.
    ///
    /// # Panics
    /// When the pipe is still open at the deadline.
    #[track_caller]
    pub fn read_to_end(&mut self, deadline: Duration) -> &[String] {
        let give_up = Instant::now() + deadline;
        loop {
            let left = give_up.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(RecvTimeoutError::Disconnected) => return &self.seen,
                Err(RecvTimeoutError::Timeout) => panic!(
                    "{}: still open after {deadline:?}; it printed:\n{}",
                    self.name,
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Every line read so far, oldest first.
    pub fn seen(&self) -> &[String] {
        &self.seen
    }

    /// Every line read so far, oldest first, after taking in those that have arrived without
    /// being waited for; does not wait. For failure messages.
    pub fn so_far(&mut self) -> &[String] {
        self.seen.extend(self.lines.try_iter());
        &self.seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ChildProcess;
    use std::process::{Command, Stdio};

    fn sh(script: &str) -> (ChildProcess, Lines) {
        let mut process = ChildProcess::spawn(
            "sh",
            Command::new("sh")
                .args(["-c", script])
                .stdout(Stdio::piped()),
        )
        .expect("sh starts");
        let lines = Lines::read("sh stdout", process.take_stdout());
        (process, lines)
    }

    #[test]
    fn the_wanted_line_is_returned_and_the_ones_before_are_kept() {
        let (_process, mut lines) = sh("echo one; echo two; echo three");
        let line = lines.wait_for(Duration::from_secs(10), |l| l.starts_with("tw"));
        assert_eq!(line, "two");
        assert_eq!(lines.seen(), ["one", "two"]);
        // The process has exited once the pipe is closed; `so_far` takes what is there.
        lines.read_to_end(Duration::from_secs(10));
        assert_eq!(lines.so_far(), ["one", "two", "three"]);
    }

    #[test]
    fn a_silent_process_fails_the_wait_at_the_deadline() {
        let (_process, mut lines) = sh("echo started; exec sleep 30");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lines.wait_for(Duration::from_millis(200), |l| l == "never")
        }));
        let message = *result
            .expect_err("the deadline fails the wait")
            .downcast::<String>()
            .expect("a formatted message");
        assert!(message.contains("no such line within 200ms"), "{message}");
        assert!(message.contains("started"), "{message}");
    }

    #[test]
    fn a_process_that_exits_without_the_line_fails_the_wait_at_once() {
        let (_process, mut lines) = sh("echo bye");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lines.wait_for(Duration::from_secs(30), |l| l == "never")
        }));
        let message = *result
            .expect_err("the closed pipe fails the wait")
            .downcast::<String>()
            .expect("a formatted message");
        assert!(message.contains("closed without such a line"), "{message}");
    }
}
