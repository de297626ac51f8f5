//! The generated client's 24 operations against Prism serving our own spec
//! as a validating mock: every request the client sends must pass Prism's
//! validation of the spec (a violation comes back as the spec's 400), every
//! response Prism makes from the spec must decode — its examples and its
//! randomly generated ("dynamic") bodies — and each documented error status,
//! asked for with `Prefer: code=…`, must come back as `Error::Api` with that
//! status.
//!
//! Prism runs outside the test: `.ci/with-prism` installs the pinned
//! `@stoplight/prism-cli`, serves `spec/v1` and `spec/v2` on free ports and
//! passes their URLs in `PRISM_V1_URL` and `PRISM_V2_URL`. The tests are
//! `#[ignore]`d without it, so that `cargo test --workspace` needs no Node.js;
//! CI runs them with
//! `.ci/with-prism cargo test -p workspace-tests --test prism -- --ignored`,
//! and there a missing URL fails the test.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use datadog_key_management::v1;
use datadog_key_management::v2::models::*;
use datadog_key_management::v2::{self, *};
use datadog_key_management::{Configuration, Error};

/// What a call came to, comparable across the two APIs' error types.
#[derive(Debug, PartialEq)]
enum Outcome {
    Ok,
    /// A documented error status, its body decoded.
    Api(u16),
    /// Anything else: the error as text.
    Other(String),
}

fn outcome<T, E: Debug>(result: Result<T, Error<E>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok,
        Err(Error::Api(error)) => Outcome::Api(error.status),
        Err(error) => Outcome::Other(format!("{error} ({error:?})")),
    }
}

/// The URL of the Prism server for `version`; fails the test if unset.
fn prism_url(version: &str) -> String {
    let variable = format!("PRISM_{}_URL", version.to_uppercase());
    std::env::var(&variable)
        .unwrap_or_else(|_| panic!("{variable} is not set: run this test through .ci/with-prism"))
}

/// A configuration for `version`'s Prism server, sending `prefer` (Prism's
/// `Prefer` header: `code=404`, `dynamic=true`) with every request.
fn configuration(version: &str, prefer: Option<String>) -> Configuration {
    let config = Configuration::new()
        .base_url(&prism_url(version))
        .expect("Prism's URL is a valid base URL")
        .api_key("prism-api-key")
        .app_key("prism-app-key")
        .retry(datadog_key_management::RetryPolicy {
            max_attempts: 1,
            ..Default::default()
        });
    match prefer {
        None => config,
        Some(prefer) => config.http_client(move |builder| {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert(
                "prefer",
                prefer.parse().expect("a valid Prefer header value"),
            );
            builder.default_headers(headers)
        }),
    }
}

type Call<A> = fn(&A) -> Pin<Box<dyn Future<Output = Outcome> + '_>>;

/// Each v1 operation, by its `operationId`, called with realistic arguments.
fn v1_calls() -> Vec<(&'static str, Call<v1::KeyManagementApi>)> {
    use datadog_key_management::v1::models::{ApiKey, ApplicationKey};
    const KEY: &str = "1234512345123451234512345abcdef";
    vec![
        ("ListAPIKeys", |api| {
            Box::pin(async { outcome(api.list_api_keys().await) })
        }),
        ("CreateAPIKey", |api| {
            Box::pin(async { outcome(api.create_api_key(ApiKey::new().with_name("ci")).await) })
        }),
        ("GetAPIKey", |api| {
            Box::pin(async { outcome(api.get_api_key(KEY).await) })
        }),
        ("UpdateAPIKey", |api| {
            Box::pin(async {
                outcome(
                    api.update_api_key(KEY, ApiKey::new().with_name("renamed"))
                        .await,
                )
            })
        }),
        ("DeleteAPIKey", |api| {
            Box::pin(async { outcome(api.delete_api_key(KEY).await) })
        }),
        ("ListApplicationKeys", |api| {
            Box::pin(async { outcome(api.list_application_keys().await) })
        }),
        ("CreateApplicationKey", |api| {
            Box::pin(async {
                outcome(
                    api.create_application_key(ApplicationKey::new().with_name("ci"))
                        .await,
                )
            })
        }),
        ("GetApplicationKey", |api| {
            Box::pin(async { outcome(api.get_application_key(KEY).await) })
        }),
        ("UpdateApplicationKey", |api| {
            Box::pin(async {
                outcome(
                    api.update_application_key(KEY, ApplicationKey::new().with_name("renamed"))
                        .await,
                )
            })
        }),
        ("DeleteApplicationKey", |api| {
            Box::pin(async { outcome(api.delete_application_key(KEY).await) })
        }),
    ]
}

const API_KEY_ID: &str = "5e1c6d2f-0c3a-4a4e-9d2b-4f6a8b0c1d2e";
const APP_KEY_ID: &str = "9b7a2c4e-6f1d-4e3b-8a5c-7d9e0f1a2b3c";

/// Each v2 operation, by its `operationId`, with every query parameter the
/// spec gives it, so that Prism validates them all.
fn v2_calls() -> Vec<(&'static str, Call<v2::KeyManagementApi>)> {
    vec![
        ("ListAPIKeys", |api| {
            Box::pin(async {
                let params = ListApiKeysParams::default()
                    .page_size(10)
                    .page_number(0)
                    .sort(ApiKeysSort::CreatedAtDescending)
                    .filter("ci")
                    .filter_created_at_start("2020-11-24T18:46:21+00:00")
                    .filter_created_at_end("2020-11-26T18:46:21+00:00")
                    .filter_modified_at_start("2020-11-24T18:46:21+00:00")
                    .filter_modified_at_end("2020-11-26T18:46:21+00:00")
                    .include(vec![
                        ListApiKeysIncludeItem::CreatedBy,
                        ListApiKeysIncludeItem::ModifiedBy,
                    ])
                    .filter_remote_config_read_enabled(true)
                    .filter_category("metrics");
                outcome(api.list_api_keys(params).await)
            })
        }),
        ("CreateAPIKey", |api| {
            Box::pin(async {
                let body = ApiKeyCreateRequest::from(
                    ApiKeyCreateAttributes::new("ci").with_category("metrics"),
                );
                outcome(api.create_api_key(body).await)
            })
        }),
        ("GetAPIKey", |api| {
            Box::pin(async {
                let params =
                    GetApiKeyParams::default().include(vec![GetApiKeyIncludeItem::CreatedBy]);
                outcome(api.get_api_key(API_KEY_ID, params).await)
            })
        }),
        ("DeleteAPIKey", |api| {
            Box::pin(async { outcome(api.delete_api_key(API_KEY_ID).await) })
        }),
        ("UpdateAPIKey", |api| {
            Box::pin(async {
                let body = ApiKeyUpdateRequest::from(ApiKeyUpdateData::new(
                    ApiKeyUpdateAttributes::new("renamed").with_remote_config_read_enabled(false),
                    API_KEY_ID,
                ));
                outcome(api.update_api_key(API_KEY_ID, body).await)
            })
        }),
        ("ListApplicationKeys", |api| {
            Box::pin(async {
                let params = ListApplicationKeysParams::default()
                    .page_size(10)
                    .page_number(0)
                    .sort(ApplicationKeysSort::NameDescending)
                    .filter("ci")
                    .filter_created_at_start("2020-11-24T18:46:21+00:00")
                    .filter_created_at_end("2020-11-26T18:46:21+00:00")
                    .include(vec![ListApplicationKeysIncludeItem::OwnedBy]);
                outcome(api.list_application_keys(params).await)
            })
        }),
        ("GetApplicationKey", |api| {
            Box::pin(async {
                let params = GetApplicationKeyParams::default()
                    .include(vec![GetApplicationKeyIncludeItem::OwnedBy]);
                outcome(api.get_application_key(APP_KEY_ID, params).await)
            })
        }),
        ("DeleteApplicationKey", |api| {
            Box::pin(async { outcome(api.delete_application_key(APP_KEY_ID).await) })
        }),
        ("UpdateApplicationKey", |api| {
            Box::pin(async {
                outcome(
                    api.update_application_key(APP_KEY_ID, app_key_update())
                        .await,
                )
            })
        }),
        ("ListCurrentUserApplicationKeys", |api| {
            Box::pin(async {
                let params = ListCurrentUserApplicationKeysParams::default()
                    .page_size(10)
                    .page_number(0)
                    .sort(ApplicationKeysSort::CreatedAt)
                    .filter("ci")
                    .filter_created_at_start("2020-11-24T18:46:21+00:00")
                    .filter_created_at_end("2020-11-26T18:46:21+00:00")
                    .include(vec![ListCurrentUserApplicationKeysIncludeItem::OwnedBy]);
                outcome(api.list_current_user_application_keys(params).await)
            })
        }),
        ("CreateCurrentUserApplicationKey", |api| {
            Box::pin(async {
                let body = ApplicationKeyCreateRequest::from(
                    ApplicationKeyCreateAttributes::new("ci")
                        .with_scopes(vec!["dashboards_read".to_owned()]),
                );
                outcome(api.create_current_user_application_key(body).await)
            })
        }),
        ("GetCurrentUserApplicationKey", |api| {
            Box::pin(async { outcome(api.get_current_user_application_key(APP_KEY_ID).await) })
        }),
        ("DeleteCurrentUserApplicationKey", |api| {
            Box::pin(async { outcome(api.delete_current_user_application_key(APP_KEY_ID).await) })
        }),
        ("UpdateCurrentUserApplicationKey", |api| {
            Box::pin(async {
                outcome(
                    api.update_current_user_application_key(APP_KEY_ID, app_key_update())
                        .await,
                )
            })
        }),
    ]
}

fn app_key_update() -> ApplicationKeyUpdateRequest {
    ApplicationKeyUpdateRequest::from(ApplicationKeyUpdateData::new(
        ApplicationKeyUpdateAttributes::new()
            .with_name("renamed")
            .with_scopes(vec!["dashboards_read".to_owned()]),
        APP_KEY_ID,
    ))
}

/// Each operation's documented error statuses, read from the spec.
fn error_statuses(version: &str) -> BTreeMap<String, Vec<u16>> {
    let path = format!(
        "{}/../spec/{version}/key_management.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("the spec");
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(&text).expect("an OpenAPI document");
    spec.operations()
        .map(|(_, _, op)| {
            let statuses = op
                .responses
                .responses
                .keys()
                .filter_map(|code| match code {
                    openapiv3::StatusCode::Code(code) if *code >= 400 => Some(*code),
                    _ => None,
                })
                .collect();
            (
                op.operation_id.clone().expect("every operation has an id"),
                statuses,
            )
        })
        .collect()
}

/// Runs every call of `calls` on `api` and collects the ones whose outcome is
/// not `expected(operation)`.
async fn mismatches<A>(
    api: &A,
    calls: &[(&'static str, Call<A>)],
    expected: impl Fn(&str) -> Outcome,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (operation, call) in calls {
        let got = call(api).await;
        let want = expected(operation);
        if got != want {
            wrong.push(format!("{operation}: expected {want:?}, got {got:?}"));
        }
    }
    wrong
}

/// Every operation of the spec has a call here, and no other.
#[test]
fn every_operation_is_called() {
    for (version, called) in [
        (
            "v1",
            v1_calls().iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        ),
        (
            "v2",
            v2_calls().iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        ),
    ] {
        let mut called: Vec<&str> = called;
        called.sort_unstable();
        let documented = error_statuses(version);
        let documented: Vec<&str> = documented.keys().map(String::as_str).collect();
        assert_eq!(called, documented, "{version}");
    }
}

#[tokio::test]
#[ignore = "needs Prism: .ci/with-prism cargo test -p workspace-tests --test prism -- --ignored"]
async fn requests_pass_validation_and_example_responses_decode() {
    let v1 = v1::KeyManagementApi::new(configuration("v1", None)).unwrap();
    let v2 = v2::KeyManagementApi::new(configuration("v2", None)).unwrap();
    let mut wrong = mismatches(&v1, &v1_calls(), |_| Outcome::Ok).await;
    wrong.extend(mismatches(&v2, &v2_calls(), |_| Outcome::Ok).await);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
#[ignore = "needs Prism: .ci/with-prism cargo test -p workspace-tests --test prism -- --ignored"]
async fn dynamic_responses_decode() {
    let prefer = || Some("dynamic=true".to_owned());
    let v1 = v1::KeyManagementApi::new(configuration("v1", prefer())).unwrap();
    let v2 = v2::KeyManagementApi::new(configuration("v2", prefer())).unwrap();
    // Prism draws new random bodies for each request (from a fixed seed).
    for _ in 0..8 {
        let mut wrong = mismatches(&v1, &v1_calls(), |_| Outcome::Ok).await;
        wrong.extend(mismatches(&v2, &v2_calls(), |_| Outcome::Ok).await);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}

#[tokio::test]
#[ignore = "needs Prism: .ci/with-prism cargo test -p workspace-tests --test prism -- --ignored"]
async fn every_documented_error_status_is_a_typed_api_error() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for version in ["v1", "v2"] {
        let documented = error_statuses(version);
        let codes: std::collections::BTreeSet<u16> =
            documented.values().flatten().copied().collect();
        for code in codes {
            let prefer = Some(format!("code={code}"));
            let has = |op: &str| documented[op].contains(&code);
            let expected = |op: &str| {
                if has(op) {
                    Outcome::Api(code)
                } else {
                    // Not documented for this operation: Prism has no such
                    // response to give and answers with another.
                    Outcome::Other(String::new())
                }
            };
            let found = if version == "v1" {
                let api = v1::KeyManagementApi::new(configuration(version, prefer)).unwrap();
                mismatches(&api, &v1_calls(), expected).await
            } else {
                let api = v2::KeyManagementApi::new(configuration(version, prefer)).unwrap();
                mismatches(&api, &v2_calls(), expected).await
            };
            checked += documented
                .values()
                .filter(|codes| codes.contains(&code))
                .count();
            // Only documented statuses are asserted.
            wrong.extend(
                found
                    .into_iter()
                    .filter(|line| line.contains("expected Api(")),
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        checked >= 24 * 2,
        "every operation documents errors: {checked} checked"
    );
}
