//! The starter binaries: their command line (the subcommands of each, beside the domain, endpoint
//! and region all take), and how they end (the outcome of an execution as a line and an exit
//! code).

use std::error::Error;
use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Args, FromArgMatches, Subcommand};
use swf_core::Client;
use swf_decider::{ClientError, WorkflowClient, WorkflowOutcome};

/// Where a starter finds its executions: flags of every subcommand, each also an environment
/// variable.
#[derive(Debug, Clone, Args)]
struct StarterArgs {
    /// The SWF domain.
    #[arg(long, env = "SWF_DOMAIN", global = true)]
    domain: String,
    /// The SWF endpoint [default: from AWS_ENDPOINT_URL_SWF, AWS_ENDPOINT_URL, or the region].
    #[arg(long, env = "AWS_ENDPOINT_URL_SWF", global = true)]
    endpoint_url: Option<String>,
    /// The AWS region [default: from AWS_REGION, AWS_DEFAULT_REGION or the profile].
    #[arg(long, env = "AWS_REGION", global = true)]
    region: Option<String>,
}

impl StarterArgs {
    /// A client of the domain's workflows, on the endpoint and region of these arguments (the
    /// rest from the environment).
    async fn workflows(&self) -> Result<WorkflowClient, swf_core::Error> {
        let mut builder = Client::builder();
        if let Some(url) = &self.endpoint_url {
            builder.endpoint_url(url);
        }
        if let Some(region) = &self.region {
            builder.region(region);
        }
        Ok(WorkflowClient::new(builder.build().await?, &self.domain))
    }
}

/// The whole of a starter binary: logs at `warn`; parses the command line (one of the
/// subcommands `S`, and `--domain`, defaulting to `domain`, `--endpoint-url` and `--region`
/// anywhere), exiting with usage on bad arguments; runs `run` with the subcommand and a client of
/// the domain's workflows; and exits with `run`'s code, or [`exit_code`]'s on an error.
///
/// `binary` is the program's name, `about` the first line of its `--help`.
pub async fn run_starter<S: Subcommand>(
    binary: &'static str,
    about: &'static str,
    domain: &'static str,
    run: impl AsyncFnOnce(S, WorkflowClient) -> Result<ExitCode, Box<dyn Error>>,
) -> ExitCode {
    super::init_logging("warn");
    let (args, subcommand) =
        parse::<S>(binary, about, domain, std::env::args_os()).unwrap_or_else(|e| e.exit());
    let result = match args.workflows().await {
        Ok(workflows) => run(subcommand, workflows).await,
        Err(e) => Err(e.into()),
    };
    exit_code(binary, result)
}

/// A starter's command line, from `args` (the first is the program name).
fn parse<S: Subcommand>(
    binary: &'static str,
    about: &'static str,
    domain: &'static str,
    args: impl IntoIterator<Item = OsString>,
) -> Result<(StarterArgs, S), clap::Error> {
    let command = clap::Command::new(binary)
        .subcommand_required(true)
        .arg_required_else_help(true);
    // `about` last: augmenting takes the doc comment of what it adds as the command's.
    let command = S::augment_subcommands(StarterArgs::augment_args(command)).about(about);
    let matches =
        super::with_defaults(command, &[("domain", domain)]).try_get_matches_from(args)?;
    Ok((
        StarterArgs::from_arg_matches(&matches)?,
        S::from_arg_matches(&matches)?,
    ))
}

/// Waits for execution `workflow_id` to close and prints how: `<id> completed: <result>`, exit
/// code 0; or `<id> <how it closed>` (`o-3 canceled`), exit code 3.
pub async fn report_outcome(
    workflows: &WorkflowClient,
    workflow_id: &str,
) -> Result<ExitCode, ClientError> {
    let outcome = workflows
        .handle::<serde_json::Value>(workflow_id, None)
        .outcome()
        .await?;
    Ok(match outcome {
        WorkflowOutcome::Completed(result) => {
            println!("{workflow_id} completed: {result}");
            ExitCode::SUCCESS
        }
        other => {
            println!("{workflow_id} {other}");
            ExitCode::from(3)
        }
    })
}

/// The exit code of a binary whose run ended with `result`: the run's own, or, on an error, 1
/// with the error on stderr after the binary's name (`video-starter: ...`).
pub fn exit_code(binary: &str, result: Result<ExitCode, Box<dyn Error>>) -> ExitCode {
    result.unwrap_or_else(|e| {
        eprintln!("{binary}: {e}");
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Subcommand)]
    enum Command {
        /// Waits.
        Wait { workflow_id: String },
    }

    fn parsed(args: &[&str]) -> Result<(StarterArgs, Command), clap::Error> {
        let args = ["starter"].iter().chain(args).map(OsString::from);
        parse("starter", "A starter.", "shop", args)
    }

    #[test]
    fn the_domain_defaults_to_the_applications() {
        let (args, command) = parsed(&["wait", "o-1"]).unwrap();
        assert_eq!(args.domain, "shop");
        let expected = Command::Wait {
            workflow_id: "o-1".to_owned(),
        };
        assert_eq!(command, expected);
    }

    #[test]
    fn the_flags_go_before_or_after_the_subcommand() {
        let (args, _) = parsed(&["--domain", "test", "wait", "o-1"]).unwrap();
        assert_eq!(args.domain, "test");
        let (args, _) =
            parsed(&["wait", "o-1", "--domain", "test", "--region", "eu-west-1"]).unwrap();
        assert_eq!(
            (args.domain.as_str(), args.region.as_deref()),
            ("test", Some("eu-west-1"))
        );
    }

    #[test]
    fn the_help_is_the_binarys() {
        let error = parsed(&["--help"]).unwrap_err();
        let help = error.render().to_string();
        assert!(
            help.starts_with("A starter.\n\nUsage: starter [OPTIONS] <COMMAND>"),
            "{help}"
        );
        assert!(help.contains("[default: shop]"), "{help}");
    }

    #[test]
    fn a_subcommand_is_required() {
        use clap::error::ErrorKind;
        let error = parsed(&["--domain", "test"]).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::MissingSubcommand);
        // With no arguments at all, the help.
        let error = parsed(&[]).unwrap_err();
        assert_eq!(
            error.kind(),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
    }
}
