//! Kill -9 and restart on the same database: every acknowledged event, execution, queued task,
//! timer and running timeout is back, and nothing is duplicated.

use crate::binary_cli::LocalBinary;
use crate::common::*;
use std::path::{Path, PathBuf};
use swf_core::Client;
use swf_core::types::*;

/// A database file in the temporary directory, deleted with its WAL files when dropped, so a
/// failing test leaves none behind either.
pub(crate) struct TempDb(PathBuf);

impl TempDb {
    /// A fresh path; `name` says which test it belongs to.
    pub(crate) fn new(name: &str) -> TempDb {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        TempDb(std::env::temp_dir().join(format!(
            "swf-local-{name}-{}-{nanos}.sqlite",
            std::process::id()
        )))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

async fn respond(client: &Client, task: &DecisionTask, decisions: Vec<Decision>) {
    client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: task.task_token.clone(),
            decisions: Some(decisions),
            ..Default::default()
        })
        .await
        .unwrap();
}

async fn start(client: &Client, id: &str, task_list: &str) -> WorkflowExecution {
    let run = client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: id.into(),
            workflow_type: wf_type(),
            task_list: Some(TaskList {
                name: task_list.into(),
            }),
            task_start_to_close_timeout: Some("2".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    WorkflowExecution {
        workflow_id: id.into(),
        run_id: run.run_id.unwrap(),
    }
}

#[tokio::test]
async fn state_survives_kill_and_restart() {
    let db = TempDb::new("durability");
    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    register_domain(&client, "d").await;

    // w1: one activity queued and a timer running.
    let w1 = start(&client, "w1", "l1").await;
    let task = poll_decision(&client, "l1").await;
    respond(
        &client,
        &task,
        vec![schedule_activity("queued"), start_timer("t", 2)],
    )
    .await;
    // w2: a decision task started and never answered: its timeout must still fire.
    let w2 = start(&client, "w2", "l2").await;
    let started = poll_decision(&client, "l2").await;
    assert!(!started.task_token.is_empty());
    // w3: completed.
    let w3 = start(&client, "w3", "l3").await;
    let task = poll_decision(&client, "l3").await;
    respond(&client, &task, vec![complete("done")]).await;
    // w4: a decision task queued, not started.
    let w4 = start(&client, "w4", "l4").await;

    // A closed run in a domain that keeps nothing: deleted, before or after the restart.
    client
        .register_domain(RegisterDomainInput {
            name: "brief".into(),
            workflow_execution_retention_period_in_days: "0".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: "brief".into(),
            name: WORKFLOW.into(),
            version: "1".into(),
            default_task_list: Some(TaskList { name: "b".into() }),
            default_execution_start_to_close_timeout: Some("60".into()),
            default_task_start_to_close_timeout: Some("10".into()),
            default_child_policy: Some(ChildPolicy::Terminate),
            ..Default::default()
        })
        .await
        .unwrap();
    let brief = client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "brief".into(),
            workflow_id: "b".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await
        .unwrap();
    client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: "brief".into(),
            workflow_id: "b".into(),
            ..Default::default()
        })
        .await
        .unwrap();

    let before: Vec<Vec<HistoryEvent>> =
        futures_join(&client, &[w1.clone(), w2.clone(), w3.clone(), w4.clone()]).await;

    server.kill(); // SIGKILL: no chance to flush anything.

    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    let after = futures_join(&client, &[w1.clone(), w2.clone(), w3.clone(), w4.clone()]).await;
    assert_eq!(before, after, "histories are back exactly");

    // Registrations are back.
    client
        .describe_activity_type(DescribeActivityTypeInput {
            domain: "d".into(),
            activity_type: act_type(),
        })
        .await
        .unwrap();
    let closed = client
        .count_closed_workflow_executions(CountClosedWorkflowExecutionsInput {
            domain: "d".into(),
            start_time_filter: Some(ExecutionTimeFilter {
                oldest_date: Timestamp::from_millis(0),
                latest_date: None,
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(closed.count, 1);

    let brief = WorkflowExecution {
        workflow_id: "b".into(),
        run_id: brief.run_id.unwrap(),
    };
    let describe_brief = || {
        client.describe_workflow_execution(DescribeWorkflowExecutionInput {
            domain: "brief".into(),
            execution: brief.clone(),
        })
    };
    // The queued tasks are handed out once each.
    let activity = poll_activity(&client).await;
    assert_eq!(activity.activity_id, "queued");
    assert!(poll_activity(&client).await.task_token.is_empty());
    let queued = poll_decision(&client, "l4").await;
    assert_eq!(queued.workflow_execution, w4);
    assert!(poll_decision(&client, "l4").await.task_token.is_empty());

    // The started decision task of w2 times out and is scheduled again.
    let mut rescheduled = DecisionTask::default();
    for _ in 0..5 {
        rescheduled = poll_decision(&client, "l2").await;
        if !rescheduled.task_token.is_empty() {
            break;
        }
    }
    assert!(of_type(&rescheduled.events, EventType::DecisionTaskTimedOut).len() == 1);
    // The old token of w2 is stale.
    let stale = client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: started.task_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(stale.is_unknown_resource(), "{stale}");

    // w1's timer fires after the restart, exactly once.
    let mut fired = DecisionTask::default();
    for _ in 0..5 {
        fired = poll_decision(&client, "l1").await;
        if !fired.task_token.is_empty() {
            break;
        }
    }
    assert_eq!(of_type(&fired.events, EventType::TimerFired).len(), 1);

    // The brief run was purged before the kill, or its retention deadline was re-armed on the
    // restart. That deadline (its close) came before w1's timer was due, and the scheduler fires
    // deadlines in time order, so now that the timer has fired the purge has run too.
    assert!(describe_brief().await.unwrap_err().is_unknown_resource());

    // A restart after that changes nothing either.
    let before = futures_join(&client, &[w1.clone(), w2.clone()]).await;
    server.kill();
    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    let after = futures_join(&client, &[w1, w2]).await;
    assert_eq!(before, after);
    for h in &after {
        assert!(
            h.iter()
                .enumerate()
                .all(|(i, e)| e.event_id == i as i64 + 1),
            "no gaps, no duplicates"
        );
    }
    server.kill();
    // The deletion reached the file itself.
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let rows: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM runs WHERE domain = 'brief') + (SELECT COUNT(*) FROM events WHERE domain = 'brief')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0);
}

async fn futures_join(client: &Client, executions: &[WorkflowExecution]) -> Vec<Vec<HistoryEvent>> {
    let mut out = Vec::new();
    for e in executions {
        out.push(history(client, e).await);
    }
    out
}

/// A commit that fails (here a trigger in the file refuses one event) answers its call with a
/// 500, which says the call may have been applied: the service's memory has it, and deciders may
/// already see it. So the next commit must write it too. After a restart the history is the one
/// clients were shown, with no gap where the failed commit was.
#[tokio::test]
async fn a_failed_commit_is_written_by_the_next() {
    let db = TempDb::new("failed-commit");
    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    register_domain(&client, "d").await;
    let w = start(&client, "w", "l").await;
    let signal = |input: &str| {
        client.signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            signal_name: "s".into(),
            input: Some(input.into()),
            ..Default::default()
        })
    };

    let file = rusqlite::Connection::open(db.path()).unwrap();
    file.execute_batch(
        "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.event LIKE '%refused%'
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
    )
    .unwrap();
    let failed = signal("refused").await.unwrap_err();
    assert_eq!(failed.status().map(|s| s.as_u16()), Some(500), "{failed}");
    assert!(failed.is_ambiguous(), "a 500 may have been applied");
    file.execute_batch("DROP TRIGGER refuse").unwrap();
    drop(file);
    signal("accepted").await.unwrap();
    let shown = history(&client, &w).await;
    let signals: Vec<_> = of_type(&shown, EventType::WorkflowExecutionSignaled)
        .iter()
        .map(|e| {
            let attrs = e.workflow_execution_signaled_event_attributes.as_ref();
            attrs.unwrap().input.clone().unwrap()
        })
        .collect();
    assert_eq!(signals, ["refused", "accepted"], "what clients are shown");

    server.kill();
    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    let restored = history(&client, &w).await;
    assert_eq!(
        restored.iter().map(|e| e.event_id).collect::<Vec<_>>(),
        shown.iter().map(|e| e.event_id).collect::<Vec<_>>(),
        "every event is back, dense"
    );
    assert_eq!(restored, shown);
    server.kill();
}
