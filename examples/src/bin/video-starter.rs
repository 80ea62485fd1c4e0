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

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use examples::order;
use examples::video::{self, Abort, Video, VideoPipeline};
use swf_core::Client;
use swf_decider::{StartOptions, WorkflowClient, WorkflowOutcome};

/// Starts, aborts and awaits runs of the video pipeline.
#[derive(Debug, Parser)]
struct Cli {
    /// The SWF domain.
    #[arg(long, env = "SWF_DOMAIN", default_value = video::DOMAIN, global = true)]
    domain: String,
    /// The SWF endpoint [default: from AWS_ENDPOINT_URL_SWF, AWS_ENDPOINT_URL, or the region].
    #[arg(long, env = "AWS_ENDPOINT_URL_SWF", global = true)]
    endpoint_url: Option<String>,
    /// The AWS region [default: from AWS_REGION, AWS_DEFAULT_REGION or the profile].
    #[arg(long, env = "AWS_REGION", global = true)]
    region: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Starts the pipeline for a video; its workflow id is the video id.
    Start {
        /// The video id.
        video_id: String,
        /// Where the upload is; its extension is its container (mov, mp4, mkv or webm).
        #[arg(long, default_value = "uploads/clip.mov")]
        source: String,
        /// How long the simulated transcode works, in milliseconds.
        #[arg(long, default_value_t = 3_000)]
        transcode_ms: u64,
        /// How many uploads the simulated CDN refuses before it accepts one.
        #[arg(long, default_value_t = 2)]
        publish_outages: u32,
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
    // The examples' one log set-up: stderr, `RUST_LOG` to change the level.
    order::init_logging("warn");
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("video-starter: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut builder = Client::builder();
    if let Some(url) = &cli.endpoint_url {
        builder.endpoint_url(url);
    }
    if let Some(region) = &cli.region {
        builder.region(region);
    }
    let workflows = WorkflowClient::new(builder.build().await?, &cli.domain);
    let video_id = match cli.command {
        Command::Start {
            video_id,
            source,
            transcode_ms,
            publish_outages,
            wait,
        } => {
            let video = Video {
                transcode_millis: transcode_ms,
                publish_outages,
                ..Video::new(&video_id, &source)
            };
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
    let outcome = workflows
        .handle::<serde_json::Value>(&video_id, None)
        .outcome()
        .await?;
    Ok(match outcome {
        WorkflowOutcome::Completed(result) => {
            println!("{video_id} completed: {result}");
            ExitCode::SUCCESS
        }
        other => {
            println!("{video_id} {other}");
            ExitCode::from(3)
        }
    })
}
