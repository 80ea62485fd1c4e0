//! Generates `swf-core`'s types and operations from the SWF service model.
//!
//! The generated files are checked in; `cargo run -p swf-codegen` writes them again and the
//! `up_to_date` test fails when they differ from what the generator would write, so the model, the
//! generator and the code can never drift apart.

mod attributes;
mod decision_reading;
mod emit;
mod limits;
mod model;
mod naming;
mod operations;
mod shapes;

use std::path::{Path, PathBuf};

/// The directory of the `swf-core` crate, beside this one in the workspace.
pub fn swf_core_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../swf-core")
}

/// Every generated file: its path relative to `swf-core/` and its contents.
pub fn generate(core_dir: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let read = |p: &str| std::fs::read_to_string(core_dir.join(p)).map_err(|e| format!("{p}: {e}"));
    let model = model::Model::parse(
        &read("model/swf-2012-01-25.model.json")?,
        &read("model/swf-2012-01-25.paginators.json")?,
    )?;
    Ok(vec![
        (
            PathBuf::from("src/generated/shapes.rs"),
            shapes::emit(&model),
        ),
        (
            PathBuf::from("src/generated/operations.rs"),
            operations::emit(&model),
        ),
        (
            PathBuf::from("src/generated/attributes.rs"),
            attributes::emit(&model)?,
        ),
        (
            PathBuf::from("src/generated/limits.rs"),
            limits::emit(&model),
        ),
    ])
}
