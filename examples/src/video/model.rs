//! What flows between the pipeline's workflow and its activities: the inputs and results, encoded
//! as JSON in the history.
//!
//! As with any workflow's types, these are a contract with the histories of executions already
//! started: add fields with `#[serde(default)]`, never rename or retype one.

use serde::{Deserialize, Serialize};

/// A video to put through the pipeline: the input of the `video-pipeline` workflow.
///
/// The last two fields drive the simulation, so that a run can be made short or long, smooth or
/// bumpy, without changing the code: how long the transcode works, and how many times the CDN
/// refuses the upload before it takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Video {
    /// The video's id; the execution's workflow id is usually the same.
    pub id: String,
    /// Where the upload is, such as `uploads/cat.mov`. Its extension names its container.
    pub source: String,
    /// How long the simulated transcode works, in milliseconds.
    pub transcode_millis: u64,
    /// How many publish attempts the simulated CDN refuses before it accepts one.
    pub publish_outages: u32,
}

impl Video {
    /// Video `id` from `source`, as the application runs it: three seconds of transcoding, and a
    /// CDN that refuses the first two uploads.
    pub fn new(id: &str, source: &str) -> Video {
        Video {
            id: id.to_owned(),
            source: source.to_owned(),
            transcode_millis: 3_000,
            publish_outages: 2,
        }
    }
}

/// What `probe` read of an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The container format: `mov`, `mp4`, `mkv` or `webm`.
    pub container: String,
    /// The picture's width, in pixels.
    pub width: u32,
    /// The picture's height, in pixels.
    pub height: u32,
}

/// What `transcode` is asked to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscodeRequest {
    /// The video's id.
    pub video_id: String,
    /// Where the upload is.
    pub source: String,
    /// The height of the rendition to make, in pixels.
    pub height: u32,
    /// How long the simulated work takes, in milliseconds.
    pub millis: u64,
}

/// How far a transcode got: the details of its cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscodeProgress {
    /// Milliseconds of work done.
    pub done_millis: u64,
    /// Milliseconds of work in all.
    pub of_millis: u64,
}

/// What `transcode` made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendition {
    /// Where the rendition was written.
    pub uri: String,
    /// Its height, in pixels.
    pub height: u32,
}

/// What `publish` is asked to upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishRequest {
    /// The video's id.
    pub video_id: String,
    /// The rendition to upload.
    pub rendition: Rendition,
    /// How many attempts the simulated CDN refuses ([`Video::publish_outages`]).
    pub outages: u32,
}

/// Where `publish` put the rendition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// The public URL.
    pub url: String,
}

/// The result of the `video-pipeline` workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// The video's id.
    pub video_id: String,
    /// What `probe` read.
    pub metadata: Metadata,
    /// Where the public can watch it.
    pub url: String,
}

/// The input of the `abort` signal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abort {
    /// Why, in words; the workflow fails with it.
    #[serde(default)]
    pub reason: String,
}
