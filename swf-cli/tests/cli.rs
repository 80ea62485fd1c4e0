//! The command line itself: help with examples everywhere, usage errors, failures as one line,
//! and the standard AWS configuration path.

mod common;
use common::{Local, output, swf_binary};

const COMMANDS: &[&[&str]] = &[
    &[],
    &["local"],
    &["domain"],
    &["domain", "register"],
    &["domain", "list"],
    &["domain", "describe"],
    &["domain", "deprecate"],
    &["domain", "undeprecate"],
    &["activity-type"],
    &["activity-type", "register"],
    &["activity-type", "list"],
    &["activity-type", "describe"],
    &["activity-type", "deprecate"],
    &["activity-type", "undeprecate"],
    &["activity-type", "delete"],
    &["workflow-type"],
    &["workflow-type", "register"],
    &["workflow-type", "list"],
    &["workflow-type", "describe"],
    &["workflow-type", "deprecate"],
    &["workflow-type", "undeprecate"],
    &["workflow-type", "delete"],
    &["execution"],
    &["execution", "start"],
    &["execution", "signal"],
    &["execution", "request-cancel"],
    &["execution", "terminate"],
    &["execution", "describe"],
    &["execution", "list"],
    &["execution", "count"],
    &["execution", "wait"],
    &["history"],
    &["history", "get"],
    &["history", "show"],
];

fn swf(args: &[&str]) -> std::process::Output {
    output(swf_binary().args(args))
}

#[test]
fn every_command_has_help_with_examples() {
    for command in COMMANDS {
        if command.first() == Some(&"local") && !cfg!(feature = "local") {
            continue;
        }
        let out = swf(&[command, &["--help"][..]].concat());
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success(), "swf {command:?} --help failed");
        assert!(
            help.contains("Examples:\n  swf "),
            "no examples in `swf {} --help`:\n{help}",
            command.join(" ")
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = output(
        swf_binary()
            .args(["execution", "list"])
            .env_remove("SWF_DOMAIN"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--domain <DOMAIN>")
    );
    let out = swf(&[
        "execution",
        "start",
        "o",
        "-d",
        "shop",
        "--type",
        "t",
        "--type-version",
        "1",
        "--child-policy",
        "kill",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("\"kill\" is not one of TERMINATE, REQUEST_CANCEL, ABANDON")
    );
}

#[test]
fn an_unreachable_endpoint_is_one_line() {
    // A port that was just free: nothing listens there, so every connection is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = output(
        swf_binary()
            .args([
                "--endpoint-url",
                &format!("http://127.0.0.1:{port}"),
                "domain",
                "list",
            ])
            .env("AWS_EC2_METADATA_DISABLED", "true"),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("swf: ListDomains failed"), "{stderr}");
    assert!(lines[0].contains("Connection refused"), "{stderr}");
}

#[test]
fn the_standard_configuration_path_works_too() {
    // With credentials in the environment the loopback shortcut is off: region, endpoint and
    // credentials all come from the AWS variables, as for the real service.
    let local = Local::start();
    let out = output(
        swf_binary()
            .args(["domain", "register", "shop"])
            .env("AWS_ENDPOINT_URL_SWF", &local.endpoint)
            .env("AWS_REGION", "eu-west-1")
            .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env_remove("AWS_PROFILE")
            .env("AWS_EC2_METADATA_DISABLED", "true"),
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        local.swf(&["domain", "list", "-o", "json"]).json()["domainInfos"][0]["name"],
        "shop"
    );
}

#[test]
fn output_format_from_the_environment() {
    let local = Local::start();
    local.swf(&["domain", "register", "shop"]).ok();
    let out = output(local.command(&["domain", "list"]).env("SWF_OUTPUT", "json"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["domainInfos"][0]["name"], "shop");
}
