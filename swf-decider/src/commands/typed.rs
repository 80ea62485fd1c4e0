//! How a command knows the types of what it sends and reads: by declaration, checked at compile
//! time, or by name ([`Untyped`]), for types declared nowhere in Rust. One mechanism for
//! activities and child workflows: the options carry a marker type, and the sealed
//! [`TakesInput`] bound of [`WorkflowContext::activity`](crate::WorkflowContext::activity) and
//! [`WorkflowContext::child`](crate::WorkflowContext::child) says which inputs it admits.
//!
//! # Why children need a wrapper and activities do not
//!
//! An activity's marker is its declaration `A` itself: [`ActivityDeclaration`] has no type
//! parameter, so `impl<A: ActivityDeclaration> TakesInput<A::Input> for A` names everything it
//! needs. A workflow's types depend on its codec (`Workflow<C>`), and an impl for `W: Workflow<C>`
//! must name `C` in the type it is for; [`Typed<W, C>`] is that type. It cannot be
//! `SomeWrapper<W, C>` shared with [`Untyped`] either: another crate could implement
//! `Workflow<TheirCodec>` for `Untyped`, so the two impls could overlap.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use swf_core::ActivityDeclaration;
use swf_core::codec::{Codec, JsonCodec};

use crate::workflow::Workflow;

/// An activity or child workflow known by its type's name and version only
/// ([`ActivityOptions::new`](crate::ActivityOptions::new),
/// [`ChildOptions::new`](crate::ChildOptions::new)). It takes any serializable input, and its
/// handle's `result` decodes into the type the workflow names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Untyped;

/// A child workflow known by its Rust type: the workflow `W`, whose input and output are those of
/// its `Workflow<C>` impl ([`ChildOptions::of`](crate::ChildOptions::of)). The child's input is
/// then exactly a `W::Input`, and its handle's [`result`](crate::ChildHandle::result) a
/// `W::Output`. `C` is the codec `W` is a workflow for, which fixes those types; the parent's own
/// codec encodes the input and decodes the result, as for every child. Never built: a marker in
/// the types of [`ChildOptions`](crate::ChildOptions) and [`ChildHandle`](crate::ChildHandle).
pub struct Typed<W, C = JsonCodec> {
    // `fn() -> _`: holds no `W` or `C`, so it is `Send`, `Sync` and `'static` whatever they are.
    types: PhantomData<fn() -> (W, C)>,
}

// By hand: a derived impl would ask `W` and `C` to be `Debug` too.
impl<W, C> fmt::Debug for Typed<W, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Typed<{}>", std::any::type_name::<W>())
    }
}

/// `I` is an input that the activity or child workflow `Self` takes: exactly `A::Input` for a
/// declared activity `A`, exactly `W::Input` for a child workflow [`Typed<W, C>`], anything
/// serializable for an [`Untyped`] one. The bound of [`WorkflowContext::activity`] and
/// [`WorkflowContext::child`](crate::WorkflowContext::child) that makes a typed input checked at
/// compile time; implemented by this crate only.
///
/// ```compile_fail,E0308
/// # use swf_decider::{ActivityDeclaration, ActivityOptions, WorkflowContext};
/// # struct Probe;
/// # impl ActivityDeclaration for Probe {
/// #     const NAME: &'static str = "probe";
/// #     const VERSION: &'static str = "1";
/// #     type Input = String;
/// #     type Output = u64;
/// # }
/// fn schedule(ctx: &mut WorkflowContext<'_>) {
///     // `Probe` takes a `String`: a `u32` does not compile.
///     ctx.activity("probe", &ActivityOptions::of::<Probe>(), &42u32);
/// }
/// ```
///
/// ```compile_fail,E0308
/// # use swf_decider::{ActivityDeclaration, ActivityOptions, WorkflowContext, WorkflowResult};
/// # struct Probe;
/// # impl ActivityDeclaration for Probe {
/// #     const NAME: &'static str = "probe";
/// #     const VERSION: &'static str = "1";
/// #     type Input = String;
/// #     type Output = u64;
/// # }
/// fn schedule(ctx: &mut WorkflowContext<'_>, video: String) -> WorkflowResult<String> {
///     // `Probe` returns a `u64`: reading a `String` does not compile.
///     let report: String = ctx.activity("probe", &ActivityOptions::of::<Probe>(), &video).result()?;
///     Ok(report)
/// }
/// ```
///
/// The same code with the declared types compiles:
///
/// ```
/// # use swf_decider::{ActivityDeclaration, ActivityOptions, WorkflowContext, WorkflowResult};
/// # struct Probe;
/// # impl ActivityDeclaration for Probe {
/// #     const NAME: &'static str = "probe";
/// #     const VERSION: &'static str = "1";
/// #     type Input = String;
/// #     type Output = u64;
/// # }
/// fn schedule(ctx: &mut WorkflowContext<'_>, video: String) -> WorkflowResult<u64> {
///     let seconds: u64 = ctx.activity("probe", &ActivityOptions::of::<Probe>(), &video).result()?;
///     Ok(seconds)
/// }
/// ```
///
/// Children are checked alike; see [`ChildOptions::of`](crate::ChildOptions::of).
///
/// [`WorkflowContext::activity`]: crate::WorkflowContext::activity
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not take `{I}` as its input",
    label = "not the input `{Self}` declares",
    note = "an activity scheduled with `ActivityOptions::of::<A>()` takes exactly `A::Input`, a child started with `ChildOptions::of::<W, _>()` exactly `W::Input`; one asked for by name (`ActivityOptions::new`, `ChildOptions::new`) takes anything that implements `Serialize`"
)]
pub trait TakesInput<I>: sealed::Sealed {}

impl<I: Serialize> TakesInput<I> for Untyped {}

impl<A: ActivityDeclaration> TakesInput<A::Input> for A {}

impl<W: Workflow<C>, C: Codec> TakesInput<W::Input> for Typed<W, C> {}

mod sealed {
    /// Keeps [`TakesInput`](super::TakesInput) implemented by this crate only.
    pub trait Sealed {}
    impl Sealed for super::Untyped {}
    impl<A: swf_core::ActivityDeclaration> Sealed for A {}
    impl<W, C> Sealed for super::Typed<W, C> {}
}
