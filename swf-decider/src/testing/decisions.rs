//! [`Decisions`]: a list of decisions with the questions tests ask of it.

use std::ops::Deref;

use serde::de::DeserializeOwned;
use swf_core::codec::{Codec, JsonCodec};
use swf_core::types::{
    Decision, DecisionType, FailWorkflowExecutionDecisionAttributes,
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
        self.0
            .iter()
            .filter_map(|d| d.schedule_activity_task_decision_attributes.as_ref())
            .map(|a| a.activity_id.as_str())
            .collect()
    }

    /// The ids of the timers started, in order.
    pub fn timer_ids(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|d| d.start_timer_decision_attributes.as_ref())
            .map(|a| a.timer_id.as_str())
            .collect()
    }

    /// The workflow ids of the children started, in order.
    pub fn child_ids(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|d| {
                d.start_child_workflow_execution_decision_attributes
                    .as_ref()
            })
            .map(|a| a.workflow_id.as_str())
            .collect()
    }

    /// The `ScheduleActivityTask` decision for activity `id`.
    pub fn activity(&self, id: &str) -> Option<&ScheduleActivityTaskDecisionAttributes> {
        self.0
            .iter()
            .filter_map(|d| d.schedule_activity_task_decision_attributes.as_deref())
            .find(|a| a.activity_id == id)
    }

    /// The first decision of `kind`.
    pub fn find(&self, kind: DecisionType) -> Option<&Decision> {
        self.0.iter().find(|d| d.decision_type == kind)
    }

    /// Whether the decisions close the execution (complete, fail, cancel or continue as new).
    pub fn closes(&self) -> bool {
        self.0.last().is_some_and(|d| {
            matches!(
                d.decision_type,
                DecisionType::CompleteWorkflowExecution
                    | DecisionType::FailWorkflowExecution
                    | DecisionType::CancelWorkflowExecution
                    | DecisionType::ContinueAsNewWorkflowExecution
            )
        })
    }

    /// The encoded result, if the decisions complete the execution.
    pub fn completion(&self) -> Option<Option<&str>> {
        self.find(DecisionType::CompleteWorkflowExecution).map(|d| {
            d.complete_workflow_execution_decision_attributes
                .as_ref()
                .and_then(|a| a.result.as_deref())
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
        self.find(DecisionType::FailWorkflowExecution)
            .and_then(|d| d.fail_workflow_execution_decision_attributes.as_deref())
    }
}
