//! [`Decisions`]: a list of decisions with the questions tests ask of it.

use std::ops::Deref;

use serde::de::DeserializeOwned;
use swf_core::codec::{Codec, JsonCodec};
use swf_core::types::{
    Decision, DecisionAttributesRef, DecisionType, FailWorkflowExecutionDecisionAttributes,
    ScheduleActivityTaskDecisionAttributes,
};

/// The decisions a workflow made, in the order they would be sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decisions(pub(crate) Vec<Decision>);

impl Deref for Decisions {
    type Target = [Decision];
    fn deref(&self) -> &[Decision] {
        &self.0
    }
}

impl Decisions {
    /// The decisions, owned.
    pub fn into_vec(self) -> Vec<Decision> {
        self.0
    }

    /// Each decision's type, in order.
    pub fn types(&self) -> Vec<DecisionType> {
        self.0.iter().map(|d| d.decision_type.clone()).collect()
    }

    /// The ids of the activities scheduled, in order.
    pub fn activity_ids(&self) -> Vec<&str> {
        self.scheduled().map(|a| a.activity_id.as_str()).collect()
    }

    /// The `ScheduleActivityTask` decisions' attributes, in order.
    fn scheduled(&self) -> impl Iterator<Item = &ScheduleActivityTaskDecisionAttributes> {
        self.0.iter().filter_map(|d| {
            if let DecisionAttributesRef::ScheduleActivityTask(a) = d.attributes() {
                Some(a)
            } else {
                None
            }
        })
    }

    /// The ids of the timers started, in order.
    pub fn timer_ids(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|d| {
                if let DecisionAttributesRef::StartTimer(a) = d.attributes() {
                    Some(a.timer_id.as_str())
                } else {
                    None
                }
            })
            .collect()
    }

    /// The workflow ids of the children started, in order.
    pub fn child_ids(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|d| {
                if let DecisionAttributesRef::StartChildWorkflowExecution(a) = d.attributes() {
                    Some(a.workflow_id.as_str())
                } else {
                    None
                }
            })
            .collect()
    }

    /// The `ScheduleActivityTask` decision for activity `id`.
    pub fn activity(&self, id: &str) -> Option<&ScheduleActivityTaskDecisionAttributes> {
        self.scheduled().find(|a| a.activity_id == id)
    }

    /// The first decision of `kind`.
    pub fn find(&self, kind: DecisionType) -> Option<&Decision> {
        self.0.iter().find(|d| d.decision_type == kind)
    }

    /// Whether the decisions close the execution (complete, fail, cancel or continue as new).
    pub fn closes(&self) -> bool {
        use DecisionAttributesRef as A;
        // Exhaustive, so a decision type added to the model must be classified here.
        self.0.last().is_some_and(|d| match d.attributes() {
            A::CompleteWorkflowExecution(_)
            | A::FailWorkflowExecution(_)
            | A::CancelWorkflowExecution(_)
            | A::ContinueAsNewWorkflowExecution(_) => true,
            A::ScheduleActivityTask(_)
            | A::RequestCancelActivityTask(_)
            | A::RecordMarker(_)
            | A::StartTimer(_)
            | A::CancelTimer(_)
            | A::SignalExternalWorkflowExecution(_)
            | A::RequestCancelExternalWorkflowExecution(_)
            | A::StartChildWorkflowExecution(_)
            | A::ScheduleLambdaFunction(_)
            | A::Unknown(_) => false,
        })
    }

    /// The encoded result, if the decisions complete the execution.
    pub fn completion(&self) -> Option<Option<&str>> {
        self.0.iter().find_map(|d| {
            if let DecisionAttributesRef::CompleteWorkflowExecution(a) = d.attributes() {
                Some(a.result.as_deref())
            } else {
                None
            }
        })
    }

    /// The result decoded as JSON, if the decisions complete the execution.
    pub fn completed_with<T: DeserializeOwned>(&self) -> Option<T> {
        let result = self.completion()?;
        Some(
            JsonCodec
                .decode(result)
                .expect("the result decodes as JSON"),
        )
    }

    /// The failure, if the decisions fail the execution.
    pub fn failure(&self) -> Option<&FailWorkflowExecutionDecisionAttributes> {
        self.0.iter().find_map(|d| {
            if let DecisionAttributesRef::FailWorkflowExecution(a) = d.attributes() {
                Some(a)
            } else {
                None
            }
        })
    }
}
