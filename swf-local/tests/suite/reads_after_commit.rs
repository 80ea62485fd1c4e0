//! Reads answer only from committed state. The service applies a call in memory, then commits
//! it; a read answered in between could show an event that a crash then discards. Here a commit
//! is made to fail (a trigger in the file refuses one event, as in `durability_restart`), which
//! leaves the event in memory and out of the file for as long as the trigger stays: exactly the
//! window a crash would hit. A read in that window must not show it.

use crate::binary_cli::LocalBinary;
use crate::common::*;
use crate::durability_restart::TempDb;
use std::time::{Duration, Instant};
use swf_core::Client;
use swf_core::types::*;
use swf_local::Server;
use swf_testkit::harness::Domain;

const REFUSE: &str =
    "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.event LIKE '%uncommitted%'
     BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";

async fn start(client: &Client) -> WorkflowExecution {
    Domain::new(client.clone(), DOMAIN)
        .start(StartWorkflowExecutionInput {
            workflow_id: "w".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await
}

/// Signals `w` with a signal the trigger refuses: the call fails with a 500 (applied in memory,
/// not committed).
async fn uncommitted_signal(client: &Client) {
    let failed = client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: DOMAIN.into(),
            workflow_id: "w".into(),
            signal_name: "uncommitted".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(failed.status().map(|s| s.as_u16()), Some(500), "{failed}");
}

async fn read(client: &Client, w: &WorkflowExecution) -> Result<History, swf_core::Error> {
    client
        .get_workflow_execution_history(GetWorkflowExecutionHistoryInput {
            domain: DOMAIN.into(),
            execution: w.clone(),
            ..Default::default()
        })
        .await
}

fn ids(events: &[HistoryEvent]) -> Vec<(i64, EventType)> {
    events
        .iter()
        .map(|e| (e.event_id, e.event_type.clone()))
        .collect()
}

#[tokio::test]
async fn a_read_never_shows_what_a_crash_discards() {
    let db = TempDb::new("reads-after-commit");
    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    register_domain(&client, DOMAIN).await;
    let w = start(&client).await;
    let file = rusqlite::Connection::open(db.path()).unwrap();
    file.execute_batch(REFUSE).unwrap();
    uncommitted_signal(&client).await;

    // The event is in memory and not in the file: the read must not show it.
    let shown = read(&client, &w).await;
    let kinds = [
        client
            .describe_workflow_execution(DescribeWorkflowExecutionInput {
                domain: DOMAIN.into(),
                execution: w.clone(),
            })
            .await
            .map(|_| ()),
        client
            .count_pending_decision_tasks(CountPendingDecisionTasksInput {
                domain: DOMAIN.into(),
                task_list: TaskList {
                    name: DECISIONS.into(),
                },
            })
            .await
            .map(|_| ()),
    ];

    // A crash now discards it.
    server.kill();
    file.execute_batch("DROP TRIGGER refuse").unwrap();
    drop(file);
    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    let restored = read(&client, &w).await.unwrap().events;
    assert!(
        of_type(&restored, EventType::WorkflowExecutionSignaled).is_empty(),
        "the signal was never committed"
    );
    match shown {
        Ok(history) => assert!(
            ids(&history.events)
                .iter()
                .all(|e| ids(&restored).contains(e)),
            "a read showed {:?}, but after the crash the history is {:?}",
            ids(&history.events),
            ids(&restored)
        ),
        Err(e) => assert_eq!(e.status().map(|s| s.as_u16()), Some(500), "{e}"),
    }
    // Reads of other things wait for the same commit, and fail with it.
    for answer in kinds {
        let e = answer.expect_err("a read while its commit fails");
        assert_eq!(e.status().map(|s| s.as_u16()), Some(500), "{e}");
    }
    server.kill();
}

#[tokio::test]
async fn reads_go_on_once_the_commit_catches_up() {
    let db = TempDb::new("reads-catch-up");
    let server = Server::builder()
        .database(db.path())
        .poll_timeout(Duration::from_secs(1))
        .console(true)
        .start()
        .await
        .unwrap();
    let client = client_for(&server.endpoint_url()).await;
    register_domain(&client, DOMAIN).await;
    let w = start(&client).await;
    let file = rusqlite::Connection::open(db.path()).unwrap();
    file.execute_batch(REFUSE).unwrap();
    uncommitted_signal(&client).await;
    let refused = read(&client, &w).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(500), "{refused}");
    // The console's page of the execution does not show it either.
    let page = format!(
        "{}/console/execution?domain={DOMAIN}&workflowId=w&runId={}",
        server.endpoint_url(),
        w.run_id
    );
    let html = reqwest::get(&page).await.unwrap().text().await.unwrap();
    assert!(
        !html.contains("uncommitted"),
        "the console showed it: {html}"
    );

    // No other call comes: the writer retries on its own, and reads answer again.
    file.execute_batch("DROP TRIGGER refuse").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let history = loop {
        match read(&client, &w).await {
            Ok(history) => break history.events,
            Err(e) if Instant::now() < deadline => {
                assert_eq!(e.status().map(|s| s.as_u16()), Some(500), "{e}")
            }
            Err(e) => panic!("reads still fail after 20 s: {e}"),
        }
    };
    let signaled = of_type(&history, EventType::WorkflowExecutionSignaled);
    assert_eq!(signaled.len(), 1);
    let in_file: i64 = file
        .query_row(
            "SELECT count(*) FROM events WHERE run_id = ?1 AND event_id = ?2",
            rusqlite::params![w.run_id, signaled[0].event_id],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(in_file, 1, "what the read shows is in the file");
    server.shutdown().await;
}
