//! The generated mocks (feature `mock`) as a downstream crate uses them: a
//! typed expectation of one call, the real client making the call, and what
//! it gets back. No JSON is written here; everything listens on 127.0.0.1.
//!
//! A call answers only when it matches an expectation exactly (method,
//! path, whole query string, body); anything else gets wiremock's empty
//! 404, which the client reports as `Error::UnexpectedStatus`.

#[path = "common/crate_check.rs"]
mod crate_check;

use std::error::Error as StdError;

use datadog_key_management::mock::{MockError, MockServer};
use datadog_key_management::v2::models::{
    ApiErrorResponse, ApiKeyCreateAttributes, ApiKeyCreateRequest, ApiKeyResponse, ApiKeysResponse,
    ApiKeysResponseMeta, ApiKeysResponseMetaPage, ApiKeysSort, FullApiKey, FullApiKeyAttributes,
    GetApiKeyIncludeItem, PartialApiKey, PartialApiKeyAttributes,
};
use datadog_key_management::v2::{GetApiKeyParams, KeyManagementApi, ListApiKeysParams};
use datadog_key_management::{runtime, v1, Error, Secret};
use futures::TryStreamExt;

type TestResult = Result<(), Box<dyn StdError>>;

fn v2_api(mock: &MockServer) -> KeyManagementApi {
    KeyManagementApi::new(mock.configuration()).expect("the mock's configuration builds a client")
}

fn partial_key(id: &str, name: &str) -> PartialApiKey {
    PartialApiKey::new()
        .with_id(id)
        .with_attributes(PartialApiKeyAttributes::new().with_name(name))
}

/// A page of `keys`, out of `total`.
fn page(keys: Vec<PartialApiKey>, total: i64) -> ApiKeysResponse {
    ApiKeysResponse::new().with_data(keys).with_meta(
        ApiKeysResponseMeta::new()
            .with_page(ApiKeysResponseMetaPage::new().with_total_filtered_count(total)),
    )
}

fn full_key(id: &str, name: &str, key: &str) -> ApiKeyResponse {
    ApiKeyResponse::new().with_data(
        FullApiKey::new().with_id(id).with_attributes(
            FullApiKeyAttributes::new()
                .with_name(name)
                .with_key(Secret::new(key)),
        ),
    )
}

/// The status of a response that no expectation answered.
fn unanswered<E: std::fmt::Debug>(result: Result<impl std::fmt::Debug, Error<E>>) -> u16 {
    match result {
        Err(Error::UnexpectedStatus(content)) => content.status,
        other => panic!("expected wiremock's 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_typed_expectation_answers_the_call_with_the_typed_value() -> TestResult {
    let mock = MockServer::start().await?;
    let params = ListApiKeysParams::default()
        .page_size(10)
        .sort(ApiKeysSort::CreatedAtDescending);
    let keys = page(
        vec![partial_key("id-1", "ci"), partial_key("id-2", "prod")],
        2,
    );
    mock.v2()
        .list_api_keys(params.clone())
        .respond(&keys)
        .times(1)
        .await?;

    let got = v2_api(&mock).list_api_keys(params).await?;

    assert_eq!(got, keys);
    Ok(())
}

#[tokio::test]
async fn a_call_with_other_query_parameters_gets_no_answer() -> TestResult {
    let mock = MockServer::start().await?;
    let expected = ListApiKeysParams::default().page_size(10);
    mock.v2()
        .list_api_keys(expected.clone())
        .respond(&page(Vec::new(), 0))
        .times(1)
        .await?;
    let api = v2_api(&mock);

    // A parameter the expectation leaves unset must be absent, and one it
    // sets must be there with its value.
    assert_eq!(
        unanswered(api.list_api_keys(expected.clone().filter("ci")).await),
        404
    );
    assert_eq!(
        unanswered(api.list_api_keys(ListApiKeysParams::default()).await),
        404
    );
    assert_eq!(
        unanswered(
            api.list_api_keys(ListApiKeysParams::default().page_size(11))
                .await
        ),
        404
    );
    assert!(api
        .list_api_keys(expected)
        .await?
        .data
        .unwrap_or_default()
        .is_empty());

    let queries: Vec<Option<String>> = mock
        .received_requests()
        .await
        .iter()
        .map(|request| request.url.query().map(str::to_owned))
        .collect();
    assert_eq!(
        queries,
        [
            Some("page%5Bsize%5D=10&filter=ci".to_owned()),
            None,
            Some("page%5Bsize%5D=11".to_owned()),
            Some("page%5Bsize%5D=10".to_owned()),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn path_parameters_and_lists_are_matched_as_the_client_encodes_them() -> TestResult {
    let mock = MockServer::start().await?;
    let params = GetApiKeyParams::default().include(vec![
        GetApiKeyIncludeItem::CreatedBy,
        GetApiKeyIncludeItem::ModifiedBy,
    ]);
    let key = full_key("a/b c", "ci", "0123456789abcdef0123456789abcdef");
    mock.v2()
        .get_api_key("a/b c", params.clone())
        .respond(&key)
        .times(1)
        .await?;
    let api = v2_api(&mock);

    assert_eq!(
        unanswered(api.get_api_key("a/b", params.clone()).await),
        404
    );
    let got = api.get_api_key("a/b c", params).await?;

    assert_eq!(got, key);
    let requests = mock.received_requests().await;
    assert_eq!(requests[1].url.path(), "/api/v2/api_keys/a%2Fb%20c");
    assert_eq!(
        requests[1].url.query(),
        Some("include=created_by%2Cmodified_by")
    );
    Ok(())
}

#[tokio::test]
async fn a_body_must_be_the_one_expected_unless_any_body() -> TestResult {
    let mock = MockServer::start().await?;
    let created = full_key("id-1", "ci", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6");
    let body = |name: &str| ApiKeyCreateRequest::from(ApiKeyCreateAttributes::new(name));
    mock.v2()
        .create_api_key(body("ci"))
        .respond(&created)
        .times(1)
        .await?;
    let api = v2_api(&mock);

    assert_eq!(unanswered(api.create_api_key(body("other")).await), 404);
    let got = api.create_api_key(body("ci")).await?;
    assert_eq!(got, created);

    mock.v2()
        .create_api_key(body("ignored"))
        .any_body()
        .respond(&created)
        .times(1)
        .await?;
    assert_eq!(api.create_api_key(body("other")).await?, created);
    Ok(())
}

#[tokio::test]
async fn a_failure_is_an_api_error_holding_the_typed_body() -> TestResult {
    let mock = MockServer::start().await?;
    let not_found = ApiErrorResponse::new(vec!["Not found".to_owned()]);
    mock.v2()
        .get_api_key("missing", GetApiKeyParams::default())
        .fail(404, &not_found)
        .times(1)
        .await?;

    match v2_api(&mock)
        .get_api_key("missing", GetApiKeyParams::default())
        .await
    {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 404);
            assert_eq!(error.body, not_found);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn an_operation_without_a_response_body_answers_204() -> TestResult {
    let mock = MockServer::start().await?;
    // Once by the client, once by hand to see the status.
    mock.v2()
        .delete_api_key("key-1")
        .respond(&())
        .times(2)
        .await?;
    let api = v2_api(&mock);

    api.delete_api_key("key-1").await?;
    assert_eq!(unanswered(api.delete_api_key("key-2").await), 404);

    let status = reqwest::Client::new()
        .delete(format!("{}/api/v2/api_keys/key-1", mock.uri()))
        .send()
        .await?
        .status();
    assert_eq!(status, 204);
    Ok(())
}

#[tokio::test]
async fn a_listing_that_pages_is_one_expectation_per_page() -> TestResult {
    let mock = MockServer::start().await?;
    let pages = [
        vec![partial_key("id-1", "one"), partial_key("id-2", "two")],
        vec![partial_key("id-3", "three")],
    ];
    for (number, keys) in (0i64..).zip(pages) {
        // The stream sends the page size and number on every request.
        let params = ListApiKeysParams::default()
            .page_size(2)
            .page_number(number);
        mock.v2()
            .list_api_keys(params)
            .respond(&page(keys, 3))
            .times(1)
            .await?;
    }

    let api = v2_api(&mock);
    let keys: Vec<PartialApiKey> = api
        .list_api_keys_stream(ListApiKeysParams::default().page_size(2))
        .try_collect()
        .await?;

    let ids: Vec<&str> = keys.iter().filter_map(|key| key.id.as_deref()).collect();
    assert_eq!(ids, ["id-1", "id-2", "id-3"]);
    Ok(())
}

#[tokio::test]
async fn v1_operations_are_mocked_the_same_way() -> TestResult {
    let mock = MockServer::start().await?;
    let key = v1::models::ApiKey::new()
        .with_name("ci")
        .with_key(Secret::new("0123456789abcdef0123456789abcdef"));
    let response = v1::models::ApiKeyResponse::new().with_api_key(key.clone());
    mock.v1()
        .create_api_key(v1::models::ApiKey::new().with_name("ci"))
        .respond(&response)
        .times(1)
        .await?;
    let forbidden = v1::models::ApiErrorResponse::new(vec!["Forbidden".to_owned()]);
    mock.v1()
        .get_api_key("0123456789abcdef0123456789abcdef")
        .fail(403, &forbidden)
        .times(1)
        .await?;

    let api = v1::KeyManagementApi::new(mock.configuration())?;
    let created = api
        .create_api_key(v1::models::ApiKey::new().with_name("ci"))
        .await?;
    assert_eq!(created.api_key, Some(key));
    match api.get_api_key("0123456789abcdef0123456789abcdef").await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 403);
            assert_eq!(error.body, forbidden);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn the_configuration_holds_placeholder_keys_and_does_not_retry() -> TestResult {
    let mock = MockServer::start().await?;
    let limited = ApiErrorResponse::new(vec!["Too many requests".to_owned()]);
    mock.v2()
        .list_api_keys(ListApiKeysParams::default())
        .fail(429, &limited)
        .times(1)
        .await?;

    let error = v2_api(&mock)
        .list_api_keys(ListApiKeysParams::default())
        .await
        .expect_err("a 429");

    assert_eq!(error.status(), Some(429));
    let requests = mock.received_requests().await;
    assert_eq!(requests.len(), 1, "no retry");
    assert_eq!(
        requests[0].headers["dd-api-key"].to_str()?,
        runtime::mock::PLACEHOLDER_CREDENTIAL
    );
    Ok(())
}

#[tokio::test]
async fn a_call_the_client_would_refuse_cannot_be_expected() -> TestResult {
    let mock = MockServer::start().await?;
    let mounted = mock
        .v2()
        .get_api_key("..", GetApiKeyParams::default())
        .respond(&ApiKeyResponse::new())
        .await;
    match mounted {
        Err(MockError::Request(Error::InvalidRequest(message))) => {
            assert!(message.contains("api_key_id"), "{message}");
        }
        other => panic!("expected MockError::Request, got {other:?}"),
    }
    Ok(())
}

/// `times` is checked when the server is dropped, failing the test.
#[tokio::test]
#[should_panic(expected = "Verifications failed:\n- DeleteAPIKey.")]
async fn an_expected_call_that_never_comes_fails_the_test() {
    let mock = MockServer::start().await.unwrap();
    mock.v2()
        .delete_api_key("key-1")
        .respond(&())
        .times(1)
        .await
        .unwrap();
}

/// This package's dev-dependency turns `mock` on for the whole workspace
/// build, so the workspace's clippy sees the client with it: here it is
/// linted as a normal build of a downstream crate sees it, without.
#[test]
fn the_client_passes_clippy_without_the_mock_feature() {
    let mut config = xtask::config(&crate_check::root());
    config.info.runtime_path = crate_check::runtime_path();
    let (_, output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    assert!(output["Cargo.toml"].contains("mock = [\"client-runtime/mock\"]"));
    crate_check::lint_crate_without_features(
        &crate_check::root().join("target/client-check"),
        output,
        "generated client",
    );
}

/// The example of the README's "Testing your code against the client",
/// between the markers, kept there verbatim (checked below).
mod readme {
    // README example start
    use datadog_key_management::mock::MockServer;
    use datadog_key_management::v2::models::{ApiErrorResponse, ApiKeysResponse, PartialApiKey};
    use datadog_key_management::v2::{KeyManagementApi, ListApiKeysParams};
    use datadog_key_management::Error;

    /// The code under test: how many API keys match `filter`.
    async fn count_keys(
        api: &KeyManagementApi,
        filter: &str,
    ) -> Result<usize, Error<ApiErrorResponse>> {
        let params = ListApiKeysParams::default().filter(filter);
        let page = api.list_api_keys(params).await?;
        Ok(page.data.unwrap_or_default().len())
    }

    #[tokio::test]
    async fn counts_the_keys_the_api_lists() -> Result<(), Box<dyn std::error::Error>> {
        let mock = MockServer::start().await?;
        let keys = vec![
            PartialApiKey::new().with_id("id-1"),
            PartialApiKey::new().with_id("id-2"),
        ];
        mock.v2()
            .list_api_keys(ListApiKeysParams::default().filter("ci"))
            .respond(&ApiKeysResponse::new().with_data(keys))
            .times(1)
            .await?;
        mock.v2()
            .list_api_keys(ListApiKeysParams::default().filter("prod"))
            .fail(403, &ApiErrorResponse::new(vec!["Forbidden".to_owned()]))
            .await?;

        let api = KeyManagementApi::new(mock.configuration())?;
        assert_eq!(count_keys(&api, "ci").await?, 2);
        let error = count_keys(&api, "prod").await.unwrap_err();
        assert!(
            matches!(error, Error::Api(ref e) if e.status == 403),
            "{error}"
        );
        // Any other call gets no answer: wiremock's 404.
        let error = count_keys(&api, "staging").await.unwrap_err();
        assert_eq!(error.status(), Some(404));
        Ok(())
    }
    // README example end

    #[test]
    fn is_the_readmes_example() {
        let source = include_str!("mocks.rs");
        let start = source
            .find("// README example start\n")
            .expect("start marker");
        let end = source
            .find("    // README example end")
            .expect("end marker");
        let body = &source[start + "// README example start\n".len()..end];
        // Unindented one level, as the README shows it.
        let example: String = body
            .lines()
            .map(|line| line.strip_prefix("    ").unwrap_or(line))
            .map(|line| format!("{line}\n"))
            .collect();
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&example),
            "README.md no longer shows the example of tests/tests/mocks.rs:\n{example}"
        );
    }
}
