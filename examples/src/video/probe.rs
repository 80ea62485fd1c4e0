//! `probe`: reads an upload's metadata. Quick, and not retried: an upload it cannot read will
//! not become readable by trying again.

use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
};

use super::model::Metadata;

/// The failure reason of an upload whose container the pipeline cannot read.
pub const UNSUPPORTED_CONTAINER: &str = "UnsupportedContainer";

/// The containers the pipeline reads.
const CONTAINERS: [&str; 4] = ["mov", "mp4", "mkv", "webm"];

/// Reads an upload's metadata. A simulation: the container is the source's extension (one of
/// `mov`, `mp4`, `mkv`, `webm`, else it fails with [`UNSUPPORTED_CONTAINER`]), and every upload
/// is 1920×1080.
#[derive(Debug, Clone, Copy, Default)]
pub struct Probe;

impl ActivityDeclaration for Probe {
    const NAME: &'static str = "probe";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = Metadata;
}

impl Activity for Probe {
    fn registration(&self) -> ActivityRegistration {
        crate::registration::quick_activity("Reads an upload's metadata.")
    }

    async fn run(&self, _: &ActivityContext, source: String) -> Result<Metadata, ActivityError> {
        let extension = source
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .unwrap_or_default();
        if !CONTAINERS.contains(&extension.as_str()) {
            return Err(
                ActivityError::new(UNSUPPORTED_CONTAINER).with_details(format!(
                    "{source}: the container must be one of {}",
                    CONTAINERS.join(", ")
                )),
            );
        }
        tracing::info!(%source, container = %extension, "probed");
        Ok(Metadata {
            container: extension,
            width: 1920,
            height: 1080,
        })
    }
}
