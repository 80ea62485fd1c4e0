//! A worker binary per task list in a few lines (feature `cli`).
//!
//! [`swf_core::args::TaskListArgs`] carries the settings every worker and decider binary shares
//! (`--domain`, `--task-list`, `--identity`, `--pollers`, `--max-concurrent-tasks`, `--register`,
//! `--endpoint-url`, `--region`, each also an environment variable). [`run_cli`] parses them from
//! the command line and runs a worker until SIGINT or SIGTERM; [`WorkerBuilder::from_args`] is
//! for binaries with arguments of their own.

use clap::Parser;
use swf_core::args::TaskListArgs;

use crate::error::WorkerError;
use crate::worker::WorkerBuilder;
use swf_core::runtime::shutdown_on_signals;

impl WorkerBuilder {
    /// A builder set up from command-line arguments: a client for their endpoint and region
    /// (the rest from the environment), and their domain, task list, identity, pollers, task
    /// limit and registration flag. Add the activities and build.
    ///
    /// ```no_run
    /// use clap::Parser;
    /// use swf_core::args::TaskListArgs;
    /// use swf_worker::{WorkerBuilder, shutdown_on_signals};
    /// # use swf_worker::{Activity, ActivityContext, ActivityDeclaration, ActivityError};
    /// # struct Resize;
    /// # impl ActivityDeclaration for Resize {
    /// #     const NAME: &'static str = "Resize";
    /// #     const VERSION: &'static str = "1";
    /// #     type Input = ();
    /// #     type Output = ();
    /// # }
    /// #
    /// # impl Activity for Resize {
    /// #     async fn run(&self, _: &ActivityContext, _: ()) -> Result<(), ActivityError> { Ok(()) }
    /// # }
    ///
    /// #[derive(Parser)]
    /// struct Cli {
    ///     #[command(flatten)]
    ///     swf: TaskListArgs,
    ///     /// Where resized images go.
    ///     #[arg(long)]
    ///     bucket: String,
    /// }
    ///
    /// #[tokio::main]
    /// async fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let cli = Cli::parse();
    ///     let worker = WorkerBuilder::from_args(&cli.swf).await?.activity(Resize).build()?;
    ///     worker.run(shutdown_on_signals()).await?;
    ///     Ok(())
    /// }
    /// ```
    pub async fn from_args(args: &TaskListArgs) -> Result<WorkerBuilder, WorkerError> {
        let client = args.client().await.map_err(WorkerError::client)?;
        let mut builder = WorkerBuilder::new(client);
        builder.apply_args(args);
        Ok(builder)
    }

    /// Everything [`from_args`](Self::from_args) takes from `args` but the client.
    fn apply_args(&mut self, args: &TaskListArgs) -> &mut Self {
        self.domain(&args.domain)
            .task_list(&args.task_list)
            .identity(args.identity())
            .pollers(args.pollers)
            .max_concurrent_tasks(args.max_concurrent_tasks)
            .register(args.register)
    }
}

#[derive(Debug, Parser)]
#[command(about = "An Amazon SWF activity worker")]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
}

/// Runs a worker configured from the command line until SIGINT or SIGTERM: parses
/// [`TaskListArgs`] (exiting with usage on bad arguments), lets `configure` add the activities
/// and any other settings, and runs the worker with [`shutdown_on_signals`].
///
/// ```no_run
/// use swf_worker::{Activity, ActivityContext, ActivityDeclaration, ActivityError};
///
/// struct Resize;
///
/// impl ActivityDeclaration for Resize {
///     const NAME: &'static str = "Resize";
///     const VERSION: &'static str = "1";
///     type Input = String;
///     type Output = String;
/// }
///
/// impl Activity for Resize {
///     async fn run(&self, _: &ActivityContext, image: String) -> Result<String, ActivityError> {
///         Ok(format!("{image}.small"))
///     }
/// }
///
/// #[tokio::main]
/// async fn main() -> Result<(), swf_worker::WorkerError> {
///     // worker --domain shop --task-list images [--pollers 4 ...]
///     swf_worker::run_cli(|worker| {
///         worker.activity(Resize);
///     })
///     .await
/// }
/// ```
pub async fn run_cli(configure: impl FnOnce(&mut WorkerBuilder)) -> Result<(), WorkerError> {
    let cli = Cli::parse();
    let mut builder = WorkerBuilder::from_args(&cli.swf).await?;
    configure(&mut builder);
    builder.build()?.run(shutdown_on_signals()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_arguments_configure_the_worker() {
        let cli = Cli::try_parse_from([
            "worker",
            "--domain",
            "shop",
            "--task-list",
            "images",
            "--identity",
            "box-7",
            "--pollers",
            "3",
            "--max-concurrent-tasks",
            "40",
            "--register",
        ])
        .unwrap();
        let client = swf_core::Client::local_builder("http://127.0.0.1:9")
            .build()
            .await
            .unwrap();
        let mut builder = WorkerBuilder::new(client);
        builder.apply_args(&cli.swf);
        let text = format!("{builder:?}");
        for expected in [
            "domain: Some(\"shop\")",
            "task_list: Some(\"images\")",
            "identity: Some(\"box-7\")",
            "pollers: 3",
            "max_concurrent_tasks: 40",
            "register: true",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
    }
}
