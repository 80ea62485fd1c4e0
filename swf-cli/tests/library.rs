//! The library's calls for other programs: [`swf_cli::timeline::of_execution`] prints what
//! `swf history show` prints, from the same service.

mod common;
use common::Local;
use swf_core::types::WorkflowExecution;

#[test]
fn of_execution_is_the_timeline_swf_history_show_prints() {
    let local = Local::with_shop();
    let run_id = local.run_order("o-1");
    let execution = WorkflowExecution {
        workflow_id: "o-1".into(),
        run_id,
    };
    let text = local
        .block_on(swf_cli::timeline::of_execution(
            &local.client,
            "shop",
            &execution,
        ))
        .expect("the history is read");
    let shown = local.swf(&["history", "show", "o-1", "-d", "shop"]).ok();
    // The same closed history both times: the same text, times included.
    assert_eq!(text.trim_end(), shown.trim_end());
    assert_eq!(text.lines().count(), 9, "{text}");
}

#[test]
fn of_execution_of_an_unknown_execution_is_the_service_error() {
    let local = Local::with_shop();
    let execution = WorkflowExecution {
        workflow_id: "nobody".into(),
        run_id: "0123456789".into(),
    };
    let error = local
        .block_on(swf_cli::timeline::of_execution(
            &local.client,
            "shop",
            &execution,
        ))
        .unwrap_err();
    assert_eq!(error.code(), Some("UnknownResourceFault"), "{error}");
}
