//! A test that runs this test binary again, as a child process running one of its `#[ignore]`d
//! tests.
//!
//! # Why
//! Some tests need a process of their own: a decider to SIGKILL and start again, a worker to stop
//! with SIGTERM, a case that needs an environment no other test of the binary may see (a test
//! cannot set variables in its own process: the other tests read the environment at the same
//! time). The code such a process runs is already in the test binary, so the binary runs itself
//! again with `--exact <test> --ignored`: the child test is ignored, so `cargo test` does not run
//! it alone.
//!
//! Written by hand, that pattern has three traps, which this module closes:
//! - A test renamed or moved leaves the parent naming a test that no longer exists; libtest then
//!   runs nothing and exits 0, and the parent waits for a process that never polls. The parent
//!   names the child with [`child_test!`], a path to the test function that the compiler checks,
//!   from which the name libtest knows is derived.
//! - `cargo test -- --ignored` runs the child tests by themselves, without what their parent
//!   passes them. [`from_parent`] tells a child it was not started by its parent, so it returns
//!   at once and passes; started by its parent but missing a variable, it fails, naming it.
//! - A child that ends at once "successfully" because its filter matched nothing looks like one
//!   that passed: [`ChildTest::run`] checks that exactly one test ran and passed.
//!
//! # Example
//! ```no_run
//! use std::time::Duration;
//! use swf_testkit::child_test;
//!
//! const ENDPOINT_VAR: &str = "MY_TEST_ENDPOINT";
//!
//! #[test]
//! fn parent() {
//!     let child = child_test!(child);
//!     let mut command = child.command();
//!     command.env(ENDPOINT_VAR, "http://127.0.0.1:1234");
//!     child.run(&mut command, Duration::from_secs(60));
//! }
//!
//! #[test]
//! #[ignore = "a child process of parent, run by it"]
//! fn child() {
//!     let Some([endpoint]) = child_test::from_parent([ENDPOINT_VAR]) else {
//!         return;
//!     };
//!     // ... use `endpoint`
//! # let _ = endpoint;
//! }
//! ```

use std::process::{Command, Output};
use std::time::Duration;

use crate::run_with_deadline;

/// The variable [`ChildTest::command`] sets to the child test's name, by which [`from_parent`]
/// knows the process was started by its parent test.
pub const PARENT_VAR: &str = "SWF_TESTKIT_CHILD_TEST";

/// An ignored test of this binary that another test runs as a child process; made by
/// [`child_test!`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildTest {
    /// The test's name as libtest knows it: its path in the binary, without the crate's name.
    name: String,
}

/// Names the ignored test `path` of this test binary, as a [`ChildTest`] to run as a child
/// process.
///
/// `path` is a path to the test function, checked by the compiler: `crate::a::b`, or relative to
/// the module the macro is used in (`child`, `self::child`, `super::x::child`). A test in another
/// module must be visible from here: `pub(crate) fn child()`.
#[macro_export]
macro_rules! child_test {
    ($($segment:ident)::+) => {{
        // Only so that the compiler checks the test exists.
        let _ = $($segment)::+;
        $crate::child_test::ChildTest::at(::core::module_path!(), &[$(::core::stringify!($segment)),+])
    }};
}

impl ChildTest {
    /// The test named by `segments` (a path, as [`child_test!`] was given it) used in the module
    /// `module_path` (`module_path!()` there, whose first segment is the crate's name).
    ///
    /// # Panics
    /// When the path leaves the crate (more `super`s than modules).
    #[doc(hidden)]
    pub fn at(module_path: &str, segments: &[&str]) -> ChildTest {
        // libtest names a test by its path in the crate, without the crate's own name.
        let mut path: Vec<&str> = module_path.split("::").skip(1).collect();
        let mut segments = segments;
        if let ["crate", rest @ ..] = segments {
            path.clear();
            segments = rest;
        }
        for segment in segments {
            match *segment {
                "self" => {}
                "super" => {
                    path.pop().unwrap_or_else(|| {
                        panic!("child_test!: {segments:?} leaves the crate from {module_path}")
                    });
                }
                name => path.push(name),
            }
        }
        ChildTest {
            name: path.join("::"),
        }
    }

    /// The test's name as libtest knows it, for `--exact`: `module::test`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A command that runs the test: this test binary with `--exact <name> --ignored
    /// --nocapture`, and [`PARENT_VAR`] set, in the environment of this process. Set what the child
    /// needs on it, and its standard streams.
    ///
    /// `env_clear` on it would remove [`PARENT_VAR`] too: use [`ChildTest::isolated_command`].
    ///
    /// # Panics
    /// When the path of this test binary cannot be read.
    pub fn command(&self) -> Command {
        let this = std::env::current_exe().expect("the test binary's path");
        let mut command = Command::new(this);
        command
            .args(["--exact", &self.name, "--ignored", "--nocapture"])
            .env(PARENT_VAR, &self.name);
        command
    }

    /// [`ChildTest::command`] with nothing from this process's environment but `RUST_LOG` set to
    /// `log_level`: the child sees only what the parent sets on it.
    pub fn isolated_command(&self, log_level: &str) -> Command {
        let mut command = self.command();
        command
            .env_clear()
            .env(PARENT_VAR, &self.name)
            .env("RUST_LOG", log_level);
        command
    }

    /// Runs `command` (from [`ChildTest::command`]) to completion within `deadline`, with its
    /// output captured, and checks that the child test ran and passed: exactly one test passed.
    ///
    /// # Panics
    /// When it did not, with what the child printed; when it does not finish within `deadline`
    /// (it is killed).
    pub fn run(&self, command: &mut Command, deadline: Duration) -> Output {
        let output = run_with_deadline(command, deadline);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("test result: ok. 1 passed"),
            "the child test {} did not run and pass ({}):\nstdout:\n{stdout}\nstderr:\n{}",
            self.name,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }
}

/// In a child test, first: the values of `vars`, which its parent set; `None` when the process
/// was not started by a parent test (run by hand, or by `cargo test -- --ignored`), having said
/// so on standard error, for the child to return at once.
///
/// # Panics
/// When started by its parent but a variable is missing or not Unicode: the parent's mistake,
/// named.
pub fn from_parent<const N: usize>(vars: [&str; N]) -> Option<[String; N]> {
    let Ok(test) = std::env::var(PARENT_VAR) else {
        eprintln!(
            "this ignored test is a child process of another test, which starts it with {PARENT_VAR} \
             and {vars:?} set; run by itself it does nothing"
        );
        return None;
    };
    Some(vars.map(|var| {
        std::env::var(var).unwrap_or_else(|e| {
            panic!("the child test {test} was started without {var} set by its parent: {e}")
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the parent passes the child.
    const VALUE_VAR: &str = "SWF_TESTKIT_CHILD_TEST_VALUE";

    #[test]
    fn a_path_names_the_test_as_libtest_does() {
        let at = |segments: &[&str]| ChildTest::at("suite::endpoint", segments).name;
        assert_eq!(at(&["child"]), "endpoint::child");
        assert_eq!(at(&["self", "child"]), "endpoint::child");
        assert_eq!(at(&["crate", "process", "child"]), "process::child");
        assert_eq!(at(&["super", "child"]), "child");
        assert_eq!(at(&["super", "other", "child"]), "other::child");
        // A test at a binary's root.
        assert_eq!(ChildTest::at("e2e", &["child"]).name, "child");
    }

    #[test]
    fn a_path_that_leaves_the_crate_is_refused() {
        let refused = std::panic::catch_unwind(|| ChildTest::at("e2e", &["super", "child"]));
        let message = *refused
            .expect_err("no module above the crate")
            .downcast::<String>()
            .expect("a formatted message");
        assert!(message.contains("leaves the crate"), "{message}");
    }

    #[test]
    fn the_child_runs_with_what_its_parent_passes() {
        let child = child_test!(child_of_the_child_runs);
        assert_eq!(child.name(), "child_test::tests::child_of_the_child_runs");
        let mut command = child.isolated_command("warn");
        command.env(VALUE_VAR, "passed on");
        let output = child.run(&mut command, Duration::from_secs(60));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("child got: passed on"), "{stdout}");
    }

    #[test]
    #[ignore = "a child process of the_child_runs_with_what_its_parent_passes, run by it"]
    fn child_of_the_child_runs() {
        let Some([value]) = from_parent([VALUE_VAR]) else {
            return;
        };
        // Only what the parent set: the isolated command kept nothing else.
        assert_eq!(std::env::var("PATH").ok(), None);
        println!("child got: {value}");
    }

    #[test]
    fn a_child_that_ran_nothing_fails_its_parent() {
        // A name no test has: libtest runs nothing and exits 0, which `run` does not accept.
        let child = ChildTest {
            name: "no_such_test".into(),
        };
        let failed = std::panic::catch_unwind(|| {
            child.run(&mut child.command(), Duration::from_secs(60));
        });
        let message = *failed
            .expect_err("nothing ran")
            .downcast::<String>()
            .expect("a formatted message");
        assert!(message.contains("did not run and pass"), "{message}");
        assert!(message.contains("0 passed"), "{message}");
    }

    #[test]
    fn a_child_started_without_a_variable_fails_naming_it() {
        let child = child_test!(child_of_the_child_runs);
        let output = run_with_deadline(&mut child.command(), Duration::from_secs(60));
        // With --nocapture the child's panic message is on its standard error.
        let printed = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{printed}");
        assert!(
            printed.contains(&format!("started without {VALUE_VAR} set by its parent")),
            "{printed}"
        );
    }

    #[test]
    fn run_by_hand_a_child_does_nothing() {
        // This process was not started by a parent (unless a parent runs this whole binary).
        if std::env::var(PARENT_VAR).is_err() {
            assert_eq!(from_parent([VALUE_VAR]), None);
        }
    }
}
