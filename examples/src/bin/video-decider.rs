//! The decider of the video pipeline: the `video-pipeline` workflow.
//!
//! ```sh
//! cargo run -p examples --bin video-decider -- --register
//! ```
//!
//! Flags: those of `video-worker` (`--task-list` defaults to `video-decisions`). Stops gracefully
//! on Ctrl-C or SIGTERM.

use examples::{cli, video};

/// The first line of `--help`.
const ABOUT: &str = "The decider of the video pipeline.";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    cli::run_decider(ABOUT, video::DOMAIN, video::DECISIONS, video::workflows).await
}
