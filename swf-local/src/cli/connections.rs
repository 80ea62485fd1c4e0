//! The flags that bound connections: how long a client may take to send a request, and how many
//! connections may be open at once.

use crate::server::Builder;
use std::time::Duration;

/// Read timeouts and the connection bound [defaults: the [`Builder`]'s].
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConnectionArgs {
    /// Seconds a client may take to send a request's head (request line and headers); then its
    /// connection is closed. Also how long a kept-alive connection may sit idle [default: 30].
    #[arg(long, value_name = "SECONDS", env = "SWF_LOCAL_HEADER_READ_TIMEOUT")]
    pub header_read_timeout: Option<u64>,
    /// Seconds a client may take to send a request's body after its head; then the request gets
    /// RequestTimeoutException (HTTP 408) and the connection is closed [default: 30].
    #[arg(long, value_name = "SECONDS", env = "SWF_LOCAL_BODY_READ_TIMEOUT")]
    pub body_read_timeout: Option<u64>,
    /// The most connections open at once (a long poll holds one); more wait to be accepted
    /// [default: 4096].
    #[arg(long, value_name = "N", env = "SWF_LOCAL_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
}

impl ConnectionArgs {
    /// Sets the flags given on `builder`; the others keep the builder's defaults. Zero fails its
    /// `start`, naming the setting.
    pub(crate) fn configure(&self, builder: &mut Builder) {
        if let Some(secs) = self.header_read_timeout {
            builder.header_read_timeout(Duration::from_secs(secs));
        }
        if let Some(secs) = self.body_read_timeout {
            builder.body_read_timeout(Duration::from_secs(secs));
        }
        if let Some(max) = self.max_connections {
            builder.max_connections(max);
        }
    }
}
