//! `Client::get_whole_workflow_execution_history` against canned pages: every page's events in
//! order, each page asked for with the caller's page size and order and the previous page's token,
//! and a token chain that never ends cut at the bound instead of followed for ever.

use super::*;
use crate::ErrorKind;
use crate::types::{GetWorkflowExecutionHistoryInput, WorkflowExecution};

/// How long a read of canned pages may take: far more than it needs, so that a reader that loops
/// fails the test instead of hanging it.
const DEADLINE: Duration = Duration::from_secs(20);

fn input(
    maximum_page_size: Option<i32>,
    reverse_order: Option<bool>,
) -> GetWorkflowExecutionHistoryInput {
    GetWorkflowExecutionHistoryInput {
        domain: "shop".into(),
        execution: WorkflowExecution {
            workflow_id: "order-1".into(),
            run_id: "run-1".into(),
        },
        maximum_page_size,
        reverse_order,
        ..Default::default()
    }
}

/// The JSON bodies the server received, in order.
fn bodies(server: &Server) -> Vec<serde_json::Value> {
    let requests = server.requests();
    for r in &requests {
        assert_eq!(
            r.headers["x-amz-target"],
            "SimpleWorkflowService.GetWorkflowExecutionHistory"
        );
    }
    requests
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

#[tokio::test]
async fn every_page_is_read_with_the_callers_page_size_and_order() {
    // A history of five events, newest first, two a page.
    let server = Server::start(vec![
        json(
            200,
            r#"{"events": [{"eventId": 5, "eventTimestamp": 5.0, "eventType": "WorkflowExecutionSignaled"},
                           {"eventId": 4, "eventTimestamp": 4.0, "eventType": "WorkflowExecutionSignaled"}],
                "nextPageToken": "after-4"}"#,
        ),
        json(
            200,
            r#"{"events": [{"eventId": 3, "eventTimestamp": 3.0, "eventType": "DecisionTaskStarted"},
                           {"eventId": 2, "eventTimestamp": 2.0, "eventType": "DecisionTaskScheduled"}],
                "nextPageToken": "after-2"}"#,
        ),
        json(
            200,
            r#"{"events": [{"eventId": 1, "eventTimestamp": 1.0, "eventType": "WorkflowExecutionStarted"}]}"#,
        ),
    ])
    .await;
    let client = server.client().build().await.unwrap();
    let read = client.get_whole_workflow_execution_history(input(Some(2), Some(true)));
    let whole = tokio::time::timeout(DEADLINE, read)
        .await
        .expect("the read ends")
        .unwrap();

    let ids: Vec<i64> = whole.events.iter().map(|e| e.event_id).collect();
    assert_eq!(ids, [5, 4, 3, 2, 1]);
    assert_eq!(whole.pages, 3);
    let asked: Vec<_> = bodies(&server)
        .iter()
        .map(|b| {
            (
                b["maximumPageSize"].clone(),
                b["reverseOrder"].clone(),
                b.get("nextPageToken").cloned(),
            )
        })
        .collect();
    let page = |token: Option<&str>| (2.into(), true.into(), token.map(Into::into));
    assert_eq!(
        asked,
        [page(None), page(Some("after-4")), page(Some("after-2"))]
    );
}

#[tokio::test]
async fn a_history_that_fits_one_page_is_one_call() {
    let server = Server::start(vec![json(
        200,
        r#"{"events": [{"eventId": 1, "eventTimestamp": 1.0, "eventType": "WorkflowExecutionStarted"}],
            "nextPageToken": ""}"#,
    )])
    .await;
    let client = server.client().build().await.unwrap();
    let whole = client
        .get_whole_workflow_execution_history(input(None, None))
        .await
        .unwrap();
    assert_eq!((whole.events.len(), whole.pages), (1, 1));
    let body = &bodies(&server)[0];
    // Nothing the caller left unset is sent: the service's defaults apply.
    assert!(body.get("maximumPageSize").is_none(), "{body}");
    assert!(body.get("reverseOrder").is_none(), "{body}");
}

#[tokio::test]
async fn a_token_chain_that_never_ends_fails_at_the_bound() {
    // 25,000 events fill 25 pages of SWF's largest size (1,000, the default); two more to spare.
    const MAX_PAGES: usize = 27;
    const ENDLESS: &str = r#"{"events": [{"eventId": 1, "eventTimestamp": 1.0, "eventType": "WorkflowExecutionSignaled"}],
                              "nextPageToken": "again"}"#;
    // More pages than the bound, so that a reader reading past it is not stopped by the server
    // running out of answers before the count is checked.
    let server = Server::start((0..MAX_PAGES + 3).map(|_| json(200, ENDLESS)).collect()).await;
    let client = server.client().build().await.unwrap();
    let read = client.get_whole_workflow_execution_history(input(None, None));
    let error = tokio::time::timeout(DEADLINE, read)
        .await
        .expect("the read ends")
        .unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::EndlessHistory { pages: MAX_PAGES }),
        "{error:?}"
    );
    assert_eq!(
        error.operation(),
        Some(Operation::GetWorkflowExecutionHistory)
    );
    assert!(
        error
            .to_string()
            .contains("the history did not end after 27 pages"),
        "{error}"
    );
    assert!(!error.is_retryable());
    assert_eq!(
        bodies(&server).len(),
        MAX_PAGES,
        "one first page, then the rest"
    );
}
