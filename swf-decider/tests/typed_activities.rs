//! Activities scheduled by their declared type (`ActivityOptions::of::<A>()`): the decision names
//! the type `A` declares and carries the input encoded, the handle reads the result as
//! `A::Output`, a typed activity decides exactly what the same activity by name does, and a result
//! that is not an `A::Output` is a workflow error naming the activity. What must not compile (a
//! wrong input or result type) is checked by the `compile_fail` examples on `TakesInput`.

use serde::{Deserialize, Serialize};
use swf_core::types::DecisionType;
use swf_decider::testing::{HistoryBuilder, Replay};
use swf_decider::{
    ActivityDeclaration, ActivityOptions, DecideError, RetryPolicy, Workflow, WorkflowContext,
    WorkflowResult,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Report {
    seconds: u64,
    codec: String,
}

/// Reads a video's length and codec.
struct Probe;

impl ActivityDeclaration for Probe {
    const NAME: &'static str = "probe";
    const VERSION: &'static str = "3";
    type Input = String;
    type Output = Report;
}

/// Transcodes a video to a codec; returns where the result is.
struct Transcode;

impl ActivityDeclaration for Transcode {
    const NAME: &'static str = "transcode";
    const VERSION: &'static str = "1";
    type Input = (String, String);
    type Output = String;
}

/// Probes the video, transcodes it unless it is AV1 already (retried), and completes with where
/// the AV1 copy is. `typed` says whether it names its activities by type or by strings.
struct Pipeline {
    typed: bool,
}

impl Workflow for Pipeline {
    const NAME: &'static str = "pipeline";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, video: String) -> WorkflowResult<String> {
        let retry = RetryPolicy::new(2);
        let target = (video.clone(), "av1".to_owned());
        if self.typed {
            let probe = ActivityOptions::of::<Probe>().task_list("media");
            let report = ctx.activity("probe", &probe, &video).result()?;
            if report.codec == "av1" {
                return Ok(video);
            }
            let transcode = ActivityOptions::of::<Transcode>().retry(retry);
            ctx.activity("transcode", &transcode, &target).result()
        } else {
            let probe = ActivityOptions::new("probe", "3").task_list("media");
            let report: Report = ctx.activity("probe", &probe, &video).result()?;
            if report.codec == "av1" {
                return Ok(video);
            }
            let transcode = ActivityOptions::new("transcode", "1").retry(retry);
            ctx.activity("transcode", &transcode, &target).result()
        }
    }
}

fn started() -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<Pipeline>(&"in.mp4");
    h.decision_task_started();
    h
}

fn report(codec: &str) -> Report {
    Report {
        seconds: 90,
        codec: codec.to_owned(),
    }
}

/// The history after `probe` completed with `report` (by the typed builder methods).
fn probed(report: &Report) -> HistoryBuilder {
    let mut h = started();
    h.decision_task_completed()
        .activity_scheduled_of::<Probe>("probe", &"in.mp4".to_owned())
        .activity_completed_of::<Probe>("probe", report);
    h.decision_task_started();
    h
}

#[test]
fn the_decision_names_the_declared_type_and_carries_the_encoded_input() {
    let replay = Replay::new(Pipeline { typed: true })
        .run(started().events())
        .unwrap();
    let decisions = replay.decisions();
    assert_eq!(decisions.types(), [DecisionType::ScheduleActivityTask]);
    let probe = decisions.activity("probe").unwrap();
    assert_eq!(probe.activity_type.name, "probe");
    assert_eq!(probe.activity_type.version, "3");
    assert_eq!(probe.input.as_deref(), Some("\"in.mp4\""));
    assert_eq!(probe.task_list.as_ref().unwrap().name, "media");
}

#[test]
fn the_result_is_read_as_the_declared_output() {
    // Not AV1: the report's codec leads to a transcode, with the probe's input and the target.
    let replay = Replay::new(Pipeline { typed: true })
        .run(probed(&report("h264")).events())
        .unwrap();
    let transcode = replay.decisions().activity("transcode").unwrap();
    assert_eq!(transcode.activity_type.name, "transcode");
    assert_eq!(transcode.input.as_deref(), Some("[\"in.mp4\",\"av1\"]"));

    // AV1 already: done, with the video as it was.
    let replay = Replay::new(Pipeline { typed: true })
        .run(probed(&report("av1")).events())
        .unwrap();
    assert_eq!(
        replay.decisions().completed_with::<String>().as_deref(),
        Some("in.mp4")
    );
}

#[test]
fn a_retried_typed_activity_reads_the_last_attempts_result() {
    let mut h = probed(&report("h264"));
    h.decision_task_completed()
        .activity_scheduled_of::<Transcode>("transcode", &("in.mp4".into(), "av1".into()))
        .activity_failed("transcode", "out of disk", None);
    h.decision_task_started();
    h.decision_task_completed()
        .timer_started("transcode#2", std::time::Duration::from_secs(1))
        .timer_fired("transcode#2");
    h.decision_task_started();
    h.decision_task_completed()
        .activity_scheduled_of::<Transcode>("transcode#2", &("in.mp4".into(), "av1".into()))
        .activity_completed_of::<Transcode>("transcode#2", &"out.av1".to_owned());
    h.decision_task_started();
    let replay = Replay::new(Pipeline { typed: true })
        .compare_inputs(true)
        .run(h.events())
        .unwrap();
    assert_eq!(
        replay.decisions().completed_with::<String>().as_deref(),
        Some("out.av1")
    );
}

#[test]
fn typed_and_by_name_decide_the_same() {
    for history in [started(), probed(&report("h264")), probed(&report("av1"))] {
        let typed = Replay::new(Pipeline { typed: true })
            .run(history.events())
            .unwrap();
        let by_name = Replay::new(Pipeline { typed: false })
            .run(history.events())
            .unwrap();
        assert_eq!(
            typed.decisions().clone().into_vec(),
            by_name.decisions().clone().into_vec()
        );
    }
}

#[test]
fn a_result_that_is_not_the_declared_output_is_a_workflow_error_naming_the_activity() {
    let mut h = started();
    h.decision_task_completed()
        .activity_scheduled("probe", "probe", "3")
        .activity_completed("probe", Some("\"a string, not a report\""));
    h.decision_task_started();
    let err = Replay::new(Pipeline { typed: true })
        .run(h.events())
        .unwrap_err();
    assert!(matches!(err, DecideError::Workflow(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("cannot decode the result of activity `probe`"),
        "{err}"
    );
}

#[test]
fn the_typed_history_builder_records_the_declared_type_and_json() {
    let mut h = started();
    h.decision_task_completed()
        .activity_scheduled_of::<Probe>("p", &"x.mp4".to_owned())
        .activity_completed_of::<Probe>("p", &report("vp9"));
    let events = h.events();
    let scheduled = events
        .iter()
        .find_map(|e| e.activity_task_scheduled_event_attributes.as_ref())
        .unwrap();
    assert_eq!(scheduled.activity_type.name, "probe");
    assert_eq!(scheduled.activity_type.version, "3");
    assert_eq!(scheduled.input.as_deref(), Some("\"x.mp4\""));
    let completed = events
        .iter()
        .find_map(|e| e.activity_task_completed_event_attributes.as_ref())
        .unwrap();
    let result: Report = serde_json::from_str(completed.result.as_deref().unwrap()).unwrap();
    assert_eq!(result, report("vp9"));
}
