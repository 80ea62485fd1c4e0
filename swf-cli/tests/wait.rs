//! `swf execution wait`: the result on success, the failure and a non-zero exit otherwise,
//! waiting while the execution runs, following continue-as-new, and giving up on `--timeout`.

mod common;
use common::{Local, SWF_DEADLINE, complete, continue_as_new, fail};
use std::process::Stdio;
use swf_testkit::{ChildProcess, Lines};

#[test]
fn completed_prints_the_result() {
    let local = Local::with_shop();
    local.start_order("o-1", "{}");
    local.decide(vec![complete(r#"{"shipped": true}"#)]);
    assert_eq!(
        local.swf(&["execution", "wait", "o-1", "-d", "shop"]).ok(),
        "{\"shipped\": true}\n"
    );
    let json = local
        .swf(&["execution", "wait", "o-1", "-d", "shop", "-o", "json"])
        .json();
    assert_eq!(json["closeStatus"], "COMPLETED");
    assert_eq!(json["result"], r#"{"shipped": true}"#);
    assert_eq!(json["workflowId"], "o-1");
}

#[test]
fn failed_says_why_and_exits_3() {
    let local = Local::with_shop();
    let run = local.start_order("o-1", "{}");
    local.decide(vec![fail("card declined", "code 51")]);
    let line = local
        .swf(&["execution", "wait", "o-1", "-d", "shop"])
        .fails(3);
    assert_eq!(
        line,
        format!(
            "swf: workflow o-1 (run {run}) failed: reason \"card declined\", details \"code 51\""
        )
    );

    let out = local.swf(&["execution", "wait", "o-1", "-d", "shop", "-o", "json"]);
    assert_eq!(out.code, 3);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["closeStatus"], "FAILED");
    assert_eq!(json["reason"], "card declined");
}

#[test]
fn terminated_exits_3() {
    let local = Local::with_shop();
    local.start_order("o-1", "{}");
    local
        .swf(&[
            "execution",
            "terminate",
            "o-1",
            "-d",
            "shop",
            "--reason",
            "stuck",
        ])
        .ok();
    let line = local
        .swf(&["execution", "wait", "o-1", "-d", "shop"])
        .fails(3);
    assert!(line.ends_with("was terminated: reason \"stuck\""), "{line}");
}

#[test]
fn waits_while_the_execution_runs() {
    let local = Local::with_shop();
    let run = local.start_order("o-1", "{}");
    let mut waiting = ChildProcess::spawn(
        "swf execution wait",
        local
            .command(&[
                "execution",
                "wait",
                "o-1",
                "-d",
                "shop",
                "--run-id",
                &run,
                "--timeout",
                "1m",
            ])
            .env("RUST_LOG", "swf=info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
    .expect("swf starts");
    let mut stdout = Lines::read("swf stdout", waiting.take_stdout());
    let mut stderr = Lines::read("swf stderr", waiting.take_stderr());
    // Complete the execution only once `wait` has seen it open, so that the test covers polling.
    stderr.wait_for(SWF_DEADLINE, |l| l.contains("waiting for it to close"));
    local.decide(vec![complete("done")]);
    let status = waiting.wait_with_deadline(SWF_DEADLINE);
    assert!(
        status.success(),
        "{status}: {:?}",
        stderr.read_to_end(SWF_DEADLINE)
    );
    assert_eq!(stdout.read_to_end(SWF_DEADLINE), ["done"]);
}

#[test]
fn follows_continue_as_new_unless_told_not_to() {
    let local = Local::with_shop();
    let first = local.start_order("o-1", "{}");
    local.decide(vec![continue_as_new("round 2")]);
    let second_task = local.decide(vec![complete("finally")]);
    assert_ne!(second_task.workflow_execution.run_id, first);
    let out = local
        .swf(&["execution", "wait", "o-1", "-d", "shop", "--run-id", &first])
        .ok();
    assert_eq!(out, "finally\n");

    let line = local
        .swf(&[
            "execution",
            "wait",
            "o-1",
            "-d",
            "shop",
            "--run-id",
            &first,
            "--no-follow",
        ])
        .fails(3);
    let new_run = &second_task.workflow_execution.run_id;
    assert!(
        line.ends_with(&format!("continued as new: new run {new_run}")),
        "{line}"
    );
}

#[test]
fn gives_up_after_the_timeout_with_exit_4() {
    let local = Local::with_shop();
    let run = local.start_order("o-1", "{}");
    let line = local
        .swf(&[
            "execution",
            "wait",
            "o-1",
            "-d",
            "shop",
            "--timeout",
            "300ms",
        ])
        .fails(4);
    assert_eq!(
        line,
        format!("swf: workflow o-1 (run {run}) is still open after 0.300s")
    );
}
