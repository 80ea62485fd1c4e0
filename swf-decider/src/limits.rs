//! SWF's service rules, checked before anything is sent.
//!
//! Some limits are refused with a clear error (a payload over 32,768 characters, an id SWF would
//! reject): sending them would fail the whole `RespondDecisionTaskCompleted` call, or worse, have
//! SWF record a `…Failed` event the workflow must then handle. Others are met by spreading the
//! decisions over tasks: at most 100 decisions per response, with a zero-second timer
//! to get the next task at once, and no more than 1,000 open activities, the rest being asked for
//! again (idempotently) once some close.

use swf_core::names::{NameRule, name_problem};
use swf_core::types::{Decision, DecisionType, StartTimerDecisionAttributes};

use crate::commands::{Command, CommandKey};
use crate::state::WorkflowState;
use crate::workflow::WorkflowError;

/// The most decisions one `RespondDecisionTaskCompleted` may carry.
pub const MAX_DECISIONS_PER_RESPONSE: usize = swf_core::limits::MAX_DECISIONS_PER_RESPONSE;
/// The most activities an execution may have open at once.
pub const MAX_OPEN_ACTIVITIES: usize = swf_core::limits::MAX_OPEN_ACTIVITIES;
/// The longest input, result, details or control string SWF accepts, in characters.
pub const MAX_PAYLOAD_CHARS: usize = swf_core::limits::DATA_MAX_CHARS;
/// The longest activity id, timer id, workflow id or marker name, in characters (the model
/// bounds each of these shapes alike).
pub const MAX_ID_CHARS: usize = swf_core::limits::ACTIVITY_ID_MAX_CHARS;
/// The longest failure reason, in characters.
pub const MAX_REASON_CHARS: usize = swf_core::limits::FAILURE_REASON_MAX_CHARS;
/// The most events a history may hold before SWF terminates the execution.
pub const MAX_HISTORY_EVENTS: usize = swf_core::limits::MAX_HISTORY_EVENTS;

/// The prefix of the timers the decider starts itself to continue a decision over several tasks.
pub const CONTINUE_TIMER_PREFIX: &str = "swf-decider.continue.";

/// Refuses a payload over [`MAX_PAYLOAD_CHARS`], naming it.
pub(crate) fn check_payload(
    text: Option<&str>,
    what: &dyn Fn() -> String,
) -> Result<(), WorkflowError> {
    let Some(text) = text else { return Ok(()) };
    // Bytes bound characters from above: only long strings need counting.
    if text.len() <= MAX_PAYLOAD_CHARS {
        return Ok(());
    }
    let chars = text.chars().count();
    if chars <= MAX_PAYLOAD_CHARS {
        return Ok(());
    }
    Err(WorkflowError::new(format!(
        "{} is {chars} characters long; SWF accepts at most {MAX_PAYLOAD_CHARS}",
        what()
    )))
}

/// Refuses an id SWF would refuse: empty, over 256 characters, or breaking SWF's naming rule
/// (a `:`, `/`, `|` or control character, or the literal `arn`: [`swf_core::names`]).
pub(crate) fn check_id(id: &str, what: &dyn Fn() -> String) -> Result<(), WorkflowError> {
    let problem = if id.is_empty() {
        Some("is empty".to_owned())
    } else if id.chars().count() > MAX_ID_CHARS {
        Some(format!("is longer than {MAX_ID_CHARS} characters"))
    } else {
        name_problem(id, NameRule::Plain)
    };
    match problem {
        Some(p) => Err(WorkflowError::new(format!("{} `{id}` {p}", what()))),
        None => Ok(()),
    }
}

/// Refuses a name SWF would refuse for its length only (marker and signal names).
pub(crate) fn check_name(name: &str, what: &dyn Fn() -> String) -> Result<(), WorkflowError> {
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_ID_CHARS {
        return Err(WorkflowError::new(format!(
            "{} `{name}` must be 1 to {MAX_ID_CHARS} characters long",
            what()
        )));
    }
    Ok(())
}

/// Cuts a failure reason to [`MAX_REASON_CHARS`], marking the cut.
pub(crate) fn truncate_reason(reason: String) -> String {
    swf_core::text::truncate_with_ellipsis(reason, MAX_REASON_CHARS)
}

/// The decisions to send for one run: its commands, then its closing decision, within the limits.
///
/// Activities beyond [`MAX_OPEN_ACTIVITIES`] are held back; a closing decision is only sent with
/// everything else the run asked for; past [`MAX_DECISIONS_PER_RESPONSE`], the rest wait for the
/// next task, which a zero-second timer brings at once. The plan depends on the state and the
/// commands only, so replaying a task plans the same decisions again.
pub(crate) fn plan(
    state: &WorkflowState,
    commands: Vec<Command>,
    close: Option<Command>,
) -> Vec<Command> {
    let mut room = MAX_OPEN_ACTIVITIES.saturating_sub(state.activities().open_count());
    let mut held_back = false;
    let mut planned = Vec::with_capacity(commands.len() + 1);
    for command in commands {
        if command.key.kind == DecisionType::ScheduleActivityTask {
            if room == 0 {
                held_back = true;
                continue;
            }
            room -= 1;
        }
        planned.push(command);
    }
    if let Some(close) = close
        && !held_back
    {
        planned.push(close);
    }
    if planned.len() > MAX_DECISIONS_PER_RESPONSE {
        planned.truncate(MAX_DECISIONS_PER_RESPONSE - 1);
        planned.push(continue_timer(state));
    }
    planned
}

/// A zero-second timer that brings the next decision task at once.
fn continue_timer(state: &WorkflowState) -> Command {
    // Named after the task's `DecisionTaskStarted` event: unique, and the same on replay.
    let timer_id = format!("{CONTINUE_TIMER_PREFIX}{}", state.last_event_id());
    let decision = Decision::from(StartTimerDecisionAttributes {
        timer_id: timer_id.clone(),
        start_to_fire_timeout: "0".to_owned(),
        control: None,
    });
    Command {
        key: CommandKey::new(DecisionType::StartTimer, timer_id),
        decision,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_like_swf_does() {
        let what = || "activity id".to_owned();
        assert!(check_id("charge#2", &what).is_ok());
        assert!(check_id("", &what).is_err());
        assert!(
            check_id("a:b", &what)
                .unwrap_err()
                .message()
                .contains("':'")
        );
        assert!(check_id("a/b", &what).is_err());
        // SWF forbids the literal `arn`, not ids that contain it.
        assert!(check_id("warning", &what).is_ok());
        assert!(
            check_id("arn", &what)
                .unwrap_err()
                .message()
                .contains("must not be the literal string arn")
        );
        assert!(check_id(&"x".repeat(257), &what).is_err());
    }

    #[test]
    fn payloads_over_the_limit_are_refused_with_their_name() {
        let what = || "the input of activity `charge`".to_owned();
        assert!(check_payload(Some(&"x".repeat(MAX_PAYLOAD_CHARS)), &what).is_ok());
        // Multi-byte characters count once.
        assert!(check_payload(Some(&"é".repeat(MAX_PAYLOAD_CHARS)), &what).is_ok());
        let err = check_payload(Some(&"x".repeat(MAX_PAYLOAD_CHARS + 1)), &what).unwrap_err();
        assert_eq!(
            err.message(),
            "the input of activity `charge` is 32769 characters long; SWF accepts at most 32768"
        );
    }

    #[test]
    fn reasons_are_cut_to_256_characters() {
        assert_eq!(truncate_reason("short".into()), "short");
        let cut = truncate_reason("é".repeat(300));
        assert_eq!(cut.chars().count(), MAX_REASON_CHARS);
        assert!(cut.ends_with('…'));
    }
}
