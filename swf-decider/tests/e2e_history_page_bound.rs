//! End to end on swf-local: the decider's page bound. A decision task's history cannot have more
//! pages than SWF's 25,000 events fill (plus two), so a token chain longer than that is a service
//! fault. The decider stops reading there, reports it, and leaves the task to time out; the task
//! SWF schedules again is decided as usual once the pages end.

mod common;

use std::time::Duration;

use common::local::{DOMAIN, execution, start, within};
use common::workflows::GreetingWorkflow;
use swf_core::types::{DecisionTaskTimeoutType, DecisionType, EventType};
use swf_core::{Client, ErrorKind};
use swf_decider::{Decider, StartOptions};
use swf_testkit::proxy::{FaultProxy, Stats, never_last};

const PAGE_SIZE: usize = 100;
/// The bound the decider derives from the page size: enough pages for 25,000 events, plus two.
const MAX_PAGES: usize = 25_000 / PAGE_SIZE + 2;
const SIGNALS: usize = 120;
const POLL: &str = "PollForDecisionTask";

#[tokio::test]
async fn a_history_whose_pages_never_end_is_reported_and_left_to_time_out() {
    let local = start().await;
    let endless = FaultProxy::start(&local.server.endpoint_url()).await;
    endless.rewrite_answers(POLL, never_last);
    let through_fault = Client::local_builder(endless.endpoint_url())
        .build()
        .await
        .unwrap();
    let decider = |client: Client, identity: &str| {
        let mut b = Decider::builder(client);
        b.domain(DOMAIN)
            .task_list("pages")
            .identity(identity)
            .maximum_page_size(PAGE_SIZE as i32)
            .workflow(GreetingWorkflow)
            .register(true);
        b.build().unwrap()
    };
    let bounded = decider(through_fault, "bounded");
    bounded.register().await.unwrap();

    // 123 events by the time the task starts: two pages of 100, the second one endless.
    let run = local
        .workflows()
        .start::<GreetingWorkflow>(
            "pages-1",
            &"Ada".to_owned(),
            &StartOptions::new()
                .task_list("pages")
                .task_start_to_close_timeout(Duration::from_secs(1)),
        )
        .await
        .unwrap();
    for _ in 0..SIGNALS {
        run.signal("nudge", &()).await.unwrap();
    }

    // The task is taken (the poll is not empty: pages were asked for), its pages are read up to
    // the bound and no further, nothing is decided, and the caller is told why.
    let reading = std::time::Instant::now();
    let error = within(30, bounded.poll_once()).await.unwrap_err();
    println!("{MAX_PAGES} pages read in {:?}", reading.elapsed());
    assert!(
        matches!(error.kind(), ErrorKind::EndlessHistory { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains(&format!("the history did not end after {MAX_PAGES} pages")),
        "{error}"
    );
    assert_eq!(
        endless.stats(POLL),
        Stats {
            received: MAX_PAGES as u64,
            faulted: 0,
            answered: MAX_PAGES as u64
        },
        "one first page, then the rest"
    );

    // SWF times the task out and schedules another; read without the fault, it is decided.
    let healthy = decider(local.client.clone(), "healthy");
    let report = within(15, async {
        loop {
            if let Some(report) = healthy.poll_once().await.unwrap() {
                return report;
            }
        }
    })
    .await;
    assert!(report.responded, "{:?}", report.outcome);
    assert_eq!((report.events, report.pages), (3 + SIGNALS + 3, 2));
    let decisions = report.outcome.as_ref().unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(
        decisions[0].decision_type,
        DecisionType::CompleteWorkflowExecution
    );
    assert_eq!(within(10, run.result()).await.unwrap(), "Hello, Ada");

    // The whole story in the history: the task the bounded decider started (event 123) was never
    // completed but timed out, and the one SWF scheduled next was decided.
    let events = local.history(&execution(&run)).await;
    let story: Vec<_> = events[3 + SIGNALS - 1..]
        .iter()
        .map(|e| (e.event_id, e.event_type.clone()))
        .collect();
    let first = 3 + SIGNALS as i64;
    assert_eq!(
        story,
        [
            (first, EventType::DecisionTaskStarted),
            (first + 1, EventType::DecisionTaskTimedOut),
            (first + 2, EventType::DecisionTaskScheduled),
            (first + 3, EventType::DecisionTaskStarted),
            (first + 4, EventType::DecisionTaskCompleted),
            (first + 5, EventType::WorkflowExecutionCompleted),
        ]
    );
    let identity = |i: i64| {
        let started = events[i as usize - 1]
            .decision_task_started_event_attributes
            .as_ref()
            .unwrap();
        started.identity.clone().unwrap()
    };
    assert_eq!(
        (identity(first), identity(first + 3)),
        ("bounded".to_owned(), "healthy".to_owned())
    );
    let timed_out = events[first as usize]
        .decision_task_timed_out_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        (
            timed_out.timeout_type.clone(),
            timed_out.scheduled_event_id,
            timed_out.started_event_id
        ),
        (DecisionTaskTimeoutType::StartToClose, 2, first)
    );
}
