//! What `swf activity-type` and `swf workflow-type` share.
//!
//! The two families have the same verbs over different SWF structures. What is the same for both
//! (how a request names the type, what each verb prints) is written once here, over
//! [`TypeKind`]; each command's file keeps only its flags and the SWF operation it calls.

use std::future::Future;

use serde::Serialize;
use swf_core::types::{
    ActivityType, ActivityTypeInfo, ActivityTypeInfos, RegistrationStatus, Timestamp, WorkflowType,
    WorkflowTypeInfo, WorkflowTypeInfos,
};

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::{self, Details, Format, Table};
use crate::time;

/// The columns of `swf activity-type list` and `swf workflow-type list`.
const TYPE_COLUMNS: &[&str] = &["NAME", "VERSION", "STATUS", "CREATED", "DESCRIPTION"];

/// Activity types or workflow types: the SWF structures of one family.
pub(crate) trait TypeKind {
    /// The kind as messages name it ("activity type").
    const NOUN: &'static str;
    /// A type's name and version, as SWF's requests take them (`ActivityType`).
    type Id;
    /// A type's status, as SWF lists and describes it (`ActivityTypeInfo`).
    type Info;
    /// A page of types: the JSON `list` prints (`ActivityTypeInfos`).
    type Page: Serialize;

    /// The type a command names.
    fn id(t: &TypeRef) -> Self::Id;
    /// What the infos of both kinds hold.
    fn summary(info: &Self::Info) -> Summary<'_>;
    /// Every listed type as one page, as if the service had sent them so.
    fn page(type_infos: Vec<Self::Info>) -> Self::Page;
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

impl TypeKind for Activity {
    const NOUN: &'static str = "activity type";
    type Id = ActivityType;
    type Info = ActivityTypeInfo;
    type Page = ActivityTypeInfos;

    fn id(t: &TypeRef) -> ActivityType {
        let (name, version) = (t.name.clone(), t.version.clone());
        ActivityType { name, version }
    }

    fn summary(info: &ActivityTypeInfo) -> Summary<'_> {
        Summary {
            name: &info.activity_type.name,
            version: &info.activity_type.version,
            status: &info.status,
            description: info.description.as_deref(),
            created: info.creation_date,
            deprecated: info.deprecation_date,
        }
    }

    fn page(type_infos: Vec<ActivityTypeInfo>) -> ActivityTypeInfos {
        let next_page_token = None;
        ActivityTypeInfos {
            type_infos,
            next_page_token,
        }
    }
}

impl TypeKind for Workflow {
    const NOUN: &'static str = "workflow type";
    type Id = WorkflowType;
    type Info = WorkflowTypeInfo;
    type Page = WorkflowTypeInfos;

    fn id(t: &TypeRef) -> WorkflowType {
        let (name, version) = (t.name.clone(), t.version.clone());
        WorkflowType { name, version }
    }

    fn summary(info: &WorkflowTypeInfo) -> Summary<'_> {
        Summary {
            name: &info.workflow_type.name,
            version: &info.workflow_type.version,
            status: &info.status,
            description: info.description.as_deref(),
            created: info.creation_date,
            deprecated: info.deprecation_date,
        }
    }

    fn page(type_infos: Vec<WorkflowTypeInfo>) -> WorkflowTypeInfos {
        let next_page_token = None;
        WorkflowTypeInfos {
            type_infos,
            next_page_token,
        }
    }
}

/// Sends a request that names the type and answers nothing (deprecate, undeprecate, delete):
/// `send` builds it from the domain and the type. Then says it is `done` ("Deprecated").
pub(crate) async fn change<K: TypeKind, F>(
    t: TypeRef,
    format: Format,
    done: &str,
    send: impl FnOnce(String, K::Id) -> F,
) -> Result<(), CliError>
where
    F: Future<Output = Result<(), swf_core::Error>>,
{
    send(t.domain.domain.clone(), K::id(&t)).await?;
    print_done::<K>(format, done, &t)
}

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

/// Prints what `describe` answered: the service's JSON, or the type's status followed by the
/// rows `defaults` adds for its kind's configuration.
pub(crate) fn print_detail<K: TypeKind>(
    detail: &impl Serialize,
    info: &K::Info,
    format: Format,
    defaults: impl FnOnce(&mut Details),
) -> Result<(), CliError> {
    if let Format::Json = format {
        return output::print_json(detail);
    }
    let s = K::summary(info);
    let mut d = Details::new();
    d.add("name", s.name)
        .add("version", s.version)
        .add("status", s.status.to_string())
        .add_opt("description", s.description)
        .add("created", time::format(s.created))
        .add_opt("deprecated", s.deprecated.map(time::format));
    defaults(&mut d);
    output::print(&d.render())
}
