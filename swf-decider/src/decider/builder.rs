//! [`DeciderBuilder`]: the settings of a [`Decider`], with their defaults.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use swf_core::Client;
use swf_core::codec::Codec;

use super::registry::{Served, ServedWorkflow};
use super::{Decider, Inner, OnError};
use crate::replay::ReplayCheck;
use crate::workflow::Workflow;

/// Builds a [`Decider`]. Methods take `&mut self` and return it, so settings chain or apply one
/// by one; each documents its default. Domain, task list and at least one workflow are required.
pub struct DeciderBuilder<C> {
    client: Client,
    codec: C,
    domain: Option<String>,
    task_list: Option<String>,
    identity: Option<String>,
    pollers: usize,
    max_concurrent_tasks: usize,
    register: bool,
    retention_days: String,
    workflows: Vec<Arc<dyn ServedWorkflow<C>>>,
    on_error: OnError,
    check: ReplayCheck,
    maximum_page_size: Option<i32>,
}

impl<C> fmt::Debug for DeciderBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeciderBuilder")
            .field("domain", &self.domain)
            .field("task_list", &self.task_list)
            .field("workflows", &self.workflows.len())
            .finish_non_exhaustive()
    }
}

/// A decider that cannot be built: what is missing or conflicting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

impl<C: Codec + Clone> DeciderBuilder<C> {
    pub(crate) fn new(client: Client, codec: C) -> DeciderBuilder<C> {
        DeciderBuilder {
            client,
            codec,
            domain: None,
            task_list: None,
            identity: None,
            pollers: 2,
            max_concurrent_tasks: 100,
            register: false,
            retention_days: "1".to_owned(),
            workflows: Vec::new(),
            on_error: OnError::default(),
            check: ReplayCheck::default(),
            maximum_page_size: None,
        }
    }

    /// A builder from the command-line arguments every worker and decider binary shares (feature
    /// `cli`, on by default): client, domain, task list, identity, pollers, concurrency and registration.
    #[cfg(feature = "cli")]
    pub async fn from_args(
        args: &swf_core::args::TaskListArgs,
        codec: C,
    ) -> Result<DeciderBuilder<C>, swf_core::Error> {
        let mut b = DeciderBuilder::new(args.client().await?, codec);
        b.domain(&args.domain)
            .task_list(&args.task_list)
            .identity(args.identity())
            .pollers(args.pollers)
            .max_concurrent_tasks(args.max_concurrent_tasks)
            .register(args.register);
        Ok(b)
    }

    /// The domain. Required.
    pub fn domain(&mut self, domain: impl Into<String>) -> &mut Self {
        self.domain = Some(domain.into());
        self
    }

    /// The task list to poll. Required.
    pub fn task_list(&mut self, task_list: impl Into<String>) -> &mut Self {
        self.task_list = Some(task_list.into());
        self
    }

    /// The identity recorded in `DecisionTaskStarted` events. Default: `hostname:pid`.
    pub fn identity(&mut self, identity: impl Into<String>) -> &mut Self {
        self.identity = Some(identity.into());
        self
    }

    /// Serves `workflow` for its type. Two workflows of the same type are refused by
    /// [`build`](Self::build).
    pub fn workflow<W: Workflow<C>>(&mut self, workflow: W) -> &mut Self {
        self.workflows.push(Arc::new(Served(workflow)));
        self
    }

    /// How many long polls to keep in flight. Default: 2.
    pub fn pollers(&mut self, pollers: usize) -> &mut Self {
        self.pollers = pollers.max(1);
        self
    }

    /// How many decision tasks may be decided at once. Default: 100.
    pub fn max_concurrent_tasks(&mut self, max: usize) -> &mut Self {
        self.max_concurrent_tasks = max.max(1);
        self
    }

    /// Whether [`Decider::run`] registers the domain and the workflow types first. Default: false.
    pub fn register(&mut self, register: bool) -> &mut Self {
        self.register = register;
        self
    }

    /// How many days closed executions are kept, if the domain is registered. Default: 1.
    pub fn retention_days(&mut self, days: u32) -> &mut Self {
        self.retention_days = days.to_string();
        self
    }

    /// What to do when a workflow contradicts its history or fails to decide. Default:
    /// [`OnError::LeaveTask`].
    pub fn on_error(&mut self, on_error: OnError) -> &mut Self {
        self.on_error = on_error;
        self
    }

    /// Which completed tasks are replayed and compared with what they recorded. Default:
    /// [`ReplayCheck::LastTask`].
    pub fn replay_check(&mut self, check: ReplayCheck) -> &mut Self {
        self.check = check;
        self
    }

    /// The page size of decision task histories (1 to 1,000). Default: SWF's, 1,000.
    pub fn maximum_page_size(&mut self, size: i32) -> &mut Self {
        self.maximum_page_size = Some(size.clamp(1, 1_000));
        self
    }

    /// The decider, or what is missing.
    pub fn build(&self) -> Result<Decider<C>, BuildError> {
        let missing = |what: &str| BuildError {
            message: format!("a decider needs {what}"),
        };
        let domain = self.domain.clone().ok_or_else(|| missing("a domain"))?;
        let task_list = self
            .task_list
            .clone()
            .ok_or_else(|| missing("a task list"))?;
        if self.workflows.is_empty() {
            return Err(missing("at least one workflow"));
        }
        let mut workflows = HashMap::new();
        for w in &self.workflows {
            let t = w.workflow_type();
            if workflows
                .insert((t.name.clone(), t.version.clone()), w.clone())
                .is_some()
            {
                return Err(BuildError {
                    message: format!(
                        "two workflows serve type `{}` version `{}`",
                        t.name, t.version
                    ),
                });
            }
        }
        Ok(Decider {
            inner: Arc::new(Inner {
                client: self.client.clone(),
                domain,
                task_list,
                identity: self
                    .identity
                    .clone()
                    .unwrap_or_else(swf_core::identity::default_identity),
                pollers: self.pollers,
                max_concurrent_tasks: self.max_concurrent_tasks,
                register: self.register,
                retention_days: self.retention_days.clone(),
                workflows,
                codec: self.codec.clone(),
                on_error: self.on_error,
                check: self.check,
                maximum_page_size: self.maximum_page_size,
            }),
        })
    }
}
