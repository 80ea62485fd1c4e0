//! End to end on swf-local: reading an execution's whole history
//! (`Client::get_whole_workflow_execution_history`, which `WorkflowHandle::history`, the harness's
//! `Domain::history` and `swf history` all read with). A history longer than a page is read
//! whole, in either order; a service whose pages never end is given up on after the most pages
//! 25,000 events fill (plus two), instead of being read for ever.

mod common;

use std::time::Instant;

use common::local::{DOMAIN, Local, execution, start, within};
use common::workflows::GreetingWorkflow;
use swf_core::types::GetWorkflowExecutionHistoryInput;
use swf_core::{Client, ErrorKind, Operation};
use swf_decider::{ClientError, StartOptions, WorkflowClient, WorkflowHandle};
use swf_testkit::proxy::{FaultProxy, Stats, never_last};

const PAGE_SIZE: usize = 50;
/// The bound at that page size: enough pages for 25,000 events, plus two.
const MAX_PAGES: usize = 25_000 / PAGE_SIZE + 2;
/// The bound at SWF's default (and largest) page size, 1,000 events.
const MAX_DEFAULT_PAGES: usize = 25_000 / 1_000 + 2;
const GET: &str = "GetWorkflowExecutionHistory";

/// Starts a greeting run in a task list nobody serves and signals it `signals` times: a history of
/// `signals + 2` events (started, decision task scheduled, the signals) that stays put.
async fn signalled_run(local: &Local, id: &str, signals: usize) -> WorkflowHandle<String> {
    let mut builder = local.decider("unserved");
    builder.workflow(GreetingWorkflow);
    builder.build().unwrap().register().await.unwrap();
    let run = local
        .workflows()
        .start::<GreetingWorkflow>(id, &"Ada".to_owned(), &StartOptions::new())
        .await
        .unwrap();
    for _ in 0..signals {
        run.signal("nudge", &()).await.unwrap();
    }
    run
}

fn paged(
    run: &WorkflowHandle<String>,
    reverse_order: Option<bool>,
) -> GetWorkflowExecutionHistoryInput {
    GetWorkflowExecutionHistoryInput {
        domain: DOMAIN.into(),
        execution: execution(run),
        maximum_page_size: Some(PAGE_SIZE as i32),
        reverse_order,
        ..Default::default()
    }
}

#[tokio::test]
async fn a_history_longer_than_a_page_is_read_whole_in_either_order() {
    let local = start().await;
    let run = signalled_run(&local, "whole", 120).await;
    let client = &local.client;

    let oldest_first = within(
        30,
        client.get_whole_workflow_execution_history(paged(&run, None)),
    )
    .await
    .unwrap();
    let ids: Vec<i64> = oldest_first.events.iter().map(|e| e.event_id).collect();
    assert_eq!(ids, (1..=122).collect::<Vec<_>>());
    assert_eq!(oldest_first.pages, 3, "50 + 50 + 22 events");

    let newest_first = within(
        30,
        client.get_whole_workflow_execution_history(paged(&run, Some(true))),
    )
    .await
    .unwrap();
    let mut reversed = newest_first.events.clone();
    reversed.reverse();
    assert_eq!(reversed, oldest_first.events);
    assert_eq!(newest_first.pages, 3);

    // The callers read the same events (in one page of SWF's default size).
    assert_eq!(run.history().await.unwrap(), oldest_first.events);
    assert_eq!(local.history(&execution(&run)).await, oldest_first.events);
}

#[tokio::test]
async fn a_history_whose_pages_never_end_fails_at_the_bound() {
    let local = start().await;
    // 122 events: three pages of 50, the others endless.
    let run = signalled_run(&local, "endless", 120).await;
    let endless = FaultProxy::start(&local.server.endpoint_url()).await;
    endless.rewrite_answers(GET, never_last);
    let through_fault = Client::local_builder(endless.endpoint_url())
        .build()
        .await
        .unwrap();

    let reading = Instant::now();
    let error = within(
        30,
        through_fault.get_whole_workflow_execution_history(paged(&run, None)),
    )
    .await
    .unwrap_err();
    println!("{MAX_PAGES} pages read in {:?}", reading.elapsed());
    assert!(
        matches!(
            error.kind(),
            ErrorKind::EndlessHistory {
                pages: MAX_PAGES,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.operation(),
        Some(Operation::GetWorkflowExecutionHistory)
    );
    assert!(
        error
            .to_string()
            .contains(&format!("the history did not end after {MAX_PAGES} pages")),
        "{error}"
    );
    let every_page_read = Stats {
        received: MAX_PAGES as u64,
        faulted: 0,
        answered: MAX_PAGES as u64,
    };
    assert_eq!(
        endless.stats(GET),
        every_page_read,
        "one first page, then the rest"
    );
}

#[tokio::test]
async fn a_handles_history_whose_pages_never_end_is_an_error() {
    let local = start().await;
    // 1,002 events: more than SWF's default page of 1,000, so a second page comes, endless.
    let started = Instant::now();
    let run = signalled_run(&local, "endless-handle", 1_000).await;
    println!("1,000 signals in {:?}", started.elapsed());
    let endless = FaultProxy::start(&local.server.endpoint_url()).await;
    endless.rewrite_answers(GET, never_last);
    let through_fault = Client::local_builder(endless.endpoint_url())
        .build()
        .await
        .unwrap();
    let handle = WorkflowClient::new(through_fault, DOMAIN)
        .handle::<String>(run.workflow_id(), run.run_id().map(str::to_owned));

    let error = within(30, handle.history()).await.unwrap_err();
    let ClientError::Swf(error) = error else {
        panic!("{error:?}")
    };
    assert!(
        matches!(
            error.kind(),
            ErrorKind::EndlessHistory {
                pages: MAX_DEFAULT_PAGES,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(endless.stats(GET).answered, MAX_DEFAULT_PAGES as u64);
}
