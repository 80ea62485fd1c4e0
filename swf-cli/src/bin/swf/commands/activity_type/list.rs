//! `swf activity-type list`.

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::{ActivityTypeInfo, ActivityTypeInfos, ListActivityTypesInput};

use crate::args::TypeListArgs;
use crate::display::TYPE_COLUMNS;
use crate::error::CliError;
use crate::output::{self, Format, Table};
use crate::time;

/// Lists the activity types of the domain, every page of them.
pub(super) async fn run(
    client: &Client,
    args: TypeListArgs,
    format: Format,
) -> Result<(), CliError> {
    let type_infos: Vec<ActivityTypeInfo> = client
        .list_activity_types_stream(ListActivityTypesInput {
            domain: args.domain.domain.clone(),
            name: args.name.clone(),
            registration_status: args.registration_status(),
            ..Default::default()
        })
        .try_collect()
        .await?;
    match format {
        Format::Json => output::print_json(&ActivityTypeInfos {
            type_infos,
            next_page_token: None,
        }),
        Format::Table => {
            let mut table = Table::new(TYPE_COLUMNS);
            for t in type_infos {
                table.row(vec![
                    t.activity_type.name,
                    t.activity_type.version,
                    t.status.to_string(),
                    time::format(t.creation_date),
                    t.description.unwrap_or_default(),
                ]);
            }
            output::print(&table.render())
        }
    }
}
