//! The HTTP face of the service: AWS's JSON 1.0 protocol, as every AWS SDK speaks it.
//!
//! Every call is a `POST /` whose `X-Amz-Target` header names the operation
//! (`SimpleWorkflowService.StartWorkflowExecution`) and whose body is the input as JSON. The answer
//! is the output as JSON, or an error body `{"__type": ..., "message": ...}` with status 400
//! (500 for the service's own failures). Signatures are checked only with an auth file
//! ([`Builder::auth`], `auth/`); without one any credentials, and none, work.

mod admin;
mod buckets;
mod clock_admin;
mod connections;
mod dispatch;
mod entries;
mod faults;
mod gate;
mod head_errors;
mod in_process;
mod json_input;
mod panics;
mod pollers;
mod request_body;
mod severable;
mod throttle;
mod throttle_config;

use crate::auth::{Access, AuthConfig, AuthSource, Received};
use crate::engine::Engine;
use crate::error::{Fault, FaultKind, StartError};
use crate::store::Store;
use axum::Extension;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use swf_core::Operation;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

#[doc(hidden)]
pub use entries::KeyedEntries;
pub use faults::FaultConfig;
use gate::Gate;
#[doc(hidden)]
pub use in_process::InProcess;
use severable::{SeverableListener, Severance};
pub(crate) use throttle::DecisionRates;
#[cfg(feature = "cli")]
pub(crate) use throttle_config::parse_override as parse_throttle_override;
pub use throttle_config::{DecisionQuota, RateLimit, SettingError, ThrottleConfig};

/// The prefix of every SWF `X-Amz-Target`.
const TARGET_PREFIX: &str = "SimpleWorkflowService.";

/// Configures and starts a local SWF service.
///
/// ```no_run
/// # async fn example() -> Result<(), swf_local::StartError> {
/// let server = swf_local::Server::builder()
///     .poll_timeout(std::time::Duration::from_secs(1))
///     .start()
///     .await?;
/// println!("SWF is at {}", server.endpoint_url());
/// server.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    bind: SocketAddr,
    database: Option<PathBuf>,
    poll_timeout: Duration,
    console: bool,
    virtual_clock: Option<crate::VirtualClock>,
    throttle: Option<ThrottleConfig>,
    max_pollers_per_task_list: usize,
    max_open_executions_per_domain: Option<usize>,
    faults: FaultConfig,
    auth: Option<AuthSource>,
    region: String,
    connections: connections::ConnectionLimits,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: None,
            poll_timeout: Duration::from_secs(60),
            console: false,
            virtual_clock: None,
            throttle: None,
            max_pollers_per_task_list: pollers::MAX_POLLERS_PER_TASK_LIST,
            max_open_executions_per_domain: None,
            faults: FaultConfig::default(),
            auth: None,
            region: crate::engine::DEFAULT_REGION.to_owned(),
            connections: connections::ConnectionLimits::default(),
        }
    }
}

impl Builder {
    /// The address to listen on. Default: `127.0.0.1:0`, an ephemeral loopback port.
    pub fn bind(&mut self, addr: SocketAddr) -> &mut Self {
        self.bind = addr;
        self
    }

    /// Keeps the service's state in this SQLite file (created if missing) and loads what it
    /// holds on start. Default: none, everything is in memory and lost on stop.
    pub fn database(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.database = Some(path.into());
        self
    }

    /// How long a poll waits for a task before it returns empty. Default: 60 seconds, as SWF.
    /// Tests shorten it so that empty polls return quickly.
    pub fn poll_timeout(&mut self, timeout: Duration) -> &mut Self {
        self.poll_timeout = timeout;
        self
    }

    /// Throttles calls as SWF does, with these token buckets: a call over its operation's rate
    /// gets `ThrottlingException` (HTTP 400) and changes nothing.
    /// [`ThrottleConfig::swf_defaults`] are SWF's documented rates. Default: no throttling.
    pub fn throttle(&mut self, config: ThrottleConfig) -> &mut Self {
        self.throttle = Some(config);
        self
    }

    /// How many polls may be open at once on one task list; one more gets
    /// `LimitExceededFault`. Default: 1,000, SWF's documented maximum.
    pub fn max_pollers_per_task_list(&mut self, max: usize) -> &mut Self {
        self.max_pollers_per_task_list = max;
        self
    }

    /// How many executions may be open at once in one domain, children included; one more
    /// start gets `LimitExceededFault` and a child start fails with
    /// `OPEN_WORKFLOWS_LIMIT_EXCEEDED`. Default: 100,000, SWF's documented maximum.
    pub fn max_open_executions_per_domain(&mut self, max: usize) -> &mut Self {
        self.max_open_executions_per_domain = Some(max);
        self
    }

    /// Checks every call: its SigV4 signature by a key `config` lists, within 15 minutes of the
    /// wall clock, then that key's IAM policy for the call and for each decision it makes (see
    /// [`AuthConfig`]). A refused call changes nothing. `/admin` requests are signed the same
    /// way, by a key allowed their `swf-local:` action; the console asks for HTTP Basic
    /// credentials (access key id and secret) and shows a key only what its policy lets it read
    /// (see the crate docs). Default: none, any credentials and none work.
    pub fn auth(&mut self, config: AuthConfig) -> &mut Self {
        self.auth = Some(AuthSource::Config(config));
        self
    }

    /// [`auth`](Self::auth) with the keys and policies of this auth file, read by
    /// [`start`](Self::start) (which fails with [`StartError::Auth`], naming the field, when the
    /// file is not a valid one). The binary's `--auth-file`.
    pub fn auth_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.auth = Some(AuthSource::File(path.into()));
        self
    }

    /// The region the service stands for: in every ARN it forms and, with an auth file, the
    /// one signatures must be scoped to (others get `InvalidSignatureException`). A name that
    /// is not a region's fails [`start`](Self::start) with [`StartError::Setting`]. Default:
    /// us-east-1. The binary's `--region`.
    pub fn region(&mut self, region: impl Into<String>) -> &mut Self {
        self.region = region.into();
        self
    }

    /// Injects these faults (see [`FaultConfig`]); they can be changed at run time with
    /// [`Server::set_faults`] or `PUT /admin/faults`. Default: none. A setting out of range
    /// fails [`start`](Self::start) with [`StartError::Setting`], naming it.
    pub fn faults(&mut self, config: FaultConfig) -> &mut Self {
        self.faults = config;
        self
    }

    /// Runs the service on a virtual clock: timers and timeouts fire as soon as nothing else can
    /// happen, and [`Server::advance`] moves time forward. Default: the wall clock.
    pub fn virtual_clock(&mut self, clock: crate::VirtualClock) -> &mut Self {
        self.virtual_clock = Some(clock);
        self
    }

    /// How long a client may take to send a request's head (request line and headers); past it
    /// the connection is closed without an answer. A kept-alive connection idle this long is
    /// closed too. Default: 30 seconds. A long poll's wait does not count: it starts once the
    /// request is read.
    pub fn header_read_timeout(&mut self, timeout: Duration) -> &mut Self {
        self.connections.header_read_timeout = timeout;
        self
    }

    /// How long a client may take to send a request's body once its head is read; past it the
    /// request gets `RequestTimeoutException` (HTTP 408, which AWS SDKs retry) and the connection
    /// is closed. Default: 30 seconds, 1 MiB (SWF's largest request) at 35 KB/s.
    pub fn body_read_timeout(&mut self, timeout: Duration) -> &mut Self {
        self.connections.body_read_timeout = timeout;
        self
    }

    /// How many connections may be open at once (long polls hold one each). A client connecting
    /// beyond it is not refused: it waits, unaccepted, until a connection closes. Default: 4,096.
    pub fn max_connections(&mut self, max: usize) -> &mut Self {
        self.connections.max_connections = max;
        self
    }

    /// Serves the web console under `/console` on the same address (see the crate docs), for a
    /// person to look at domains, executions, their timelines, pending activities and child
    /// executions in a browser. It only reads. With [`auth`](Self::auth) it asks for an access
    /// key id and its secret (HTTP Basic) and shows each page only when the key's policy allows
    /// the SWF read behind it. Default: off.
    pub fn console(&mut self, enabled: bool) -> &mut Self {
        self.console = enabled;
        self
    }

    /// Loads the database (if any), binds the address and starts serving.
    pub async fn start(&self) -> Result<Server, StartError> {
        // Settings first: a bad one must not leave a database opened or a port bound.
        self.connections.check()?;
        crate::engine::check_region(&self.region)?;
        let gate = Arc::new(Gate::new(
            self.throttle.clone(),
            self.max_pollers_per_task_list,
            self.faults.clone(),
        )?);
        let auth = self.auth.as_ref().map(AuthSource::load).transpose()?;
        let store = match &self.database {
            Some(path) => Some(Store::open(path)?),
            None => None,
        };
        let listener = tokio::net::TcpListener::bind(self.bind)
            .await
            .map_err(|source| StartError::Bind {
                addr: self.bind.to_string(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: self.bind.to_string(),
            source,
        })?;
        let shutdown = CancellationToken::new();
        let (store, loaded) = match store {
            Some((store, loaded)) => (Some(store), loaded),
            None => (None, Vec::new()),
        };
        let mut engine = Engine::new(self.poll_timeout, store, shutdown.clone())
            .with_region(&self.region)
            .with_decision_rates(self.throttle.as_ref().and_then(DecisionRates::of));
        if let Some(max) = self.max_open_executions_per_domain {
            engine = engine.with_max_open_executions(max);
        }
        if let Some(clock) = &self.virtual_clock {
            engine = engine.with_virtual_clock(clock);
        }
        let engine = Arc::new(engine);
        engine.restore(loaded);
        let access = Access::new(auth.as_ref(), engine.domain_arn("")).in_region(engine.region());
        let access = Arc::new(access);
        let deadlines = tokio::spawn(engine.clone().run_deadlines());
        let app = Router::new()
            .route(
                admin::FAULTS_PATH,
                axum::routing::get(admin::get_faults).put(admin::put_faults),
            )
            .merge(clock_admin::routes())
            .merge(crate::console::routes(self.console))
            .fallback(handle)
            .layer(Extension(gate.clone()))
            .layer(Extension(access))
            .layer(axum::middleware::from_fn_with_state(
                self.connections.body(),
                request_body::read_body,
            ))
            .with_state(engine.clone());
        let serving = tokio::spawn(connections::serve(
            SeverableListener(listener),
            app,
            self.connections,
            shutdown.clone(),
        ));
        tracing::info!(%addr, "swf-local is serving");
        Ok(Server {
            addr,
            engine,
            gate,
            shutdown,
            tasks: vec![serving, deadlines],
        })
    }
}

/// A running local SWF service. Dropping it stops the service too, without waiting.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    engine: Arc<Engine>,
    gate: Arc<Gate>,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl Server {
    /// A builder with the defaults: ephemeral loopback port, in memory, 60 s polls.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The URL clients use as their endpoint, e.g. `http://127.0.0.1:8720`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the service listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many long polls are parked right now (waiting for a task), over all domains and task
    /// lists.
    pub fn parked_polls(&self) -> usize {
        self.engine.parked.count()
    }

    /// Resolves once at least `count` long polls are parked. Woken by the engine when a poll
    /// parks, not by polling a counter on a timer.
    ///
    /// A parked poll is already listening for its task list, so a task queued after this resolves
    /// wakes it: tests use this instead of sleeping "to let the poll park". It never resolves if
    /// that many polls never park; wrap it in a timeout.
    pub async fn wait_for_parked_polls(&self, count: usize) {
        self.engine.parked.wait_for(count).await;
    }

    /// The injected faults in force.
    pub fn faults(&self) -> FaultConfig {
        self.gate.faults.get()
    }

    /// How many injected faults (throttles, 500s, 503s, dropped connections; not latency) each
    /// operation's calls met since the service started, so that a test knows its faults reached
    /// the calls it meant them for. Operations that met none are absent.
    pub fn injected_faults(&self) -> std::collections::BTreeMap<swf_core::Operation, u64> {
        self.gate.faults.injected()
    }

    /// Replaces the injected faults (and reseeds their generator), as `PUT /admin/faults` does.
    /// Fails, naming the setting and changing nothing, when one is out of range.
    pub fn set_faults(&self, config: FaultConfig) -> Result<(), SettingError> {
        self.gate.faults.set(config)
    }

    /// The service's current time: the wall clock's, or the virtual clock's.
    pub fn now(&self) -> std::time::SystemTime {
        swf_core::types::Timestamp::from_millis(self.engine.now_ms()).into()
    }

    /// Moves the virtual clock forward by `by`, whatever is in progress, and returns the new
    /// time. Every deadline on the way fires at its own time, in order, before this returns; a
    /// started task's start-to-close and heartbeat timeouts pass only this way. Fails on the wall
    /// clock. The binary offers the same as `POST /admin/clock/advance` with `{"seconds": N}`.
    pub async fn advance(
        &self,
        by: Duration,
    ) -> Result<std::time::SystemTime, crate::WallClockError> {
        let now = self.engine.advance(by).await?;
        Ok(swf_core::types::Timestamp::from_millis(now).into())
    }

    /// A handle that stops the service when cancelled, for use from another task.
    pub fn shutdown_handle(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Stops the service: parked polls return empty, calls in flight finish, and every call that
    /// was answered is already durable. Its database file, if any, is closed and unlocked when
    /// this returns, so another service may start on it at once.
    pub async fn shutdown(mut self) {
        self.shutdown.cancel();
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
        // Nothing runs any more, so nothing writes: let go of the file for whoever starts next.
        self.engine.close_store().await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Answers one SWF call: any request no other route takes.
async fn handle(
    State(engine): State<Arc<Engine>>,
    Extension(gate): Extension<Arc<Gate>>,
    Extension(access): Extension<Arc<Access>>,
    ConnectInfo(connection): ConnectInfo<Severance>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let headers = &parts.headers;
    // Who calls first (AWS refuses an unsigned call whatever it names), then what they call.
    let admitted = access
        .authenticate(received(&parts, &body))
        .and_then(|caller| {
            let op = operation(headers)?;
            caller.authorize(op, &body)?;
            Ok((caller, op))
        });
    let result = match admitted {
        Ok((caller, op)) => {
            let call = panics::answer_panics(dispatch::dispatch(&engine, op, &body));
            let call = caller.scope(call);
            gate.pass(op, &body, &connection, call).await
        }
        Err(fault) => Err(fault),
    };
    match result {
        Ok(json) => reply(StatusCode::OK, json),
        Err(fault) => fault_reply(&fault),
    }
}

/// What authentication reads of a request.
fn received<'a>(parts: &'a Parts, body: &'a [u8]) -> Received<'a> {
    Received {
        method: parts.method.as_str(),
        path_and_query: parts.uri.path_and_query().map_or("/", |p| p.as_str()),
        headers: &parts.headers,
        body,
    }
}

/// SWF's error body for `fault`: `{"__type": ..., "message": ...}`.
fn fault_body(fault: &Fault) -> Vec<u8> {
    serde_json::json!({ "__type": fault.wire_type(), "message": fault.message() })
        .to_string()
        .into_bytes()
}

/// The answer that carries `fault`, as SWF sends it.
fn fault_reply(fault: &Fault) -> Response {
    let status = StatusCode::from_u16(fault.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = reply(status, fault_body(fault));
    if let Ok(v) = HeaderValue::from_str(fault.wire_type()) {
        response.headers_mut().insert("x-amzn-ErrorType", v);
    }
    response
}

/// The operation an `X-Amz-Target` names.
fn operation(headers: &HeaderMap) -> Result<Operation, Fault> {
    let target = headers
        .get("x-amz-target")
        .ok_or_else(|| Fault::new(FaultKind::MissingAction, "Missing X-Amz-Target header"))?;
    let target = target.to_str().map_err(|_| {
        Fault::new(
            FaultKind::UnknownOperation,
            format!(
                "The X-Amz-Target header is not an operation name: it holds bytes other than \
                 visible ASCII ({:?})",
                String::from_utf8_lossy(target.as_bytes())
            ),
        )
    })?;
    target
        .strip_prefix(TARGET_PREFIX)
        .and_then(Operation::from_name)
        .ok_or_else(|| {
            Fault::new(
                FaultKind::UnknownOperation,
                format!("Unknown operation: {target}"),
            )
        })
}

fn reply(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    if let Ok(id) = HeaderValue::from_str(&request_id()) {
        headers.insert("x-amzn-RequestId", id);
    }
    response
}

fn request_id() -> String {
    let n = fastrand::u128(..);
    let h = format!("{n:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
