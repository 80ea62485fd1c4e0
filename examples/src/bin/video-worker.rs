//! The worker of the video pipeline: `probe`, `transcode` and `publish`.
//!
//! ```sh
//! cargo run -p examples --bin video-worker -- --register
//! ```
//!
//! Flags (each also an environment variable, see `--help`): `--domain` (default `video`),
//! `--task-list` (default `video-activities`), `--pollers`, `--max-concurrent-tasks`,
//! `--identity`, `--register`, `--endpoint-url`, `--region`. Stops gracefully on Ctrl-C or
//! SIGTERM.

use clap::Parser;
use examples::{order, video};
use swf_core::args::TaskListArgs;
use swf_worker::{WorkerBuilder, shutdown_on_signals};

/// The activity worker of the video pipeline.
#[derive(Debug, Parser)]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The examples' one log set-up: stderr, `RUST_LOG` to change the level.
    order::init_logging("info");
    let cli: Cli = video::parse_args(video::ACTIVITIES);
    let mut worker = WorkerBuilder::from_args(&cli.swf).await?;
    video::activities(&mut worker);
    worker.build()?.run(shutdown_on_signals()).await?;
    Ok(())
}
