//! Lambda functions: scheduled, started and closed, each known by the id the workflow chose.

use std::collections::HashMap;

use swf_core::types::{
    LambdaFunctionCompletedEventAttributes, LambdaFunctionFailedEventAttributes,
    LambdaFunctionScheduledEventAttributes, LambdaFunctionStartedEventAttributes,
    LambdaFunctionTimedOutEventAttributes, ScheduleLambdaFunctionFailedEventAttributes,
    StartLambdaFunctionFailedEventAttributes,
};

use super::HistoryError;

/// One Lambda function invocation as the history tells it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LambdaState {
    /// The id the workflow chose.
    pub id: String,
    /// The Lambda function's name.
    pub name: String,
    /// The encoded input.
    pub input: Option<String>,
    /// The `LambdaFunctionScheduled` event, or `None` when scheduling failed.
    pub scheduled_event_id: Option<i64>,
    /// Where it stands.
    pub status: LambdaStatus,
    /// The event that closed it (completed, failed, timed out, could not start) or recorded the
    /// failure to schedule it.
    pub closed_event_id: Option<i64>,
}

impl LambdaState {
    /// Whether the function is scheduled or running.
    pub fn is_open(&self) -> bool {
        matches!(self.status, LambdaStatus::Scheduled | LambdaStatus::Started)
    }
}

/// Where a Lambda function invocation stands.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LambdaStatus {
    /// Scheduled.
    Scheduled,
    /// Running.
    Started,
    /// Completed with this encoded result.
    Completed {
        /// The encoded result.
        result: Option<String>,
    },
    /// Failed.
    Failed {
        /// The reason.
        reason: Option<String>,
        /// The details.
        details: Option<String>,
    },
    /// Timed out.
    TimedOut,
    /// The `ScheduleLambdaFunction` decision failed; the cause as SWF spells it.
    ScheduleFailed {
        /// The cause.
        cause: String,
    },
    /// SWF could not start it; the cause as SWF spells it, and its message.
    StartFailed {
        /// The cause.
        cause: Option<String>,
        /// The message.
        message: Option<String>,
    },
}

/// Every Lambda function invocation, by id and by scheduled event id.
#[derive(Debug, Clone, Default)]
pub struct Lambdas {
    all: Vec<LambdaState>,
    by_id: HashMap<String, usize>,
    by_scheduled: HashMap<i64, usize>,
}

impl Lambdas {
    /// The latest invocation with this id.
    pub fn get(&self, id: &str) -> Option<&LambdaState> {
        self.by_id.get(id).map(|&i| &self.all[i])
    }

    /// Every invocation in the order it was scheduled.
    pub fn iter(&self) -> impl Iterator<Item = &LambdaState> {
        self.all.iter()
    }

    pub(crate) fn scheduled(&mut self, event_id: i64, a: LambdaFunctionScheduledEventAttributes) {
        let index = self.all.len();
        self.by_id.insert(a.id.clone(), index);
        self.by_scheduled.insert(event_id, index);
        self.all.push(LambdaState {
            id: a.id,
            name: a.name,
            input: a.input,
            scheduled_event_id: Some(event_id),
            status: LambdaStatus::Scheduled,
            closed_event_id: None,
        });
    }

    pub(crate) fn schedule_failed(
        &mut self,
        event_id: i64,
        a: ScheduleLambdaFunctionFailedEventAttributes,
    ) {
        let index = self.all.len();
        self.by_id.insert(a.id.clone(), index);
        self.all.push(LambdaState {
            id: a.id,
            name: a.name,
            input: None,
            scheduled_event_id: None,
            status: LambdaStatus::ScheduleFailed {
                cause: a.cause.as_str().to_owned(),
            },
            closed_event_id: Some(event_id),
        });
    }

    pub(crate) fn started(
        &mut self,
        event_id: i64,
        a: LambdaFunctionStartedEventAttributes,
    ) -> Result<(), HistoryError> {
        self.set(event_id, a.scheduled_event_id, LambdaStatus::Started)
    }

    pub(crate) fn start_failed(
        &mut self,
        event_id: i64,
        a: StartLambdaFunctionFailedEventAttributes,
    ) -> Result<(), HistoryError> {
        let status = LambdaStatus::StartFailed {
            cause: a.cause.map(|c| c.as_str().to_owned()),
            message: a.message,
        };
        self.set(event_id, a.scheduled_event_id.unwrap_or_default(), status)
    }

    pub(crate) fn completed(
        &mut self,
        event_id: i64,
        a: LambdaFunctionCompletedEventAttributes,
    ) -> Result<(), HistoryError> {
        self.set(
            event_id,
            a.scheduled_event_id,
            LambdaStatus::Completed { result: a.result },
        )
    }

    pub(crate) fn failed(
        &mut self,
        event_id: i64,
        a: LambdaFunctionFailedEventAttributes,
    ) -> Result<(), HistoryError> {
        let status = LambdaStatus::Failed {
            reason: a.reason,
            details: a.details,
        };
        self.set(event_id, a.scheduled_event_id, status)
    }

    pub(crate) fn timed_out(
        &mut self,
        event_id: i64,
        a: LambdaFunctionTimedOutEventAttributes,
    ) -> Result<(), HistoryError> {
        self.set(event_id, a.scheduled_event_id, LambdaStatus::TimedOut)
    }

    fn set(
        &mut self,
        event_id: i64,
        scheduled: i64,
        status: LambdaStatus,
    ) -> Result<(), HistoryError> {
        let index = *self.by_scheduled.get(&scheduled).ok_or_else(|| {
            HistoryError::unknown_reference(event_id, format!("scheduled event {scheduled}"))
        })?;
        let lambda = &mut self.all[index];
        lambda.status = status;
        if !lambda.is_open() {
            lambda.closed_event_id = Some(event_id);
        }
        Ok(())
    }
}
