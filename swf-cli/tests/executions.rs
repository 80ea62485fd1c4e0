//! `swf execution`: start (input from an argument, a file, stdin), signal, request-cancel,
//! terminate, describe, and list and count with SWF's filters.

mod common;
use common::{Local, complete, fail};
use swf_core::types::{EventType, HistoryEvent};

fn start(local: &Local, workflow_id: &str, extra: &[&str]) -> String {
    let args = [
        &[
            "execution",
            "start",
            workflow_id,
            "-d",
            "shop",
            "--type",
            "order",
            "--type-version",
            "v1",
            "-o",
            "json",
        ],
        extra,
    ]
    .concat();
    let json = local.swf(&args).json();
    json["runId"].as_str().expect("a run id").to_string()
}

fn started_input(history: &[HistoryEvent]) -> Option<String> {
    history[0]
        .workflow_execution_started_event_attributes
        .as_ref()
        .unwrap()
        .input
        .clone()
}

#[test]
fn input_from_an_argument_a_file_or_stdin() {
    let local = Local::with_shop();
    let run = start(&local, "o-arg", &["--input", r#"{"sku": 1}"#]);
    assert_eq!(
        started_input(&local.history("o-arg", &run)).as_deref(),
        Some(r#"{"sku": 1}"#)
    );

    let file = std::env::temp_dir().join(format!("swf-cli-test-input-{}.json", std::process::id()));
    std::fs::write(&file, "{\"sku\": 2}\n").unwrap();
    let run = start(&local, "o-file", &["--input-file", file.to_str().unwrap()]);
    std::fs::remove_file(&file).unwrap();
    assert_eq!(
        started_input(&local.history("o-file", &run)).as_deref(),
        Some("{\"sku\": 2}\n")
    );

    let args = [
        "execution",
        "start",
        "o-stdin",
        "-d",
        "shop",
        "--type",
        "order",
        "--type-version",
        "v1",
        "--input",
        "-",
    ];
    let out = local.swf_with_stdin(&args, r#"{"sku": 3}"#).ok();
    let run = out
        .lines()
        .find_map(|l| l.strip_prefix("run id:"))
        .unwrap()
        .trim()
        .to_string();
    assert!(out.starts_with("workflow id:  o-stdin\n"), "{out}");
    assert_eq!(
        started_input(&local.history("o-stdin", &run)).as_deref(),
        Some(r#"{"sku": 3}"#)
    );

    let run = local.swf(&[
        "execution",
        "start",
        "o-x",
        "-d",
        "shop",
        "--type",
        "order",
        "--type-version",
        "v1",
        "--input",
        "a",
        "--input-file",
        "b",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("cannot be used with"), "{run:?}");
}

#[test]
fn start_options_reach_the_service() {
    let local = Local::with_shop();
    let run = start(
        &local,
        "o-1",
        &[
            "--tag",
            "vip",
            "--tag",
            "eu",
            "--task-list",
            "special",
            "--execution-start-to-close-timeout",
            "2h",
            "--child-policy",
            "abandon",
        ],
    );
    let json = local
        .swf(&["execution", "describe", "o-1", "-d", "shop", "-o", "json"])
        .json();
    assert_eq!(json["executionInfo"]["execution"]["runId"], run.as_str());
    assert_eq!(
        json["executionInfo"]["tagList"],
        serde_json::json!(["vip", "eu"])
    );
    assert_eq!(
        json["executionConfiguration"]["taskList"]["name"],
        "special"
    );
    assert_eq!(
        json["executionConfiguration"]["executionStartToCloseTimeout"],
        "7200"
    );
    assert_eq!(json["executionConfiguration"]["childPolicy"], "ABANDON");

    let text = local
        .swf(&["execution", "describe", "o-1", "-d", "shop"])
        .ok();
    assert!(text.contains("status:               OPEN\n"), "{text}");
    assert!(text.contains("tags:                 vip, eu\n"), "{text}");
    assert!(
        text.contains("execution timeout:    7200s (2h00m00s)\n"),
        "{text}"
    );
}

#[test]
fn signal_cancel_and_terminate() {
    let local = Local::with_shop();
    let run = start(&local, "o-1", &[]);
    assert_eq!(
        local
            .swf(&[
                "execution",
                "signal",
                "o-1",
                "approve",
                "-d",
                "shop",
                "--input",
                "yes"
            ])
            .ok(),
        "Sent signal approve to o-1.\n"
    );
    local
        .swf(&[
            "execution",
            "request-cancel",
            "o-1",
            "-d",
            "shop",
            "--run-id",
            &run,
        ])
        .ok();
    let history = local.history("o-1", &run);
    let signaled = history
        .iter()
        .find(|e| e.event_type == EventType::WorkflowExecutionSignaled)
        .unwrap();
    let attrs = signaled
        .workflow_execution_signaled_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        (attrs.signal_name.as_str(), attrs.input.as_deref()),
        ("approve", Some("yes"))
    );
    assert!(
        history
            .iter()
            .any(|e| e.event_type == EventType::WorkflowExecutionCancelRequested)
    );
    let status = local.swf(&["execution", "list", "-d", "shop"]).ok();
    assert!(status.contains("OPEN (cancel requested)"), "{status}");

    local
        .swf(&[
            "execution",
            "terminate",
            "o-1",
            "-d",
            "shop",
            "--reason",
            "stuck",
            "--details",
            "deploy 41",
        ])
        .ok();
    let json = local
        .swf(&["execution", "describe", "o-1", "-d", "shop", "-o", "json"])
        .json();
    assert_eq!(json["executionInfo"]["closeStatus"], "TERMINATED");
    let line = local
        .swf(&["execution", "signal", "o-1", "late", "-d", "shop"])
        .fails(1);
    assert!(
        line.starts_with("swf: SignalWorkflowExecution failed: UnknownResourceFault"),
        "{line}"
    );
}

#[test]
fn describe_picks_the_open_run_then_the_latest() {
    let local = Local::with_shop();
    let first = start(&local, "o-1", &[]);
    local
        .swf(&["execution", "terminate", "o-1", "-d", "shop"])
        .ok();
    let second = start(&local, "o-1", &[]);
    let describe = |args: &[&str]| {
        let json = local
            .swf(
                &[
                    &["execution", "describe", "o-1", "-d", "shop", "-o", "json"],
                    args,
                ]
                .concat(),
            )
            .json();
        json["executionInfo"]["execution"]["runId"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(describe(&[]), second);
    assert_eq!(describe(&["--run-id", &first]), first);
    local
        .swf(&["execution", "terminate", "o-1", "-d", "shop"])
        .ok();
    let third = start(&local, "o-1", &[]);
    local
        .swf(&["execution", "terminate", "o-1", "-d", "shop"])
        .ok();
    assert_eq!(describe(&[]), third, "the latest closed run");
    let line = local
        .swf(&["execution", "describe", "nope", "-d", "shop"])
        .fails(1);
    assert_eq!(
        line,
        "swf: no execution with workflow id nope in domain shop"
    );
}

/// Three closed executions (completed, failed, terminated) and two open ones.
fn mixed(local: &Local) {
    local.start_order("done", "{}");
    local.decide(vec![complete("ok")]);
    local.start_order("broken", "{}");
    local.decide(vec![fail("bad", "worse")]);
    start(local, "killed", &["--tag", "vip"]);
    local
        .swf(&["execution", "terminate", "killed", "-d", "shop"])
        .ok();
    start(local, "open-1", &["--tag", "vip"]);
    start(local, "open-2", &[]);
}

fn ids(local: &Local, args: &[&str]) -> Vec<String> {
    let json = local
        .swf(&[&["execution", "list", "-d", "shop", "-o", "json"], args].concat())
        .json();
    json["executionInfos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["execution"]["workflowId"].as_str().unwrap().to_string())
        .collect()
}

fn count(local: &Local, args: &[&str]) -> i64 {
    let json = local
        .swf(&[&["execution", "count", "-d", "shop", "-o", "json"], args].concat())
        .json();
    json["count"].as_i64().unwrap()
}

#[test]
fn list_and_count_with_filters() {
    let local = Local::with_shop();
    mixed(&local);
    assert_eq!(ids(&local, &[]), ["open-2", "open-1"]);
    assert_eq!(ids(&local, &["--oldest-first"]), ["open-1", "open-2"]);
    assert_eq!(ids(&local, &["--max-items", "1"]), ["open-2"]);
    assert_eq!(ids(&local, &["--tag", "vip"]), ["open-1"]);
    assert_eq!(ids(&local, &["--closed"]), ["killed", "broken", "done"]);
    assert_eq!(ids(&local, &["--close-status", "failed"]), ["broken"]);
    assert_eq!(ids(&local, &["--closed", "--tag", "vip"]), ["killed"]);
    assert_eq!(
        ids(&local, &["--closed", "--workflow-id", "done"]),
        ["done"]
    );
    assert_eq!(
        ids(
            &local,
            &["--closed", "--type", "order", "--type-version", "v1"]
        )
        .len(),
        3
    );
    assert_eq!(
        ids(
            &local,
            &["--closed", "--type", "order", "--type-version", "v2"]
        )
        .len(),
        0
    );
    assert_eq!(ids(&local, &["--closed-after", "1h"]).len(), 3);
    assert_eq!(ids(&local, &["--closed-before", "2000-01-01"]).len(), 0);
    assert_eq!(
        ids(&local, &["--started-after", "2000-01-01T00:00:00Z"]).len(),
        2
    );
    assert_eq!(ids(&local, &["--started-after", "now"]).len(), 0);

    assert_eq!(count(&local, &[]), 2);
    assert_eq!(count(&local, &["--closed"]), 3);
    assert_eq!(count(&local, &["--close-status", "TERMINATED"]), 1);
    assert_eq!(
        local.swf(&["execution", "count", "-d", "shop"]).ok(),
        "open:  2\n"
    );

    let table = local
        .swf(&["execution", "list", "-d", "shop", "--closed"])
        .ok();
    let header = table.lines().next().unwrap();
    assert_eq!(
        header
            .split("  ")
            .filter(|c| !c.is_empty())
            .map(str::trim)
            .collect::<Vec<_>>(),
        [
            "WORKFLOW ID",
            "RUN ID",
            "TYPE",
            "STATUS",
            "STARTED",
            "CLOSED"
        ]
    );
    let statuses: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(4).unwrap())
        .collect();
    assert_eq!(statuses, ["TERMINATED", "FAILED", "COMPLETED"]);
}

#[test]
fn filters_swf_refuses_together_are_named() {
    let local = Local::with_shop();
    let line = local
        .swf(&[
            "execution",
            "list",
            "-d",
            "shop",
            "--tag",
            "a",
            "--type",
            "order",
        ])
        .fails(2);
    assert_eq!(
        line,
        "swf: --type and --tag cannot be combined: SWF filters executions by at most one of \
         --workflow-id, --type, --tag and --close-status"
    );
    let line = local
        .swf(&[
            "execution",
            "count",
            "-d",
            "shop",
            "--workflow-id",
            "a",
            "--close-status",
            "failed",
        ])
        .fails(2);
    assert!(
        line.starts_with("swf: --workflow-id and --close-status cannot be combined"),
        "{line}"
    );
    let line = local
        .swf(&[
            "execution",
            "list",
            "-d",
            "shop",
            "--started-after",
            "1h",
            "--closed-before",
            "now",
        ])
        .fails(2);
    assert_eq!(
        line,
        "swf: --started-after/--started-before and --closed-after/--closed-before cannot be \
         combined: SWF filters closed executions by start time or by close time, not both"
    );
    let run = local.swf(&[
        "execution",
        "list",
        "-d",
        "shop",
        "--started-after",
        "yesterday",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("is not a time: use RFC 3339"),
        "{run:?}"
    );
}
