//! `video-starter` run as a user runs it, against `swf-local` in this process with the video
//! pipeline's worker and decider on it: a pipeline aborted while it transcodes, then waited for
//! (exit 3), and a wait for a video that was never started (exit 1, the error on stderr). A
//! pipeline started and waited for (exit 0) is in `video_processes.rs`. The order application's
//! starter shares this code (`examples::cli`).

mod common;

use common::binary::{self, Ran, example_on};
use common::{App, Seen};

/// Runs `video-starter` with `args` against `app`'s service, to its end.
///
/// The wait blocks a thread of the runtime's blocking pool, not one of its workers, so that the
/// in-process service keeps serving the binary meanwhile.
async fn starter(app: &App, args: &[&str]) -> Ran {
    let mut command = example_on(env!("CARGO_BIN_EXE_video-starter"), &app.endpoint_url());
    command.args(args);
    tokio::task::spawn_blocking(move || binary::run(&mut command))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_aborted_pipeline_is_waited_for_and_exits_3() {
    let mut app = App::video().await;
    // A minute of transcoding: only the abort ends the run within the test's deadlines.
    let ran = starter(&app, &["start", "v-2", "--transcode-ms", "60000"]).await;
    assert_eq!(ran.status.code(), Some(0), "{ran:?}");
    assert!(ran.stdout.starts_with("started video v-2, run "), "{ran:?}");
    app.seen(|s| matches!(s, Seen::Started { activity_id, .. } if activity_id == "transcode"))
        .await;

    let ran = starter(&app, &["abort", "v-2", "--reason", "wrong cut"]).await;
    assert_eq!(ran.status.code(), Some(0), "{ran:?}");
    assert_eq!(ran.stdout, "asked v-2 to abort\n");

    let ran = starter(&app, &["wait", "v-2"]).await;
    assert_eq!(ran.status.code(), Some(3), "{ran:?}");
    assert_eq!(ran.stdout, "v-2 failed: aborted: wrong cut\n");
    assert_eq!(ran.stderr, "", "nothing on stderr");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_for_a_video_never_started_exits_1_with_the_error() {
    let app = App::video().await;
    let ran = starter(&app, &["wait", "v-none"]).await;
    assert_eq!(ran.status.code(), Some(1), "{ran:?}");
    assert_eq!(ran.stdout, "");
    assert!(
        ran.stderr.starts_with("video-starter: ") && ran.stderr.contains("v-none"),
        "{ran:?}"
    );
    app.stop().await;
}
