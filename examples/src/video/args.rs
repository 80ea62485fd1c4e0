//! The flags that describe a video, shared by the binaries that start pipelines
//! (`video-starter start` and `video-demo`).

use super::Video;

/// A video to put through the pipeline, as flags: where it is and how the simulation behaves.
/// Flatten it into a `clap` parser; [`video`](VideoArgs::video) makes the [`Video`].
///
/// ```
/// use clap::Parser;
/// use examples::video::VideoArgs;
///
/// #[derive(Parser)]
/// struct Cli {
///     #[command(flatten)]
///     video: VideoArgs,
/// }
///
/// let cli = Cli::parse_from(["start", "--transcode-ms", "10"]);
/// let video = cli.video.video("v-1");
/// assert_eq!((video.source.as_str(), video.transcode_millis), ("uploads/clip.mov", 10));
/// ```
#[derive(Debug, Clone, clap::Args)]
pub struct VideoArgs {
    /// Where the upload is; its extension is its container (mov, mp4, mkv or webm).
    #[arg(long, default_value = "uploads/clip.mov")]
    pub source: String,
    /// How long the simulated transcode works, in milliseconds.
    #[arg(long, default_value_t = 3_000)]
    pub transcode_ms: u64,
    /// How many uploads the simulated CDN refuses before it accepts one.
    #[arg(long, default_value_t = 2)]
    pub publish_outages: u32,
}

impl VideoArgs {
    /// The video `video_id` these flags describe.
    pub fn video(&self, video_id: &str) -> Video {
        Video {
            transcode_millis: self.transcode_ms,
            publish_outages: self.publish_outages,
            ..Video::new(video_id, &self.source)
        }
    }
}
