//! The video pipeline on [`App`]: its worker and its decider.

use examples::video::{self, Probe, Publish, Transcode};

use super::App;

impl App {
    /// The video pipeline: starts the service, registers everything, and runs the worker and the
    /// decider.
    pub async fn video() -> App {
        let mut app = App::start(video::DOMAIN).await;
        let mut worker = app.worker(video::ACTIVITIES, "test-video-worker");
        worker
            .activity(app.observed(Probe))
            .activity(app.observed(Transcode))
            .activity(app.observed(Publish));
        app.run_worker(worker.build().expect("the worker builds"))
            .await;

        let mut decider = app.decider(video::DECISIONS, "test-video-decider");
        let decider = video::workflows(&mut decider).build();
        app.run_decider(decider.expect("the decider builds")).await;
        app
    }
}
