//! The command line of the worker and decider binaries: `swf_core`'s shared
//! [`TaskListArgs`](swf_core::args::TaskListArgs), with this application's domain and the
//! binary's task list as defaults.

/// Parses the command line into `P`, a parser that flattens
/// [`TaskListArgs`](swf_core::args::TaskListArgs), with `--domain` defaulting to
/// [`DOMAIN`](super::DOMAIN) and `--task-list` to `task_list` (each still settable by its flag or
/// environment variable). Exits with usage on bad arguments, as `clap` does.
pub fn parse_args<P: clap::Parser>(task_list: &'static str) -> P {
    parse_args_from(task_list, std::env::args_os())
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
/// let cli: Cli = examples::video::parse_args_from(examples::video::DECISIONS, ["decider"]);
/// assert_eq!((cli.swf.domain.as_str(), cli.swf.task_list.as_str()), ("video", "video-decisions"));
/// ```
pub fn parse_args_from<P, I, T>(task_list: &'static str, args: I) -> P
where
    P: clap::Parser,
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let command = P::command()
        .mut_arg("domain", |a| a.default_value(super::DOMAIN).required(false))
        .mut_arg("task_list", |a| a.default_value(task_list).required(false));
    let matches = command.get_matches_from(args);
    P::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}
