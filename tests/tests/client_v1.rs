//! End-to-end tests of the 10 v1 operations of the generated client against a
//! local wiremock server.
//!
//! Each test mounts a mock that matches the exact method, path, credential
//! headers and (for bodies) `Content-Type` and JSON body, answers with the
//! reference page's example payload and documented status, then checks the
//! decoded value field by field, that it re-serializes to the same JSON, and
//! what exactly went over the wire (raw path, no query string, body).
//!
//! The payloads are the "Example" tabs of the Key Management reference page
//! (`shared/seeds/003_…txt`), embedded verbatim.

mod common;

use common::*;
use datadog_key_management::v1::models::{ApiKey, ApplicationKey};
use datadog_key_management::Secret;
use serde_json::json;
use wiremock::matchers::body_json;
use wiremock::MockServer;

/// "Get all API keys returns "OK" response".
const V1_API_KEY_LIST: &str = r#"{
  "api_keys": [
    {
      "created_by": "test_user",
      "key": "1234512345123456abcabc912349abcd",
      "name": "app_key"
    }
  ]
}"#;

/// The 200 example of "Create an API key", "Get API key", "Edit an API key"
/// and "Delete an API key" (the same payload on all four).
const V1_API_KEY: &str = r#"{
  "api_key": {
    "created_by": "test_user",
    "key": "1234512345123456abcabc912349abcd",
    "name": "app_key"
  }
}"#;

/// "Get all application keys returns "OK" response".
const V1_APPLICATION_KEY_LIST: &str = r#"{
  "application_keys": [
    {
      "hash": "1234512345123459cda4eb9ced49a3d84fd0138c",
      "name": "app_key",
      "owner": "test_user"
    }
  ]
}"#;

/// The 200 example of "Create/Get/Edit/Delete an application key".
const V1_APPLICATION_KEY: &str = r#"{
  "application_key": {
    "hash": "1234512345123459cda4eb9ced49a3d84fd0138c",
    "name": "app_key",
    "owner": "test_user"
  }
}"#;

/// The request body example of the create and edit operations.
fn example_request_body() -> serde_json::Value {
    json!({ "name": "example user" })
}

const KEY: &str = "1234512345123456abcabc912349abcd";
const HASH: &str = "1234512345123459cda4eb9ced49a3d84fd0138c";

fn assert_example_api_key(key: &ApiKey) {
    assert_eq!(key.created_by.as_deref(), Some("test_user"));
    // The key value is a `Secret`: readable, but never printed.
    assert_eq!(key.key.as_ref().map(Secret::expose), Some(KEY));
    assert!(!format!("{key:?}").contains(KEY), "{key:?}");
    assert_eq!(key.name.as_deref(), Some("app_key"));
    assert_eq!(key.created, None);
    assert!(key.additional_properties.is_empty());
}

fn assert_example_application_key(key: &ApplicationKey) {
    assert_eq!(key.hash.as_ref().map(Secret::expose), Some(HASH));
    assert!(!format!("{key:?}").contains(HASH), "{key:?}");
    assert_eq!(key.name.as_deref(), Some("app_key"));
    assert_eq!(key.owner.as_deref(), Some("test_user"));
    assert!(key.additional_properties.is_empty());
}

#[tokio::test]
async fn list_api_keys() {
    let server = MockServer::start().await;
    authed("GET", "/api/v1/api_key")
        .respond_with(json_response(200, V1_API_KEY_LIST))
        .expect(1)
        .mount(&server)
        .await;

    let response = v1_api(&server).list_api_keys().await.unwrap();

    let keys = response.api_keys.as_deref().unwrap();
    assert_eq!(keys.len(), 1);
    assert_example_api_key(&keys[0]);
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        parse(V1_API_KEY_LIST)
    );
    let request = only_request(&server).await;
    assert_request(&request, "GET", "/api/v1/api_key", None, None);
}

#[tokio::test]
async fn create_api_key() {
    let server = MockServer::start().await;
    authed("POST", "/api/v1/api_key")
        .and(wiremock::matchers::header(
            "content-type",
            "application/json",
        ))
        .and(body_json(example_request_body()))
        .respond_with(json_response(200, V1_API_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let body = ApiKey::new().with_name("example user");
    let response = v1_api(&server).create_api_key(body).await.unwrap();

    assert_example_api_key(response.api_key.as_ref().unwrap());
    assert_eq!(serde_json::to_value(&response).unwrap(), parse(V1_API_KEY));
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/api/v1/api_key",
        None,
        Some(example_request_body()),
    );
}

#[tokio::test]
async fn get_api_key() {
    let server = MockServer::start().await;
    authed("GET", &format!("/api/v1/api_key/{KEY}"))
        .respond_with(json_response(200, V1_API_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let response = v1_api(&server).get_api_key(KEY).await.unwrap();

    assert_example_api_key(response.api_key.as_ref().unwrap());
    assert_eq!(serde_json::to_value(&response).unwrap(), parse(V1_API_KEY));
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &format!("/api/v1/api_key/{KEY}"),
        None,
        None,
    );
}

#[tokio::test]
async fn update_api_key() {
    let server = MockServer::start().await;
    authed("PUT", &format!("/api/v1/api_key/{KEY}"))
        .and(wiremock::matchers::header(
            "content-type",
            "application/json",
        ))
        .and(body_json(example_request_body()))
        .respond_with(json_response(200, V1_API_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let mut body = ApiKey::new();
    body.name = Some("example user".to_owned());
    let response = v1_api(&server).update_api_key(KEY, body).await.unwrap();

    assert_example_api_key(response.api_key.as_ref().unwrap());
    assert_eq!(serde_json::to_value(&response).unwrap(), parse(V1_API_KEY));
    let request = only_request(&server).await;
    assert_request(
        &request,
        "PUT",
        &format!("/api/v1/api_key/{KEY}"),
        None,
        Some(example_request_body()),
    );
}

#[tokio::test]
async fn delete_api_key() {
    let server = MockServer::start().await;
    authed("DELETE", &format!("/api/v1/api_key/{KEY}"))
        .respond_with(json_response(200, V1_API_KEY))
        .expect(1)
        .mount(&server)
        .await;

    // v1 answers a delete with the deleted key.
    let response = v1_api(&server).delete_api_key(KEY).await.unwrap();

    assert_example_api_key(response.api_key.as_ref().unwrap());
    assert_eq!(serde_json::to_value(&response).unwrap(), parse(V1_API_KEY));
    let request = only_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        &format!("/api/v1/api_key/{KEY}"),
        None,
        None,
    );
}

#[tokio::test]
async fn list_application_keys() {
    let server = MockServer::start().await;
    authed("GET", "/api/v1/application_key")
        .respond_with(json_response(200, V1_APPLICATION_KEY_LIST))
        .expect(1)
        .mount(&server)
        .await;

    let response = v1_api(&server).list_application_keys().await.unwrap();

    let keys = response.application_keys.as_deref().unwrap();
    assert_eq!(keys.len(), 1);
    assert_example_application_key(&keys[0]);
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        parse(V1_APPLICATION_KEY_LIST)
    );
    let request = only_request(&server).await;
    assert_request(&request, "GET", "/api/v1/application_key", None, None);
}

#[tokio::test]
async fn create_application_key() {
    let server = MockServer::start().await;
    authed("POST", "/api/v1/application_key")
        .and(wiremock::matchers::header(
            "content-type",
            "application/json",
        ))
        .and(body_json(example_request_body()))
        .respond_with(json_response(200, V1_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let body = ApplicationKey::new().with_name("example user");
    let response = v1_api(&server).create_application_key(body).await.unwrap();

    assert_example_application_key(response.application_key.as_ref().unwrap());
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        parse(V1_APPLICATION_KEY)
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/api/v1/application_key",
        None,
        Some(example_request_body()),
    );
}

#[tokio::test]
async fn get_application_key() {
    let server = MockServer::start().await;
    authed("GET", &format!("/api/v1/application_key/{HASH}"))
        .respond_with(json_response(200, V1_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let response = v1_api(&server).get_application_key(HASH).await.unwrap();

    assert_example_application_key(response.application_key.as_ref().unwrap());
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        parse(V1_APPLICATION_KEY)
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &format!("/api/v1/application_key/{HASH}"),
        None,
        None,
    );
}

#[tokio::test]
async fn update_application_key() {
    let server = MockServer::start().await;
    authed("PUT", &format!("/api/v1/application_key/{HASH}"))
        .and(wiremock::matchers::header(
            "content-type",
            "application/json",
        ))
        .and(body_json(example_request_body()))
        .respond_with(json_response(200, V1_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let mut body = ApplicationKey::new();
    body.name = Some("example user".to_owned());
    let response = v1_api(&server)
        .update_application_key(HASH, body)
        .await
        .unwrap();

    assert_example_application_key(response.application_key.as_ref().unwrap());
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        parse(V1_APPLICATION_KEY)
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "PUT",
        &format!("/api/v1/application_key/{HASH}"),
        None,
        Some(example_request_body()),
    );
}

#[tokio::test]
async fn delete_application_key() {
    let server = MockServer::start().await;
    authed("DELETE", &format!("/api/v1/application_key/{HASH}"))
        .respond_with(json_response(200, V1_APPLICATION_KEY))
        .expect(1)
        .mount(&server)
        .await;

    let response = v1_api(&server).delete_application_key(HASH).await.unwrap();

    assert_example_application_key(response.application_key.as_ref().unwrap());
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        parse(V1_APPLICATION_KEY)
    );
    let request = only_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        &format!("/api/v1/application_key/{HASH}"),
        None,
        None,
    );
}
