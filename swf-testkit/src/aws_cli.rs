//! The AWS CLI (`aws swf ...`) run against a local endpoint, sealed off from the machine's AWS
//! setup.
//!
//! # Why
//! A test that runs `aws` must see what the CLI sends and what the service answers, nothing else:
//! not a profile, region, proxy bundle or credentials file of the machine it runs on, not a call to
//! the EC2 instance metadata service (which, off EC2, waits for its timeout), and not the CLI's
//! retries, which would hide an error answer behind a later success. [`AwsCli::command`] builds
//! every invocation the same way, so every test that runs the CLI runs it alike.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::process::{ChildProcess, run_with_deadline};

/// Configuration files that cannot exist (a path under a file), so the CLI reads none.
const NO_CONFIG_FILE: &str = "/dev/null/aws-config";
const NO_CREDENTIALS_FILE: &str = "/dev/null/aws-credentials";

/// How long one `aws` call may take: the CLI starts in about a second; this only guards against
/// a hang.
const CALL_DEADLINE: Duration = Duration::from_secs(60);

/// The AWS CLI pointed at one endpoint, with dummy credentials and nothing read from the machine.
#[derive(Debug, Clone)]
pub struct AwsCli {
    endpoint: String,
}

impl AwsCli {
    /// The CLI against `endpoint` (`http://127.0.0.1:<port>`).
    pub fn new(endpoint: impl Into<String>) -> AwsCli {
        AwsCli {
            endpoint: endpoint.into(),
        }
    }

    /// The CLI's version line (`aws-cli/1.45.11 Python/3.11.7 ...`), or why `aws` does not run
    /// here, for a test to skip with.
    pub fn probe() -> Result<String, String> {
        // Sealed like every call: the machine's AWS setup cannot make the probe fail either.
        let mut process = ChildProcess::spawn(
            "aws --version",
            sealed()
                .arg("--version")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped()),
        )
        .map_err(|e| format!("`aws` does not start: {e}"))?;
        let mut stdout = process.take_stdout();
        let mut stderr = process.take_stderr();
        let status = process.wait_with_deadline(CALL_DEADLINE);
        // A version line is far smaller than a pipe's buffer, so reading after the exit is safe.
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        let _ = stderr.read_to_string(&mut text);
        if status.success() {
            Ok(text.trim().to_owned())
        } else {
            Err(format!(
                "`aws --version` exited with {status}: {}",
                text.trim()
            ))
        }
    }

    /// `aws --endpoint-url <endpoint> --output json swf <operation>`, with the sealed environment
    /// described in the module docs; the caller adds the operation's arguments.
    pub fn command(&self, operation: &str) -> Command {
        let mut command = sealed();
        command
            .args(["--endpoint-url", &self.endpoint, "--output", "json", "swf"])
            .arg(operation);
        command
    }

    /// Runs `aws swf <operation> <args>` and returns its JSON output (`Null` for an operation
    /// that prints nothing, such as `register-domain`).
    ///
    /// # Panics
    /// When the call fails (the service refused it, or the CLI rejected the arguments) or does not
    /// finish within a minute; the message has the operation, its arguments and the CLI's error.
    pub fn swf(&self, operation: &str, args: &[&str]) -> serde_json::Value {
        let output = run_with_deadline(self.command(operation).args(args), CALL_DEADLINE);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "`aws swf {operation}` failed ({}) with arguments {args:?}:\n{}{stdout}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
        if stdout.trim().is_empty() {
            return serde_json::Value::Null;
        }
        serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!("`aws swf {operation}` printed something other than JSON ({e}):\n{stdout}")
        })
    }
}

/// `aws` with the machine's AWS setup shut out, as the module docs say.
fn sealed() -> Command {
    let mut command = Command::new("aws");
    // Every inherited AWS_* variable (a profile, a region, a CA bundle, an endpoint) goes.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("AWS_") {
            command.env_remove(name);
        }
    }
    command
        .env("AWS_ACCESS_KEY_ID", "swf-testkit")
        .env("AWS_SECRET_ACCESS_KEY", "swf-testkit")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", NO_CONFIG_FILE)
        .env("AWS_SHARED_CREDENTIALS_FILE", NO_CREDENTIALS_FILE)
        // One attempt: an error answer fails the call instead of being retried away.
        .env("AWS_RETRY_MODE", "standard")
        .env("AWS_MAX_ATTEMPTS", "1")
        // CLI v2 pages its output through `less` unless told not to.
        .env("AWS_PAGER", "")
        // A proxy of the machine must not stand between the CLI and a loopback service.
        .env("NO_PROXY", "127.0.0.1,localhost");
    command
}
