//! Datadog's dialect (see `spec/README.md`): `x-unstable`,
//! `x-disabled-in-one-time-read-mode`, `x-permission`,
//! `x-unavailable-sites`, `x-pagination`, `x-sunset`, and the `site`
//! server variable.

use openapiv3::Operation as SpecOperation;
use serde_json::Value;

use super::{Answer, Dialect, Invalid, Paging, PagingPosition, UnavailableSites, Unstable};
use crate::ir::{Permission, PermissionOperator};

/// Datadog's extensions.
pub(super) struct Datadog;

const UNSTABLE: &str = "x-unstable";
const ONE_TIME_READ: &str = "x-disabled-in-one-time-read-mode";
const PERMISSION: &str = "x-permission";
const UNAVAILABLE_SITES: &str = "x-unavailable-sites";
const PAGINATION: &str = "x-pagination";
const SUNSET: &str = "x-sunset";

impl Dialect for Datadog {
    /// `x-unstable: <note>` (or `true`); `false` is a stable operation.
    fn unstable(&self, op: &SpecOperation) -> Option<Unstable> {
        let value = op.extensions.get(UNSTABLE)?;
        if value == &Value::Bool(false) {
            return None;
        }
        let message = value.as_str().unwrap_or("This endpoint is in preview.");
        Some(Unstable {
            extension: UNSTABLE,
            message: message.trim().to_owned(),
        })
    }

    fn notes(&self, op: &SpecOperation) -> Vec<String> {
        match op.extensions.get(ONE_TIME_READ) {
            Some(Value::Bool(true)) => {
                vec!["This endpoint is disabled for organizations in One-Time Read mode.".into()]
            }
            _ => Vec::new(),
        }
    }

    /// A name, a list of names (any one suffices), or
    /// `{operator: OR | AND | OPEN, permissions: [names]}`.
    fn permission(&self, op: &SpecOperation) -> Answer<Permission> {
        let Some(value) = op.extensions.get(PERMISSION) else {
            return Ok(None);
        };
        let bad = |message: &str| invalid(PERMISSION, message.to_owned());
        let (operator, permissions) = match value {
            Value::Object(map) => {
                let operator = map
                    .get("operator")
                    .and_then(Value::as_str)
                    .unwrap_or("OR")
                    .to_uppercase();
                let permissions = map
                    .get("permissions")
                    .and_then(strings)
                    .ok_or_else(|| bad("expected `permissions: [names]`"))?;
                (operator, permissions)
            }
            other => (
                "OR".to_owned(),
                strings(other).ok_or_else(|| {
                    bad("expected a name, a list of names, or {operator, permissions}")
                })?,
            ),
        };
        let operator = match operator.as_str() {
            "OR" => PermissionOperator::Or,
            "AND" => PermissionOperator::And,
            "OPEN" => PermissionOperator::Open,
            _ => return Err(bad("`operator` must be OR, AND or OPEN")),
        };
        if permissions.is_empty() && operator != PermissionOperator::Open {
            return Err(bad("`permissions` is empty"));
        }
        Ok(Some(Permission {
            operator,
            permissions,
        }))
    }

    /// A list of site host names.
    fn unavailable_sites(&self, op: &SpecOperation) -> Answer<UnavailableSites> {
        let Some(value) = op.extensions.get(UNAVAILABLE_SITES) else {
            return Ok(None);
        };
        let sites = match value {
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        sites
            .map(|sites| {
                Some(UnavailableSites {
                    extension: UNAVAILABLE_SITES,
                    sites,
                })
            })
            .ok_or_else(|| invalid(UNAVAILABLE_SITES, "expected a list of sites".into()))
    }

    /// `{limitParam, pageParam [pageStart] | pageOffsetParam | cursorParam
    /// cursorPath, resultsPath, totalPath}`.
    fn paging(&self, op: &SpecOperation) -> Answer<Paging> {
        let Some(value) = op.extensions.get(PAGINATION) else {
            return Ok(None);
        };
        let bad = |message: &str| invalid(PAGINATION, message.to_owned());
        let get = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let size_param = get("limitParam").ok_or_else(|| bad("missing `limitParam`"))?;
        let position = if let Some(param) = get("pageParam") {
            let first = match value.get("pageStart") {
                None => 0,
                Some(start) => start
                    .as_i64()
                    .ok_or_else(|| bad("`pageStart` is not an integer"))?,
            };
            PagingPosition::Number { param, first }
        } else if let Some(param) = get("pageOffsetParam") {
            PagingPosition::Offset { param }
        } else if let Some(param) = get("cursorParam") {
            let next_path = get("cursorPath").ok_or_else(|| bad("missing `cursorPath`"))?;
            PagingPosition::Cursor { param, next_path }
        } else {
            return Err(bad(
                "missing `pageParam`, `pageOffsetParam` or `cursorParam`",
            ));
        };
        Ok(Some(Paging {
            extension: PAGINATION,
            size_param,
            position,
            // Without `resultsPath` the response is the array itself
            // (Datadog's `GET /api/v1/monitor`).
            results_path: get("resultsPath").unwrap_or_default(),
            total_path: get("totalPath"),
        }))
    }

    /// `x-sunset: <date>`.
    fn sunset(&self, op: &SpecOperation) -> Option<String> {
        op.extensions
            .get(SUNSET)
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    fn site_variable(&self) -> Option<&'static str> {
        Some("site")
    }
}

fn invalid(extension: &'static str, message: String) -> Invalid {
    Invalid { extension, message }
}

/// A name or a list of names.
fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(extensions: &str) -> SpecOperation {
        let text = format!("responses: {{}}\n{extensions}");
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn unstable_notes_and_sunset() {
        let preview = op("x-unstable: '  In beta.  '\nx-disabled-in-one-time-read-mode: true\nx-sunset: '2026-01-01'");
        assert_eq!(
            Datadog.unstable(&preview),
            Some(Unstable {
                extension: "x-unstable",
                message: "In beta.".into()
            })
        );
        assert_eq!(
            Datadog.notes(&preview),
            ["This endpoint is disabled for organizations in One-Time Read mode."]
        );
        assert_eq!(Datadog.sunset(&preview).as_deref(), Some("2026-01-01"));
        let flagged = op("x-unstable: true");
        assert_eq!(
            Datadog.unstable(&flagged).map(|u| u.message),
            Some("This endpoint is in preview.".into())
        );
        assert_eq!(Datadog.unstable(&op("x-unstable: false")), None);
        assert!(Datadog
            .notes(&op("x-disabled-in-one-time-read-mode: false"))
            .is_empty());
    }

    #[test]
    fn permissions_in_each_form() {
        let any = Datadog.permission(&op("x-permission: [a, b]"));
        assert_eq!(
            any,
            Ok(Some(Permission {
                operator: PermissionOperator::Or,
                permissions: vec!["a".into(), "b".into()],
            }))
        );
        let all = Datadog.permission(&op("x-permission: {operator: and, permissions: [a]}"));
        assert_eq!(
            all.map(|p| p.map(|p| p.operator)),
            Ok(Some(PermissionOperator::And))
        );
        let bad = Datadog.permission(&op("x-permission: {operator: XOR, permissions: [a]}"));
        assert_eq!(
            bad,
            Err(Invalid {
                extension: "x-permission",
                message: "`operator` must be OR, AND or OPEN".into()
            })
        );
        assert_eq!(Datadog.permission(&op("summary: s")), Ok(None));
    }

    #[test]
    fn paging_forms() {
        let cursor = Datadog.paging(&op(
            "x-pagination: {limitParam: size, cursorParam: c, cursorPath: meta.next, totalPath: meta.total}",
        ));
        assert_eq!(
            cursor,
            Ok(Some(Paging {
                extension: "x-pagination",
                size_param: "size".into(),
                position: PagingPosition::Cursor {
                    param: "c".into(),
                    next_path: "meta.next".into()
                },
                results_path: String::new(),
                total_path: Some("meta.total".into()),
            }))
        );
        let number = Datadog.paging(&op(
            "x-pagination: {limitParam: size, pageParam: n, pageStart: 1, resultsPath: data}",
        ));
        assert_eq!(
            number.map(|p| p.map(|p| p.position)),
            Ok(Some(PagingPosition::Number {
                param: "n".into(),
                first: 1
            }))
        );
        let missing = Datadog.paging(&op("x-pagination: {limitParam: size, cursorParam: c}"));
        assert_eq!(
            missing.map_err(|e| e.message),
            Err("missing `cursorPath`".to_owned())
        );
    }
}
