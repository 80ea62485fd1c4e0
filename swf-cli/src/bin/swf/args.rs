//! The argument groups several commands share, and the parser of SWF's enum values.
//!
//! A command's own flags live in its file under `commands/`; what is here is flattened into many
//! of them (`-d/--domain`, a workflow id with `--run-id`, a payload, a type's name and version),
//! so that a flag is spelled, documented and defaulted once. Flags are named after SWF's own
//! members in kebab-case (`--task-start-to-close-timeout`), as the AWS CLI names them, so that the
//! service's documentation applies word for word.

use std::path::PathBuf;

use swf_core::types::RegistrationStatus;

use crate::output::Format;

/// Where the service is and how to print; accepted before or after the subcommand.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct GlobalArgs {
    /// The SWF endpoint [default: AWS_ENDPOINT_URL_SWF, AWS_ENDPOINT_URL, or the region's].
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) endpoint_url: Option<String>,

    /// The AWS region [default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's].
    #[arg(long, global = true)]
    pub(crate) region: Option<String>,

    /// How to print results: aligned tables for people, or the service's JSON for scripts.
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = Format::Table, env = "SWF_OUTPUT")]
    pub(crate) output: Format,
}

/// The domain a command works in.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DomainArg {
    /// The SWF domain.
    #[arg(long, short = 'd', env = "SWF_DOMAIN")]
    pub(crate) domain: String,
}

/// One workflow execution: a workflow id, and a run id to pick a run other than the latest.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ExecutionArgs {
    /// The workflow id.
    pub(crate) workflow_id: String,
    /// The run [default: the open run, or else the latest one].
    #[arg(long)]
    pub(crate) run_id: Option<String>,
}

/// One workflow execution of a domain: all that `swf execution describe` and `request-cancel` take.
#[derive(Debug, clap::Args)]
pub(crate) struct ExecutionRef {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    #[command(flatten)]
    pub(crate) execution: ExecutionArgs,
}

/// A payload: text, a file, or standard input.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct InputArgs {
    /// The input, as text; `-` reads it from standard input.
    #[arg(long, value_name = "TEXT", conflicts_with = "input_file")]
    pub(crate) input: Option<String>,
    /// Read the input from this file (sent exactly as the file holds it).
    #[arg(long, value_name = "PATH")]
    pub(crate) input_file: Option<PathBuf>,
}

/// One activity or workflow type of a domain.
#[derive(Debug, clap::Args)]
pub(crate) struct TypeRef {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// The type's name.
    pub(crate) name: String,
    /// The type's version.
    pub(crate) version: String,
}

/// Which types `swf activity-type list` and `swf workflow-type list` show.
#[derive(Debug, clap::Args)]
pub(crate) struct TypeQuery {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// Only types of this name.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// List deprecated types instead of registered ones.
    #[arg(long)]
    pub(crate) deprecated: bool,
}

impl TypeQuery {
    /// The domain, name and registration status the listing asks for, as both kinds' requests
    /// take them.
    pub(crate) fn parts(self) -> (String, Option<String>, RegistrationStatus) {
        let status = match self.deprecated {
            true => RegistrationStatus::Deprecated,
            false => RegistrationStatus::Registered,
        };
        (self.domain.domain, self.name, status)
    }
}

/// Parses one of an SWF enum's values, in any case and with `-` for `_`
/// (`request-cancel` is `REQUEST_CANCEL`).
pub(crate) fn parse_wire_enum<T: From<String>>(
    values: &'static [&'static str],
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |text: &str| {
        let wanted = text.trim().to_ascii_uppercase().replace('-', "_");
        match values.iter().find(|v| **v == wanted) {
            Some(v) => Ok(T::from((*v).to_string())),
            None => Err(format!("{text:?} is not one of {}", values.join(", "))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_in_any_case() {
        use swf_core::types::ChildPolicy;
        let parse = parse_wire_enum::<ChildPolicy>(ChildPolicy::VALUES);
        assert_eq!(parse("request-cancel").unwrap(), ChildPolicy::RequestCancel);
        assert_eq!(parse("ABANDON").unwrap(), ChildPolicy::Abandon);
        assert!(
            parse("kill")
                .unwrap_err()
                .contains("TERMINATE, REQUEST_CANCEL, ABANDON")
        );
    }
}
