//! Starts, aborts and awaits runs of the video pipeline.
//!
//! ```sh
//! cargo run -p examples --bin video-starter -- start v-1 --wait                   # published
//! cargo run -p examples --bin video-starter -- start v-2 --transcode-ms 30000
//! cargo run -p examples --bin video-starter -- abort v-2 --reason "wrong cut"     # while transcoding
//! cargo run -p examples --bin video-starter -- wait v-2
//! ```
//!
//! `wait` (and `--wait`) prints how the run ended and exits 0 when it completed, 3 when it
//! closed any other way (an aborted pipeline fails).

use std::error::Error;
use std::process::ExitCode;

use clap::Subcommand;
use examples::cli;
use examples::video::{self, Abort, VideoArgs, VideoPipeline};
use swf_decider::{StartOptions, WorkflowClient};

/// The first line of `--help`.
const ABOUT: &str = "Starts, aborts and awaits runs of the video pipeline.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Starts the pipeline for a video; its workflow id is the video id.
    Start {
        /// The video id.
        video_id: String,
        #[command(flatten)]
        video: VideoArgs,
        /// Wait for the pipeline to end and print how.
        #[arg(long)]
        wait: bool,
    },
    /// Aborts a pipeline (signal `abort`): a transcode still running is canceled, and the
    /// pipeline fails with REASON.
    Abort {
        /// The video id.
        video_id: String,
        /// Why.
        #[arg(long, default_value = "aborted by an operator")]
        reason: String,
    },
    /// Waits for a pipeline to end and prints how.
    Wait {
        /// The video id.
        video_id: String,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    cli::run_starter("video-starter", ABOUT, video::DOMAIN, run).await
}

async fn run(command: Command, workflows: WorkflowClient) -> Result<ExitCode, Box<dyn Error>> {
    let video_id = match command {
        Command::Start {
            video_id,
            video,
            wait,
        } => {
            let video = video.video(&video_id);
            let run = workflows
                .start::<VideoPipeline>(&video_id, &video, &StartOptions::new())
                .await?;
            println!(
                "started video {video_id}, run {}",
                run.run_id().unwrap_or("?")
            );
            if !wait {
                return Ok(ExitCode::SUCCESS);
            }
            video_id
        }
        Command::Abort { video_id, reason } => {
            let run = workflows.handle::<serde_json::Value>(&video_id, None);
            run.signal(video::ABORT, &Abort { reason }).await?;
            println!("asked {video_id} to abort");
            return Ok(ExitCode::SUCCESS);
        }
        Command::Wait { video_id } => video_id,
    };
    Ok(cli::report_outcome(&workflows, &video_id).await?)
}
