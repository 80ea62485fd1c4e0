//! `swf`: the Amazon SWF command line, for developers and operators, on any endpoint.
//!
//! `main` parses the command line, starts a runtime and hands the command to its family in
//! `commands`; everything the user sees on failure is one line on stderr from [`CliError`] and its
//! exit code. The modules, each depending only on those listed after it:
//!
//! - `cli`: the root of the command line (the families and the global flags);
//! - `commands`: one directory per family, one file per command with its flags and its handler;
//! - `resolve`, `events`, `filters`: what several commands look up (which run a workflow id means,
//!   a whole history, the listing filters);
//! - `type_kind`: what `activity-type` and `workflow-type` do alike (their requests, their prints);
//! - `connect`, `input`, `args`: the client, payloads in, and the argument groups commands share;
//! - `display`, `output`, `time`: SWF values as people read them, tables and JSON out, times;
//! - `error`: the one error type and the exit codes.
//!
//! The whole-history read, the history timeline and the reading and writing of durations live in
//! the library (`swf_cli::history`, `swf_cli::timeline`, `swf_cli::duration`), so that other
//! programs can read histories and print timelines too.

#![forbid(unsafe_code)]

mod args;
mod cli;
mod commands;
mod connect;
mod display;
mod error;
mod events;
mod filters;
mod input;
mod output;
mod resolve;
mod time;
mod type_kind;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
// `crate::duration` for the command modules: the library's, shared with the timeline.
use swf_cli::duration;

use crate::cli::{Cli, Command};
use crate::error::CliError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("swf: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("swf: {}", one_line(&e.to_string()));
            e.exit_code()
        }
    }
}

/// Logs go to stderr, and only errors unless `RUST_LOG` asks for more (`RUST_LOG=swf_core=debug`
/// shows every call with its latency and request id). The default is quiet because a failed
/// command already says what failed, and how many attempts it took, in its one line; `swf-core`'s
/// warnings about retries would only repeat it.
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

/// The message with every run of whitespace (newlines included) as one space, so that an error
/// is one line even when a service answered with a multi-line body (an HTML error page).
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let format = cli.global.output;
    let global = cli.global;
    let connect = || connect::client(&global);
    match cli.command {
        #[cfg(feature = "local")]
        Command::Local(args) => return commands::local::run(args).await,
        Command::Domain(command) => {
            commands::domain::run(&connect().await?, command, format).await?
        }
        Command::ActivityType(command) => {
            commands::activity_type::run(&connect().await?, command, format).await?
        }
        Command::WorkflowType(command) => {
            commands::workflow_type::run(&connect().await?, command, format).await?
        }
        Command::Execution(command) => {
            return commands::execution::run(&connect().await?, command, format).await;
        }
        Command::History(command) => commands::history::run(command, format, connect).await?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn errors_print_as_one_line() {
        let html = "HTTP 500: <!doctype html>\n<html lang=en>\n  <title>500</title>";
        assert_eq!(
            super::one_line(html),
            "HTTP 500: <!doctype html> <html lang=en> <title>500</title>"
        );
    }
}
