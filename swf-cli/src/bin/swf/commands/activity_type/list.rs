//! `swf activity-type list`.

use futures::TryStreamExt;
use swf_core::Client;

use crate::args::TypeQuery;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Activity};

/// Lists the activity types of the domain, every page of them.
pub(super) async fn run(client: &Client, query: TypeQuery, format: Format) -> Result<(), CliError> {
    let types = client.list_activity_types_stream(query.into());
    type_kind::print_list::<Activity>(types.try_collect().await?, format)
}
