//! [`ActivityDeclaration`]: an activity type as the Rust type system knows it, shared by the
//! workflows that schedule it and the worker that runs it.
//!
//! # Why a declaration of its own
//!
//! SWF knows an activity type by its name and version, and carries its input and result as
//! strings. A workflow that names the type by strings and decodes the result into a type of its
//! choosing compiles whatever it says; a wrong input or result type shows up only at run time, as
//! a decode error in the worker or in the workflow. A declaration gives the type's name, version,
//! input and output one home that both sides refer to, so the compiler checks them:
//! `swf_decider::ActivityOptions::of::<A>()` schedules `A` with an `A::Input` and its handle's
//! `result()` is an `A::Output`; `swf_worker::Activity<A>` runs `A` from an `A::Input` to an
//! `A::Output`.
//!
//! It lives here, below both, because a decider and a worker are separate programs that depend on
//! `swf-core` only, never on each other (the workspace's `ARCHITECTURE.md`). An application can
//! keep its declarations in a small crate of their own that its workflow crate and its worker
//! crate both use, so the workflows build without the activities' implementations (or their
//! dependencies); an activity implemented in another language is declared the same way and
//! scheduled typed all the same.
//!
//! A declaration is not the wire's [`ActivityType`](crate::types::ActivityType), which is the
//! name and version alone as SWF sends them.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// An activity type: its name and version in SWF, and what its tasks take and return.
///
/// Usually implemented for a unit struct that stands for the type. The worker implements
/// `swf_worker::Activity` for it (or, from another crate, `Activity<Declared>` for a type of its
/// own); workflows schedule it with `swf_decider::ActivityOptions::of::<Declared>()`.
///
/// ```
/// use serde::{Deserialize, Serialize};
/// use swf_core::ActivityDeclaration;
///
/// #[derive(Debug, Serialize, Deserialize)]
/// pub struct Report { pub seconds: f64, pub codec: String }
///
/// /// Reads a video's duration and codec.
/// pub struct Probe;
///
/// impl ActivityDeclaration for Probe {
///     const NAME: &'static str = "probe";
///     const VERSION: &'static str = "1";
///     /// The video's URL.
///     type Input = String;
///     type Output = Report;
/// }
/// ```
///
/// The input and output travel encoded by the worker's and the decider's codec (JSON unless
/// configured otherwise), so both need `Serialize` and `Deserialize`. Change them compatibly:
/// histories of executions started by older code hold the old encodings.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a declared activity type",
    label = "no `ActivityDeclaration` for `{Self}`",
    note = "declare it once, where the workflows and the worker can both see it: `impl swf_core::ActivityDeclaration for {Self} {{ const NAME: &'static str = ..; const VERSION: &'static str = ..; type Input = ..; type Output = ..; }}`"
)]
pub trait ActivityDeclaration: 'static {
    /// The activity type's name.
    const NAME: &'static str;
    /// The activity type's version.
    const VERSION: &'static str;
    /// What a task is given: the `input` of `ScheduleActivityTask`, decoded by the worker.
    type Input: Serialize + DeserializeOwned + Send + 'static;
    /// What a task returns: the `result` of `RespondActivityTaskCompleted`, decoded by the
    /// workflow.
    type Output: Serialize + DeserializeOwned + Send + 'static;
}
