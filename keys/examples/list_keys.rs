//! The example of `keys/README.md`: list API keys with the generated client.
//!
//! Run it with `DD_API_KEY=... DD_APP_KEY=... cargo run -p keys --example list_keys`.

use datadog_key_management::v2::models::ApiKeysSort;
use datadog_key_management::v2::{KeyManagementApi, ListApiKeysParams};
use datadog_key_management::{Configuration, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // DD_SITE (default datadoghq.com), DD_API_KEY and DD_APP_KEY.
    let config = Configuration::from_env()?;
    let api = KeyManagementApi::new(config)?;

    let params = ListApiKeysParams::default()
        .page_size(10)
        .sort(ApiKeysSort::CreatedAtDescending);
    match api.list_api_keys(params).await {
        Ok(response) => {
            for key in response.data.unwrap_or_default() {
                let attributes = key.attributes.unwrap_or_default();
                println!(
                    "{} {:?} ...{}",
                    key.id.unwrap_or_default(),
                    attributes.name.unwrap_or_default(),
                    attributes.last4.unwrap_or_default(),
                );
            }
        }
        // A documented error status: the body is decoded.
        Err(Error::Api(error)) if error.status == 403 => {
            eprintln!(
                "not allowed to list API keys: {}",
                error.body.errors.join("; ")
            );
            std::process::exit(1);
        }
        // Anything else (other statuses, network, decoding, configuration).
        Err(error) => return Err(error.into()),
    }
    Ok(())
}
