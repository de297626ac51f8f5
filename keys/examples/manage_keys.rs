//! The second example of the README: create and update an API key and an
//! application key, each request body one expression.
//!
//! Run it with `DD_API_KEY=... DD_APP_KEY=... cargo run -p keys --example manage_keys`
//! (it creates real keys: revoke them afterwards).

use datadog_key_management::v2::models::{
    ApiKeyCreateAttributes, ApiKeyCreateRequest, ApiKeyUpdateAttributes, ApiKeyUpdateData,
    ApiKeyUpdateRequest, ApplicationKeyCreateAttributes, ApplicationKeyCreateRequest,
    ApplicationKeyUpdateAttributes, ApplicationKeyUpdateData, ApplicationKeyUpdateRequest,
};
use datadog_key_management::v2::KeyManagementApi;
use datadog_key_management::Configuration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api = KeyManagementApi::new(Configuration::from_env()?)?;

    // `From` fills in the `data` wrapper and its `type`; `with_…` sets an
    // optional field.
    let created = api
        .create_api_key(ApiKeyCreateRequest::from(
            ApiKeyCreateAttributes::new("ci-metrics").with_category("metrics"),
        ))
        .await?;
    let id = created.id().ok_or("the response has no key id")?;
    let created_at = created
        .data
        .as_ref()
        .and_then(|key| key.attributes.as_ref()?.created_at);
    println!("created API key {id} at {created_at:?}");

    api.update_api_key(
        id,
        ApiKeyUpdateRequest::from(ApiKeyUpdateData::new(
            ApiKeyUpdateAttributes::new("ci-metrics-renamed")
                .with_remote_config_read_enabled(false),
            id,
        )),
    )
    .await?;

    let app_key = api
        .create_current_user_application_key(ApplicationKeyCreateRequest::from(
            ApplicationKeyCreateAttributes::new("ci-dashboards")
                .with_scopes(vec!["dashboards_read".to_owned()]),
        ))
        .await?;
    let app_key_id = app_key.id().ok_or("the response has no key id")?;

    api.update_current_user_application_key(
        app_key_id,
        ApplicationKeyUpdateRequest::from(ApplicationKeyUpdateData::new(
            ApplicationKeyUpdateAttributes::new().with_scopes(vec![
                "dashboards_read".to_owned(),
                "dashboards_write".to_owned(),
            ]),
            app_key_id,
        )),
    )
    .await?;
    println!("created application key {app_key_id} with two scopes");
    Ok(())
}
