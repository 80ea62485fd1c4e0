//! `swf history get` (every page, as the service's JSON: a replay fixture) and `swf history show`
//! (the timeline, from the service or from a saved file such as `fixtures/order.history.json`).

mod common;
use common::Local;
use swf_core::types::{EventType, History};

/// A history written by `swf history get` from `Local::run_order`; see `regenerate_fixture`.
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/order.history.json"
);

fn fixture() -> History {
    serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap()
}

#[test]
fn get_writes_the_service_json() {
    let local = Local::with_shop();
    let run = local.run_order("o-1");
    let stdout = local.swf(&["history", "get", "o-1", "-d", "shop"]).ok();
    let written: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let expected = serde_json::json!({ "events": local.history("o-1", &run) });
    assert_eq!(written, expected);

    // The same bytes to a file, for a fixture; and the same run when named by its run id.
    let path = std::env::temp_dir().join(format!("swf-cli-history-{}.json", std::process::id()));
    local
        .swf(&[
            "history",
            "get",
            "o-1",
            "-d",
            "shop",
            "--run-id",
            &run,
            "--out",
            path.to_str().unwrap(),
        ])
        .ok();
    let saved = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(saved, stdout);
}

#[test]
fn get_reads_every_page() {
    let local = Local::with_shop();
    let run = local.start_order("busy", "{}");
    // One page holds at most 1,000 events; signals make a longer history without a decider.
    local.block_on(async {
        for i in 0..1_100 {
            local
                .client
                .signal_workflow_execution(swf_core::types::SignalWorkflowExecutionInput {
                    domain: "shop".into(),
                    workflow_id: "busy".into(),
                    signal_name: format!("s{i}"),
                    ..Default::default()
                })
                .await
                .unwrap();
        }
    });
    let stdout = local
        .swf(&["history", "get", "busy", "-d", "shop", "--run-id", &run])
        .ok();
    let history: History = serde_json::from_str(&stdout).unwrap();
    assert_eq!(history.events.len(), 1_102);
    let ids: Vec<i64> = history.events.iter().map(|e| e.event_id).collect();
    assert_eq!(ids, (1..=1_102).collect::<Vec<_>>());
}

#[test]
fn the_fixture_is_what_get_writes_today() {
    let local = Local::with_shop();
    let run = local.run_order("o-1");
    let kinds = |events: &[swf_core::types::HistoryEvent]| -> Vec<EventType> {
        events.iter().map(|e| e.event_type.clone()).collect()
    };
    assert_eq!(kinds(&local.history("o-1", &run)), kinds(&fixture().events));
}

#[test]
fn show_reads_a_saved_history() {
    let local = Local::start();
    let text = local.swf(&["history", "show", "--file", FIXTURE]).ok();
    let expected = [
        r#"+0.000s  workflow order v1              started  input: {"sku": 42}  task list: deciders"#,
        r#"+0.000s  decision #1                    completed in 0.004s  decided: schedule charge-1"#,
        r#"+0.004s  activity charge-1 (charge v1)  completed in 0.003s  result: "ok""#,
        r#"+0.007s  decision #2                    completed in 0.005s  decided: marker audit, timer settle"#,
        r#"+0.011s  signal approve                 input: "yes""#,
        r#"+0.012s  marker audit                   details: {"by": "ops"}"#,
        r#"+0.012s  timer settle (0s)              fired after 0.001s"#,
        r#"+0.013s  decision #3                    completed in 0.001s  decided: complete"#,
        r#"+0.014s  workflow order v1              completed in 0.014s  result: "shipped""#,
    ];
    assert_eq!(text.lines().collect::<Vec<_>>(), expected, "\n{text}");
}

/// A timeline line without its time column and durations, which differ from run to run.
fn without_times(line: &str) -> String {
    let rest = line.trim_start().split_once("  ").unwrap().1;
    rest.split(' ')
        .filter(|w| !(w.ends_with('s') && w.starts_with(|c: char| c.is_ascii_digit())))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn show_from_the_service_is_the_same_timeline() {
    let local = Local::with_shop();
    local.run_order("o-1");
    let live = local.swf(&["history", "show", "o-1", "-d", "shop"]).ok();
    let saved = local.swf(&["history", "show", "--file", FIXTURE]).ok();
    let strip = |text: &str| text.lines().map(without_times).collect::<Vec<_>>();
    assert_eq!(strip(&live), strip(&saved));
}

#[test]
fn show_as_json() {
    let local = Local::start();
    let json = local
        .swf(&["history", "show", "--file", FIXTURE, "-o", "json"])
        .json();
    let activity = &json[2];
    assert_eq!(activity["kind"], "activity");
    assert_eq!(activity["name"], "charge-1 (charge v1)");
    assert_eq!(activity["outcome"], "completed");
    assert_eq!(activity["details"]["result"], "ok");
    assert!(activity["tookMs"].as_i64().unwrap() >= 0);
}

#[test]
fn show_refuses_what_is_not_a_history() {
    let local = Local::start();
    let path =
        std::env::temp_dir().join(format!("swf-cli-not-history-{}.json", std::process::id()));
    std::fs::write(&path, r#"{"domainInfos": []}"#).unwrap();
    let line = local
        .swf(&["history", "show", "--file", path.to_str().unwrap()])
        .fails(1);
    std::fs::remove_file(&path).unwrap();
    assert!(
        line.ends_with(
            "is not an SWF history (the JSON of GetWorkflowExecutionHistory): it has no \"events\""
        ),
        "{line}"
    );
    let line = local
        .swf(&["history", "show", "--file", "/nonexistent/h.json"])
        .fails(1);
    assert!(
        line.starts_with("swf: cannot read /nonexistent/h.json: "),
        "{line}"
    );
}

/// Rewrites `fixtures/order.history.json` with `swf history get`:
/// `cargo test -p swf-cli --test history -- --ignored regenerate_fixture`.
#[test]
#[ignore = "rewrites the fixture; run by hand when the order workflow changes"]
fn regenerate_fixture() {
    let local = Local::with_shop();
    local.run_order("order-1");
    local
        .swf(&["history", "get", "order-1", "-d", "shop", "--out", FIXTURE])
        .ok();
}
