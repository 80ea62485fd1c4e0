//! An Amazon SWF-compatible local service: run, try and test SWF applications without an AWS
//! account.
//!
//! `swf-local` speaks SWF's own wire protocol (JSON 1.0 with `X-Amz-Target`), so boto3, the AWS
//! CLI, `aws-sdk-swf` and `swf-core` work against it unchanged once pointed at its endpoint. It
//! implements all 39 operations with SWF's faults, long polls, every timeout, timers, child
//! workflows, continue-as-new, cancellation and termination with child policies, history and
//! visibility paging, and optional durable storage in SQLite.
//!
//! Start it in-process for tests and examples:
//!
//! ```no_run
//! # async fn example() -> Result<(), swf_local::StartError> {
//! let server = swf_local::Server::builder()
//!     .poll_timeout(std::time::Duration::from_secs(1))
//!     .start()
//!     .await?;
//! let endpoint = server.endpoint_url(); // "http://127.0.0.1:<port>"
//! // ... point a client at `endpoint` ...
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! or run the `swf-local` binary: `swf-local --bind 127.0.0.1:8720 --db swf.sqlite`.
//!
//! [`Builder::console`] (the binary's `--console`) also serves a read-only web console at
//! `/console` on the same address: the domains, their open and closed executions with SWF's
//! filters, and each execution's timeline, pending activities with their last heartbeat, and tree
//! of child executions.
//!
//! A program meant to run both on a fresh machine and against Amazon SWF (a quickstart, a demo)
//! lets [`Endpoint::from_env_or_start`] choose: the SWF the environment configures
//! (`AWS_ENDPOINT_URL_SWF`, `AWS_REGION`, ...), or else this service, started in the process:
//!
//! ```no_run
//! # async fn example() -> Result<(), swf_local::EndpointError> {
//! let endpoint = swf_local::Endpoint::from_env_or_start(std::time::Duration::from_secs(1)).await?;
//! println!("endpoint: {endpoint}"); // "swf-local in this process at http://127.0.0.1:<port>/"
//! let client = endpoint.client().clone();
//! // ... run workers and deciders, start workflows with `client` ...
//! endpoint.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The binary, and `swf_local::cli` (its flags and stop signals, for other commands that run the
//! service), need the `cli` feature, on by default. Programs that only start the service
//! in-process can turn default features off, and build neither `clap` nor `tracing-subscriber`.
//!
//! See `ARCHITECTURE.md` for how the parts fit.
//!
//! # Deviations from SWF
//! Things a local service does differently, on purpose or for now:
//! - By default nothing is checked: any credentials, any signature and none at all work, every
//!   caller may do everything, and `OperationNotPermittedFault` and `OPERATION_NOT_PERMITTED`
//!   never occur. With an auth file ([`Builder::auth`], `--auth-file`; [`AuthConfig`] has the
//!   form) every SWF call must be signed (SigV4 in the `Authorization` header, `X-Amz-Date`
//!   within 15 minutes of the wall clock, or presigned in the query string until its
//!   `X-Amz-Expires`) for the service's region ([`Builder::region`], `--region`, default
//!   us-east-1) by a key the file lists (a temporary one, with `SessionToken`, only with that
//!   token and until its `Expiration`), and that key's IAM-style policy must allow the call and
//!   each of its decisions. swf-local's own endpoints are under the same keys: an `/admin` request
//!   must be signed the same way by a key allowed its action (`swf-local:GetFaults`,
//!   `swf-local:PutFaults`, `swf-local:GetClock`, `swf-local:AdvanceClock`, resource `*`; `swf:*`
//!   grants none of them), and the console, which a browser cannot sign for, asks for HTTP Basic
//!   credentials (the access key id and its secret access key; send them over loopback or TLS
//!   only) and shows a page only when the key's policy allows the SWF read behind it (403 naming
//!   the action otherwise). Unlike AWS then: keys come from the file, not IAM; `NotAction`,
//!   `NotResource` and non-string condition operators are refused; the service stands for one
//!   region (and account, `000000000000`); `ScheduleLambdaFunction` is not checked (it fails
//!   anyway).
//! - Throttling is opt-in: off by default, so that tests are not slowed by limits they do not
//!   test. With [`Builder::throttle`] (`--throttle`, `--throttle-rate OP=RATE/BURST`), calls
//!   draw from token buckets of SWF's documented sizes and refill rates ([`ThrottleConfig`]), and
//!   a call over its rate gets `ThrottlingException` (HTTP 400). SWF's buckets are per account
//!   and region; swf-local serves one account, so each operation has one bucket. The
//!   workflow-level buckets are keyed by workflow id (by run id for heartbeats, whose task token
//!   names the run). SWF's decision quotas are in force too ([`DecisionQuota`]), and its 2,000
//!   activity tasks scheduled a second per task list: a decision over its rate fails in the
//!   history with its `*_RATE_EXCEEDED` cause. `CONTINUE_AS_NEW_WORKFLOW_EXECUTION_RATE_EXCEEDED`
//!   never occurs: SWF documents no rate for it.
//! - Quotas are always enforced: `LimitExceededFault` past 100 domains per account, 10,000
//!   activity or workflow types per domain (deprecated ones count), 100,000 open executions per
//!   domain, children included ([`Builder::max_open_executions_per_domain`]; a child start past
//!   it fails with `OPEN_WORKFLOWS_LIMIT_EXCEEDED`) and 1,000 polls open at once on one task list
//!   ([`Builder::max_pollers_per_task_list`]; SWF may refuse idle pollers well before 1,000,
//!   swf-local never does), and the per-execution limits (1,000 open activities, timers and
//!   children; 25,000 events; one year of running, past which an execution times out whatever
//!   its timeout).
//! - Faults can be injected on purpose ([`FaultConfig`]: throttles, 500 and 503 answers, latency,
//!   connections dropped after the call was applied), set by flags and changed at run time with
//!   `GET`/`PUT /admin/faults`. An injected 5xx is never applied; a real one may have been.
//! - Lambda is not available: `ScheduleLambdaFunction` fails with
//!   `LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION`.
//! - What SWF does asynchronously after a decision (starting a child, delivering an external
//!   signal or cancel request) happens right after the decision list is processed, so the
//!   resulting events are already in the history when `RespondDecisionTaskCompleted` returns.
//! - An execution reaching the 25,000-event limit is terminated (`EVENT_LIMIT_EXCEEDED`), the
//!   termination being event 25,000. A decision whose events (with its effect's, a decision task
//!   it may call for and the termination) would not all fit ends the execution before it, so
//!   the history may end a few events short of 25,000 then.
//! - Names are checked as the reference states each member's rule (`:`, `/`, `|`, control
//!   characters, the literal `arn`; whitespace at either end only for `RegisterDomain`'s name,
//!   `PollForActivityTask`'s and a child's task list). Members it states no rule for (signal and
//!   marker names, the workflow ids of signals, cancel requests and external decisions, a type's
//!   default task list, ...) take any text, which SWF may not. A decision breaking a name rule
//!   refuses the whole `RespondDecisionTaskCompleted` with `ValidationException`, as no decision
//!   failure cause covers it; SWF does not document its answer.
//! - A request over 1 MiB of body gets `ValidationException`. SWF's quota is "1 MB per request"
//!   headers included, and it does not document its answer.
//! - A request head must arrive within 30 s and its body within 30 s more
//!   ([`Builder::header_read_timeout`], [`Builder::body_read_timeout`]): a late body gets
//!   `RequestTimeoutException` (HTTP 408), a late head a closed connection. At most 4,096
//!   connections are open at once ([`Builder::max_connections`]); more wait to be accepted. A head
//!   the HTTP layer refuses (over 100 header fields, `Content-Length` values that disagree, a
//!   malformed header) gets `SerializationException` with status 400, 414 or 431 and a message
//!   saying what is wrong. SWF documents none of these bounds or answers.
//! - The quota of 100 decisions in one `RespondDecisionTaskCompleted` is not enforced.
//! - A page token used more than 24 hours after it was issued (on the service's clock, virtual
//!   or not) gets SWF's 400 "Specified token has exceeded its maximum lifetime". SWF does not
//!   document that answer's exception name: swf-local sends `ValidationException`, as for every
//!   other page token it cannot use.
//! - Undeprecating a domain leaves the types its deprecation deprecated, each to be undeprecated
//!   on its own: the reference does not say that SWF undeprecates them.
//! - Members a request has that the model does not define are ignored, not refused.
//! - `RespondActivityTaskCanceled` is accepted for any started task, cancel requested or not.
//! - Time is the machine's wall clock, and timeouts fire within a few milliseconds of their
//!   deadline; or, with [`Builder::virtual_clock`], a virtual clock that SWF does not have: time
//!   stands still while any task is waiting or worked on, then jumps to the next deadline, or moves
//!   by [`Server::advance`]. Long polls wait by the wall clock either way.

#![forbid(unsafe_code)]

mod auth;
#[cfg(feature = "cli")]
pub mod cli;
mod console;
mod endpoint;
mod engine;
mod error;
mod server;
mod store;

pub use auth::{AuthConfig, AuthConfigError};
pub use endpoint::{Endpoint, EndpointError};
pub use engine::{VirtualClock, WallClockError};
pub use error::StartError;
/// The request handling without a socket, for the fuzz targets (`fuzz/`).
#[doc(hidden)]
pub use server::InProcess;
/// The sizes of the service's maps keyed by client-chosen names, for tests.
#[doc(hidden)]
pub use server::KeyedEntries;
pub use server::{
    Builder, DecisionQuota, FaultConfig, RateLimit, Server, SettingError, ThrottleConfig,
};
/// The token [`Server::shutdown_handle`] returns (cancel it to stop the service), re-exported
/// from `tokio-util` so that callers need not depend on it; the same type as `swf-worker`'s and
/// `swf-decider`'s.
pub use tokio_util::sync::CancellationToken;
