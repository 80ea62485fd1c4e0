//! Command-line arguments shared by every worker and decider binary (feature `clap`).
//!
//! One binary per task list is the recommended deployment, so each binary needs the same handful
//! of settings. Flatten [`TaskListArgs`] into a `clap` parser and a worker or decider binary is a
//! few lines; every flag can also come from the environment variable named in its help.
//!
//! ```
//! use clap::Parser;
//! use swf_core::args::TaskListArgs;
//!
//! #[derive(Parser)]
//! struct Cli {
//!     #[command(flatten)]
//!     swf: TaskListArgs,
//! }
//!
//! let cli = Cli::parse_from(["worker", "--domain", "shop", "--task-list", "payments"]);
//! assert_eq!(cli.swf.domain, "shop");
//! assert_eq!(cli.swf.pollers, 2);
//! ```

use crate::{Client, Error};

/// Where to poll, how hard, and which service to talk to.
#[derive(Debug, Clone, clap::Args)]
pub struct TaskListArgs {
    /// The SWF domain to work in.
    #[arg(long, env = "SWF_DOMAIN")]
    pub domain: String,

    /// The task list to poll.
    #[arg(long, env = "SWF_TASK_LIST")]
    pub task_list: String,

    /// The identity recorded in the history for tasks this process takes [default: hostname:pid].
    #[arg(long, env = "SWF_IDENTITY")]
    pub identity: Option<String>,

    /// How many long polls to keep in flight.
    #[arg(long, env = "SWF_POLLERS", default_value_t = 2)]
    pub pollers: usize,

    /// How many tasks may run at once.
    #[arg(long, env = "SWF_MAX_CONCURRENT_TASKS", default_value_t = 100)]
    pub max_concurrent_tasks: usize,

    /// Register the domain and the types this binary serves at start (idempotent).
    #[arg(long, env = "SWF_REGISTER")]
    pub register: bool,

    /// The SWF endpoint [default: from AWS_ENDPOINT_URL_SWF, AWS_ENDPOINT_URL, or the region].
    #[arg(long, env = "AWS_ENDPOINT_URL_SWF")]
    pub endpoint_url: Option<String>,

    /// The AWS region [default: from AWS_REGION, AWS_DEFAULT_REGION or the profile].
    #[arg(long, env = "AWS_REGION")]
    pub region: Option<String>,
}

impl TaskListArgs {
    /// The identity to report: the flag's, or `hostname:pid`.
    pub fn identity(&self) -> String {
        self.identity
            .clone()
            .unwrap_or_else(crate::identity::default_identity)
    }

    /// A client configured by these arguments and, for everything they leave out, the environment.
    pub async fn client(&self) -> Result<Client, Error> {
        let mut builder = Client::builder();
        if let Some(url) = &self.endpoint_url {
            builder.endpoint_url(url);
        }
        if let Some(region) = &self.region {
            builder.region(region);
        }
        builder.build().await
    }
}
