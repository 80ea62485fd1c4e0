//! The two kinds of registered type, activity types and workflow types, as one trait.
//!
//! Both kinds live the same life (register, describe, deprecate, undeprecate, delete, list; see
//! `registration`), and differ only in their records, in the name SWF gives them in messages
//! and in the tag of their page tokens. [`TypeKind`] holds those differences, so each
//! operation is written once.

use super::state::{ActivityTypeRecord, DomainMeta, WorkflowTypeRecord, type_key};
use std::collections::BTreeMap;
use swf_core::types::*;

/// A kind of registered type. It is implemented by the type's identity on the wire
/// ([`ActivityType`], [`WorkflowType`]), so an operation takes its kind from its input.
pub(crate) trait TypeKind: Sized {
    /// What a domain keeps of one type of this kind.
    type Record;
    /// The type's summary (`ActivityTypeInfo`, `WorkflowTypeInfo`).
    type Info: Clone;
    /// The answer to `Describe…Type`.
    type Detail;
    /// The input of `List…Types`.
    type ListInput;
    /// One page of the answer to `List…Types`.
    type Listing;

    /// The kind's name in SWF's messages, as in `ActivityType=[name=…, version=…]`.
    const NAME: &'static str;
    /// The kind in the quota fault's message: "Registered activity type limit …".
    const QUOTA_NAME: &'static str;
    /// The tag of this kind's page tokens, so one listing refuses another's token.
    const PAGE_TAG: &'static str;

    /// The type's name.
    fn name(&self) -> &str;
    /// The type's version.
    fn version(&self) -> &str;
    /// A domain's types of this kind, keyed by [`type_key`].
    fn types(meta: &DomainMeta) -> &BTreeMap<String, Self::Record>;
    /// A domain's types of this kind, to change.
    fn types_mut(meta: &mut DomainMeta) -> &mut BTreeMap<String, Self::Record>;
    /// The identity of the type `record` holds.
    fn id(record: &Self::Record) -> &Self;
    /// The summary `record` holds.
    fn info(record: &Self::Record) -> &Self::Info;
    /// Whether the type is registered or deprecated, and when it was deprecated.
    fn lifecycle(record: &mut Self::Record) -> (&mut RegistrationStatus, &mut Option<Timestamp>);
    /// Whether the type is registered or deprecated.
    fn status(record: &Self::Record) -> &RegistrationStatus;
    /// The answer to `Describe…Type` for `record`.
    fn detail(record: &Self::Record) -> Self::Detail;
    /// What a `List…Types` input asks for.
    fn query(input: &Self::ListInput) -> TypeQuery<'_>;
    /// A page of a listing, and the token of the page after it.
    fn listing(type_infos: Vec<Self::Info>, next_page_token: Option<String>) -> Self::Listing;

    /// The map key of this type in [`TypeKind::types`].
    fn key(&self) -> String {
        type_key(self.name(), self.version())
    }

    /// The type as SWF names it in a fault's message: `ActivityType=[name=n, version=v]`.
    fn describe(&self) -> String {
        format!(
            "{}=[name={}, version={}]",
            Self::NAME,
            self.name(),
            self.version()
        )
    }
}

/// What a `List…Types` input asks for; the two kinds' inputs have the same members.
pub(crate) struct TypeQuery<'a> {
    /// The domain to list.
    pub(crate) domain: &'a str,
    /// Only types with this status.
    pub(crate) status: &'a RegistrationStatus,
    /// Only types with this name, if given.
    pub(crate) name: Option<&'a str>,
    /// The token of the page to answer, if any.
    pub(crate) next_page_token: Option<&'a str>,
    /// The page size asked for.
    pub(crate) maximum_page_size: Option<i32>,
    /// Whether to list in descending order.
    pub(crate) reverse_order: bool,
}

/// Implements [`TypeKind`] for one kind. The two kinds' records, infos and answers have the
/// same members, only named after their kind, so one body serves both.
macro_rules! type_kind {
    ($id:ident {
        in_meta: $types:ident,
        in_info: $id_field:ident,
        record: $record:ty,
        info: $info:ty,
        detail: $detail:ident,
        list_input: $list_input:ty,
        listing: $listing:ident,
        quota_name: $quota:literal,
        page_tag: $tag:literal $(,)?
    }) => {
        impl TypeKind for $id {
            type Record = $record;
            type Info = $info;
            type Detail = $detail;
            type ListInput = $list_input;
            type Listing = $listing;

            const NAME: &'static str = stringify!($id);
            const QUOTA_NAME: &'static str = $quota;
            const PAGE_TAG: &'static str = $tag;

            fn name(&self) -> &str {
                &self.name
            }
            fn version(&self) -> &str {
                &self.version
            }
            fn types(meta: &DomainMeta) -> &BTreeMap<String, $record> {
                &meta.$types
            }
            fn types_mut(meta: &mut DomainMeta) -> &mut BTreeMap<String, $record> {
                &mut meta.$types
            }
            fn id(record: &$record) -> &Self {
                &record.info.$id_field
            }
            fn info(record: &$record) -> &$info {
                &record.info
            }
            fn lifecycle(
                record: &mut $record,
            ) -> (&mut RegistrationStatus, &mut Option<Timestamp>) {
                (&mut record.info.status, &mut record.info.deprecation_date)
            }
            fn status(record: &$record) -> &RegistrationStatus {
                &record.info.status
            }
            fn detail(record: &$record) -> $detail {
                $detail {
                    configuration: record.config.clone(),
                    type_info: record.info.clone(),
                }
            }
            fn query(input: &$list_input) -> TypeQuery<'_> {
                TypeQuery {
                    domain: &input.domain,
                    status: &input.registration_status,
                    name: input.name.as_deref(),
                    next_page_token: input.next_page_token.as_deref(),
                    maximum_page_size: input.maximum_page_size,
                    reverse_order: input.reverse_order.unwrap_or(false),
                }
            }
            fn listing(type_infos: Vec<$info>, next_page_token: Option<String>) -> $listing {
                $listing {
                    next_page_token,
                    type_infos,
                }
            }
        }
    };
}

type_kind!(ActivityType {
    in_meta: activity_types,
    in_info: activity_type,
    record: ActivityTypeRecord,
    info: ActivityTypeInfo,
    detail: ActivityTypeDetail,
    list_input: ListActivityTypesInput,
    listing: ActivityTypeInfos,
    quota_name: "activity",
    page_tag: "atypes",
});

type_kind!(WorkflowType {
    in_meta: workflow_types,
    in_info: workflow_type,
    record: WorkflowTypeRecord,
    info: WorkflowTypeInfo,
    detail: WorkflowTypeDetail,
    list_input: ListWorkflowTypesInput,
    listing: WorkflowTypeInfos,
    quota_name: "workflow",
    page_tag: "wtypes",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_named_as_swf_names_it() {
        let a = ActivityType {
            name: "a".into(),
            version: "1".into(),
        };
        let w = WorkflowType {
            name: "w".into(),
            version: "2".into(),
        };
        assert_eq!(a.describe(), "ActivityType=[name=a, version=1]");
        assert_eq!(w.describe(), "WorkflowType=[name=w, version=2]");
        assert_ne!(ActivityType::PAGE_TAG, WorkflowType::PAGE_TAG);
    }
}
