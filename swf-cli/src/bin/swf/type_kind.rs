//! What `swf activity-type` and `swf workflow-type` share.
//!
//! The two families have the same verbs over different SWF structures, whose members SWF names
//! alike but for the type's own (`activity_type`, `workflow_type`). What is the same for both (how
//! a request names the type, what each verb prints) is written once here, over [`TypeKind`]; each
//! command's file keeps only its flags and the SWF operation it calls.

use serde::Serialize;
use swf_core::types::*;

use crate::args::{TypeQuery, TypeRef};
use crate::error::CliError;
use crate::output::{self, Details, Format, Table};
use crate::time;

/// The columns of `swf activity-type list` and `swf workflow-type list`.
const TYPE_COLUMNS: &[&str] = &["NAME", "VERSION", "STATUS", "CREATED", "DESCRIPTION"];

/// Activity types or workflow types: the SWF structures of one family.
pub(crate) trait TypeKind {
    /// The kind as messages name it ("activity type").
    const NOUN: &'static str;
    /// A type's status, as SWF lists and describes it (`ActivityTypeInfo`).
    type Info;
    /// A page of types: the JSON `list` prints (`ActivityTypeInfos`).
    type Page: Serialize;
    /// What `describe` answers (`ActivityTypeDetail`).
    type Detail: Serialize;

    /// What the infos of both kinds hold.
    fn summary(info: &Self::Info) -> Summary<'_>;
    /// Every listed type as one page, as if the service had sent them so.
    fn page(type_infos: Vec<Self::Info>) -> Self::Page;
    /// The described type's status.
    fn info(detail: &Self::Detail) -> &Self::Info;
    /// The described type's default task list and task priority, which both kinds have.
    fn task_defaults(detail: &Self::Detail) -> (Option<&str>, Option<&str>);
}

/// A request that names one type of a domain and nothing more: describe, deprecate, undeprecate
/// and delete, of either kind.
pub(crate) trait TypeRequest {
    /// The request for the type `t` names.
    fn naming(t: &TypeRef) -> Self;
}

/// What the infos of both kinds hold, under one set of names.
pub(crate) struct Summary<'a> {
    name: &'a str,
    version: &'a str,
    status: &'a RegistrationStatus,
    description: Option<&'a str>,
    created: Timestamp,
    deprecated: Option<Timestamp>,
}

/// `swf activity-type`.
pub(crate) struct Activity;

/// `swf workflow-type`.
pub(crate) struct Workflow;

/// Writes [`TypeKind`] for one kind, and how its requests are made from the command line's
/// arguments: the same code for both kinds, over `$field`, the member that holds the type.
///
/// `type_kind!(Kind, "noun", field: Id { Info, Page, Detail, ListInput, NamingInput… })`, the
/// last being the [`TypeRequest`]s.
macro_rules! type_kind {
    (
        $kind:ident, $noun:literal, $field:ident: $id:ident {
            $info:ident, $page:ident, $detail:ident, $list:ident, $($naming:ident),+
        }
    ) => {
        impl TypeKind for $kind {
            const NOUN: &'static str = $noun;
            type Info = $info;
            type Page = $page;
            type Detail = $detail;

            fn summary(info: &$info) -> Summary<'_> {
                Summary {
                    name: &info.$field.name,
                    version: &info.$field.version,
                    status: &info.status,
                    description: info.description.as_deref(),
                    created: info.creation_date,
                    deprecated: info.deprecation_date,
                }
            }

            fn page(type_infos: Vec<$info>) -> $page {
                let next_page_token = None;
                $page { type_infos, next_page_token }
            }

            fn info(detail: &$detail) -> &$info {
                &detail.type_info
            }

            fn task_defaults(detail: &$detail) -> (Option<&str>, Option<&str>) {
                let c = &detail.configuration;
                let task_list = c.default_task_list.as_ref().map(|t| t.name.as_str());
                (task_list, c.default_task_priority.as_deref())
            }
        }

        impl From<TypeQuery> for $list {
            fn from(query: TypeQuery) -> $list {
                let (domain, name, registration_status) = query.parts();
                $list { domain, name, registration_status, ..Default::default() }
            }
        }

        $(impl TypeRequest for $naming {
            fn naming(t: &TypeRef) -> $naming {
                let (name, version) = (t.name.clone(), t.version.clone());
                $naming { domain: t.domain.domain.clone(), $field: $id { name, version } }
            }
        })+
    };
}

type_kind!(Activity, "activity type", activity_type: ActivityType {
    ActivityTypeInfo, ActivityTypeInfos, ActivityTypeDetail, ListActivityTypesInput,
    DescribeActivityTypeInput, DeprecateActivityTypeInput, UndeprecateActivityTypeInput,
    DeleteActivityTypeInput
});

type_kind!(Workflow, "workflow type", workflow_type: WorkflowType {
    WorkflowTypeInfo, WorkflowTypeInfos, WorkflowTypeDetail, ListWorkflowTypesInput,
    DescribeWorkflowTypeInput, DeprecateWorkflowTypeInput, UndeprecateWorkflowTypeInput,
    DeleteWorkflowTypeInput
});

/// Says that the type is `done` ("Registered activity type charge v1.").
pub(crate) fn print_done<K: TypeKind>(
    format: Format,
    done: &str,
    t: &TypeRef,
) -> Result<(), CliError> {
    let message = format!("{done} {} {} {}.", K::NOUN, t.name, t.version);
    output::done(format, &message)
}

/// Prints the listed types: a table, or one page of the service's JSON.
pub(crate) fn print_list<K: TypeKind>(
    type_infos: Vec<K::Info>,
    format: Format,
) -> Result<(), CliError> {
    if let Format::Json = format {
        return output::print_json(&K::page(type_infos));
    }
    let mut table = Table::new(TYPE_COLUMNS);
    for info in &type_infos {
        let s = K::summary(info);
        table.row(vec![
            s.name.to_string(),
            s.version.to_string(),
            s.status.to_string(),
            time::format(s.created),
            s.description.unwrap_or_default().to_string(),
        ]);
    }
    output::print(&table.render())
}

/// Prints what `describe` answered: the service's JSON, or the type's status and task defaults
/// followed by the rows `defaults` adds for the defaults only its kind has.
pub(crate) fn print_detail<K: TypeKind>(
    detail: &K::Detail,
    format: Format,
    defaults: impl FnOnce(&mut Details),
) -> Result<(), CliError> {
    if let Format::Json = format {
        return output::print_json(detail);
    }
    let s = K::summary(K::info(detail));
    let (task_list, task_priority) = K::task_defaults(detail);
    let mut d = Details::new();
    d.add("name", s.name)
        .add("version", s.version)
        .add("status", s.status.to_string())
        .add_opt("description", s.description)
        .add("created", time::format(s.created))
        .add_opt("deprecated", s.deprecated.map(time::format))
        .add_opt("default task list", task_list)
        .add_opt("default task priority", task_priority);
    defaults(&mut d);
    output::print(&d.render())
}
