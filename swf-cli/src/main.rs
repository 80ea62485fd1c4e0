//! `swf`: the Amazon SWF command line, for developers and operators, on any endpoint.
//!
//! `main` parses the command line, starts a runtime and hands the command to the module of its
//! family; everything the user sees on failure is one line on stderr from [`CliError`] and its
//! exit code. The modules:
//!
//! - `cli`: every command and flag (`clap` definitions only);
//! - `connect`: the `swf-core` client, configured as the AWS CLI would be;
//! - `domain`, `types`, `execution`, `history`, `local`: one per command family;
//! - `output`, `input`, `time`, `duration`: tables and JSON out; payloads, times and durations in.

#![forbid(unsafe_code)]

mod cli;
mod connect;
mod domain;
mod duration;
mod error;
mod execution;
mod history;
mod input;
#[cfg(feature = "local")]
mod local;
mod output;
mod time;
mod types;

use std::process::ExitCode;

use clap::Parser;

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
            eprintln!("swf: {e}");
            e.exit_code()
        }
    }
}

/// Logs go to stderr, at `warn` unless `RUST_LOG` says otherwise (`RUST_LOG=swf_core=debug`
/// shows every call with its latency and request id).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

async fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let format = cli.global.output;
    let global = cli.global;
    let connect = || connect::client(&global);
    match cli.command {
        #[cfg(feature = "local")]
        Command::Local(args) => return local::run(args).await,
        Command::Domain(command) => domain::run(&connect().await?, command, format).await?,
        Command::ActivityType(command) => {
            types::run_activity(&connect().await?, command, format).await?
        }
        Command::WorkflowType(command) => {
            types::run_workflow(&connect().await?, command, format).await?
        }
        Command::Execution(command) => {
            return execution::run(&connect().await?, command, format).await;
        }
        Command::History(command) => history::run(command, format, connect).await?,
    }
    Ok(ExitCode::SUCCESS)
}
