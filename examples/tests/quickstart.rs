//! The `quickstart` binary, run as the README runs it: it exits 0 and prints its endpoint, the
//! result and the timeline; with an endpoint in the environment, it uses that one instead.

mod common;

use std::process::Command;
use std::time::Duration;

use common::binary::{example, example_on};

fn quickstart() -> Command {
    example(env!("CARGO_BIN_EXE_quickstart"))
}

/// Runs the command to its end; returns stdout, after checking it exited 0 with nothing on stderr.
///
/// The wait blocks a thread of the runtime's blocking pool, not one of its workers, so that an
/// `swf-local` this test runs keeps serving the quickstart meanwhile.
async fn succeeds(mut command: Command) -> String {
    tokio::task::spawn_blocking(move || common::binary::succeeds(&mut command))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

fn assert_result_and_timeline(stdout: &str) {
    assert!(
        stdout.contains("\nresult: Hello, Ada! Hello, Grace!\n"),
        "{stdout}"
    );
    let timeline = stdout.split_once("\ntimeline:\n").expect("a timeline").1;
    let lines: Vec<&str> = timeline.lines().filter(|l| !l.is_empty()).collect();
    let expected = [
        ("workflow hello 1", "started"),
        (
            "decision #1",
            "decided: schedule greet-Ada, schedule greet-Grace",
        ),
        ("activity greet-Ada (greet 1)", "result: \"Hello, Ada!\""),
        (
            "activity greet-Grace (greet 1)",
            "result: \"Hello, Grace!\"",
        ),
    ];
    for (title, detail) in expected {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(title) && l.contains(detail)),
            "no line with {title:?} and {detail:?} in\n{timeline}"
        );
    }
    let last = lines.last().unwrap();
    assert!(
        last.contains("workflow hello 1") && last.contains("completed in"),
        "the last line is the completion: {last}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_nothing_configured_it_runs_on_swf_local_in_process() {
    let stdout = succeeds(quickstart()).await;
    assert!(
        stdout.starts_with("endpoint: swf-local in this process at http://127.0.0.1:"),
        "{stdout}"
    );
    assert_result_and_timeline(&stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_an_endpoint_configured_it_runs_there() {
    let server = swf_local::Server::builder()
        .poll_timeout(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let command = example_on(env!("CARGO_BIN_EXE_quickstart"), &server.endpoint_url());
    let stdout = succeeds(command).await;
    let expected = format!(
        "endpoint: {}/ (region us-east-1, from the environment)\n",
        server.endpoint_url()
    );
    assert!(stdout.starts_with(&expected), "{stdout}");
    assert_result_and_timeline(&stdout);
    server.shutdown().await;
}

/// The README says how long the quickstart is ("…quickstart.rs), N lines"), so that a reader
/// knows what they are copying; this keeps the number true when the program changes.
#[test]
fn the_readme_states_the_quickstart_length() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let program =
        std::fs::read_to_string(format!("{root}/examples/src/bin/quickstart.rs")).unwrap();
    // The link, then ", N lines" (a line break may fall anywhere in between).
    let marker = "(examples/src/bin/quickstart.rs),";
    let after = readme
        .split_once(marker)
        .expect("the README links the quickstart")
        .1;
    let stated: usize = after
        .split_once("lines")
        .and_then(|(n, _)| n.trim().parse().ok())
        .expect("the README says how many lines the quickstart has");
    assert_eq!(
        stated,
        program.lines().count(),
        "README.md says the quickstart has {stated} lines: update it"
    );
}
