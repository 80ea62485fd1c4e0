//! The commands, one directory per family (`swf execution …` is `execution/`) and one file per
//! command in it, holding the command's flags and what it does, as cargo's
//! `src/bin/cargo/commands/` does. `swf local` has no subcommands, so it is one file.
//!
//! A family's `mod.rs` lists its subcommands with their help and hands each to its file. Commands
//! do not import one another: what several of them need is in the modules beside `commands`
//! (`resolve`, `events`, `filters`, `args`, `display`, `type_kind`, …).

pub(crate) mod activity_type;
pub(crate) mod domain;
pub(crate) mod execution;
pub(crate) mod history;
#[cfg(feature = "local")]
pub(crate) mod local;
pub(crate) mod workflow_type;
