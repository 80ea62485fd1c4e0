//! Lists the registered domains of whatever SWF endpoint the environment points at.
//!
//! ```sh
//! AWS_ENDPOINT_URL_SWF=http://127.0.0.1:8720 AWS_REGION=us-east-1 \
//! AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local cargo run -p swf-core --example list_domains
//! ```

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::{ListDomainsInput, RegistrationStatus};

#[tokio::main]
async fn main() -> Result<(), swf_core::Error> {
    let client = Client::from_env().await?;
    println!("endpoint: {}", client.config().endpoint());
    let input = ListDomainsInput {
        registration_status: RegistrationStatus::Registered,
        ..Default::default()
    };
    let domains: Vec<_> = client.list_domains_stream(input).try_collect().await?;
    if domains.is_empty() {
        println!("no registered domains");
    }
    for d in domains {
        println!("{}\t{}", d.name, d.description.unwrap_or_default());
    }
    Ok(())
}
