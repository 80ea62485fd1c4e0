//! `swf local`: the flags of the `swf-local` binary, with the same names, defaults and
//! environment variables, so that either command starts the same service.

use std::net::SocketAddr;
use std::path::PathBuf;

const LOCAL_HELP: &str = "\
Examples:
  swf local                                   # in memory, on 127.0.0.1:8720
  swf local --db swf.sqlite                   # state kept across restarts
  swf local --bind 127.0.0.1:0 --poll-timeout 5

Then, in another shell:
  export AWS_ENDPOINT_URL_SWF=http://127.0.0.1:8720
  swf domain register shop

Stops on Ctrl-C or SIGTERM.";

/// `swf local`
#[derive(Debug, clap::Args)]
#[command(after_help = LOCAL_HELP)]
pub(crate) struct LocalArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8720", env = "SWF_LOCAL_BIND")]
    pub(crate) bind: SocketAddr,
    /// Keep state in this SQLite file [default: in memory only].
    #[arg(long, value_name = "PATH", env = "SWF_LOCAL_DB")]
    pub(crate) db: Option<PathBuf>,
    /// How long polls wait for a task, in seconds (SWF: 60).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 60,
        env = "SWF_LOCAL_POLL_TIMEOUT"
    )]
    pub(crate) poll_timeout: u64,
}
