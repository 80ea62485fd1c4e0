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

use examples::{cli, video};

/// The first line of `--help`.
const ABOUT: &str = "The activity worker of the video pipeline.";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    cli::run_worker(ABOUT, video::DOMAIN, video::ACTIVITIES, video::activities).await
}
