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

#[macro_use]
mod wire_enum;
mod timestamp;

#[cfg(test)]
mod attributes_tests;

pub use crate::generated::attributes::{
    DecisionAttributes, DecisionAttributesRef, EventAttributes, EventAttributesRef,
};
pub use crate::generated::shapes::*;
pub use timestamp::Timestamp;
