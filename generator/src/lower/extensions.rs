//! The vendor extensions an operation can carry: `x-permission`,
//! `x-unavailable-sites` and `x-pagination` (see `spec/README.md`).

use serde_json::Value;

use super::operations::{Context, OperationLowerer};
use crate::error::{Error, Result};
use crate::ir::{
    FieldStep, ModelKind, PagePosition, Pagination, Param, ParamsStruct, Permission,
    PermissionOperator, Primitive, Success, TypeRef,
};

impl OperationLowerer<'_, '_> {
    pub(super) fn permission(&self, cx: &Context<'_>) -> Result<Option<Permission>> {
        let Some(value) = cx.op.extensions.get("x-permission") else {
            return Ok(None);
        };
        let bad = |message: &str| Error::Extension {
            location: self.spec.location(&cx.ptr.push("x-permission")),
            extension: "x-permission".into(),
            message: message.into(),
        };
        let strings = |v: &Value| -> Option<Vec<String>> {
            match v {
                Value::String(s) => Some(vec![s.clone()]),
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect(),
                _ => None,
            }
        };
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

    pub(super) fn unavailable_sites(&self, cx: &Context<'_>) -> Result<Vec<String>> {
        let Some(value) = cx.op.extensions.get("x-unavailable-sites") else {
            return Ok(Vec::new());
        };
        let ptr = cx.ptr.push("x-unavailable-sites");
        let bad = |message: String| Error::Extension {
            location: self.spec.location(&ptr),
            extension: "x-unavailable-sites".into(),
            message,
        };
        let Value::Array(items) = value else {
            return Err(bad("expected a list of sites".into()));
        };
        items
            .iter()
            .map(|item| {
                let site = item
                    .as_str()
                    .ok_or_else(|| bad("expected a list of sites".into()))?;
                self.sites
                    .iter()
                    .find(|s| s.wire_name == site)
                    .map(|s| s.wire_name.clone())
                    .ok_or_else(|| {
                        let known: Vec<&str> =
                            self.sites.iter().map(|s| s.wire_name.as_str()).collect();
                        bad(format!(
                            "`{site}` is not one of the server's sites ({})",
                            known.join(", ")
                        ))
                    })
            })
            .collect()
    }

    pub(super) fn pagination(
        &self,
        cx: &Context<'_>,
        fn_name: &str,
        params: Option<&ParamsStruct>,
        success: &Success,
    ) -> Result<Option<Pagination>> {
        let Some(value) = cx.op.extensions.get("x-pagination") else {
            return Ok(None);
        };
        let ptr = cx.ptr.push("x-pagination");
        let bad = |message: String| Error::Extension {
            location: self.spec.location(&ptr),
            extension: "x-pagination".into(),
            message,
        };
        let get = |key: &str| value.get(key).and_then(Value::as_str);
        let field_of = |wire: &str| -> Result<&Param> {
            params
                .and_then(|q| q.params.iter().find(|p| p.wire_name == wire))
                .ok_or_else(|| {
                    bad(format!(
                        "`{wire}` is not a query parameter of this operation"
                    ))
                })
        };
        let integer = |param: &Param| match &param.ty {
            TypeRef::Primitive(p) if p.widens_to_i64() => Ok(()),
            TypeRef::Primitive(Primitive::U64) => Err(bad(format!(
                "`{}` is not an integer that fits `i64`",
                param.wire_name
            ))),
            _ => Err(bad(format!("`{}` is not an integer", param.wire_name))),
        };
        let size = field_of(get("limitParam").ok_or_else(|| bad("missing `limitParam`".into()))?)?;
        integer(size)?;
        let form = ["pageParam", "pageOffsetParam", "cursorParam"]
            .into_iter()
            .find_map(|key| Some((key, get(key)?)));
        let mut position = match form {
            Some(("pageParam", wire)) => {
                let number = field_of(wire)?;
                integer(number)?;
                let first = match value.get("pageStart") {
                    None => 0,
                    Some(start) => start
                        .as_i64()
                        .ok_or_else(|| bad("`pageStart` is not an integer".into()))?,
                };
                PagePosition::Number {
                    field: number.rust_name.clone(),
                    ty: number.ty.clone(),
                    first,
                }
            }
            Some(("pageOffsetParam", wire)) => {
                let offset = field_of(wire)?;
                integer(offset)?;
                PagePosition::Offset {
                    field: offset.rust_name.clone(),
                    ty: offset.ty.clone(),
                }
            }
            Some((_, wire)) => {
                let cursor = field_of(wire)?;
                if cursor.ty != TypeRef::STRING || cursor.required {
                    return Err(bad(format!(
                        "`{}` is not an optional string parameter",
                        cursor.wire_name
                    )));
                }
                PagePosition::Cursor {
                    field: cursor.rust_name.clone(),
                    // Filled in once the response type is known.
                    next: Vec::new(),
                }
            }
            None => {
                return Err(bad(
                    "missing `pageParam`, `pageOffsetParam` or `cursorParam`".into(),
                ))
            }
        };
        let Success::Json { ty: response, .. } = success else {
            return Err(bad(
                "the operation returns no JSON body to page through".into()
            ));
        };
        // Without `resultsPath` the response is the array itself (Datadog's
        // `GET /api/v1/monitor`).
        let results = get("resultsPath").unwrap_or_default();
        let (items, items_type) = self.walk(response, results).map_err(&bad)?;
        let TypeRef::List(item) = items_type.unwrapped() else {
            return Err(bad(match results {
                "" => "the response is not an array and `resultsPath` is missing".to_owned(),
                path => format!("`{path}` is not an array"),
            }));
        };
        let total = match get("totalPath") {
            Some(path) => {
                let (steps, ty) = self.walk(response, path).map_err(&bad)?;
                match ty.unwrapped() {
                    TypeRef::Primitive(p) if p.widens_to_i64() => Some(steps),
                    other => {
                        return Err(bad(format!(
                            "the total at `totalPath` is `{}`, not an integer that fits `i64`",
                            self.types.display(other)
                        )))
                    }
                }
            }
            None => None,
        };
        if let PagePosition::Cursor { next, .. } = &mut position {
            let path = get("cursorPath").ok_or_else(|| bad("missing `cursorPath`".into()))?;
            let (steps, ty) = self.walk(response, path).map_err(&bad)?;
            if *ty.unwrapped() != TypeRef::STRING {
                return Err(bad(format!(
                    "the cursor at `cursorPath` is `{}`, not a string",
                    self.types.display(&ty)
                )));
            }
            *next = steps;
        }
        Ok(Some(Pagination {
            fn_name: fn_name.to_owned(),
            size_field: size.rust_name.clone(),
            size_ty: size.ty.clone(),
            default_size: default_page_size(size),
            position,
            item: (**item).clone(),
            items,
            total,
        }))
    }

    /// Follows a dot path of wire names through struct models, returning
    /// the field steps and the field type at the end.
    pub(super) fn walk(
        &self,
        root: &TypeRef,
        path: &str,
    ) -> std::result::Result<(Vec<FieldStep>, TypeRef), String> {
        let mut current = root.clone();
        let mut steps = Vec::new();
        for wire in path.split('.').filter(|segment| !segment.is_empty()) {
            let not_object = || {
                format!(
                    "`{path}`: `{}` is not an object",
                    self.types.display(&current)
                )
            };
            let TypeRef::Model(id) = current.unwrapped() else {
                return Err(not_object());
            };
            let Some(ModelKind::Struct { fields, .. }) = self.types.model(*id).map(|m| &m.kind)
            else {
                return Err(not_object());
            };
            let field = fields.iter().find(|f| f.wire_name == wire).ok_or_else(|| {
                format!(
                    "`{path}`: `{}` has no property `{wire}`",
                    self.types.display(&current)
                )
            })?;
            steps.push(FieldStep {
                field: field.rust_name.clone(),
                shape: field.shape,
            });
            current = field.ty.clone();
        }
        Ok((steps, current))
    }
}

/// The page size a stream asks for when the caller sets none: the size
/// parameter's default, else its maximum, else 10.
fn default_page_size(size: &Param) -> i64 {
    let c = &size.constraints;
    c.default
        .as_ref()
        .and_then(Value::as_i64)
        .or_else(|| c.maximum.as_ref().and_then(serde_json::Number::as_i64))
        .unwrap_or(10)
}
