//! Histories longer than a page: `GetWorkflowExecutionHistory` and `PollForDecisionTask` page
//! with `maximumPageSize`, `nextPageToken` and `reverseOrder`.

use crate::common::*;
use swf_core::types::*;

async fn long_history(env: &Env) -> WorkflowExecution {
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(&task, (0..1100).map(|i| marker(&format!("m{i}"))).collect())
        .await;
    execution
}

#[tokio::test]
async fn history_over_1000_events_pages_forward_and_backward() {
    let env = env().await;
    let execution = long_history(&env).await;
    let first = env
        .client
        .get_workflow_execution_history(GetWorkflowExecutionHistoryInput {
            domain: "d".into(),
            execution: execution.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(first.events.len(), 1000);
    assert!(first.next_page_token.is_some());
    let all = env.history(&execution).await;
    assert_eq!(all.len(), 1104);
    assert!(
        all.iter()
            .enumerate()
            .all(|(i, e)| e.event_id == i as i64 + 1)
    );

    let mut reversed = Vec::new();
    let mut token = None;
    for _ in 0..20 {
        let page = env
            .client
            .get_workflow_execution_history(GetWorkflowExecutionHistoryInput {
                domain: "d".into(),
                execution: execution.clone(),
                maximum_page_size: Some(100),
                next_page_token: token,
                reverse_order: Some(true),
            })
            .await
            .unwrap();
        assert!(page.events.len() <= 100);
        reversed.extend(page.events.into_iter().map(|e| e.event_id));
        token = page.next_page_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(reversed, (1..=1104).rev().collect::<Vec<i64>>());
}

#[tokio::test]
async fn decision_task_history_pages_and_starts_at_previous_started_event() {
    let env = env().await;
    let execution = long_history(&env).await;
    env.client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: execution.workflow_id.clone(),
            signal_name: "go".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let page1 = env
        .client
        .poll_for_decision_task(PollForDecisionTaskInput {
            domain: "d".into(),
            task_list: TaskList {
                name: DECISIONS.into(),
            },
            maximum_page_size: Some(600),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page1.events.len(), 600);
    assert_eq!(page1.previous_started_event_id, Some(3));
    let page2 = env
        .client
        .poll_for_decision_task(PollForDecisionTaskInput {
            domain: "d".into(),
            task_list: TaskList {
                name: DECISIONS.into(),
            },
            maximum_page_size: Some(600),
            next_page_token: page1.next_page_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page2.task_token, page1.task_token);
    assert_eq!(page2.events.len(), 1107 - 600);
    assert!(page2.next_page_token.is_none());
    assert_eq!(
        page2.events.last().unwrap().event_type,
        EventType::DecisionTaskStarted
    );

    // The whole task through swf-core's helper, and a later task read from the previous start.
    let whole = env
        .client
        .poll_for_whole_decision_task(PollForDecisionTaskInput {
            domain: "d".into(),
            task_list: TaskList {
                name: DECISIONS.into(),
            },
            ..Default::default()
        });
    // Nothing is scheduled while a task is started: the poll comes back empty.
    assert!(whole.await.unwrap().is_none());
    // Without the flag, a decision task's history starts at event 1.
    assert_eq!(page1.events[0].event_id, 1);
    assert_eq!(
        page1.events[0].event_type,
        EventType::WorkflowExecutionStarted
    );

    // The next task, read with the flag and in pages of 2, begins at the previous
    // DecisionTaskStarted (SWF: the events at or after its timestamp) instead of event 1.
    env.decide(&page1, vec![]).await;
    env.client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: execution.workflow_id.clone(),
            signal_name: "again".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let whole = env
        .client
        .poll_for_whole_decision_task(PollForDecisionTaskInput {
            domain: "d".into(),
            task_list: TaskList {
                name: DECISIONS.into(),
            },
            maximum_page_size: Some(2),
            start_at_previous_started_event: Some(true),
            ..Default::default()
        })
        .await
        .unwrap()
        .expect("the signal scheduled a decision task");
    let from_previous = &whole.task;
    // Two events a page, every page read.
    assert_eq!(whole.pages, from_previous.events.len().div_ceil(2));
    assert_eq!(from_previous.previous_started_event_id, Some(1107));
    let first = &from_previous.events[0];
    assert_eq!(
        (first.event_id, &first.event_type),
        (1107, &EventType::DecisionTaskStarted)
    );
    // From there on it is the history as a poll without the flag would return it.
    let history = env.history(&execution).await;
    assert_eq!(
        history.last().unwrap().event_id,
        from_previous.started_event_id
    );
    assert_eq!(from_previous.events, history[1106..]);
}
