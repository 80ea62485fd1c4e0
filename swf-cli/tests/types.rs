//! `swf activity-type` and `swf workflow-type`: registration with defaults, listing, describing,
//! deprecation and deletion.

mod common;
use common::Local;

#[test]
fn activity_type_defaults_reach_the_service() {
    let local = Local::with_shop();
    let json = local
        .swf(&[
            "activity-type",
            "describe",
            "charge",
            "v1",
            "-d",
            "shop",
            "-o",
            "json",
        ])
        .json();
    let c = &json["configuration"];
    assert_eq!(c["defaultTaskList"]["name"], "payments");
    assert_eq!(c["defaultTaskStartToCloseTimeout"], "60");
    assert_eq!(c["defaultTaskScheduleToCloseTimeout"], "300");
    assert_eq!(c["defaultTaskScheduleToStartTimeout"], "300");
    assert_eq!(c["defaultTaskHeartbeatTimeout"], "NONE");
    assert_eq!(json["typeInfo"]["status"], "REGISTERED");

    let text = local
        .swf(&["activity-type", "describe", "charge", "v1", "-d", "shop"])
        .ok();
    assert!(
        text.contains("default task list:          payments\n"),
        "{text}"
    );
    assert!(
        text.contains("default schedule-to-close:  300s (5m00s)\n"),
        "{text}"
    );
}

#[test]
fn workflow_type_defaults_reach_the_service() {
    let local = Local::with_shop();
    let json = local
        .swf(&[
            "workflow-type",
            "describe",
            "order",
            "v1",
            "-d",
            "shop",
            "-o",
            "json",
        ])
        .json();
    let c = &json["configuration"];
    assert_eq!(c["defaultTaskList"]["name"], "deciders");
    assert_eq!(c["defaultExecutionStartToCloseTimeout"], "3600");
    assert_eq!(c["defaultTaskStartToCloseTimeout"], "60");
    assert_eq!(c["defaultChildPolicy"], "TERMINATE");
}

#[test]
fn list_deprecate_undeprecate_delete() {
    let local = Local::with_shop();
    local
        .swf(&[
            "activity-type",
            "register",
            "refund",
            "v2",
            "-d",
            "shop",
            "--description",
            "money back",
        ])
        .ok();
    let table = local.swf(&["activity-type", "list", "-d", "shop"]).ok();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|l| l.split_whitespace().take(3).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["NAME", "VERSION", "STATUS"],
            ["charge", "v1", "REGISTERED"],
            ["refund", "v2", "REGISTERED"]
        ]
    );
    assert!(
        table.lines().nth(2).unwrap().ends_with("  money back"),
        "{table}"
    );

    let only = local
        .swf(&[
            "activity-type",
            "list",
            "-d",
            "shop",
            "--name",
            "refund",
            "-o",
            "json",
        ])
        .json();
    assert_eq!(only["typeInfos"].as_array().unwrap().len(), 1);

    assert_eq!(
        local
            .swf(&["activity-type", "deprecate", "refund", "v2", "-d", "shop"])
            .ok(),
        "Deprecated activity type refund v2.\n"
    );
    let deprecated = local
        .swf(&["activity-type", "list", "-d", "shop", "--deprecated"])
        .ok();
    assert!(
        deprecated
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("refund  v2       DEPRECATED"),
        "{deprecated}"
    );
    local
        .swf(&["activity-type", "undeprecate", "refund", "v2", "-d", "shop"])
        .ok();
    local
        .swf(&["activity-type", "deprecate", "refund", "v2", "-d", "shop"])
        .ok();
    local
        .swf(&["activity-type", "delete", "refund", "v2", "-d", "shop"])
        .ok();
    let line = local
        .swf(&["activity-type", "describe", "refund", "v2", "-d", "shop"])
        .fails(1);
    assert!(line.contains("UnknownResourceFault"), "{line}");

    local
        .swf(&["workflow-type", "deprecate", "order", "v1", "-d", "shop"])
        .ok();
    let line = local
        .swf(&[
            "execution",
            "start",
            "o-1",
            "-d",
            "shop",
            "--type",
            "order",
            "--type-version",
            "v1",
        ])
        .fails(1);
    assert!(line.contains("TypeDeprecatedFault"), "{line}");
    local
        .swf(&["workflow-type", "undeprecate", "order", "v1", "-d", "shop"])
        .ok();
    let json = local
        .swf(&["workflow-type", "list", "-d", "shop", "-o", "json"])
        .json();
    assert_eq!(json["typeInfos"][0]["workflowType"]["name"], "order");
}

#[test]
fn timeouts_are_checked_before_sending() {
    let local = Local::with_shop();
    let run = local.swf(&[
        "activity-type",
        "register",
        "x",
        "v1",
        "-d",
        "shop",
        "--default-task-heartbeat-timeout",
        "1.5s",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("SWF timeouts are whole seconds"),
        "{run:?}"
    );
}

#[test]
fn domain_comes_from_the_environment() {
    let local = Local::with_shop();
    let out = common::output(
        local
            .command(&["workflow-type", "list"])
            .env("SWF_DOMAIN", "shop"),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8(out.stdout).unwrap().contains("order"));
}
