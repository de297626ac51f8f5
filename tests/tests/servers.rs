//! Where generated clients send each operation: a crate generated from the
//! `servers` fixture (document, path and operation servers, variables, an
//! enum variable, a relative server) and from Datadog's published v1 spec
//! (`../shared/specs/datadog/v1.yaml`, trimmed to three operations),
//! whose own integration test (`URLS_TEST`) records the URL of each
//! request with a runtime `Hook` and then refuses it by moving it to
//! another origin, so nothing leaves the machine.

#[path = "common/crate_check.rs"]
mod crate_check;

use std::collections::BTreeSet;

use generator::{Config, CrateInfo, SpecInput};
use serde_yaml::Value;

use crate_check::{root, runtime_path, test_crate};

/// The operations of Datadog's v1 spec the test keeps: the logs intake,
/// the IP ranges host and an operation of the document's server.
const DATADOG_OPERATIONS: &[&str] = &["SubmitLog", "GetIPRanges", "Validate"];

/// Datadog's published v1 spec: `$DATADOG_SPECS/v1.yaml`, else in
/// `shared/specs/datadog/` beside the repository (or beside the directory
/// of its worktrees).
fn datadog_spec() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("DATADOG_SPECS") {
        return std::path::PathBuf::from(dir).join("v1.yaml");
    }
    let beside = |up: &str| root().join(up).join("shared/specs/datadog/v1.yaml");
    let near = beside("..");
    if near.exists() {
        return near;
    }
    beside("../..")
}

/// The test the generated crate runs, per module.
const FIXTURE_TEST: &str = r#"
mod common;
use common::sent;
use servers_client::servers::ServersApi;
use servers_client::{Configuration, Region};

#[tokio::test]
async fn each_operation_goes_to_its_servers() {
    let urls = sent(Configuration::new(), ServersApi::with_client, |api| async move {
        let _ = api.list_things().await;
        let _ = api.create_upload().await;
        let _ = api.get_upload_status().await;
    })
    .await;
    assert_eq!(
        urls,
        [
            "https://us.api.example.com/v1/things",
            "https://us.uploads.example.com/uploads",
            "https://status.example.com/uploads",
        ]
    );
}

#[tokio::test]
async fn a_typed_variable_and_the_second_server() {
    let config = Configuration::new().region(Region::Eu).unwrap();
    assert_eq!(config.get_server_variable("region"), Some("eu"));
    let urls = sent(config.clone(), ServersApi::with_client, |api| async move {
        let _ = api.list_things().await;
        let _ = api.create_upload().await;
    })
    .await;
    assert_eq!(
        urls,
        ["https://eu.api.example.com/v1/things", "https://eu.uploads.example.com/uploads"]
    );
    // `ap` is a value of the path's server only: refused where it does not fit.
    let ap = Configuration::new().region(Region::Ap).unwrap();
    let urls = sent(ap, ServersApi::with_client, |api| async move {
        let error = api.list_things().await.unwrap_err();
        assert!(error.to_string().contains("`region` is `ap`"), "{error}");
        let _ = api.create_upload().await;
    })
    .await;
    assert_eq!(urls, ["https://ap.uploads.example.com/uploads"]);

    let staging = config.server_description("Staging").unwrap();
    assert_eq!(staging.get_server_index(), 1);
    let urls = sent(staging, ServersApi::with_client, |api| async move {
        let _ = api.list_things().await;
        let _ = api.create_upload().await;
        // One server only: its first.
        let _ = api.get_upload_status().await;
    })
    .await;
    assert_eq!(
        urls,
        [
            "https://staging.example.com/v1/things",
            "https://uploads.staging.example.com/uploads",
            "https://status.example.com/uploads",
        ]
    );
    // Datadog's lists have three servers when its half is generated too.
    let error = Configuration::new().server_index(7).unwrap_err();
    assert!(
        error.to_string().starts_with("unknown server `7`; valid servers are: 0, 1"),
        "{error}"
    );
    let error = Configuration::new().server_description("Test").unwrap_err();
    assert!(error.to_string().contains("Production, Staging"), "{error}");
    assert!("mars".parse::<Region>().is_err());
    assert_eq!("ap".parse::<Region>().unwrap(), Region::Ap);
}

#[tokio::test]
async fn relative_servers_need_the_base_url_which_overrides_every_server() {
    let urls = sent(Configuration::new(), ServersApi::with_client, |api| async move {
        let error = api.list_pets().await.unwrap_err();
        assert!(error.to_string().contains("`/api/v3` is relative"), "{error}");
    })
    .await;
    assert!(urls.is_empty(), "{urls:?}");
    let based = Configuration::new()
        .server_index(1)
        .unwrap()
        .base_url("http://127.0.0.1:9/api/v3")
        .unwrap();
    let urls = sent(based, ServersApi::with_client, |api| async move {
        let _ = api.list_pets().await;
        let _ = api.get_upload_status().await;
        let _ = api.create_upload().await;
    })
    .await;
    assert_eq!(
        urls,
        [
            "http://127.0.0.1:9/api/v3/pets",
            "http://127.0.0.1:9/api/v3/uploads",
            "http://127.0.0.1:9/api/v3/uploads",
        ]
    );
}
"#;

/// The Datadog part of the generated crate's test.
const DATADOG_TEST: &str = r#"
mod common;
use common::sent;
use servers_client::datadog_v1::{AuthenticationApi, IpRangesApi, LogsApi};
use servers_client::datadog_v1::models::HttpLogItem;
use servers_client::datadog_v1::SubmitLogParams;
use servers_client::{Configuration, Site};

#[tokio::test]
async fn submit_log_goes_to_the_logs_intake_of_the_site() {
    let eu = Configuration::new().site(Site::DatadoghqEu).api_key("k").app_key("a");
    let urls = sent(eu.clone(), LogsApi::with_client, |api| async move {
        #[allow(deprecated)] // by the spec, in favour of v2's
        let _ = api
            .submit_log(SubmitLogParams::default(), vec![HttpLogItem::new("hello")])
            .await;
    })
    .await;
    assert_eq!(urls, ["https://http-intake.logs.datadoghq.eu/v1/input"]);
    let urls = sent(eu.clone(), IpRangesApi::with_client, |api| async move {
        let _ = api.get_ip_ranges().await;
    })
    .await;
    assert_eq!(urls, ["https://ip-ranges.datadoghq.eu/"]);
    let urls = sent(eu, AuthenticationApi::with_client, |api| async move {
        let _ = api.validate().await;
    })
    .await;
    assert_eq!(urls, ["https://api.datadoghq.eu/api/v1/validate"]);
}
"#;

/// The helper both tests share: runs `calls` on an API of `config` whose
/// client records each request's URL and then refuses to send it.
const COMMON: &str = r#"
use std::future::Future;
use std::sync::{Arc, Mutex};

use servers_client::runtime::{Client, Hook, OutgoingRequest, Settings};

struct Record(Arc<Mutex<Vec<String>>>);

impl Hook for Record {
    fn before_send(&self, request: &mut OutgoingRequest<'_>) {
        self.0.lock().unwrap().push(request.url().to_string());
        // Another origin: the client refuses the request, nothing is sent.
        request.url_mut().set_host(Some("refused.invalid")).unwrap();
    }
}

/// The URLs the requests of `calls` would have gone to.
pub async fn sent<A, F>(
    config: servers_client::Configuration,
    api: impl FnOnce(Client) -> A,
    calls: impl FnOnce(A) -> F,
) -> Vec<String>
where
    F: Future<Output = ()>,
{
    let urls = Arc::new(Mutex::new(Vec::new()));
    let settings = Settings::from(config).hook(Arc::new(Record(urls.clone())));
    calls(api(Client::new(settings).unwrap())).await;
    let urls = urls.lock().unwrap().clone();
    urls
}
"#;

/// `v1.yaml` with only [`DATADOG_OPERATIONS`] and the components they
/// reach, written under `target/`.
fn trimmed_datadog_spec(text: &str) -> std::path::PathBuf {
    let mut doc: Value = serde_yaml::from_str(text).expect("the published spec is YAML");
    let paths = doc["paths"].as_mapping_mut().expect("paths");
    for (_, item) in paths.iter_mut() {
        let item = item.as_mapping_mut().expect("a path item");
        item.retain(|_, op| {
            op.get("operationId")
                .and_then(Value::as_str)
                .is_some_and(|id| DATADOG_OPERATIONS.contains(&id))
        });
    }
    paths.retain(|_, item| !item.as_mapping().is_some_and(|m| m.is_empty()));
    // The components the kept operations reach, by `$ref`, transitively.
    let mut reached = BTreeSet::new();
    let mut pending = vec![doc["paths"].clone(), doc["security"].clone()];
    while let Some(node) = pending.pop() {
        match node {
            Value::Mapping(map) => {
                for (key, value) in map {
                    if key.as_str() == Some("$ref") {
                        let target = value.as_str().unwrap_or_default().to_owned();
                        let parts: Vec<&str> = target.trim_start_matches("#/").split('/').collect();
                        if let [_, kind, name] = parts[..] {
                            if reached.insert((kind.to_owned(), name.to_owned())) {
                                pending.push(doc["components"][kind][name].clone());
                            }
                        }
                    } else {
                        pending.push(value);
                    }
                }
            }
            Value::Sequence(items) => pending.extend(items),
            _ => {}
        }
    }
    let components = doc["components"].as_mapping_mut().expect("components");
    for (kind, entries) in components.iter_mut() {
        let kind = kind.as_str().unwrap_or_default().to_owned();
        if kind == "securitySchemes" {
            continue;
        }
        if let Some(entries) = entries.as_mapping_mut() {
            entries.retain(|name, _| {
                reached.contains(&(kind.clone(), name.as_str().unwrap_or_default().to_owned()))
            });
        }
    }
    let path = root().join("target/servers-check/datadog_v1.yaml");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("target/servers-check");
    std::fs::write(&path, serde_yaml::to_string(&doc).expect("YAML")).expect("write the spec");
    path
}

/// Generates the crate (the fixture, and Datadog's v1 when the published
/// spec is there) with its test, and runs the test.
#[test]
fn generated_clients_send_each_operation_to_its_server() {
    let mut specs = vec![SpecInput {
        module: "servers".into(),
        path: root().join("tests/fixtures/servers.yaml"),
        display: "tests/fixtures/servers.yaml".into(),
    }];
    let datadog = std::fs::read_to_string(datadog_spec()).ok();
    match &datadog {
        Some(text) => specs.push(SpecInput {
            module: "datadog_v1".into(),
            path: trimmed_datadog_spec(text),
            display: "datadog/v1.yaml".into(),
        }),
        None => eprintln!(
            "skipping the Datadog half: {} is absent (CI has it)",
            datadog_spec().display()
        ),
    }
    let mut info = CrateInfo::new("servers-client", "0.0.0", "Servers.", &runtime_path());
    info.credentials = ["apiKeyAuth:api_key", "appKeyAuth:app_key"]
        .iter()
        .map(|pair| {
            let (scheme, setter) = pair.split_once(':').expect("scheme:setter");
            generator::CredentialInfo {
                scheme: scheme.into(),
                setter: Some(setter.into()),
                label: None,
                env: Vec::new(),
            }
        })
        .collect();
    let config = Config {
        info,
        specs,
        templates: root().join("templates"),
        vendor_runtime: None,
    };
    let (_, mut output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let manifest = output.get_mut("Cargo.toml").expect("Cargo.toml");
    manifest.push_str(
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    );
    output.insert("tests/common/mod.rs".into(), COMMON.into());
    output.insert("tests/fixture.rs".into(), FIXTURE_TEST.into());
    if datadog.is_some() {
        output.insert("tests/datadog.rs".into(), DATADOG_TEST.into());
    }
    test_crate(
        &root().join("target/servers-check"),
        output,
        "servers crate",
    );
}

/// Datadog's published v2 spec gives the On-Call paging operations
/// `https://{site}`, whose `site` lists On-Call hosts rather than Datadog
/// sites: lowered as a list of their own, with those values, so that the
/// runtime fills it with its default or override rather than the site
/// (`runtime/src/target.rs` tests that choice).
#[test]
fn on_call_operations_get_their_own_site_hosts() {
    let path = datadog_spec().with_file_name("v2.yaml");
    if !path.exists() {
        eprintln!("skipping: {} is absent (CI has it)", path.display());
        return;
    }
    let config = Config {
        info: CrateInfo::new("datadog", "0.0.0", "Datadog.", &runtime_path()),
        specs: vec![SpecInput {
            module: "v2".into(),
            path,
            display: "datadog/v2.yaml".into(),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    };
    let krate = generator::lower_specs(&config).unwrap_or_else(|e| panic!("{e}"));
    let api = &krate.apis[0];
    let servers_of = |id: &str| {
        let op = api.operations.iter().find(|op| op.id == id).expect(id);
        &op.servers.get(&api.server_lists).expect("its list").servers
    };
    let on_call = servers_of("CreateOnCallPage");
    assert_eq!(on_call[0].url.to_string(), "https://{site}");
    let site = &on_call[0].variables[0];
    assert_eq!(site.name, "site");
    assert!(site
        .values
        .contains(&"beige.oncall.datadoghq.eu".to_owned()));
    assert!(!site
        .values
        .iter()
        .any(|v| krate.sites.iter().any(|s| &s.wire_name == v)));
    // The four paging operations share one list, emitted once.
    let acknowledge = api
        .operations
        .iter()
        .find(|op| op.id == "AcknowledgeOnCallPage");
    let create = api.operations.iter().find(|op| op.id == "CreateOnCallPage");
    assert_eq!(
        acknowledge.map(|op| op.servers),
        create.map(|op| op.servers)
    );
    let intake = servers_of("SubmitLog");
    assert_eq!(intake[0].url.to_string(), "https://{subdomain}.{site}");
    assert_eq!(intake[0].variables[1].default, "http-intake.logs");
}
