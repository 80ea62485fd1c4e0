//! `swf domain`: register, list, describe, deprecate, undeprecate, as tables and as JSON.

mod common;
use common::Local;

#[test]
fn register_describe_and_list() {
    let local = Local::start();
    let out = local
        .swf(&[
            "domain",
            "register",
            "shop",
            "--retention-days",
            "3",
            "--description",
            "orders",
            "--tag",
            "team=pay",
        ])
        .ok();
    assert_eq!(out, "Registered domain shop.\n");
    local
        .swf(&["domain", "register", "a-much-longer-name"])
        .ok();

    let table = local.swf(&["domain", "list"]).ok();
    assert_eq!(
        table,
        "NAME                STATUS      DESCRIPTION\n\
         a-much-longer-name  REGISTERED\n\
         shop                REGISTERED  orders\n"
    );

    let details = local.swf(&["domain", "describe", "shop"]).ok();
    assert!(details.starts_with("name:         shop\nstatus:       REGISTERED\ndescription:  orders\nretention:    3 days\n"), "{details}");

    let json = local
        .swf(&["domain", "describe", "shop", "-o", "json"])
        .json();
    assert_eq!(json["domainInfo"]["name"], "shop");
    assert_eq!(
        json["configuration"]["workflowExecutionRetentionPeriodInDays"],
        "3"
    );
}

#[test]
fn list_json_is_the_service_shape() {
    let local = Local::start();
    for i in 0..3 {
        local.swf(&["domain", "register", &format!("d{i}")]).ok();
    }
    let json = local.swf(&["--output", "json", "domain", "list"]).json();
    let names: Vec<&str> = json["domainInfos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["d0", "d1", "d2"]);
    assert!(json.get("nextPageToken").is_none());
}

#[test]
fn deprecate_and_undeprecate() {
    let local = Local::start();
    local.swf(&["domain", "register", "shop"]).ok();
    assert_eq!(
        local.swf(&["domain", "deprecate", "shop"]).ok(),
        "Deprecated domain shop.\n"
    );
    assert_eq!(
        local.swf(&["domain", "list"]).ok(),
        "NAME  STATUS  DESCRIPTION\n"
    );
    assert!(
        local
            .swf(&["domain", "list", "--deprecated"])
            .ok()
            .contains("shop  DEPRECATED")
    );
    // JSON mode prints nothing for calls without output, as the AWS CLI does.
    assert_eq!(
        local
            .swf(&["domain", "undeprecate", "shop", "-o", "json"])
            .ok(),
        ""
    );
    assert!(
        local
            .swf(&["domain", "list"])
            .ok()
            .contains("shop  REGISTERED")
    );
}

#[test]
fn service_faults_are_one_line() {
    let local = Local::start();
    local.swf(&["domain", "register", "shop"]).ok();
    let line = local.swf(&["domain", "register", "shop"]).fails(1);
    assert!(
        line.starts_with("swf: RegisterDomain failed: DomainAlreadyExistsFault"),
        "{line}"
    );
    let line = local.swf(&["domain", "describe", "nope"]).fails(1);
    assert!(
        line.starts_with("swf: DescribeDomain failed: UnknownResourceFault"),
        "{line}"
    );
}
