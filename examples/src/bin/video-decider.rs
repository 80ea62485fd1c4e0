//! The decider of the video pipeline: the `video-pipeline` workflow.
//!
//! ```sh
//! cargo run -p examples --bin video-decider -- --register
//! ```
//!
//! Flags: those of `video-worker` (`--task-list` defaults to `video-decisions`). Stops gracefully
//! on Ctrl-C or SIGTERM.

use clap::Parser;
use examples::{order, video};
use swf_core::args::TaskListArgs;
use swf_decider::{DeciderBuilder, JsonCodec, shutdown_on_signals};

/// The decider of the video pipeline.
#[derive(Debug, Parser)]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The examples' one log set-up: stderr, `RUST_LOG` to change the level.
    order::init_logging("info");
    let cli: Cli = video::parse_args(video::DECISIONS);
    let mut decider = DeciderBuilder::from_args(&cli.swf, JsonCodec).await?;
    video::workflows(&mut decider);
    decider.build()?.run(shutdown_on_signals()).await?;
    Ok(())
}
