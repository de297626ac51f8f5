//! End-to-end tests of the 14 v2 operations of the generated client against a
//! local wiremock server.
//!
//! Each test mounts a mock that matches the exact method, path, every query
//! parameter, the credential headers and (for bodies) `Content-Type` and JSON
//! body, answers with the reference pages' example payload and documented
//! status (200, 201 or 204), then checks the decoded value field by field
//! (`included` items included), that it re-serializes to the same JSON, and
//! the raw path, query string and body that went over the wire.
//!
//! The payloads are the pages' "Example" tabs, embedded verbatim: `003_…txt`
//! for most operations, the newer pages `004_…txt` (Get all API keys) and
//! `000_…txt` (Create an API key), whose included user has a `uuid`. The list
//! examples show the placeholder string `"integer"` for `meta.max_allowed*`
//! and `meta.page.total_filtered_count`, which are int64 on the same pages;
//! as in the spec's examples, `max_allowed*` is left out and
//! `total_filtered_count` is 1, the number of items in `data`.

mod common;

use common::*;
use datadog_key_management::v2::models::*;
use datadog_key_management::v2::{
    GetApiKeyParams, GetApplicationKeyParams, ListApiKeysParams, ListApplicationKeysParams,
    ListCurrentUserApplicationKeysParams,
};
use datadog_key_management::{DateTime, Error, Nullable, Secret};
use serde_json::json;
use wiremock::matchers::{body_json, header, query_param};
use wiremock::MockServer;

const API_KEY_ID: &str = "5e1c6d2f-0c3a-4a4e-9d2b-4f6a8b0c1d2e";
const APP_KEY_ID: &str = "9b7a2c4e-6f1d-4e3b-8a5c-7d9e0f1a2b3c";

// --- Expected decoded values -------------------------------------------------

/// An RFC 3339 date-time, as the client decodes it.
fn at(text: &str) -> DateTime {
    text.parse().expect("an RFC 3339 date-time")
}

/// The user in every example's `included`; only the newer pages have `uuid`.
fn assert_example_user(item_type: &str, user: &User, with_uuid: bool) {
    assert_eq!(user.r#type, UsersType::Users, "{item_type}");
    assert_eq!(user.id.as_deref(), Some("string"));
    let attributes = user.attributes.as_ref().unwrap();
    assert_eq!(attributes.created_at, Some(at("2019-09-19T10:00:00.000Z")));
    assert_eq!(attributes.disabled, Some(false));
    assert_eq!(attributes.email.as_deref(), Some("string"));
    assert_eq!(
        attributes.last_login_time,
        Nullable::Value(at("2019-09-19T10:00:00.000Z"))
    );
    assert_eq!(attributes.mfa_enabled, Some(false));
    assert_eq!(attributes.service_account, Some(false));
    assert_eq!(attributes.verified, Some(false));
    assert_eq!(
        attributes.uuid.as_deref(),
        with_uuid.then_some("string"),
        "uuid"
    );
    assert!(attributes.additional_properties.is_empty());
    let relationships = user.relationships.as_ref().unwrap();
    let org = &relationships.org.as_ref().unwrap().data;
    assert_eq!(org.id, "00000000-0000-beef-0000-000000000000");
    assert_eq!(org.r#type, OrganizationsType::Orgs);
    let other_orgs = &relationships.other_orgs.as_ref().unwrap().data;
    assert_eq!(other_orgs.len(), 1);
    assert_eq!(other_orgs[0].id, "00000000-0000-beef-0000-000000000000");
    let other_users = &relationships.other_users.as_ref().unwrap().data;
    assert_eq!(other_users[0].id, "00000000-0000-0000-2345-000000000000");
    assert_eq!(other_users[0].r#type, UsersType::Users);
    let roles = relationships
        .roles
        .as_ref()
        .unwrap()
        .data
        .as_deref()
        .unwrap();
    assert_eq!(roles.len(), 1);
    assert_eq!(
        roles[0].id.as_deref(),
        Some("3653d3c6-0c75-11ea-ad28-fb5701eabc7d")
    );
    assert_eq!(roles[0].r#type, Some(RolesType::Roles));
}

fn assert_single_api_key_user(included: Option<&Vec<ApiKeyResponseIncludedItem>>, uuid: bool) {
    let included = included.expect("included is present");
    assert_eq!(included.len(), 1);
    match &included[0] {
        ApiKeyResponseIncludedItem::User(user) => assert_example_user("api key", user, uuid),
        other => panic!("expected a user, got {other:?}"),
    }
}

fn assert_single_app_key_user(included: Option<&Vec<ApplicationKeyResponseIncludedItem>>) {
    let included = included.expect("included is present");
    assert_eq!(included.len(), 1);
    match &included[0] {
        ApplicationKeyResponseIncludedItem::User(user) => {
            assert_example_user("application key", user, false)
        }
        other => panic!("expected a user, got {other:?}"),
    }
}

fn assert_api_key_relationships(relationships: Option<&ApiKeyRelationships>) {
    let relationships = relationships.unwrap();
    let created_by = &relationships.created_by.as_ref().unwrap().data;
    assert_eq!(created_by.id, "00000000-0000-0000-2345-000000000000");
    assert_eq!(created_by.r#type, UsersType::Users);
    let modified_by = relationships.modified_by.as_ref().unwrap();
    let modified_by = modified_by.data.as_ref().unwrap();
    assert_eq!(modified_by.id, "00000000-0000-0000-0000-000000000000");
    assert_eq!(modified_by.r#type, UsersType::Users);
}

fn assert_example_full_api_key(key: &FullApiKey) {
    assert_eq!(key.id.as_deref(), Some("string"));
    assert_eq!(key.r#type, Some(ApiKeysType::ApiKeys));
    let attributes = key.attributes.as_ref().unwrap();
    assert_eq!(attributes.category.as_deref(), Some("string"));
    assert_eq!(attributes.created_at, Some(at("2020-11-23T10:00:00.000Z")));
    assert_eq!(
        attributes.date_last_used.as_option(),
        Some(&at("2020-11-27T10:00:00.000Z"))
    );
    assert_eq!(attributes.key.as_ref().map(Secret::expose), Some("string"));
    assert_eq!(attributes.last4.as_deref(), Some("abcd"));
    assert_eq!(attributes.modified_at, Some(at("2020-11-23T10:00:00.000Z")));
    assert_eq!(
        attributes.name.as_deref(),
        Some("API Key for submitting metrics")
    );
    assert_eq!(attributes.remote_config_read_enabled, Some(false));
    assert!(attributes.additional_properties.is_empty());
    assert_api_key_relationships(key.relationships.as_ref());
}

fn example_scopes() -> Vec<String> {
    [
        "dashboards_read",
        "dashboards_write",
        "dashboards_public_share",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn assert_example_full_app_key(key: &FullApplicationKey) {
    assert_eq!(key.id.as_deref(), Some("string"));
    assert_eq!(key.r#type, Some(ApplicationKeysType::ApplicationKeys));
    let attributes = key.attributes.as_ref().unwrap();
    assert_eq!(attributes.created_at, Some(at("2020-11-23T10:00:00.000Z")));
    assert_eq!(attributes.key.as_ref().map(Secret::expose), Some("string"));
    assert_eq!(attributes.last4.as_deref(), Some("abcd"));
    assert_eq!(
        attributes.last_used_at.as_option(),
        Some(&at("2020-12-20T10:00:00.000Z"))
    );
    assert_eq!(
        attributes.name.as_deref(),
        Some("Application Key for managing dashboards")
    );
    assert_eq!(attributes.scopes, Nullable::Value(example_scopes()));
    let owner = &key
        .relationships
        .as_ref()
        .unwrap()
        .owned_by
        .as_ref()
        .unwrap()
        .data;
    assert_eq!(owner.id, "00000000-0000-0000-2345-000000000000");
    assert_eq!(owner.r#type, UsersType::Users);
}

fn assert_example_app_key_list(response: &ListApplicationKeysResponse) {
    let data = response.data.as_deref().unwrap();
    assert_eq!(data.len(), 1);
    let key = &data[0];
    assert_eq!(key.id.as_deref(), Some("string"));
    assert_eq!(key.r#type, Some(ApplicationKeysType::ApplicationKeys));
    let attributes = key.attributes.as_ref().unwrap();
    assert_eq!(attributes.last4.as_deref(), Some("abcd"));
    assert_eq!(
        attributes.name.as_deref(),
        Some("Application Key for managing dashboards")
    );
    assert_eq!(attributes.scopes, Nullable::Value(example_scopes()));
    assert_eq!(
        attributes.last_used_at.as_option().map(String::as_str),
        Some("2020-12-20T10:00:00.000Z")
    );
    let owner = &key
        .relationships
        .as_ref()
        .unwrap()
        .owned_by
        .as_ref()
        .unwrap()
        .data;
    assert_eq!(owner.id, "00000000-0000-0000-2345-000000000000");
    assert_single_app_key_user(response.included.as_ref());
    let meta = response.meta.as_ref().unwrap();
    assert_eq!(meta.max_allowed_per_user, None);
    assert_eq!(
        meta.page.as_ref().unwrap().total_filtered_count,
        Some(1),
        "meta.page.total_filtered_count"
    );
}

// --- API keys ---------------------------------------------------------------

#[tokio::test]
async fn list_api_keys_with_every_parameter() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .and(query_param("page[size]", "2"))
        .and(query_param("page[number]", "1"))
        .and(query_param("sort", "-created_at"))
        .and(query_param("filter", "submitting metrics"))
        .and(query_param(
            "filter[created_at][start]",
            "2020-11-01T00:00:00Z",
        ))
        .and(query_param(
            "filter[created_at][end]",
            "2020-12-01T00:00:00+01:00",
        ))
        .and(query_param("filter[modified_at][start]", "2020-11-02"))
        .and(query_param("filter[modified_at][end]", "2020-12-02"))
        .and(query_param("include", "created_by,modified_by"))
        .and(query_param("filter[remote_config_read_enabled]", "false"))
        .and(query_param("filter[category]", "string"))
        .respond_with(json_response(200, V2_API_KEY_LIST))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListApiKeysParams::default()
        .page_size(2)
        .page_number(1)
        .sort(ApiKeysSort::CreatedAtDescending)
        .filter("submitting metrics".to_owned())
        .filter_created_at_start("2020-11-01T00:00:00Z".to_owned())
        .filter_created_at_end("2020-12-01T00:00:00+01:00".to_owned())
        .filter_modified_at_start("2020-11-02".to_owned())
        .filter_modified_at_end("2020-12-02".to_owned())
        .include(vec![
            ListApiKeysIncludeItem::CreatedBy,
            ListApiKeysIncludeItem::ModifiedBy,
        ])
        .filter_remote_config_read_enabled(false)
        .filter_category("string".to_owned());
    let response = v2_api(&server).list_api_keys(params).await.unwrap();

    let data = response.data.as_deref().unwrap();
    assert_eq!(data.len(), 1);
    let key = &data[0];
    assert_eq!(key.id.as_deref(), Some("string"));
    assert_eq!(key.r#type, Some(ApiKeysType::ApiKeys));
    let attributes = key.attributes.as_ref().unwrap();
    assert_eq!(attributes.last4.as_deref(), Some("abcd"));
    assert_eq!(attributes.category.as_deref(), Some("string"));
    assert_eq!(
        attributes.name.as_deref(),
        Some("API Key for submitting metrics")
    );
    assert_eq!(
        attributes.date_last_used.as_option(),
        Some(&at("2020-11-27T10:00:00.000Z"))
    );
    assert_eq!(attributes.remote_config_read_enabled, Some(false));
    assert_api_key_relationships(key.relationships.as_ref());
    assert_single_api_key_user(response.included.as_ref(), true);
    let meta = response.meta.as_ref().unwrap();
    assert_eq!(meta.max_allowed, None);
    assert_eq!(meta.page.as_ref().unwrap().total_filtered_count, Some(1));
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_API_KEY_LIST))
    );

    // Declaration order, form-urlencoded: brackets, `:`, `+` and `,` escaped,
    // a space as `+`, the `-` of the sort value and the `.`/`_` left alone.
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/api/v2/api_keys",
        Some(
            "page%5Bsize%5D=2&page%5Bnumber%5D=1&sort=-created_at&filter=submitting+metrics\
             &filter%5Bcreated_at%5D%5Bstart%5D=2020-11-01T00%3A00%3A00Z\
             &filter%5Bcreated_at%5D%5Bend%5D=2020-12-01T00%3A00%3A00%2B01%3A00\
             &filter%5Bmodified_at%5D%5Bstart%5D=2020-11-02\
             &filter%5Bmodified_at%5D%5Bend%5D=2020-12-02\
             &include=created_by%2Cmodified_by\
             &filter%5Bremote_config_read_enabled%5D=false\
             &filter%5Bcategory%5D=string",
        ),
        None,
    );
}

#[tokio::test]
async fn list_api_keys_without_parameters_sends_no_query_string() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .respond_with(json_response(200, V2_API_KEY_LIST))
        .expect(1)
        .mount(&server)
        .await;

    let response = v2_api(&server)
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap();

    assert_eq!(response.data.as_ref().map(Vec::len), Some(1));
    let request = only_request(&server).await;
    assert_request(&request, "GET", "/api/v2/api_keys", None, None);
}

#[tokio::test]
async fn list_api_keys_names_the_field_of_the_key_that_does_not_decode() {
    // Four keys; the fourth has a number where the spec says date-time text,
    // as if the server had changed. The number stands for anything the body
    // may hold (a new key's value): the error must name the field, not it.
    let mut page = parse(V2_API_KEY_LIST);
    let key = page["data"][0].clone();
    let mut bad = key.clone();
    bad["attributes"]["created_at"] = json!(1606471200123u64);
    page["data"] = json!([key.clone(), key.clone(), key, bad]);
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .respond_with(json_response(200, &page.to_string()))
        .expect(1)
        .mount(&server)
        .await;

    let error = v2_api(&server)
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap_err();

    match &error {
        Error::Decode {
            operation,
            status,
            path,
            message,
            ..
        } => {
            assert_eq!((*operation, *status), ("ListAPIKeys", 200));
            assert_eq!(path, "data[3].attributes.created_at");
            assert_eq!(message, "invalid type: integer, expected a string");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "could not decode the HTTP 200 response of ListAPIKeys at \
         data[3].attributes.created_at: invalid type: integer, expected a string"
    );
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("1606471200123"), "{text}");
    }
    assert_redacted(&error);
}

#[tokio::test]
async fn create_api_key() {
    let body = json!({
        "data": {
            "type": "api_keys",
            "attributes": { "name": "Example-Key-Management" }
        }
    });
    let server = MockServer::start().await;
    authed("POST", "/api/v2/api_keys")
        .and(header("content-type", "application/json"))
        .and(body_json(&body))
        .respond_with(json_response(201, V2_API_KEY_CREATED))
        .expect(1)
        .mount(&server)
        .await;

    let request_body = ApiKeyCreateRequest::new(ApiKeyCreateData::new(
        ApiKeyCreateAttributes::new("Example-Key-Management".to_owned()),
    ));
    let response = v2_api(&server).create_api_key(request_body).await.unwrap();

    assert_example_full_api_key(response.data.as_ref().unwrap());
    assert_single_api_key_user(response.included.as_ref(), true);
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_API_KEY_CREATED))
    );
    let request = only_request(&server).await;
    assert_request(&request, "POST", "/api/v2/api_keys", None, Some(body));
}

#[tokio::test]
async fn get_api_key_with_include() {
    let server = MockServer::start().await;
    authed("GET", &format!("/api/v2/api_keys/{API_KEY_ID}"))
        .and(query_param("include", "created_by,modified_by"))
        .respond_with(json_response(200, V2_API_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let params = GetApiKeyParams::default().include(vec![
        GetApiKeyIncludeItem::CreatedBy,
        GetApiKeyIncludeItem::ModifiedBy,
    ]);
    let response = v2_api(&server)
        .get_api_key(API_KEY_ID, params)
        .await
        .unwrap();

    assert_example_full_api_key(response.data.as_ref().unwrap());
    assert_single_api_key_user(response.included.as_ref(), false);
    assert_eq!(reserialized(&response), canonical_times(parse(V2_API_KEY)));
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &format!("/api/v2/api_keys/{API_KEY_ID}"),
        Some("include=created_by%2Cmodified_by"),
        None,
    );
}

#[tokio::test]
async fn update_api_key() {
    let body = json!({
        "data": {
            "type": "api_keys",
            "id": API_KEY_ID,
            "attributes": { "name": "Example-Key-Management" }
        }
    });
    let server = MockServer::start().await;
    authed("PATCH", &format!("/api/v2/api_keys/{API_KEY_ID}"))
        .and(header("content-type", "application/json"))
        .and(body_json(&body))
        .respond_with(json_response(200, V2_API_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let request_body = ApiKeyUpdateRequest::new(ApiKeyUpdateData::new(
        ApiKeyUpdateAttributes::new("Example-Key-Management".to_owned()),
        API_KEY_ID.to_owned(),
    ));
    let response = v2_api(&server)
        .update_api_key(API_KEY_ID, request_body)
        .await
        .unwrap();

    assert_example_full_api_key(response.data.as_ref().unwrap());
    assert_single_api_key_user(response.included.as_ref(), false);
    assert_eq!(reserialized(&response), canonical_times(parse(V2_API_KEY)));
    let request = only_request(&server).await;
    assert_request(
        &request,
        "PATCH",
        &format!("/api/v2/api_keys/{API_KEY_ID}"),
        None,
        Some(body),
    );
}

#[tokio::test]
async fn delete_api_key() {
    let server = MockServer::start().await;
    authed("DELETE", &format!("/api/v2/api_keys/{API_KEY_ID}"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let () = v2_api(&server).delete_api_key(API_KEY_ID).await.unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        &format!("/api/v2/api_keys/{API_KEY_ID}"),
        None,
        None,
    );
}

// --- The organization's application keys -------------------------------------

#[tokio::test]
async fn list_application_keys_with_every_parameter() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/application_keys")
        .and(query_param("page[size]", "25"))
        .and(query_param("page[number]", "0"))
        .and(query_param("sort", "-name"))
        .and(query_param("filter", "dashboards"))
        .and(query_param("filter[created_at][start]", "2020-11-01"))
        .and(query_param(
            "filter[created_at][end]",
            "2020-11-30T23:59:59Z",
        ))
        .and(query_param("include", "owned_by"))
        .respond_with(json_response(200, V2_APPLICATION_KEY_LIST))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListApplicationKeysParams::default()
        .page_size(25)
        .page_number(0)
        .sort(ApplicationKeysSort::NameDescending)
        .filter("dashboards".to_owned())
        .filter_created_at_start("2020-11-01".to_owned())
        .filter_created_at_end("2020-11-30T23:59:59Z".to_owned())
        .include(vec![ListApplicationKeysIncludeItem::OwnedBy]);
    let response = v2_api(&server).list_application_keys(params).await.unwrap();

    assert_example_app_key_list(&response);
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_APPLICATION_KEY_LIST))
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/api/v2/application_keys",
        Some(
            "page%5Bsize%5D=25&page%5Bnumber%5D=0&sort=-name&filter=dashboards\
             &filter%5Bcreated_at%5D%5Bstart%5D=2020-11-01\
             &filter%5Bcreated_at%5D%5Bend%5D=2020-11-30T23%3A59%3A59Z\
             &include=owned_by",
        ),
        None,
    );
}

#[tokio::test]
async fn get_application_key_with_include() {
    let server = MockServer::start().await;
    authed("GET", &format!("/api/v2/application_keys/{APP_KEY_ID}"))
        .and(query_param("include", "owned_by"))
        .respond_with(json_response(200, V2_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let params =
        GetApplicationKeyParams::default().include(vec![GetApplicationKeyIncludeItem::OwnedBy]);
    let response = v2_api(&server)
        .get_application_key(APP_KEY_ID, params)
        .await
        .unwrap();

    assert_example_full_app_key(response.data.as_ref().unwrap());
    assert_single_app_key_user(response.included.as_ref());
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_APPLICATION_KEY))
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &format!("/api/v2/application_keys/{APP_KEY_ID}"),
        Some("include=owned_by"),
        None,
    );
}

fn app_key_update_body() -> serde_json::Value {
    json!({
        "data": {
            "id": APP_KEY_ID,
            "type": "application_keys",
            "attributes": { "name": "Application Key for managing dashboards-updated" }
        }
    })
}

fn app_key_update_request() -> ApplicationKeyUpdateRequest {
    let attributes = ApplicationKeyUpdateAttributes::new()
        .with_name("Application Key for managing dashboards-updated");
    ApplicationKeyUpdateRequest::new(ApplicationKeyUpdateData::new(
        attributes,
        APP_KEY_ID.to_owned(),
    ))
}

#[tokio::test]
async fn update_application_key() {
    let server = MockServer::start().await;
    authed("PATCH", &format!("/api/v2/application_keys/{APP_KEY_ID}"))
        .and(header("content-type", "application/json"))
        .and(body_json(app_key_update_body()))
        .respond_with(json_response(200, V2_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let response = v2_api(&server)
        .update_application_key(APP_KEY_ID, app_key_update_request())
        .await
        .unwrap();

    assert_example_full_app_key(response.data.as_ref().unwrap());
    assert_single_app_key_user(response.included.as_ref());
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_APPLICATION_KEY))
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "PATCH",
        &format!("/api/v2/application_keys/{APP_KEY_ID}"),
        None,
        Some(app_key_update_body()),
    );
}

#[tokio::test]
async fn delete_application_key() {
    let server = MockServer::start().await;
    authed("DELETE", &format!("/api/v2/application_keys/{APP_KEY_ID}"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let () = v2_api(&server)
        .delete_application_key(APP_KEY_ID)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        &format!("/api/v2/application_keys/{APP_KEY_ID}"),
        None,
        None,
    );
}

// --- The current user's application keys -------------------------------------

#[tokio::test]
async fn list_current_user_application_keys_with_every_parameter() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/current_user/application_keys")
        .and(query_param("page[size]", "10"))
        .and(query_param("page[number]", "3"))
        .and(query_param("sort", "-last4"))
        .and(query_param("filter", "managing dashboards"))
        .and(query_param("filter[created_at][start]", "2020-01-01"))
        .and(query_param("filter[created_at][end]", "2021-01-01"))
        .and(query_param("include", "owned_by"))
        .respond_with(json_response(200, V2_APPLICATION_KEY_LIST))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListCurrentUserApplicationKeysParams::default()
        .page_size(10)
        .page_number(3)
        .sort(ApplicationKeysSort::Last4Descending)
        .filter("managing dashboards".to_owned())
        .filter_created_at_start("2020-01-01".to_owned())
        .filter_created_at_end("2021-01-01".to_owned())
        .include(vec![ListCurrentUserApplicationKeysIncludeItem::OwnedBy]);
    let response = v2_api(&server)
        .list_current_user_application_keys(params)
        .await
        .unwrap();

    assert_example_app_key_list(&response);
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_APPLICATION_KEY_LIST))
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/api/v2/current_user/application_keys",
        Some(
            "page%5Bsize%5D=10&page%5Bnumber%5D=3&sort=-last4&filter=managing+dashboards\
             &filter%5Bcreated_at%5D%5Bstart%5D=2020-01-01\
             &filter%5Bcreated_at%5D%5Bend%5D=2021-01-01\
             &include=owned_by",
        ),
        None,
    );
}

#[tokio::test]
async fn create_current_user_application_key_with_scopes() {
    // The page's request example for this operation sets scopes.
    let body = json!({
        "data": {
            "type": "application_keys",
            "attributes": {
                "name": "Example-Key-Management",
                "scopes": ["dashboards_read", "dashboards_write", "dashboards_public_share"]
            }
        }
    });
    let server = MockServer::start().await;
    authed("POST", "/api/v2/current_user/application_keys")
        .and(header("content-type", "application/json"))
        .and(body_json(&body))
        .respond_with(json_response(201, V2_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let attributes =
        ApplicationKeyCreateAttributes::new("Example-Key-Management").with_scopes(example_scopes());
    let request_body = ApplicationKeyCreateRequest::new(ApplicationKeyCreateData::new(attributes));
    let response = v2_api(&server)
        .create_current_user_application_key(request_body)
        .await
        .unwrap();

    assert_example_full_app_key(response.data.as_ref().unwrap());
    assert_single_app_key_user(response.included.as_ref());
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_APPLICATION_KEY))
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/api/v2/current_user/application_keys",
        None,
        Some(body),
    );
}

#[tokio::test]
async fn create_current_user_application_key_without_scopes_omits_them() {
    let body = json!({
        "data": {
            "type": "application_keys",
            "attributes": { "name": "Example-Key-Management" }
        }
    });
    let server = MockServer::start().await;
    authed("POST", "/api/v2/current_user/application_keys")
        .and(body_json(&body))
        .respond_with(json_response(201, V2_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let request_body = ApplicationKeyCreateRequest::new(ApplicationKeyCreateData::new(
        ApplicationKeyCreateAttributes::new("Example-Key-Management".to_owned()),
    ));
    v2_api(&server)
        .create_current_user_application_key(request_body)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/api/v2/current_user/application_keys",
        None,
        Some(body),
    );
}

#[tokio::test]
async fn get_current_user_application_key() {
    let server = MockServer::start().await;
    authed(
        "GET",
        &format!("/api/v2/current_user/application_keys/{APP_KEY_ID}"),
    )
    .respond_with(json_response(200, V2_APPLICATION_KEY))
    .expect(1)
    .mount(&server)
    .await;

    let response = v2_api(&server)
        .get_current_user_application_key(APP_KEY_ID)
        .await
        .unwrap();

    assert_example_full_app_key(response.data.as_ref().unwrap());
    assert_single_app_key_user(response.included.as_ref());
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_APPLICATION_KEY))
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &format!("/api/v2/current_user/application_keys/{APP_KEY_ID}"),
        None,
        None,
    );
}

#[tokio::test]
async fn update_current_user_application_key() {
    let server = MockServer::start().await;
    authed(
        "PATCH",
        &format!("/api/v2/current_user/application_keys/{APP_KEY_ID}"),
    )
    .and(header("content-type", "application/json"))
    .and(body_json(app_key_update_body()))
    .respond_with(json_response(200, V2_APPLICATION_KEY))
    .expect(1)
    .mount(&server)
    .await;

    let response = v2_api(&server)
        .update_current_user_application_key(APP_KEY_ID, app_key_update_request())
        .await
        .unwrap();

    assert_example_full_app_key(response.data.as_ref().unwrap());
    assert_single_app_key_user(response.included.as_ref());
    assert_eq!(
        reserialized(&response),
        canonical_times(parse(V2_APPLICATION_KEY))
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "PATCH",
        &format!("/api/v2/current_user/application_keys/{APP_KEY_ID}"),
        None,
        Some(app_key_update_body()),
    );
}

#[tokio::test]
async fn delete_current_user_application_key() {
    let server = MockServer::start().await;
    authed(
        "DELETE",
        &format!("/api/v2/current_user/application_keys/{APP_KEY_ID}"),
    )
    .respond_with(wiremock::ResponseTemplate::new(204))
    .expect(1)
    .mount(&server)
    .await;

    let () = v2_api(&server)
        .delete_current_user_application_key(APP_KEY_ID)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        &format!("/api/v2/current_user/application_keys/{APP_KEY_ID}"),
        None,
        None,
    );
}

// --- The reference pages' example payloads ------------------------------------

/// The 200 example of "Get API key" and "Edit an API key" (`003`).
const V2_API_KEY: &str = r#"{
  "data": {
    "attributes": {
      "category": "string",
      "created_at": "2020-11-23T10:00:00.000Z",
      "date_last_used": "2020-11-27T10:00:00.000Z",
      "key": "string",
      "last4": "abcd",
      "modified_at": "2020-11-23T10:00:00.000Z",
      "name": "API Key for submitting metrics",
      "remote_config_read_enabled": false
    },
    "id": "string",
    "relationships": {
      "created_by": {
        "data": {
          "id": "00000000-0000-0000-2345-000000000000",
          "type": "users"
        }
      },
      "modified_by": {
        "data": {
          "id": "00000000-0000-0000-0000-000000000000",
          "type": "users"
        }
      }
    },
    "type": "api_keys"
  },
  "included": [
    {
      "attributes": {
        "created_at": "2019-09-19T10:00:00.000Z",
        "disabled": false,
        "email": "string",
        "handle": "string",
        "icon": "string",
        "last_login_time": "2019-09-19T10:00:00.000Z",
        "mfa_enabled": false,
        "modified_at": "2019-09-19T10:00:00.000Z",
        "name": "string",
        "service_account": false,
        "status": "string",
        "title": "string",
        "verified": false
      },
      "id": "string",
      "relationships": {
        "org": {
          "data": {
            "id": "00000000-0000-beef-0000-000000000000",
            "type": "orgs"
          }
        },
        "other_orgs": {
          "data": [
            {
              "id": "00000000-0000-beef-0000-000000000000",
              "type": "orgs"
            }
          ]
        },
        "other_users": {
          "data": [
            {
              "id": "00000000-0000-0000-2345-000000000000",
              "type": "users"
            }
          ]
        },
        "roles": {
          "data": [
            {
              "id": "3653d3c6-0c75-11ea-ad28-fb5701eabc7d",
              "type": "roles"
            }
          ]
        }
      },
      "type": "users"
    }
  ]
}"#;

/// The example of "Get an application key", "Edit an application key", and of
/// the current user's "Create" (201), "Get" and "Edit" (`003`): one payload.
const V2_APPLICATION_KEY: &str = r#"{
  "data": {
    "attributes": {
      "created_at": "2020-11-23T10:00:00.000Z",
      "key": "string",
      "last4": "abcd",
      "last_used_at": "2020-12-20T10:00:00.000Z",
      "name": "Application Key for managing dashboards",
      "scopes": [
        "dashboards_read",
        "dashboards_write",
        "dashboards_public_share"
      ]
    },
    "id": "string",
    "relationships": {
      "owned_by": {
        "data": {
          "id": "00000000-0000-0000-2345-000000000000",
          "type": "users"
        }
      }
    },
    "type": "application_keys"
  },
  "included": [
    {
      "attributes": {
        "created_at": "2019-09-19T10:00:00.000Z",
        "disabled": false,
        "email": "string",
        "handle": "string",
        "icon": "string",
        "last_login_time": "2019-09-19T10:00:00.000Z",
        "mfa_enabled": false,
        "modified_at": "2019-09-19T10:00:00.000Z",
        "name": "string",
        "service_account": false,
        "status": "string",
        "title": "string",
        "verified": false
      },
      "id": "string",
      "relationships": {
        "org": {
          "data": {
            "id": "00000000-0000-beef-0000-000000000000",
            "type": "orgs"
          }
        },
        "other_orgs": {
          "data": [
            {
              "id": "00000000-0000-beef-0000-000000000000",
              "type": "orgs"
            }
          ]
        },
        "other_users": {
          "data": [
            {
              "id": "00000000-0000-0000-2345-000000000000",
              "type": "users"
            }
          ]
        },
        "roles": {
          "data": [
            {
              "id": "3653d3c6-0c75-11ea-ad28-fb5701eabc7d",
              "type": "roles"
            }
          ]
        }
      },
      "type": "users"
    }
  ]
}"#;

/// The 200 example of "Get all application keys" and of the current user's
/// list (`003`, the same payload), with `meta` as described at the top.
const V2_APPLICATION_KEY_LIST: &str = r#"{
  "data": [
    {
      "attributes": {
        "created_at": "2020-11-23T10:00:00.000Z",
        "last4": "abcd",
        "last_used_at": "2020-12-20T10:00:00.000Z",
        "name": "Application Key for managing dashboards",
        "scopes": [
          "dashboards_read",
          "dashboards_write",
          "dashboards_public_share"
        ]
      },
      "id": "string",
      "relationships": {
        "owned_by": {
          "data": {
            "id": "00000000-0000-0000-2345-000000000000",
            "type": "users"
          }
        }
      },
      "type": "application_keys"
    }
  ],
  "included": [
    {
      "attributes": {
        "created_at": "2019-09-19T10:00:00.000Z",
        "disabled": false,
        "email": "string",
        "handle": "string",
        "icon": "string",
        "last_login_time": "2019-09-19T10:00:00.000Z",
        "mfa_enabled": false,
        "modified_at": "2019-09-19T10:00:00.000Z",
        "name": "string",
        "service_account": false,
        "status": "string",
        "title": "string",
        "verified": false
      },
      "id": "string",
      "relationships": {
        "org": {
          "data": {
            "id": "00000000-0000-beef-0000-000000000000",
            "type": "orgs"
          }
        },
        "other_orgs": {
          "data": [
            {
              "id": "00000000-0000-beef-0000-000000000000",
              "type": "orgs"
            }
          ]
        },
        "other_users": {
          "data": [
            {
              "id": "00000000-0000-0000-2345-000000000000",
              "type": "users"
            }
          ]
        },
        "roles": {
          "data": [
            {
              "id": "3653d3c6-0c75-11ea-ad28-fb5701eabc7d",
              "type": "roles"
            }
          ]
        }
      },
      "type": "users"
    }
  ],
  "meta": {
    "page": {
      "total_filtered_count": 1
    }
  }
}"#;

/// The 200 example of "Get all API keys" (newer page `004`), with `meta` as
/// described at the top.
const V2_API_KEY_LIST: &str = r#"{
  "data": [
    {
      "attributes": {
        "category": "string",
        "created_at": "2020-11-23T10:00:00.000Z",
        "date_last_used": "2020-11-27T10:00:00.000Z",
        "last4": "abcd",
        "modified_at": "2020-11-23T10:00:00.000Z",
        "name": "API Key for submitting metrics",
        "remote_config_read_enabled": false
      },
      "id": "string",
      "relationships": {
        "created_by": {
          "data": {
            "id": "00000000-0000-0000-2345-000000000000",
            "type": "users"
          }
        },
        "modified_by": {
          "data": {
            "id": "00000000-0000-0000-0000-000000000000",
            "type": "users"
          }
        }
      },
      "type": "api_keys"
    }
  ],
  "included": [
    {
      "attributes": {
        "created_at": "2019-09-19T10:00:00.000Z",
        "disabled": false,
        "email": "string",
        "handle": "string",
        "icon": "string",
        "last_login_time": "2019-09-19T10:00:00.000Z",
        "mfa_enabled": false,
        "modified_at": "2019-09-19T10:00:00.000Z",
        "name": "string",
        "service_account": false,
        "status": "string",
        "title": "string",
        "uuid": "string",
        "verified": false
      },
      "id": "string",
      "relationships": {
        "org": {
          "data": {
            "id": "00000000-0000-beef-0000-000000000000",
            "type": "orgs"
          }
        },
        "other_orgs": {
          "data": [
            {
              "id": "00000000-0000-beef-0000-000000000000",
              "type": "orgs"
            }
          ]
        },
        "other_users": {
          "data": [
            {
              "id": "00000000-0000-0000-2345-000000000000",
              "type": "users"
            }
          ]
        },
        "roles": {
          "data": [
            {
              "id": "3653d3c6-0c75-11ea-ad28-fb5701eabc7d",
              "type": "roles"
            }
          ]
        }
      },
      "type": "users"
    }
  ],
  "meta": {
    "page": {
      "total_filtered_count": 1
    }
  }
}"#;

/// The 201 example of "Create an API key" (newer page `000`).
const V2_API_KEY_CREATED: &str = r#"{
  "data": {
    "attributes": {
      "category": "string",
      "created_at": "2020-11-23T10:00:00.000Z",
      "date_last_used": "2020-11-27T10:00:00.000Z",
      "key": "string",
      "last4": "abcd",
      "modified_at": "2020-11-23T10:00:00.000Z",
      "name": "API Key for submitting metrics",
      "remote_config_read_enabled": false
    },
    "id": "string",
    "relationships": {
      "created_by": {
        "data": {
          "id": "00000000-0000-0000-2345-000000000000",
          "type": "users"
        }
      },
      "modified_by": {
        "data": {
          "id": "00000000-0000-0000-0000-000000000000",
          "type": "users"
        }
      }
    },
    "type": "api_keys"
  },
  "included": [
    {
      "attributes": {
        "created_at": "2019-09-19T10:00:00.000Z",
        "disabled": false,
        "email": "string",
        "handle": "string",
        "icon": "string",
        "last_login_time": "2019-09-19T10:00:00.000Z",
        "mfa_enabled": false,
        "modified_at": "2019-09-19T10:00:00.000Z",
        "name": "string",
        "service_account": false,
        "status": "string",
        "title": "string",
        "uuid": "string",
        "verified": false
      },
      "id": "string",
      "relationships": {
        "org": {
          "data": {
            "id": "00000000-0000-beef-0000-000000000000",
            "type": "orgs"
          }
        },
        "other_orgs": {
          "data": [
            {
              "id": "00000000-0000-beef-0000-000000000000",
              "type": "orgs"
            }
          ]
        },
        "other_users": {
          "data": [
            {
              "id": "00000000-0000-0000-2345-000000000000",
              "type": "users"
            }
          ]
        },
        "roles": {
          "data": [
            {
              "id": "3653d3c6-0c75-11ea-ad28-fb5701eabc7d",
              "type": "roles"
            }
          ]
        }
      },
      "type": "users"
    }
  ]
}"#;

// --- Observed behaviour: nulls and timestamps ---------------------------------

/// A page as the service sends it for keys never used or never modified,
/// with an included user who has no name or title (spec/README.md, "Observed
/// behaviour of the service"). Every such value decodes, and re-serializing
/// keeps each `null`.
#[tokio::test]
async fn observed_nulls_decode_and_are_written_back() {
    let page = json!({
        "data": [{
            "type": "api_keys",
            "id": "k1",
            "attributes": {
                "created_at": "2020-11-23T10:00:00.000000+00:00",
                "date_last_used": null,
                "last4": "abcd",
                "modified_at": "2020-11-23T10:00:00.000000+00:00",
                "name": "never used"
            },
            "relationships": {
                "created_by": { "data": { "type": "users", "id": "u1" } },
                "modified_by": { "data": null }
            }
        }],
        "included": [{
            "type": "users",
            "id": "u1",
            "attributes": { "name": null, "title": null, "handle": "h@example.com" }
        }]
    });
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(&page))
        .mount(&server)
        .await;

    let response = v2_api(&server)
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap();

    let key = &response.data.as_ref().unwrap()[0];
    let attributes = key.attributes.as_ref().unwrap();
    assert_eq!(attributes.date_last_used, Nullable::Null);
    let relationships = key.relationships.as_ref().unwrap();
    assert_eq!(relationships.modified_by.as_ref().unwrap().data, None);
    match &response.included.as_ref().unwrap()[0] {
        ApiKeyResponseIncludedItem::User(user) => {
            let attributes = user.attributes.as_ref().unwrap();
            assert_eq!(attributes.name, Nullable::Null);
            assert_eq!(attributes.title, Nullable::Null);
        }
        other => panic!("expected a user, got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&response).unwrap(), page);
}

/// The same for application keys: `last_used_at` is null until first use.
#[tokio::test]
async fn application_key_never_used_has_null_last_used_at() {
    let key = json!({
        "data": {
            "type": "application_keys",
            "id": "a1",
            "attributes": { "name": "n", "last_used_at": null, "created_at": "2020-11-23T10:00:00Z" }
        }
    });
    let server = MockServer::start().await;
    authed(
        "GET",
        format!("/api/v2/application_keys/{APP_KEY_ID}").as_str(),
    )
    .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(&key))
    .mount(&server)
    .await;

    let response = v2_api(&server)
        .get_application_key(APP_KEY_ID, GetApplicationKeyParams::default())
        .await
        .unwrap();

    let attributes = response.data.as_ref().unwrap().attributes.as_ref().unwrap();
    assert_eq!(attributes.last_used_at, Nullable::Null);
    assert_eq!(serde_json::to_value(&response).unwrap(), key);
}

/// Timestamps as the service writes them: `Z` or an offset, no fraction or
/// up to nanoseconds. Each is the instant it names, in UTC.
#[tokio::test]
async fn date_times_accept_any_offset_and_precision() {
    let cases = [
        ("2020-11-23T10:00:00Z", "2020-11-23T10:00:00Z"),
        (
            "2020-11-23T10:00:00.131486+00:00",
            "2020-11-23T10:00:00.131486Z",
        ),
        ("2020-11-23T12:00:00.5+02:00", "2020-11-23T10:00:00.500Z"),
        (
            "2020-11-23T05:30:00.123456789-04:30",
            "2020-11-23T10:00:00.123456789Z",
        ),
    ];
    for (sent, utc) in cases {
        let server = MockServer::start().await;
        let body = json!({
            "data": { "type": "api_keys", "id": "k", "attributes": { "created_at": sent } }
        });
        authed("GET", format!("/api/v2/api_keys/{API_KEY_ID}").as_str())
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(&body))
            .mount(&server)
            .await;

        let response = v2_api(&server)
            .get_api_key(API_KEY_ID, GetApiKeyParams::default())
            .await
            .unwrap();

        let attributes = response.data.unwrap().attributes.unwrap();
        assert_eq!(attributes.created_at, Some(at(utc)), "{sent}");
        assert_eq!(
            serde_json::to_value(attributes.created_at).unwrap(),
            json!(utc),
            "{sent} is written back in UTC"
        );
    }
}

// --- One expression per request body --------------------------------------

/// A body is one expression: `From` through the JSON:API wrappers, `with_…`
/// for optional fields, `type` filled in. The created key's id is one call.
#[tokio::test]
async fn bodies_are_one_expression_and_the_created_id_one_call() {
    let server = MockServer::start().await;
    let created = json!({
        "data": {
            "type": "api_keys",
            "id": "new-key-id",
            "attributes": { "name": "ci", "key": "0123456789abcdef0123456789abcdef" }
        }
    });
    authed("POST", "/api/v2/api_keys")
        .and(body_json(json!({
            "data": {
                "type": "api_keys",
                "attributes": {
                    "name": "ci",
                    "category": "metrics",
                    "remote_config_read_enabled": true
                }
            }
        })))
        .respond_with(wiremock::ResponseTemplate::new(201).set_body_json(&created))
        .expect(1)
        .mount(&server)
        .await;
    authed("PATCH", "/api/v2/current_user/application_keys/app-1")
        .and(body_json(json!({
            "data": {
                "type": "application_keys",
                "id": "app-1",
                "attributes": { "name": "renamed", "scopes": ["dashboards_read"] }
            }
        })))
        .respond_with(json_response(200, V2_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;
    let api = v2_api(&server);

    let response = api
        .create_api_key(ApiKeyCreateRequest::from(
            ApiKeyCreateAttributes::new("ci")
                .with_category("metrics")
                .with_remote_config_read_enabled(true),
        ))
        .await
        .unwrap();
    assert_eq!(response.id(), Some("new-key-id"));

    api.update_current_user_application_key(
        "app-1",
        ApplicationKeyUpdateRequest::from(ApplicationKeyUpdateData::new(
            ApplicationKeyUpdateAttributes::new()
                .with_name("renamed")
                .with_scopes(vec!["dashboards_read".to_owned()]),
            "app-1",
        )),
    )
    .await
    .unwrap();
}

/// A date-time that does not parse fails the response with the field named
/// and the text left out: decided so rather than keeping a `String`, since
/// a value typed as a date-time that is not one is a contract change the
/// caller should hear about, at the exact field.
#[tokio::test]
async fn a_date_time_that_does_not_parse_names_its_field() {
    let server = MockServer::start().await;
    let body = json!({
        "data": {
            "type": "api_keys",
            "id": "k",
            "attributes": { "date_last_used": "last Tuesday 0xSECRET" }
        }
    });
    authed("GET", format!("/api/v2/api_keys/{API_KEY_ID}").as_str())
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;

    let error = v2_api(&server)
        .get_api_key(API_KEY_ID, GetApiKeyParams::default())
        .await
        .unwrap_err();

    match &error {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, "data.attributes.date_last_used");
            assert_eq!(message, "input contains invalid characters");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(!format!("{error} {error:?}").contains("0xSECRET"));
}

// --- The whole response, and options for one call ---------------------------

/// `…_with_response` returns the status and headers of a success with the
/// decoded value, and sends the call's own extra header, query pair and
/// idempotency key on top of the operation's, without another client.
#[tokio::test]
async fn create_api_key_with_response_and_call_options() {
    let body = json!({
        "data": {
            "type": "api_keys",
            "attributes": { "name": "Example-Key-Management" }
        }
    });
    let server = MockServer::start().await;
    authed("POST", "/api/v2/api_keys")
        .and(header("x-request-source", "nightly"))
        .and(header("idempotency-key", "create-1"))
        .and(query_param("debug", "true"))
        .and(body_json(&body))
        .respond_with(
            json_response(201, V2_API_KEY_CREATED)
                .insert_header("Location", "/api/v2/api_keys/new-id")
                .insert_header("X-RateLimit-Remaining", "41"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let options = datadog_key_management::runtime::CallOptions::new()
        .header("X-Request-Source", "nightly")
        .query("debug", "true")
        .idempotency_key("create-1");
    let request_body = ApiKeyCreateRequest::new(ApiKeyCreateData::new(
        ApiKeyCreateAttributes::new("Example-Key-Management".to_owned()),
    ));
    let response = v2_api(&server)
        .create_api_key_with_response(request_body, &options)
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(response.header("location"), Some("/api/v2/api_keys/new-id"));
    assert_eq!(
        response.header_as::<i64>("X-RateLimit-Remaining").unwrap(),
        Some(41)
    );
    assert_eq!(response.rate_limit().remaining, Some(41));
    // The value derefs, and comes out whole.
    assert_example_full_api_key(response.data.as_ref().unwrap());
    let value = response.into_inner();
    assert_eq!(
        reserialized(&value),
        canonical_times(parse(V2_API_KEY_CREATED))
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/api/v2/api_keys",
        Some("debug=true"),
        Some(body),
    );
}

/// A documented error through `…_with_response` is the same typed error as
/// through the plain method; a call's timeout applies to that call only.
#[tokio::test]
async fn with_response_keeps_typed_errors_and_a_per_call_timeout() {
    let server = MockServer::start().await;
    authed("DELETE", &format!("/api/v2/api_keys/{API_KEY_ID}"))
        .respond_with(error_response(403, "Forbidden"))
        .expect(1)
        .mount(&server)
        .await;
    authed("GET", &format!("/api/v2/api_keys/{API_KEY_ID}"))
        .respond_with(json_response(200, V2_API_KEY).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;

    let api = v2_api(&server);
    let options = datadog_key_management::runtime::CallOptions::new();
    let error = api
        .delete_api_key_with_response(API_KEY_ID, &options)
        .await
        .unwrap_err();
    match &error {
        Error::Api(e) => {
            assert_eq!(e.status, 403);
            assert_eq!(e.body.errors, vec!["Forbidden".to_owned()]);
        }
        other => panic!("expected a typed API error, got {other:?}"),
    }

    let quick = datadog_key_management::runtime::CallOptions::new()
        .timeout(std::time::Duration::from_millis(200))
        .retry(datadog_key_management::RetryPolicy::none());
    let started = std::time::Instant::now();
    let error = api
        .get_api_key_with_response(API_KEY_ID, GetApiKeyParams::default(), &quick)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
}
