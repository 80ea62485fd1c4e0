//! One swf-local per run, on a runtime of its own, with every peer's client pointed at it.

use std::time::Duration;

use swf_core::types::{
    ActivityType, ChildPolicy, RegisterActivityTypeInput, RegisterDomainInput,
    RegisterWorkflowTypeInput, TaskList,
};
use tokio::runtime::Runtime;

use crate::Error;
use crate::cpu::SERVER_THREAD;

/// The workflow type every workload starts.
pub const WORKFLOW: (&str, &str) = ("bench-workflow", "1");
/// The activity type the service workloads schedule.
pub const ACTIVITY: (&str, &str) = ("bench-activity", "1");
/// The task list of [`WORKFLOW`]'s decisions.
pub const DECISIONS: &str = "bench-decisions";
/// The task list of [`ACTIVITY`]'s tasks.
pub const ACTIVITIES: &str = "bench-activities";

/// swf-local in this process, and a runtime and clients for the peers that drive it.
///
/// The server runs on its own runtime whose threads are named [`SERVER_THREAD`], so the
/// clients' CPU time can be read apart from the server's ([`crate::cpu`]). In-process rather
/// than the `swf-local` binary: every peer talks to it over loopback HTTP all the same, and the
/// bench needs no binary built beforehand. Both runtimes share the machine's cores, as a
/// separate process would.
#[derive(Debug)]
pub struct Rig {
    server_runtime: Runtime,
    server: Option<swf_local::Server>,
    /// The runtime the Rust peers run on.
    pub runtime: Runtime,
    /// `http://127.0.0.1:<port>` of the server.
    pub endpoint: String,
    /// The domain registered for this run, with [`WORKFLOW`] and [`ACTIVITY`] in it.
    pub domain: String,
    /// swf-core's client.
    pub core: swf_core::Client,
    /// aws-sdk-swf's client, built as an application would build it, with retries off as
    /// swf-core's are (no call here is throttled or fails, so neither would retry).
    pub sdk: aws_sdk_swf::Client,
}

impl Rig {
    /// Starts the server and registers the run's domain and types.
    pub fn start() -> Result<Rig, Error> {
        let server_runtime = tokio::runtime::Builder::new_multi_thread()
            .thread_name(SERVER_THREAD)
            .enable_all()
            .build()?;
        let server = server_runtime.block_on(async {
            let mut builder = swf_local::Server::builder();
            // Pollers of an empty list answer within a second, so the workloads end promptly.
            builder.poll_timeout(Duration::from_secs(1));
            builder.start().await
        })?;
        let endpoint = server.endpoint_url();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .thread_name("swf-bench")
            .enable_all()
            .build()?;
        let domain = format!("bench-{}", std::process::id());
        let (core, sdk) = runtime.block_on(async {
            let core = swf_core::Client::local_builder(endpoint.clone())
                .retry_config(swf_core::RetryConfig::disabled())
                .build()
                .await?;
            register(&core, &domain).await?;
            Ok::<_, Error>((core, sdk_client(&endpoint)))
        })?;
        Ok(Rig {
            server_runtime,
            server: Some(server),
            runtime,
            endpoint,
            domain,
            core,
            sdk,
        })
    }
}

impl Rig {
    /// Starts another swf-local on the server runtime, storing in the SQLite database `db` when
    /// given (in memory otherwise), for a workload that compares storage.
    pub fn start_server(&self, db: Option<&std::path::Path>) -> Result<swf_local::Server, Error> {
        let server = self.server_runtime.block_on(async {
            let mut builder = swf_local::Server::builder();
            builder.poll_timeout(Duration::from_secs(1));
            if let Some(db) = db {
                builder.database(db);
            }
            builder.start().await
        })?;
        Ok(server)
    }

    /// Stops a server from [`Rig::start_server`].
    pub fn stop_server(&self, server: swf_local::Server) {
        self.server_runtime.block_on(server.shutdown());
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.server_runtime.block_on(server.shutdown());
        }
    }
}

/// aws-sdk-swf's client for `endpoint`, with fixed credentials and no retries.
pub fn sdk_client(endpoint: &str) -> aws_sdk_swf::Client {
    use aws_sdk_swf::config::{BehaviorVersion, Credentials, Region, retry::RetryConfig};
    let config = aws_sdk_swf::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("bench", "bench", None, None, "swf-bench"))
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_swf::Client::from_conf(config)
}

/// Registers `domain`, [`WORKFLOW`] and [`ACTIVITY`].
pub async fn register(client: &swf_core::Client, domain: &str) -> Result<(), Error> {
    client
        .register_domain(RegisterDomainInput {
            name: domain.into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await?;
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: domain.into(),
            name: WORKFLOW.0.into(),
            version: WORKFLOW.1.into(),
            default_task_list: Some(TaskList {
                name: DECISIONS.into(),
            }),
            default_execution_start_to_close_timeout: Some("3600".into()),
            default_task_start_to_close_timeout: Some("600".into()),
            default_child_policy: Some(ChildPolicy::Terminate),
            ..Default::default()
        })
        .await?;
    let activity = ActivityType {
        name: ACTIVITY.0.into(),
        version: ACTIVITY.1.into(),
    };
    client
        .register_activity_type(RegisterActivityTypeInput {
            domain: domain.into(),
            name: activity.name,
            version: activity.version,
            default_task_list: Some(TaskList {
                name: ACTIVITIES.into(),
            }),
            default_task_schedule_to_close_timeout: Some("3600".into()),
            default_task_schedule_to_start_timeout: Some("3600".into()),
            default_task_start_to_close_timeout: Some("600".into()),
            default_task_heartbeat_timeout: Some("NONE".into()),
            ..Default::default()
        })
        .await?;
    Ok(())
}
