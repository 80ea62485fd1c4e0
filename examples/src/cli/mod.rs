//! What the example binaries share: their command lines, their log, and how they end.
//!
//! Every application here has a domain of its own and one task list per worker or decider
//! binary, so a binary's command line is `swf_core`'s shared
//! [`TaskListArgs`](swf_core::args::TaskListArgs) (or, for a starter, the domain, endpoint and
//! region beside its subcommands) with that domain and task list as defaults. The defaults are
//! set on the parser rather than written in an `#[arg(default_value = ...)]`, because the flags
//! are declared once, in `swf_core`, for every binary of every application.

mod logging;
mod starter;
mod task_list;

pub use logging::init_logging;
pub use starter::{exit_code, report_outcome, run_starter};
pub use task_list::{parse_args, parse_args_from, run_decider, run_worker};

/// Parses `args` into `P` as [`command_for`] describes it. Exits with usage on bad arguments, as
/// `clap` does.
fn parse_with_defaults<P, I, T>(
    about: Option<&'static str>,
    defaults: &[(&'static str, &'static str)],
    args: I,
) -> P
where
    P: clap::Parser,
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command_for::<P>(about, defaults).get_matches_from(args);
    P::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// `P`'s command, with `defaults` as in [`with_defaults`], and `about`, if given, as the first
/// line of `--help`.
fn command_for<P: clap::CommandFactory>(
    about: Option<&'static str>,
    defaults: &[(&'static str, &'static str)],
) -> clap::Command {
    let command = with_defaults(P::command(), defaults);
    match about {
        Some(about) => command.about(about),
        None => command,
    }
}

/// `command` with each `(argument id, value)` of `defaults` as that argument's default (so no
/// longer required; its flag and environment variable still win).
fn with_defaults(
    mut command: clap::Command,
    defaults: &[(&'static str, &'static str)],
) -> clap::Command {
    for &(id, value) in defaults {
        command = command.mut_arg(id, |a| a.default_value(value).required(false));
    }
    command
}
