//! Accepting connections and serving HTTP/1.1 on them, within bounds a slow or idle client
//! cannot stretch.
//!
//! axum's `serve` arms no timer, so a client that sends half a request head holds its connection
//! (and a task) for as long as it keeps the socket open, and it accepts without bound. This loop
//! runs hyper directly with:
//!
//! - a bound on connections open at once: the loop takes a slot before it accepts, so a
//!   connection beyond the bound waits in the kernel's listen queue (it is not refused) until a
//!   connection closes;
//! - hyper's header read timeout: a request head not complete within it closes the connection,
//!   without an answer. hyper arms it whenever it waits for a head, so it also closes a kept-alive
//!   connection left idle that long (clients reconnect, as after any server's idle timeout);
//! - the body read timeout, applied where the body is read (`request_body.rs`).
//!
//! A long poll's wait is the service's, after the request was read, so no timeout here cuts it.

use super::head_errors::AwsShapedHeadErrors;
use super::request_body::BodyLimits;
use super::severable::SeverableListener;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::serve::Listener;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long a client may take to send a request head, by default: hyper's own default.
pub(crate) const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a client may take to send a request body once its head is read, by default: a
/// 1 MiB body (the most SWF takes) at 35 KB/s.
pub(crate) const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How many connections may be open at once, by default: room for SWF's 1,000 pollers on each
/// of a few task lists, and well under what a process may usually hold open.
pub(crate) const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// The bounds on connections and on reading requests.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnectionLimits {
    /// See [`DEFAULT_HEADER_READ_TIMEOUT`].
    pub(crate) header_read_timeout: Duration,
    /// See [`DEFAULT_BODY_READ_TIMEOUT`].
    pub(crate) body_read_timeout: Duration,
    /// See [`DEFAULT_MAX_CONNECTIONS`].
    pub(crate) max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

impl ConnectionLimits {
    /// Refuses limits that would stop the service from serving anything.
    pub(crate) fn check(&self) -> Result<(), super::SettingError> {
        let zero = |setting: &str| {
            Err(super::SettingError::new(
                setting,
                "must be more than zero: nothing could be served",
            ))
        };
        if self.max_connections == 0 {
            return zero("max_connections");
        }
        if self.header_read_timeout.is_zero() {
            return zero("header_read_timeout");
        }
        if self.body_read_timeout.is_zero() {
            return zero("body_read_timeout");
        }
        Ok(())
    }

    /// What the body-reading layer needs of these limits.
    pub(crate) fn body(&self) -> BodyLimits {
        BodyLimits {
            read_timeout: self.body_read_timeout,
        }
    }
}

/// Serves `app` on `listener` until `stop` is cancelled, then lets the calls in flight finish
/// (parked polls return empty on the same signal) and returns once every connection is closed.
pub(crate) async fn serve(
    mut listener: SeverableListener,
    app: Router,
    limits: ConnectionLimits,
    stop: CancellationToken,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let connections = TaskTracker::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    loop {
        // The slot first: at the bound, the next client waits in the listen queue, unaccepted.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = stop.cancelled() => break,
        };
        let (io, _addr) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stop.cancelled() => break,
        };
        let severance = io.severance();
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            // What axum's `into_make_service_with_connect_info` would add: the handler's switch
            // that cuts this connection (an injected fault).
            request
                .extensions_mut()
                .insert(ConnectInfo(severance.clone()));
            tower_service::Service::call(&mut app.clone(), request.map(Body::new))
        });
        let connection = http.serve_connection(TokioIo::new(AwsShapedHeadErrors::new(io)), service);
        let stop = stop.clone();
        connections.spawn(async move {
            let _slot = slot;
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => log_end(result),
                () = stop.cancelled() => {
                    connection.as_mut().graceful_shutdown();
                    log_end(connection.await);
                }
            }
        });
    }
    drop(listener);
    connections.close();
    connections.wait().await;
}

/// A connection's end is the client's business (it went away, timed out, sent garbage); it is
/// only worth a debug line.
fn log_end(result: Result<(), hyper::Error>) {
    if let Err(e) = result {
        tracing::debug!(error = %e, "connection closed");
    }
}
