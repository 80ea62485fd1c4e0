//! Child workflow executions: [`WorkflowContext::child`], its options (typed by the child's
//! [`Workflow`] type, or by name) and its handle.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use swf_core::Timeout;
use swf_core::codec::Codec;
use swf_core::types::{
    ChildPolicy, Decision, DecisionType, StartChildWorkflowExecutionDecisionAttributes, TaskList,
    WorkflowType,
};

use super::typed::{TakesInput, Typed, Untyped};
use super::{Cancellation, CommandKey, seconds};
use crate::context::WorkflowContext;
use crate::limits;
use crate::nondeterminism::{NonDeterminism, type_name};
use crate::race::Contender;
use crate::state::{ChildState, ChildStatus};
use crate::workflow::{Exit, Workflow, WorkflowResult};

/// How to start a child workflow execution: its type, and optionally its task list, timeouts,
/// child policy, tags and priority. Unset values fall back to the type's registered defaults.
///
/// The type parameter says how the child is known, as for activities
/// ([`ActivityOptions`](crate::ActivityOptions)). [`ChildOptions::of::<W, _>()`](ChildOptions::of)
/// starts the workflow type `W` is ([`Typed<W, C>`](Typed)): [`WorkflowContext::child`] then
/// takes exactly a `W::Input`, and the handle's [`result`](ChildHandle::result) is a
/// `W::Output`, so a mismatch does not compile. [`ChildOptions::new`] names the type by strings
/// ([`Untyped`]), for workflows implemented elsewhere: any serializable input, and the result
/// decoded into the type the workflow asks for.
pub struct ChildOptions<K = Untyped> {
    workflow_type: WorkflowType,
    task_list: Option<String>,
    execution_start_to_close: Option<Duration>,
    task_start_to_close: Option<Timeout>,
    child_policy: Option<ChildPolicy>,
    tags: Option<Vec<String>>,
    task_priority: Option<i32>,
    lambda_role: Option<String>,
    control: Option<String>,
    // `fn() -> K`: the options hold no `K`, so they are `Send`, `Sync` and `'static` whatever `K`.
    declared: PhantomData<fn() -> K>,
}

impl ChildOptions {
    /// A child of type `name`/`version`, known by name only ([`Untyped`]). Prefer
    /// [`ChildOptions::of`] for a child workflow implemented in Rust.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> ChildOptions {
        ChildOptions::with_type(WorkflowType {
            name: name.into(),
            version: version.into(),
        })
    }

    /// A child of the type of workflow `W` (`W`'s `Workflow<C>` impl: `C` is inferred when `W`
    /// has one, hence `of::<W, _>()`), with `W`'s input and output checked at compile time.
    ///
    /// ```compile_fail,E0308
    /// # use swf_decider::{ChildOptions, Workflow, WorkflowContext, WorkflowResult};
    /// # struct Ship;
    /// # impl Workflow for Ship {
    /// #     const NAME: &'static str = "ship";
    /// #     const VERSION: &'static str = "1";
    /// #     type Input = String;
    /// #     type Output = u64;
    /// #     fn run(&self, _: &mut WorkflowContext<'_>, _: String) -> WorkflowResult<u64> { Ok(0) }
    /// # }
    /// fn start(ctx: &mut WorkflowContext<'_>) {
    ///     // `Ship` takes a `String`: a `u32` does not compile.
    ///     ctx.child("ship-1", &ChildOptions::of::<Ship, _>(), &42u32);
    /// }
    /// ```
    ///
    /// ```compile_fail,E0308
    /// # use swf_decider::{ChildOptions, Workflow, WorkflowContext, WorkflowResult};
    /// # struct Ship;
    /// # impl Workflow for Ship {
    /// #     const NAME: &'static str = "ship";
    /// #     const VERSION: &'static str = "1";
    /// #     type Input = String;
    /// #     type Output = u64;
    /// #     fn run(&self, _: &mut WorkflowContext<'_>, _: String) -> WorkflowResult<u64> { Ok(0) }
    /// # }
    /// fn start(ctx: &mut WorkflowContext<'_>, address: String) -> WorkflowResult<String> {
    ///     // `Ship` completes with a `u64`: reading a `String` does not compile.
    ///     let tracking: String = ctx.child("ship-1", &ChildOptions::of::<Ship, _>(), &address).result()?;
    ///     Ok(tracking)
    /// }
    /// ```
    ///
    /// The same code with `Ship`'s types compiles:
    ///
    /// ```
    /// # use swf_decider::{ChildOptions, Workflow, WorkflowContext, WorkflowResult};
    /// # struct Ship;
    /// # impl Workflow for Ship {
    /// #     const NAME: &'static str = "ship";
    /// #     const VERSION: &'static str = "1";
    /// #     type Input = String;
    /// #     type Output = u64;
    /// #     fn run(&self, _: &mut WorkflowContext<'_>, _: String) -> WorkflowResult<u64> { Ok(0) }
    /// # }
    /// fn start(ctx: &mut WorkflowContext<'_>, address: String) -> WorkflowResult<u64> {
    ///     let tracking: u64 = ctx.child("ship-1", &ChildOptions::of::<Ship, _>(), &address).result()?;
    ///     Ok(tracking)
    /// }
    /// ```
    pub fn of<W: Workflow<C>, C: Codec>() -> ChildOptions<Typed<W, C>> {
        ChildOptions::with_type(WorkflowType {
            name: W::NAME.to_owned(),
            version: W::VERSION.to_owned(),
        })
    }
}

impl<K> ChildOptions<K> {
    fn with_type(workflow_type: WorkflowType) -> ChildOptions<K> {
        ChildOptions {
            workflow_type,
            task_list: None,
            execution_start_to_close: None,
            task_start_to_close: None,
            child_policy: None,
            tags: None,
            task_priority: None,
            lambda_role: None,
            control: None,
            declared: PhantomData,
        }
    }

    /// The child's workflow type.
    pub fn workflow_type(&self) -> &WorkflowType {
        &self.workflow_type
    }

    /// The task list for the child's decision tasks.
    pub fn task_list(mut self, name: impl Into<String>) -> Self {
        self.task_list = Some(name.into());
        self
    }

    /// The child's execution start-to-close timeout (whole seconds, rounded up). A duration only:
    /// SWF takes no `NONE` for how long an execution may run.
    pub fn execution_start_to_close_timeout(mut self, timeout: Duration) -> Self {
        self.execution_start_to_close = Some(timeout);
        self
    }

    /// The child's decision task start-to-close timeout: a [`Duration`] (whole seconds, rounded
    /// up) or [`Timeout::Unlimited`].
    pub fn task_start_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.task_start_to_close = Some(timeout.into());
        self
    }

    /// What happens to the child's own children when it closes.
    pub fn child_policy(mut self, policy: ChildPolicy) -> Self {
        self.child_policy = Some(policy);
        self
    }

    /// Tags (at most 5).
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// The task priority.
    pub fn task_priority(mut self, priority: i32) -> Self {
        self.task_priority = Some(priority);
        self
    }

    /// The IAM role for the child's Lambda functions.
    pub fn lambda_role(mut self, role: impl Into<String>) -> Self {
        self.lambda_role = Some(role.into());
        self
    }

    /// `control` data recorded with the initiated event, not sent to the child.
    pub fn control(mut self, control: impl Into<String>) -> Self {
        self.control = Some(control.into());
        self
    }
}

// By hand: derived impls would ask the same of `K`, a marker that needs none of them.
impl<K> Clone for ChildOptions<K> {
    fn clone(&self) -> Self {
        ChildOptions {
            workflow_type: self.workflow_type.clone(),
            task_list: self.task_list.clone(),
            execution_start_to_close: self.execution_start_to_close,
            task_start_to_close: self.task_start_to_close,
            child_policy: self.child_policy.clone(),
            tags: self.tags.clone(),
            task_priority: self.task_priority,
            lambda_role: self.lambda_role.clone(),
            control: self.control.clone(),
            declared: PhantomData,
        }
    }
}

impl<K> PartialEq for ChildOptions<K> {
    fn eq(&self, other: &Self) -> bool {
        self.workflow_type == other.workflow_type
            && self.task_list == other.task_list
            && self.execution_start_to_close == other.execution_start_to_close
            && self.task_start_to_close == other.task_start_to_close
            && self.child_policy == other.child_policy
            && self.tags == other.tags
            && self.task_priority == other.task_priority
            && self.lambda_role == other.lambda_role
            && self.control == other.control
    }
}

impl<K> fmt::Debug for ChildOptions<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChildOptions")
            .field("workflow_type", &self.workflow_type)
            .field("task_list", &self.task_list)
            .field("execution_start_to_close", &self.execution_start_to_close)
            .field("task_start_to_close", &self.task_start_to_close)
            .field("child_policy", &self.child_policy)
            .field("tags", &self.tags)
            .field("task_priority", &self.task_priority)
            .field("lambda_role", &self.lambda_role)
            .field("control", &self.control)
            .finish()
    }
}

/// What the history says about a child workflow execution the workflow asked for.
///
/// `K` is the child as its options name it: a [`Typed`] child's handle reads its result as the
/// workflow's `W::Output`; an [`Untyped`] one's as the type the workflow asks for.
pub struct ChildHandle<'a, C: Codec, K = Untyped> {
    workflow_id: String,
    child: Option<&'a ChildState>,
    // Canceled in this run before the history showed it.
    withdrawn: bool,
    codec: &'a C,
    declared: PhantomData<fn() -> K>,
}

// By hand: a derived impl would ask `K`, a marker, to be `Debug` too.
impl<C: Codec, K> fmt::Debug for ChildHandle<'_, C, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChildHandle")
            .field("workflow_id", &self.workflow_id)
            .field("child", &self.child)
            .field("withdrawn", &self.withdrawn)
            .field("codec", &self.codec)
            .finish()
    }
}

impl<'a, C: Codec, K> ChildHandle<'a, C, K> {
    /// The child as the history shows it, if it shows it yet.
    pub fn state(&self) -> Option<&'a ChildState> {
        self.child
    }

    /// The child's run id, once it started.
    pub fn run_id(&self) -> Option<&'a str> {
        self.child.and_then(|c| c.run_id.as_deref())
    }

    /// For [`first_of`](WorkflowContext::first_of): the child closing, however it closes
    /// (or failing to start), at that event.
    pub fn closed(&self) -> Contender<'static> {
        Contender::at(self.child.and_then(|c| c.closed_event_id))
    }

    /// Whether the child is over: closed however it closed, could not start, or was canceled
    /// before it started.
    pub fn is_done(&self) -> bool {
        self.closed_state().is_ok()
    }

    /// The child once it is over; [`Exit::Pending`] while it is being started or runs. `None`
    /// when it was canceled before it started (this run took its start back). The status's
    /// [`details`](ChildStatus::details) are what it closed with.
    ///
    /// For a workflow that cancels a child and goes on only once the child has stopped, whatever
    /// it stopped with.
    pub fn closed_state(&self) -> WorkflowResult<Option<&'a ChildState>> {
        match self.child {
            _ if self.withdrawn => Ok(None),
            Some(child) if !child.is_open() => Ok(Some(child)),
            Some(_) | None => Err(Exit::Pending),
        }
    }

    /// Asks the child to cancel (`RequestCancelExternalWorkflowExecution`, with command id
    /// `swf-decider.cancel-child.{initiated event id}` in its `control`) if it runs, or takes back
    /// its start if this run asked for it and the history does not show it yet. The child decides
    /// how to honour the request; it closes canceled when it does. Says what it did; see
    /// [`Cancellation`].
    pub fn cancel(&mut self, ctx: &mut WorkflowContext<'_, C>) -> Cancellation {
        if self.withdrawn {
            return Cancellation::Withdrawn;
        }
        let answer = ctx.cancel_child(&self.workflow_id, self.child);
        self.withdrawn = answer == Cancellation::Withdrawn;
        answer
    }

    /// The result as `T`: what both `result`s return.
    fn decoded<T: DeserializeOwned>(&self) -> WorkflowResult<T> {
        if self.withdrawn {
            return Err(Exit::fail(
                limits::truncate_reason(format!(
                    "child workflow `{}` was canceled before it started",
                    self.workflow_id
                )),
                None,
            ));
        }
        let Some(child) = self.child else {
            return Err(Exit::Pending);
        };
        let id = &child.workflow_id;
        let failed = |what: String, details: Option<&String>| {
            Err(Exit::fail(
                limits::truncate_reason(format!("child workflow `{id}` {what}")),
                details.cloned(),
            ))
        };
        match &child.status {
            ChildStatus::Initiated | ChildStatus::Started => Err(Exit::Pending),
            ChildStatus::Completed { result } => {
                self.codec.decode(result.as_deref()).map_err(|e| {
                    Exit::error(format!(
                        "cannot decode the result of child workflow `{id}`: {e}"
                    ))
                })
            }
            ChildStatus::Failed { reason, details } => failed(
                format!("failed: {}", reason.as_deref().unwrap_or("no reason given")),
                details.as_ref(),
            ),
            ChildStatus::TimedOut { timeout_type } => {
                failed(format!("timed out ({timeout_type})"), None)
            }
            ChildStatus::Canceled { details } => {
                failed("was canceled".to_owned(), details.as_ref())
            }
            ChildStatus::Terminated => failed("was terminated".to_owned(), None),
            ChildStatus::StartFailed { cause } => {
                failed(format!("could not be started: {cause}"), None)
            }
        }
    }
}

impl<C: Codec> ChildHandle<'_, C, Untyped> {
    /// The result decoded as `T` once the child completed; [`Exit::Pending`] while it starts or
    /// runs; [`Exit::Fail`] naming the child when it closed any other way or could not start, or
    /// was canceled before it started. With `?`, a failed child fails the workflow.
    ///
    /// The child is known by name only, so `T` is the workflow's word: a result of another type
    /// is an [`Exit::Error`] at run time. A child started with [`ChildOptions::of`] has its result
    /// type checked at compile time instead.
    pub fn result<T: DeserializeOwned>(&self) -> WorkflowResult<T> {
        self.decoded()
    }
}

impl<C: Codec, W: Workflow<WC>, WC: Codec> ChildHandle<'_, C, Typed<W, WC>>
where
    W::Output: DeserializeOwned,
{
    /// The result, the `W::Output` that workflow `W` completes with, once the child completed;
    /// [`Exit::Pending`] while it starts or runs; [`Exit::Fail`] naming the child when it closed
    /// any other way or could not start, or was canceled before it started. With `?`, a failed
    /// child fails the workflow. A result that does not decode as a `W::Output` (a decider that
    /// runs another version of `W` than this code) is an [`Exit::Error`].
    pub fn result(&self) -> WorkflowResult<W::Output> {
        self.decoded()
    }
}

impl<'a, C: Codec> WorkflowContext<'a, C> {
    /// Asks for child workflow execution `workflow_id` with `options` and `input` (encoded by the
    /// codec), and tells what the history says about it. Started the first time; nothing is
    /// emitted on later runs.
    ///
    /// With options for a workflow type ([`ChildOptions::of::<W, _>()`](ChildOptions::of)),
    /// `input` must be a `W::Input` and the handle's [`result`](ChildHandle::result) is a
    /// `W::Output`, both checked at compile time ([`TakesInput`]); with options by name
    /// ([`ChildOptions::new`]), any serializable input.
    pub fn child<K: TakesInput<I>, I: Serialize>(
        &mut self,
        workflow_id: &str,
        options: &ChildOptions<K>,
        input: &I,
    ) -> ChildHandle<'a, C, K> {
        let kind = DecisionType::StartChildWorkflowExecution;
        let child = self.state.children().get(workflow_id);
        match child {
            Some(c) if c.workflow_type != options.workflow_type => {
                let recorded = type_name(&c.workflow_type.name, &c.workflow_type.version);
                let asked = type_name(&options.workflow_type.name, &options.workflow_type.version);
                let event_id = c.initiated_event_id.or(c.closed_event_id);
                let e = NonDeterminism::type_changed(
                    kind.clone(),
                    workflow_id,
                    recorded,
                    asked,
                    event_id,
                );
                self.commands.fail(e);
            }
            Some(_) => {}
            None if self.commands.already_asked(&kind, workflow_id) => {}
            None => self.start_child_command(workflow_id, options, input),
        }
        ChildHandle {
            workflow_id: workflow_id.to_owned(),
            child,
            withdrawn: child.is_none() && self.commands.is_withdrawn(&kind, workflow_id),
            codec: self.codec,
            declared: PhantomData,
        }
    }

    fn start_child_command<K, I: Serialize>(
        &mut self,
        workflow_id: &str,
        options: &ChildOptions<K>,
        input: &I,
    ) {
        let kind = DecisionType::StartChildWorkflowExecution;
        if let Err(e) = limits::check_id(workflow_id, &|| "child workflow id".to_owned()) {
            self.commands.fail(e);
            return;
        }
        let input = self.encode(input, &|| {
            format!("the input of child workflow `{workflow_id}`")
        });
        let o = options;
        let d = Decision::from(StartChildWorkflowExecutionDecisionAttributes {
            child_policy: o.child_policy.clone(),
            control: o.control.clone(),
            execution_start_to_close_timeout: o.execution_start_to_close.map(seconds),
            input,
            lambda_role: o.lambda_role.clone(),
            tag_list: o.tags.clone(),
            task_list: o
                .task_list
                .as_ref()
                .map(|name| TaskList { name: name.clone() }),
            task_priority: o.task_priority.map(|p| p.to_string()),
            task_start_to_close_timeout: o.task_start_to_close.map(|t| t.to_string()),
            workflow_id: workflow_id.to_owned(),
            workflow_type: o.workflow_type.clone(),
        });
        let type_name = type_name(&o.workflow_type.name, &o.workflow_type.version);
        self.commands
            .push(CommandKey::typed(kind, workflow_id, type_name), d);
    }
}
