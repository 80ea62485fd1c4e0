//! Markers: [`WorkflowContext::record_marker`] and [`WorkflowContext::marker`].

use serde::Serialize;
use swf_core::codec::Codec;
use swf_core::types::{Decision, DecisionType, RecordMarkerDecisionAttributes};

use super::CommandKey;
use crate::context::WorkflowContext;
use crate::limits;
use crate::state::Marker;

impl<'a, C: Codec> WorkflowContext<'a, C> {
    /// Records marker `name` with `details` (encoded by the codec), once: markers are keyed by
    /// name, so a name the history shows is not recorded again. Use distinct names for repeated
    /// markers (`progress-1`, `progress-2`).
    pub fn record_marker<T: Serialize>(&mut self, name: &str, details: &T) {
        let kind = DecisionType::RecordMarker;
        if self.marker(name).is_some() || self.commands.already_asked(&kind, name) {
            return;
        }
        if let Err(e) = limits::check_name(name, &|| "marker name".to_owned()) {
            self.commands.fail(e);
            return;
        }
        let details = self.encode(details, &|| format!("the details of marker `{name}`"));
        let d = Decision::from(RecordMarkerDecisionAttributes {
            marker_name: name.to_owned(),
            details,
        });
        self.commands.push(CommandKey::new(kind, name), d);
    }

    /// The first marker named `name` the history shows (recorded, or failed to record).
    pub fn marker(&self, name: &str) -> Option<&'a Marker> {
        self.state.markers().iter().find(|m| m.name == name)
    }
}
