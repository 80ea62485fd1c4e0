//! The video pipeline in one process: a worker, a decider, one run, and its timeline.
//!
//! ```sh
//! cargo run -p examples --bin video-demo                          # published after 2 refusals
//! cargo run -p examples --bin video-demo -- --abort-after-ms 1500 # aborted while transcoding
//! ```
//!
//! With no SWF endpoint or region in the environment it starts `swf-local` in this process; with
//! `AWS_ENDPOINT_URL_SWF`, `AWS_REGION` (and credentials) it runs against that SWF instead, as the
//! quickstart does. `--abort-after-ms` plays an operator who sends `abort` that long after the
//! start. Exits 0 once the run has ended, whichever way; the outcome is on its own line.

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::Parser;
use examples::{order, video};
use swf_decider::{Decider, StartOptions, WorkflowClient, WorkflowOutcome};
use swf_worker::{CancellationToken, Worker};

/// The video pipeline in one process.
#[derive(Debug, Parser)]
struct Cli {
    /// Where the upload is; its extension is its container (mov, mp4, mkv or webm).
    #[arg(long, default_value = "uploads/clip.mov")]
    source: String,
    /// How long the simulated transcode works, in milliseconds.
    #[arg(long, default_value_t = 3_000)]
    transcode_ms: u64,
    /// How many uploads the simulated CDN refuses before it accepts one.
    #[arg(long, default_value_t = 2)]
    publish_outages: u32,
    /// Send `abort` this many milliseconds after the start.
    #[arg(long)]
    abort_after_ms: Option<u64>,
}

#[tokio::main]
async fn main() -> ExitCode {
    // The examples' one log set-up: stderr, `RUST_LOG` to change the level.
    order::init_logging("warn");
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("video-demo: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    // swf-local in this process, unless the environment names an SWF endpoint or region.
    let endpoint = swf_local::Endpoint::from_env_or_start(Duration::from_secs(1)).await?;
    println!("endpoint: {endpoint}");
    let client = endpoint.client().clone();

    let mut worker = Worker::builder(client.clone());
    worker.domain(video::DOMAIN).task_list(video::ACTIVITIES);
    let worker = video::activities(&mut worker).build()?;
    worker.register().await?;
    let mut decider = Decider::builder(client.clone());
    decider.domain(video::DOMAIN).task_list(video::DECISIONS);
    let decider = video::workflows(&mut decider).build()?;
    decider.register().await?;
    let shutdown = CancellationToken::new();
    let worker = tokio::spawn(worker.run(shutdown.clone()));
    let decider = tokio::spawn(decider.run(shutdown.clone()));

    let since_epoch = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH)?;
    let video_id = format!("video-{}", since_epoch.as_millis());
    let video = video::Video {
        transcode_millis: cli.transcode_ms,
        publish_outages: cli.publish_outages,
        ..video::Video::new(&video_id, &cli.source)
    };
    let workflows = WorkflowClient::new(client, video::DOMAIN);
    let run = workflows
        .start::<video::VideoPipeline>(&video_id, &video, &StartOptions::new())
        .await?;
    println!("started: {video_id}, run {}", run.run_id().unwrap_or("?"));
    if let Some(after) = cli.abort_after_ms {
        tokio::time::sleep(Duration::from_millis(after)).await;
        let abort = video::Abort {
            reason: format!("the operator aborted after {after} ms"),
        };
        run.signal(video::ABORT, &abort).await?;
        println!("sent: abort");
    }
    match run.outcome().await? {
        WorkflowOutcome::Completed(published) => println!("published: {}", published.url),
        other => println!("outcome: {other}"),
    }
    let timeline = swf_cli::timeline::render_history(&run.history().await?);
    println!("\ntimeline:\n{timeline}");

    // Shut down: no new polls; what runs finishes.
    shutdown.cancel();
    worker.await??;
    decider.await??;
    endpoint.shutdown().await;
    Ok(())
}
