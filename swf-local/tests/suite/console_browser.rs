//! The web console in a real browser (headless Chromium through ChromeDriver): a person's path
//! from the domains to one execution, the filters, and what the execution's page shows, with
//! client-written values that try to inject HTML.
//!
//! Set `SWF_CONSOLE_SCREENSHOT=<file.png>` to have Chromium's own `--screenshot` save the
//! execution's page (the README's picture is made this way).

use crate::common::*;
use std::time::Duration;
use swf_core::types::*;
use swf_local::{Server, VirtualClock};
use swf_testkit::browser::{self, Browser};

/// Values a client chose, each trying to become markup in the page.
const PARENT_ID: &str = "order-7 <b id=\"injected-id\">bold";
const INPUT: &str = "{\"sku\":\"<script id='injected-input'>alert(1)</script>\"}";
const HEARTBEAT: &str = "<img src=x data-injected=\"hb\"> 40% packed";
const SIGNAL_INPUT: &str = "<i data-injected=\"signal\">yes</i>";
const CHILD_ID: &str = "order-7-shipping";
const OTHER_ID: &str = "batch-9";

/// A service with the console on, on a manual virtual clock (time moves only when a test
/// advances it, so a timer fires without being waited for), and the suite's domain.
async fn console_env() -> Env {
    env_of(
        Server::builder()
            .poll_timeout(Duration::from_secs(1))
            .console(true)
            .virtual_clock(VirtualClock::new().manual()),
    )
    .await
}

/// An order that charged (completed), waited on a timer (fired), heard a signal, ran a child
/// (completed), and is shipping (an activity started and heartbeating); and another execution,
/// terminated.
async fn run_an_order(env: &Env) -> WorkflowExecution {
    let other = env
        .start_with(StartWorkflowExecutionInput {
            workflow_id: OTHER_ID.into(),
            tag_list: Some(vec!["batch".into()]),
            ..Default::default()
        })
        .await;
    env.client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: DOMAIN.into(),
            workflow_id: other.workflow_id.clone(),
            reason: Some("replaced".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let parent = env
        .start_with(StartWorkflowExecutionInput {
            workflow_id: PARENT_ID.into(),
            tag_list: Some(vec!["vip".into()]),
            input: Some(INPUT.into()),
            ..Default::default()
        })
        .await;
    let task = env.decision().await;
    assert_eq!(task.workflow_execution, parent);
    let ship = ScheduleActivityTaskDecisionAttributes {
        activity_id: "ship".into(),
        heartbeat_timeout: Some("300".into()),
        ..Default::default()
    };
    let decisions = vec![
        schedule_activity("charge"),
        schedule_activity_with(ship),
        start_timer("wait", 1),
        start_child(CHILD_ID),
    ];
    env.decide(&task, decisions).await;
    // The timer's second passes at once, on the virtual clock.
    env.server.advance(Duration::from_secs(1)).await.unwrap();
    let child = env.decision_on("children").await;
    env.decide(&child, vec![complete("label printed")]).await;
    let charge = env.activity().await;
    assert_eq!(charge.activity_id, "charge");
    env.client
        .respond_activity_task_completed(RespondActivityTaskCompletedInput {
            task_token: charge.task_token,
            result: Some("\"charged\"".into()),
        })
        .await
        .unwrap();
    let ship = env.activity().await;
    assert_eq!(ship.activity_id, "ship");
    env.client
        .record_activity_task_heartbeat(RecordActivityTaskHeartbeatInput {
            task_token: ship.task_token,
            details: Some(HEARTBEAT.into()),
        })
        .await
        .unwrap();
    env.in_domain()
        .signal(PARENT_ID, None, "approve", Some(SIGNAL_INPUT))
        .await;
    // Answer the parent's decision tasks (with nothing) until the timer has fired and the
    // child's completion and the signal are in: each arrival schedules one.
    for _ in 0..10 {
        let kinds = env.event_types(&parent).await;
        let has = |t: &str| kinds.iter().any(|k| k == t);
        if has("TimerFired")
            && has("ChildWorkflowExecutionCompleted")
            && has("WorkflowExecutionSignaled")
        {
            return parent;
        }
        let task = env.decision().await;
        env.decide(&task, vec![]).await;
    }
    panic!("the order's timer, child and signal did not all arrive");
}

/// The row of `table` whose `what` cell starts with `what`.
async fn row(b: &Browser, table: &str, what: &str) -> browser::Element {
    for row in b.find_all(&format!("{table} tr.entry")).await {
        let cell = b.find_in(&row, ".what").await;
        if b.text(&cell).await.starts_with(what) {
            return row;
        }
    }
    panic!(
        "no timeline row starts with {what:?}:\n{}",
        b.source().await
    );
}

async fn cell(b: &Browser, row: &browser::Element, css: &str) -> String {
    let cell = b.find_in(row, css).await;
    b.text(&cell).await
}

/// The texts of every `css` on the page.
async fn texts(b: &Browser, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in b.find_all(css).await {
        out.push(b.text(&e).await);
    }
    out
}

/// Fills the executions page's filter form with `fields` (others emptied) and submits it.
async fn filter(b: &Browser, fields: &[(&str, &str)]) {
    for input in ["workflowId", "typeName", "typeVersion", "tag"] {
        let value = fields
            .iter()
            .find(|(n, _)| *n == input)
            .map_or("", |(_, v)| v);
        let field = b.find(&format!("#filters input[name={input}]")).await;
        b.type_into(&field, value).await;
    }
    b.click_to_navigate(&b.find("#filters button").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_finds_an_execution_and_reads_what_happened() {
    // The browser starts while the order runs: each takes about a second.
    let (b, (env, parent)) = tokio::join!(
        Browser::start("console_browser::a_person_finds_an_execution_and_reads_what_happened"),
        async {
            let env = console_env().await;
            let parent = run_an_order(&env).await;
            (env, parent)
        }
    );
    let Some(b) = b else {
        return;
    };
    let console = format!("{}/console", env.server.endpoint_url());

    // The domains, then the domain's open executions: the order only.
    b.goto(&console).await;
    assert_eq!(texts(&b, "#domains a.domain").await, [DOMAIN]);
    b.click_to_navigate(&b.find("#domains a.domain").await)
        .await;
    assert_eq!(texts(&b, "#executions a.execution").await, [PARENT_ID]);

    // SWF's filters: a tag, one that matches nothing, and two filters SWF refuses together.
    filter(&b, &[("tag", "vip")]).await;
    assert!(b.url().await.contains("tag=vip"), "{}", b.url().await);
    assert_eq!(texts(&b, "#executions a.execution").await, [PARENT_ID]);
    filter(&b, &[("tag", "none-such")]).await;
    assert_eq!(texts(&b, "#none").await, ["No execution matches."]);
    filter(&b, &[("tag", "vip"), ("workflowId", PARENT_ID)]).await;
    let error = b.text(&b.find("#error").await).await;
    assert!(error.contains("mutually exclusive"), "{error}");

    // A start time range, as the form's date-time fields send it.
    let open = format!("{console}/executions?domain={DOMAIN}&status=open");
    b.goto(&format!("{open}&startedFrom=2999-01-01T00:00"))
        .await;
    assert_eq!(texts(&b, "#none").await, ["No execution matches."]);
    b.goto(&format!(
        "{open}&startedFrom=2000-01-01T00:00&startedTo=2999-01-01T00:00"
    ))
    .await;
    assert_eq!(texts(&b, "#executions a.execution").await, [PARENT_ID]);

    // Closed executions: the child and the terminated one; by close status, the terminated one.
    let closed = b.find_all(".tabs a").await;
    b.click_to_navigate(&closed[1]).await;
    let mut ids = texts(&b, "#executions a.execution").await;
    ids.sort();
    assert_eq!(ids, [OTHER_ID, CHILD_ID]);
    let mut terminated = None;
    for option in b.find_all("select[name=closeStatus] option").await {
        if b.text(&option).await == "TERMINATED" {
            terminated = Some(option);
        }
    }
    b.click(&terminated.expect("a TERMINATED option")).await;
    b.click_to_navigate(&b.find("#filters button").await).await;
    assert_eq!(texts(&b, "#executions a.execution").await, [OTHER_ID]);
    assert_eq!(texts(&b, "#executions td.bad").await, ["TERMINATED"]);

    // The order's own page.
    b.click_to_navigate(&b.find(".tabs a").await).await;
    b.click_to_navigate(&b.find("#executions a.execution").await)
        .await;
    assert_eq!(b.text(&b.find("#workflow-id").await).await, PARENT_ID);
    assert_eq!(b.text(&b.find("#run-id").await).await, parent.run_id);
    assert_eq!(b.text(&b.find("#status").await).await, "OPEN");
    assert_eq!(b.text(&b.find("#input").await).await, INPUT);

    // The timeline: each thing with its outcome and how long it took.
    let charge = row(&b, "#timeline", "activity charge").await;
    assert_eq!(cell(&b, &charge, ".outcome").await, "completed");
    assert!(cell(&b, &charge, ".took").await.ends_with('s'));
    assert!(cell(&b, &charge, ".details").await.contains("\"charged\""));
    let timer = row(&b, "#timeline", "timer wait").await;
    assert_eq!(cell(&b, &timer, ".outcome").await, "fired");
    let took = cell(&b, &timer, ".took").await;
    let secs: f64 = took.trim_end_matches('s').parse().unwrap();
    assert_eq!(secs, 1.0, "the 1 s timer took {took} on the virtual clock");
    let signal = row(&b, "#timeline", "signal approve").await;
    assert!(cell(&b, &signal, ".details").await.contains(SIGNAL_INPUT));
    let child = row(&b, "#timeline", &format!("child {CHILD_ID}")).await;
    assert_eq!(cell(&b, &child, ".outcome").await, "completed");
    let ship = row(&b, "#timeline", "activity ship").await;
    assert_eq!(cell(&b, &ship, ".outcome").await, "started");
    assert_eq!(cell(&b, &ship, ".took").await, "");

    // The pending activity and its last heartbeat.
    let pending = b.find_all("#pending tr.pending").await;
    assert_eq!(pending.len(), 1);
    assert_eq!(cell(&b, &pending[0], ".activity-id").await, "ship");
    assert_eq!(cell(&b, &pending[0], ".heartbeat-details").await, HEARTBEAT);
    assert!(cell(&b, &pending[0], ".heartbeat").await.ends_with("UTC"));

    // Nothing a client wrote became markup.
    for injected in [
        "#injected-id",
        "#injected-input",
        "[data-injected]",
        "script",
    ] {
        assert!(
            b.find_all(injected).await.is_empty(),
            "`{injected}` is in the page:\n{}",
            b.source().await
        );
    }

    // The tree: the order, its child under it; the child's page links back to its parent.
    assert_eq!(texts(&b, "#tree .here a").await, [PARENT_ID]);
    assert_eq!(texts(&b, "#tree ul.tree ul.tree a").await, [CHILD_ID]);
    if let Ok(path) = std::env::var("SWF_CONSOLE_SCREENSHOT") {
        screenshot(&b.url().await, &path);
    }
    b.click_to_navigate(&b.find("#tree ul.tree ul.tree a").await)
        .await;
    assert_eq!(b.text(&b.find("#workflow-id").await).await, CHILD_ID);
    assert_eq!(b.text(&b.find("#status").await).await, "COMPLETED");
    assert_eq!(b.text(&b.find("#parent").await).await, PARENT_ID);
    b.click_to_navigate(&b.find("#parent").await).await;
    assert_eq!(b.text(&b.find("#workflow-id").await).await, PARENT_ID);
}

/// Saves `url` as a PNG with Chromium's own `--screenshot`.
fn screenshot(url: &str, path: &str) {
    let chromium = browser::chromium().expect("chromium, which the test just drove");
    let path = std::path::absolute(path).unwrap();
    let output = swf_testkit::process::run_with_deadline(
        std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
            ])
            .args([
                "--no-first-run",
                "--disable-background-networking",
                "--disable-sync",
            ])
            .args([
                "--disable-component-update",
                "--hide-scrollbars",
                "--window-size=1280,1000",
            ])
            .arg(format!("--screenshot={}", path.display()))
            .arg(url),
        Duration::from_secs(60),
    );
    assert!(path.is_file(), "no screenshot: {output:?}");
}

/// Off by default: the console's paths are not pages, just requests SWF refuses.
#[tokio::test]
async fn the_console_is_off_unless_asked_for() {
    let env = env().await;
    let response = reqwest::get(format!("{}/console", env.server.endpoint_url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("MissingAction"), "{body}");
}

/// A page that cannot be shown says why, with the status a browser expects.
#[tokio::test]
async fn unknown_things_are_404_and_missing_parameters_400() {
    let env = console_env().await;
    let url = |path: &str| format!("{}{path}", env.server.endpoint_url());
    let get = |path: String| async move {
        let response = reqwest::get(path).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    };
    let (status, body) = get(url("/console/executions?domain=nope")).await;
    assert_eq!(status, 404);
    assert!(body.contains("Unknown domain: nope"), "{body}");
    let (status, body) = get(url("/console/execution?domain=d&workflowId=w")).await;
    assert_eq!(status, 400);
    assert!(body.contains("`runId` is missing"), "{body}");
    let (status, body) = get(url("/console/execution?domain=d&workflowId=w&runId=r")).await;
    assert_eq!(status, 404);
    assert!(body.contains("Unknown execution"), "{body}");
    let (status, _) = get(url("/console/elsewhere")).await;
    assert_eq!(status, 404);
}

/// The binary's `--console` turns it on, on the endpoint's own address.
#[tokio::test]
async fn the_binary_serves_the_console_with_its_flag() {
    let binary = crate::binary_cli::LocalBinary::start_with(None, &["--console"]);
    let response = reqwest::get(format!("{}/console", binary.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(kind, "text/html; charset=utf-8");
    let body = response.text().await.unwrap();
    assert!(body.contains("<h1>Domains</h1>"), "{body}");
    binary.kill();
}

/// A listing longer than a page ends with a link to the next page, which keeps the filters.
#[tokio::test]
async fn a_long_listing_pages_on() {
    let env = console_env().await;
    for i in 0..101 {
        env.start_with(StartWorkflowExecutionInput {
            workflow_id: format!("w-{i:03}"),
            tag_list: Some(vec!["many".into()]),
            ..Default::default()
        })
        .await;
    }
    let first = format!(
        "{}/console/executions?domain={DOMAIN}&tag=many",
        env.server.endpoint_url()
    );
    let page = reqwest::get(&first).await.unwrap().text().await.unwrap();
    assert_eq!(page.matches("class=\"execution\"").count(), 100);
    let next = page
        .split_once("id=\"next-page\" href=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(href, _)| href.replace("&amp;", "&"))
        .expect("a next page link");
    assert!(next.contains("tag=many"), "{next}");
    let url = format!("{}{next}", env.server.endpoint_url());
    let page = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert_eq!(page.matches("class=\"execution\"").count(), 1);
    assert!(page.contains(">w-000<"), "the oldest is last, newest first");
    assert!(!page.contains("next-page"));
}
