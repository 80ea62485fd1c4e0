//! The command line of the worker and decider binaries: `swf_core`'s shared
//! [`TaskListArgs`], with the application's domain and the binary's task list as defaults.

use std::error::Error;

use clap::Parser;
use swf_core::args::TaskListArgs;
use swf_decider::{DeciderBuilder, JsonCodec};
use swf_worker::WorkerBuilder;

/// The command line of a worker or decider binary with no flags of its own; its `--help` line is
/// the binary's, given to [`run_worker`] or [`run_decider`].
#[derive(Debug, Parser)]
struct TaskListCli {
    #[command(flatten)]
    swf: TaskListArgs,
}

/// Parses the command line into `P`, a parser that flattens [`TaskListArgs`], with `--domain`
/// defaulting to `domain` and `--task-list` to `task_list` (each still settable by its flag or
/// environment variable). Exits with usage on bad arguments, as `clap` does.
pub fn parse_args<P: Parser>(domain: &'static str, task_list: &'static str) -> P {
    parse_args_from(domain, task_list, std::env::args_os())
}

/// [`parse_args`] on the given arguments (the first is the program name).
///
/// ```
/// use clap::Parser;
/// use swf_core::args::TaskListArgs;
///
/// #[derive(Parser)]
/// struct Cli {
///     #[command(flatten)]
///     swf: TaskListArgs,
/// }
///
/// let cli: Cli = examples::cli::parse_args_from("shop", "orders", ["worker", "--pollers", "4"]);
/// assert_eq!((cli.swf.domain.as_str(), cli.swf.task_list.as_str()), ("shop", "orders"));
/// let cli: Cli = examples::cli::parse_args_from("shop", "orders", ["worker", "--domain", "test"]);
/// assert_eq!(cli.swf.domain, "test");
/// ```
pub fn parse_args_from<P, I, T>(domain: &'static str, task_list: &'static str, args: I) -> P
where
    P: Parser,
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let defaults = [("domain", domain), ("task_list", task_list)];
    super::parse_with_defaults(None, &defaults, args)
}

/// The whole of a worker binary with no flags of its own: logs at `info`, parses
/// [`TaskListArgs`] with these defaults (and `about` as the first line of `--help`), lets
/// `activities` add the activities, and runs the worker until SIGINT or SIGTERM.
pub async fn run_worker(
    about: &'static str,
    domain: &'static str,
    task_list: &'static str,
    activities: impl FnOnce(&mut WorkerBuilder) -> &mut WorkerBuilder,
) -> Result<(), Box<dyn Error>> {
    let args = start(about, domain, task_list);
    let mut worker = WorkerBuilder::from_args(&args).await?;
    activities(&mut worker);
    worker
        .build()?
        .run(swf_worker::shutdown_on_signals())
        .await?;
    Ok(())
}

/// The whole of a decider binary with no flags of its own: logs at `info`, parses
/// [`TaskListArgs`] with these defaults (and `about` as the first line of `--help`), lets
/// `workflows` add the workflows, and runs the decider until SIGINT or SIGTERM.
pub async fn run_decider(
    about: &'static str,
    domain: &'static str,
    task_list: &'static str,
    workflows: impl FnOnce(&mut DeciderBuilder<JsonCodec>) -> &mut DeciderBuilder<JsonCodec>,
) -> Result<(), Box<dyn Error>> {
    let args = start(about, domain, task_list);
    let mut decider = DeciderBuilder::from_args(&args, JsonCodec).await?;
    workflows(&mut decider);
    decider
        .build()?
        .run(swf_decider::shutdown_on_signals())
        .await?;
    Ok(())
}

/// What [`run_worker`] and [`run_decider`] do first: start the log at `info`, and parse the
/// command line.
fn start(about: &'static str, domain: &'static str, task_list: &'static str) -> TaskListArgs {
    super::init_logging("info");
    let defaults = [("domain", domain), ("task_list", task_list)];
    let cli: TaskListCli = super::parse_with_defaults(Some(about), &defaults, std::env::args_os());
    cli.swf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_is_the_binarys_with_its_defaults() {
        let defaults = [("domain", "shop"), ("task_list", "orders")];
        let command = super::super::command_for::<TaskListCli>(Some("A worker."), &defaults);
        let error = command
            .try_get_matches_from(["worker", "--help"])
            .unwrap_err();
        let help = error.render().to_string();
        assert!(
            help.starts_with("A worker.\n\nUsage: worker [OPTIONS]"),
            "{help}"
        );
        assert!(help.contains("[default: shop]"), "{help}");
        assert!(help.contains("[default: orders]"), "{help}");
    }
}
