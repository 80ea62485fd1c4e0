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
use examples::cli;
use examples::video::{self, VideoArgs};
use swf_decider::{Decider, StartOptions, WorkflowClient, WorkflowOutcome};
use swf_worker::{CancellationToken, Worker};

/// The video pipeline in one process.
#[derive(Debug, Parser)]
struct Cli {
    #[command(flatten)]
    video: VideoArgs,
    /// Send `abort` this many milliseconds after the start.
    #[arg(long)]
    abort_after_ms: Option<u64>,
}

#[tokio::main]
async fn main() -> ExitCode {
    cli::init_logging("warn");
    let result = run(Cli::parse()).await;
    cli::exit_code("video-demo", result.map(|()| ExitCode::SUCCESS))
}

async fn run(args: Cli) -> Result<(), Box<dyn std::error::Error>> {
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
    let video = args.video.video(&video_id);
    let workflows = WorkflowClient::new(client, video::DOMAIN);
    let run = workflows
        .start::<video::VideoPipeline>(&video_id, &video, &StartOptions::new())
        .await?;
    println!("started: {video_id}, run {}", run.run_id().unwrap_or("?"));
    if let Some(after) = args.abort_after_ms {
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
