//! boto3 as a peer: `peers/boto3_calls.py` run by `python3`, reporting its own figures.

use std::path::PathBuf;
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;

use crate::Error;
use crate::drive::Measured;

/// The script, where this crate's sources are.
pub fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peers/boto3_calls.py")
}

/// `Ok` when `python3` can import boto3; otherwise why not.
pub fn available() -> Result<(), String> {
    let output = Command::new("python3")
        .args(["-c", "import boto3"])
        .output()
        .map_err(|e| format!("python3 did not run: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "python3 cannot import boto3: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// What the script prints.
#[derive(Debug, Deserialize)]
struct Figures {
    calls: usize,
    seconds: f64,
    cpu_seconds: f64,
    #[serde(default)]
    events: usize,
}

/// Runs the script with `args` (a JSON object with `mode` and the mode's fields) and returns its
/// figures, and the events it read for the `history` mode.
///
/// Runs on a blocking thread, so the runtime's workers stay free while Python works.
pub async fn run(args: Value) -> Result<(Measured, usize), Error> {
    let output = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .arg(script())
            .arg(args.to_string())
            .output()
    })
    .await??;
    if !output.status.success() {
        return Err(format!(
            "{} failed ({}): {}",
            script().display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let figures: Figures = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("boto3 script printed {stdout:?}, not its figures: {e}"))?;
    Ok((
        Measured {
            calls: figures.calls,
            seconds: figures.seconds,
            cpu_seconds: figures.cpu_seconds,
        },
        figures.events,
    ))
}
