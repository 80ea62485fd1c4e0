//! The quickstart: one workflow, end to end, in one program.
//!
//! ```sh
//! cargo run -p examples --bin quickstart
//! ```
//!
//! Registers a workflow type (`hello`) and an activity type (`greet`), runs an activity worker
//! and a decider as tasks, starts the workflow, waits for its result, prints it with the timeline
//! of the execution's history, and shuts down. With no SWF endpoint or region in the environment
//! it starts `swf-local` in this process; with `AWS_ENDPOINT_URL_SWF`, `AWS_REGION` (and
//! credentials) it runs against that SWF instead.
//!
//! It uses only the public API of the toolkit's crates (`swf-worker`, `swf-decider`, `swf-local`
//! for the endpoint, `swf-cli`'s library for the timeline), so it can be copied into a crate of
//! its own: see the README's "In your own crate".

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use swf_decider::{ActivityOptions, Decider, StartOptions, WorkflowClient};
use swf_decider::{Registration, Workflow, WorkflowContext, WorkflowResult};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationToken, Timeout,
    Worker,
};
use tracing_subscriber::EnvFilter;

const DOMAIN: &str = "quickstart";
const ACTIVITIES: &str = "quickstart-activities";
const DECISIONS: &str = "quickstart-decisions";

/// The activity: composes a greeting. Its declaration (name, version, input, output) is what the
/// workflow refers to; its implementation is what the worker runs.
struct Greet;

impl ActivityDeclaration for Greet {
    const NAME: &'static str = "greet";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;
}

impl Activity for Greet {
    fn registration(&self) -> swf_worker::ActivityRegistration {
        // Registered with the type: the timeouts a task gets unless the workflow says otherwise.
        swf_worker::ActivityRegistration::new()
            .start_to_close_timeout(Duration::from_secs(10))
            .schedule_to_start_timeout(Duration::from_secs(60))
            .schedule_to_close_timeout(Duration::from_secs(70))
            .heartbeat_timeout(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, name: String) -> Result<String, ActivityError> {
        Ok(format!("Hello, {name}!"))
    }
}

/// The workflow, run by the decider: greets everyone at once, completes with the greetings.
struct Hello;

impl Workflow for Hello {
    const NAME: &'static str = "hello";
    const VERSION: &'static str = "1";
    type Input = Vec<String>;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, names: Vec<String>) -> WorkflowResult<String> {
        // Re-run from the top on every decision task: the first run schedules both activities,
        // later runs find them in the history; `?` waits until each has completed.
        // By type: the compiler checks that `Greet` takes a `String` and returns one.
        let greet = ActivityOptions::of::<Greet>().task_list(ACTIVITIES);
        let greetings: Vec<_> = names
            .iter()
            .map(|name| ctx.activity(&format!("greet-{name}"), &greet, name))
            .collect();
        let texts = greetings.iter().map(|g| g.result());
        Ok(texts.collect::<WorkflowResult<Vec<_>>>()?.join(" "))
    }

    fn registration() -> Registration {
        Registration::new()
            .execution_start_to_close_timeout(Duration::from_secs(300))
            .task_start_to_close_timeout(Duration::from_secs(10))
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    // Warnings on stderr; more with RUST_LOG (RUST_LOG=swf_core=debug shows every call to SWF).
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quickstart: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // swf-local in this process, unless the environment names an SWF endpoint or region.
    let endpoint = swf_local::Endpoint::from_env_or_start(Duration::from_secs(1)).await?;
    println!("endpoint: {endpoint}");
    let client = endpoint.client().clone();

    // Register the domain and the types (idempotent), then run a worker and a decider.
    let worker = Worker::builder(client.clone())
        .domain(DOMAIN)
        .task_list(ACTIVITIES)
        .activity(Greet)
        .build()?;
    worker.register().await?;
    let decider = Decider::builder(client.clone())
        .domain(DOMAIN)
        .task_list(DECISIONS)
        .workflow(Hello)
        .build()?;
    decider.register().await?;
    let shutdown = CancellationToken::new();
    let worker = tokio::spawn(worker.run(shutdown.clone()));
    let decider = tokio::spawn({
        let shutdown = shutdown.clone();
        async move { decider.run(shutdown).await }
    });

    // Start the workflow and wait for its result.
    let workflows = WorkflowClient::new(client.clone(), DOMAIN);
    let since_epoch = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH)?;
    let workflow_id = format!("hello-{}", since_epoch.as_millis());
    let names = vec!["Ada".to_owned(), "Grace".to_owned()];
    let run = workflows
        .start::<Hello>(&workflow_id, &names, &StartOptions::new())
        .await?;
    println!(
        "started: workflow {workflow_id}, run {}",
        run.run_id().unwrap_or("?")
    );
    println!("result: {}", run.result().await?);
    let timeline = swf_cli::timeline::render_history(&run.history().await?);
    println!("\ntimeline:\n{timeline}");

    // Shut down: no new polls; what runs finishes.
    shutdown.cancel();
    worker.await??;
    decider.await??;
    endpoint.shutdown().await;
    Ok(())
}
