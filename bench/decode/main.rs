//! Decoding one page of `ListAPIKeys` (100 keys, the 20 users who created
//! or modified them in `included`, and `meta`) with each tool's types, and
//! with `serde_json::Value`; then encoding the decoded page back to JSON
//! (the variants named `… encode`).
//!
//! Written into a temporary crate and built in release mode by the bench
//! harness (`bench/src/decode.rs`), which turns the features `progenitor`
//! and `oag` on when those tools' outputs are there.
//!
//! ```text
//! decode [--reps R] [--iters N]    min and median time per decode, per variant
//! decode --only NAME --iters N     N decodes of one variant (for callgrind)
//! decode --json                    the document, on stdout
//! ```

mod handwritten;
#[cfg(feature = "progenitor")]
#[allow(clippy::all, unused, dead_code)]
mod progenitor_v2;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The number of keys on the page, and of distinct users they refer to.
const KEYS: usize = 100;
const USERS: usize = 20;

/// A page as the service sends it: every property the spec names, some
/// `date_last_used` null (a key never used), ids as UUIDs.
fn document() -> Vec<u8> {
    let uuid = |kind: u32, i: usize| format!("{kind:08x}-7d3e-11ee-b962-{i:012x}");
    let time = |day: usize, second: usize| {
        format!(
            "2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            day % 12 + 1,
            day % 28 + 1,
            second % 24,
            second % 60,
            (second * 7) % 60,
            (second * 13) % 1000
        )
    };
    let user = |i: usize| json!({"id": uuid(0xface, i), "type": "users"});
    let data: Vec<Value> = (0..KEYS)
        .map(|i| {
            json!({
                "attributes": {
                    "category": if i % 3 == 0 { "metrics" } else { "default" },
                    "created_at": time(i, i * 3),
                    "date_last_used": if i % 7 == 0 { Value::Null } else { json!(time(i + 40, i * 5)) },
                    "last4": format!("{:04x}", i * 2654 % 65536),
                    "modified_at": time(i + 10, i * 11),
                    "name": format!("API key for service-{i:03} ({})", ["prod", "staging", "ci"][i % 3]),
                    "remote_config_read_enabled": i % 2 == 0
                },
                "id": uuid(0xa91, i),
                "relationships": {
                    "created_by": {"data": user(i % USERS)},
                    "modified_by": {"data": user((i * 7) % USERS)}
                },
                "type": "api_keys"
            })
        })
        .collect();
    let included: Vec<Value> = (0..USERS)
        .map(|i| {
            json!({
                "attributes": {
                    "created_at": time(i, i),
                    "disabled": false,
                    "email": format!("user{i}@example.com"),
                    "handle": format!("user{i}@example.com"),
                    "icon": format!("https://secure.gravatar.com/avatar/{:032x}?s=48&d=retro", i * 0x9e37_79b9),
                    "last_login_time": if i % 5 == 0 { Value::Null } else { json!(time(i + 100, i * 17)) },
                    "mfa_enabled": i % 2 == 1,
                    "modified_at": time(i + 30, i * 19),
                    "name": format!("User Number {i}"),
                    "service_account": i % 10 == 9,
                    "status": "Active",
                    "title": if i % 4 == 0 { Value::Null } else { json!("Site Reliability Engineer") },
                    "uuid": uuid(0xface, i),
                    "verified": true
                },
                "id": uuid(0xface, i),
                "relationships": {
                    "org": {"data": {"id": "8dee7c38-00cb-11ea-a77b-8b5a08d3b091", "type": "orgs"}},
                    "other_orgs": {"data": []},
                    "other_users": {"data": []},
                    "roles": {"data": [
                        {"id": "3653d3c6-0c75-11ea-ad28-fb5701eabc7d", "type": "roles"},
                        {"id": format!("{:08x}-0c75-11ea-ad28-fb5701eabc7d", i % 3), "type": "roles"}
                    ]}
                },
                "type": "users"
            })
        })
        .collect();
    let page = json!({
        "data": data,
        "included": included,
        "meta": {"max_allowed": 50000, "page": {"total_filtered_count": 1312}}
    });
    serde_json::to_vec(&page).expect("serializes")
}

/// A way to decode (or encode) the page: its name and a function that
/// decodes it (or encodes the page decoded once) and returns (keys,
/// included items), or the error.
struct Variant {
    name: &'static str,
    decode: fn(&[u8]) -> Result<(usize, usize), String>,
}

/// The page decoded once with `T`, for the encode variants.
fn decoded<T: serde::de::DeserializeOwned>(
    cell: &'static OnceLock<Result<T, String>>,
    body: &[u8],
) -> Result<&'static T, String> {
    cell.get_or_init(|| serde_json::from_slice(body).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Encodes `page` (as a client encodes a request body) and hands the text
/// to the optimizer's black box.
fn encode<T: serde::Serialize>(page: &T) -> Result<(), String> {
    let text = serde_json::to_vec(page).map_err(|e| e.to_string())?;
    std::hint::black_box(text);
    Ok(())
}

fn variants() -> Vec<Variant> {
    use datadog_key_management::v2::models::ApiKeysResponse as Ours;
    #[allow(unused_mut)] // without the optional variants
    let mut v = vec![
        Variant {
            name: "hand-written",
            decode: |body| {
                let page: handwritten::ApiKeysResponse =
                    serde_json::from_slice(body).map_err(|e| e.to_string())?;
                Ok(counts(page.data.as_deref(), page.included.as_deref()))
            },
        },
        Variant {
            name: "ours",
            decode: |body| {
                let page: Ours = serde_json::from_slice(body).map_err(|e| e.to_string())?;
                Ok(counts(page.data.as_deref(), page.included.as_deref()))
            },
        },
        // With a path tracker around every decode, as the client ran before
        // 2026-12-07; it now decodes untracked (`ours`) and tracks only to
        // locate a failure.
        Variant {
            name: "ours-tracked",
            decode: |body| {
                let mut de = serde_json::Deserializer::from_slice(body);
                let page: Ours =
                    serde_path_to_error::deserialize(&mut de).map_err(|e| e.to_string())?;
                de.end().map_err(|e| e.to_string())?;
                Ok(counts(page.data.as_deref(), page.included.as_deref()))
            },
        },
        Variant {
            name: "serde_json::Value",
            decode: |body| {
                let page: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
                let len = |name: &str| page[name].as_array().map(Vec::len);
                Ok((len("data").unwrap_or(0), len("included").unwrap_or(0)))
            },
        },
        Variant {
            name: "hand-written encode",
            decode: |body| {
                static PAGE: OnceLock<Result<handwritten::ApiKeysResponse, String>> =
                    OnceLock::new();
                let page = decoded(&PAGE, body)?;
                encode(page)?;
                Ok(counts(page.data.as_deref(), page.included.as_deref()))
            },
        },
        Variant {
            name: "ours encode",
            decode: |body| {
                static PAGE: OnceLock<Result<Ours, String>> = OnceLock::new();
                let page = decoded(&PAGE, body)?;
                encode(page)?;
                Ok(counts(page.data.as_deref(), page.included.as_deref()))
            },
        },
        Variant {
            name: "serde_json::Value encode",
            decode: |body| {
                static PAGE: OnceLock<Result<Value, String>> = OnceLock::new();
                let page = decoded(&PAGE, body)?;
                encode(page)?;
                let len = |name: &str| page[name].as_array().map(Vec::len);
                Ok((len("data").unwrap_or(0), len("included").unwrap_or(0)))
            },
        },
    ];
    #[cfg(feature = "progenitor")]
    v.push(Variant {
        name: "progenitor",
        decode: |body| {
            let page: progenitor_v2::types::ApiKeysResponse =
                serde_json::from_slice(body).map_err(|e| e.to_string())?;
            Ok(counts(Some(page.data.as_slice()), Some(page.included.as_slice())))
        },
    });
    #[cfg(feature = "progenitor")]
    v.push(Variant {
        name: "progenitor encode",
        decode: |body| {
            static PAGE: OnceLock<Result<progenitor_v2::types::ApiKeysResponse, String>> =
                OnceLock::new();
            let page = decoded(&PAGE, body)?;
            encode(page)?;
            Ok(counts(Some(page.data.as_slice()), Some(page.included.as_slice())))
        },
    });
    #[cfg(feature = "oag")]
    v.push(Variant {
        name: "openapi-generator",
        decode: |body| {
            let page: oag_v2::models::ApiKeysResponse =
                serde_json::from_slice(body).map_err(|e| e.to_string())?;
            Ok(counts(page.data.as_deref(), page.included.as_deref()))
        },
    });
    v
}

fn counts<A, B>(data: Option<&[A]>, included: Option<&[B]>) -> (usize, usize) {
    (data.map_or(0, <[A]>::len), included.map_or(0, <[B]>::len))
}

/// Decodes once and checks that everything came through.
fn check(variant: &Variant, body: &[u8]) -> Result<(), String> {
    match (variant.decode)(body)? {
        (KEYS, USERS) => Ok(()),
        (keys, included) => Err(format!(
            "decoded {keys} keys and {included} included items, expected {KEYS} and {USERS}"
        )),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
    };
    let number = |flag: &str, default: usize| value(flag).and_then(|s| s.parse().ok()).unwrap_or(default);
    let body = document();
    if args.iter().any(|a| a == "--json") {
        println!("{}", String::from_utf8_lossy(&body));
        return;
    }
    let iters = number("--iters", 200);
    let variants = variants();
    if let Some(name) = value("--only") {
        let Some(variant) = variants.iter().find(|v| v.name == name) else {
            eprintln!("no variant {name}");
            std::process::exit(2);
        };
        if let Err(e) = check(variant, &body) {
            eprintln!("{name}: {e}");
            std::process::exit(1);
        }
        for _ in 0..iters {
            std::hint::black_box((variant.decode)(std::hint::black_box(&body))).ok();
        }
        return;
    }

    // Which variants decode the page at all; the others are reported, not timed.
    let mut ok = Vec::new();
    for variant in &variants {
        match check(variant, &body) {
            Ok(()) => ok.push(variant),
            Err(e) => println!("{}\terror\t{}", variant.name, e.replace(['\t', '\n'], " ")),
        }
    }
    // Repetitions of `iters` decodes each, interleaved across variants.
    let reps = number("--reps", 15);
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); ok.len()];
    for _ in 0..reps {
        for (variant, samples) in ok.iter().zip(&mut samples) {
            let start = Instant::now();
            for _ in 0..iters {
                std::hint::black_box((variant.decode)(std::hint::black_box(&body))).ok();
            }
            samples.push(start.elapsed() / iters as u32);
        }
    }
    println!("bytes\t{}", body.len());
    for (variant, mut samples) in ok.into_iter().zip(samples) {
        samples.sort();
        let median = samples[samples.len() / 2];
        println!(
            "{}\tns\t{}\t{}",
            variant.name,
            samples[0].as_nanos(),
            median.as_nanos()
        );
    }
}
