//! Every request, response and value type of the SWF API, generated from the service model.
//!
//! Structures are plain structs with public fields named in snake_case; the wire names are the
//! model's own (`startToCloseTimeout`). Optional members are `Option`s; required members are plain
//! values whose `Default` is empty, which client-side validation refuses with an error naming the
//! member. Build a request with struct-update syntax:
//!
//! ```
//! use swf_core::types::{ListDomainsInput, RegistrationStatus};
//! let input = ListDomainsInput {
//!     registration_status: RegistrationStatus::Registered,
//!     ..Default::default()
//! };
//! assert_eq!(serde_json::to_value(&input).unwrap(), serde_json::json!({"registrationStatus": "REGISTERED"}));
//! ```
//!
//! Enums are `#[non_exhaustive]` and keep any value they do not know in `Unknown`, so a newer
//! service cannot break an older client.
//!
//! A `HistoryEvent` or `Decision` is a type tag beside one optional attribute member per type.
//! [`EventAttributes`] and [`DecisionAttributes`] (and their borrowed forms, from `attributes()`)
//! hold the same thing as one variant per type, so a `match` names every type, with no wildcard: a
//! type added to the model then fails to compile wherever it is not handled. What no variant
//! expresses (a type from a newer service) is kept whole in `Unknown`, with the members this
//! version does not know (`unknown_members`), so converting back gives it as it came.
//!
//! ```
//! use swf_core::types::{EventAttributesRef, HistoryEvent, TimerFiredEventAttributes, Timestamp};
//! let fired = TimerFiredEventAttributes { timer_id: "t".into(), started_event_id: 2 };
//! let event = HistoryEvent::new(3, Timestamp::from_millis(0), fired.into());
//! assert_eq!(event.event_type.as_str(), "TimerFired");
//! match event.attributes() {
//!     EventAttributesRef::TimerFired(a) => assert_eq!(a.started_event_id, 2),
//!     other => panic!("{other:?}"),
//! }
//! ```

#[macro_use]
mod wire_enum;
#[macro_use]
pub(crate) mod union_like;
mod count_inputs;
mod timestamp;

#[cfg(test)]
mod attributes_tests;

pub use crate::generated::attributes::{
    DecisionAttributes, DecisionAttributesRef, EventAttributes, EventAttributesRef,
    MissingDecisionAttributes,
};
pub use crate::generated::shapes::*;
pub use timestamp::Timestamp;
