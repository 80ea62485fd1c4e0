//! Markers the workflow recorded, and the ones it failed to record.

use swf_core::types::{
    MarkerRecordedEventAttributes, RecordMarkerFailedCause, RecordMarkerFailedEventAttributes,
};

/// One `MarkerRecorded` event, or a `RecordMarker` decision that failed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Marker {
    /// The marker's name.
    pub name: String,
    /// Its details.
    pub details: Option<String>,
    /// The `MarkerRecorded` (or `RecordMarkerFailed`) event.
    pub event_id: i64,
    /// Why recording it failed, if it did.
    pub failed: Option<RecordMarkerFailedCause>,
}

impl Marker {
    pub(crate) fn recorded(event_id: i64, a: MarkerRecordedEventAttributes) -> Marker {
        Marker {
            name: a.marker_name,
            details: a.details,
            event_id,
            failed: None,
        }
    }

    pub(crate) fn failed(event_id: i64, a: RecordMarkerFailedEventAttributes) -> Marker {
        Marker {
            name: a.marker_name,
            details: None,
            event_id,
            failed: Some(a.cause),
        }
    }
}
