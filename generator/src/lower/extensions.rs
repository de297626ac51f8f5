//! The vendor extensions an operation can carry: `x-permission`,
//! `x-unavailable-sites` and `x-pagination` (see `spec/README.md`).

use openapiv3::ParameterSchemaOrContent;
use serde_json::Value;

use super::operations::{Context, OperationLowerer};
use crate::error::{Error, Result};
use crate::ir::{
    FieldShape, FieldStep, ModelKind, Pagination, Param, ParamsStruct, Permission, Success,
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
        if operator != "OR" && operator != "AND" {
            return Err(bad("`operator` must be OR or AND"));
        }
        if permissions.is_empty() {
            return Err(bad("`permissions` is empty"));
        }
        Ok(Some(Permission {
            operator,
            permissions,
        }))
    }

    pub(super) fn unavailable_sites(&self, cx: &Context<'_>) -> Result<Vec<usize>> {
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
                    .position(|s| s.wire_name == site)
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
        query: Option<&ParamsStruct>,
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
            query
                .and_then(|q| q.params.iter().find(|p| p.wire_name == wire))
                .ok_or_else(|| {
                    bad(format!(
                        "`{wire}` is not a query parameter of this operation"
                    ))
                })
        };
        let size = field_of(get("limitParam").ok_or_else(|| bad("missing `limitParam`".into()))?)?;
        let number = field_of(get("pageParam").ok_or_else(|| bad("missing `pageParam`".into()))?)?;
        let Success::Json { rust_type, .. } = success else {
            return Err(bad(
                "the operation returns no JSON body to page through".into()
            ));
        };
        let results = get("resultsPath").ok_or_else(|| bad("missing `resultsPath`".into()))?;
        let (items, items_type) = self.walk(rust_type, results).map_err(&bad)?;
        let item_type = items_type
            .strip_prefix("Vec<")
            .and_then(|t| t.strip_suffix('>'))
            .ok_or_else(|| bad(format!("`{results}` is not an array")))?
            .to_owned();
        let (total, total_type) = match get("totalPath") {
            Some(path) => self.walk(rust_type, path).map_err(&bad)?,
            None => (Vec::new(), String::new()),
        };
        let (items_expr, items_optional) = access_expr(&items);
        let items_expr = if items_optional {
            format!("{items_expr}.unwrap_or_default()")
        } else {
            items_expr
        };
        let total_expr = if total.is_empty() {
            "None".to_owned()
        } else {
            let (expr, optional) = access_expr(&total);
            let expr = if optional {
                expr
            } else {
                format!("Some({expr})")
            };
            match total_type.as_str() {
                "i64" => expr,
                "i32" | "u32" | "u16" | "i16" | "u8" | "i8" => format!("{expr}.map(i64::from)"),
                other => {
                    return Err(bad(format!(
                        "the total at `totalPath` is `{other}`, not an integer"
                    )))
                }
            }
        };
        let default_size = self.default_page_size(cx, size)?;
        Ok(Some(Pagination {
            fn_name: format!("{fn_name}_stream"),
            size_field: size.rust_name.clone(),
            number_field: number.rust_name.clone(),
            default_size,
            item_type,
            items,
            total,
            items_expr,
            total_expr,
        }))
    }

    /// The page size the stream asks for when the caller sets none: the
    /// parameter's default, else its maximum, else 10.
    pub(super) fn default_page_size(&self, cx: &Context<'_>, size: &Param) -> Result<i64> {
        for (i, param) in cx.op.parameters.iter().enumerate() {
            let ptr = cx.ptr.push("parameters").push(i);
            let resolved = self
                .spec
                .resolve(param, &ptr, "parameters", |c| &c.parameters)?;
            let data = resolved.item.parameter_data_ref();
            if data.name != size.wire_name {
                continue;
            }
            if let ParameterSchemaOrContent::Schema(schema) = &data.format {
                let schema = self.types.resolve(schema.into(), &ptr)?;
                if let Some(n) = schema.schema_data.default.as_ref().and_then(Value::as_i64) {
                    return Ok(n);
                }
                if let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(i)) =
                    &schema.schema_kind
                {
                    if let Some(max) = i.maximum {
                        return Ok(max);
                    }
                }
            }
        }
        Ok(10)
    }

    /// Follows a dot path of wire names through struct models, returning
    /// the field steps and the type at the end.
    pub(super) fn walk(
        &self,
        root: &str,
        path: &str,
    ) -> std::result::Result<(Vec<FieldStep>, String), String> {
        let mut current = root.to_owned();
        let mut steps = Vec::new();
        for wire in path.split('.') {
            let model = self
                .types
                .model_named(current.trim_start_matches("Box<").trim_end_matches('>'))
                .ok_or_else(|| format!("`{path}`: `{current}` is not an object"))?;
            let ModelKind::Struct { fields, .. } = &model.kind else {
                return Err(format!("`{path}`: `{current}` is not an object"));
            };
            let field = fields
                .iter()
                .find(|f| f.wire_name == wire)
                .ok_or_else(|| format!("`{path}`: `{current}` has no property `{wire}`"))?;
            steps.push(FieldStep {
                field: field.rust_name.clone(),
                shape: field.shape,
            });
            current = field.inner_type.clone();
        }
        Ok((steps, current))
    }
}

/// The expression reading a field path from `response`, and whether it
/// ends up inside an `Option`.
fn access_expr(steps: &[FieldStep]) -> (String, bool) {
    let mut expr = "response".to_owned();
    let mut in_option = false;
    for step in steps {
        let field = &step.field;
        let read = match step.shape {
            FieldShape::OptionalNullable => format!("{field}.into_option()"),
            _ => field.clone(),
        };
        let optional = !matches!(step.shape, FieldShape::Required);
        expr = match (in_option, optional) {
            (false, _) => format!("{expr}.{read}"),
            (true, true) => format!("{expr}.and_then(|v| v.{read})"),
            (true, false) => format!("{expr}.map(|v| v.{read})"),
        };
        in_option |= optional;
    }
    (expr, in_option)
}
