//! The answers of vendor dialects ([`super::dialect`]) checked against the
//! operation they describe: the sites of `x-unavailable-sites` against the
//! server's, the parameters and response paths of a paging extension
//! against the operation's parameters and success type.

use serde_json::Value;

use super::dialect::{Answer, Invalid, Paging, PagingPosition};
use super::operations::{Context, OperationLowerer};
use crate::error::{Error, Result};
use crate::ir::{
    FieldStep, ModelKind, PagePosition, Pagination, Param, ParamsStruct, Primitive, Success,
    TypeRef,
};

/// What a paging extension is checked against.
pub(super) struct PagedOperation<'a> {
    /// The stream method's name.
    pub fn_name: &'a str,
    /// The operation's query parameters.
    pub params: Option<&'a ParamsStruct>,
    /// What it returns.
    pub success: &'a Success,
}

impl OperationLowerer<'_, '_> {
    /// A dialect's answer, with an extension it does not understand as an
    /// [`Error::Extension`] at the extension.
    pub(super) fn answer<T>(&self, cx: &Context<'_>, answer: Answer<T>) -> Result<Option<T>> {
        answer.map_err(|e| self.invalid(cx, &e))
    }

    /// An [`Error::Extension`] at the extension `invalid` names.
    pub(super) fn invalid(&self, cx: &Context<'_>, invalid: &Invalid) -> Error {
        Error::Extension {
            location: self.spec.location(&cx.ptr.push(invalid.extension)),
            extension: invalid.extension.into(),
            message: invalid.message.clone(),
        }
    }

    /// The sites where the operation does not exist, each one of the
    /// server's.
    pub(super) fn unavailable_sites(&self, cx: &Context<'_>) -> Result<Vec<String>> {
        let Some(unavailable) = self.answer(cx, self.dialects.unavailable_sites(cx.op))? else {
            return Ok(Vec::new());
        };
        for site in &unavailable.sites {
            if !self.sites.iter().any(|s| &s.wire_name == site) {
                let known: Vec<&str> = self.sites.iter().map(|s| s.wire_name.as_str()).collect();
                let message = format!(
                    "`{site}` is not one of the server's sites ({})",
                    known.join(", ")
                );
                return Err(self.invalid(
                    cx,
                    &Invalid {
                        extension: unavailable.extension,
                        message,
                    },
                ));
            }
        }
        Ok(unavailable.sites)
    }

    /// How the operation pages, when a dialect says it does and its
    /// parameters and paths fit the operation.
    pub(super) fn pagination(
        &self,
        cx: &Context<'_>,
        paged: &PagedOperation<'_>,
    ) -> Result<Option<Pagination>> {
        let Some(paging) = self.answer(cx, self.dialects.paging(cx.op))? else {
            return Ok(None);
        };
        let bad = |message: String| {
            self.invalid(
                cx,
                &Invalid {
                    extension: paging.extension,
                    message,
                },
            )
        };
        let size = query_param(paged.params, &paging.size_param).map_err(&bad)?;
        integer(size).map_err(&bad)?;
        let position = self.position(&paging, paged).map_err(&bad)?;
        let Success::Json { ty: response, .. } = paged.success else {
            return Err(bad(
                "the operation returns no JSON body to page through".into()
            ));
        };
        let (items, item) = self.items(response, &paging.results_path).map_err(&bad)?;
        let total = match &paging.total_path {
            Some(path) => Some(self.total(response, path).map_err(&bad)?),
            None => None,
        };
        Ok(Some(Pagination {
            fn_name: paged.fn_name.to_owned(),
            size_field: size.rust_name.clone(),
            size_ty: size.ty.clone(),
            default_size: default_page_size(size),
            position,
            item,
            items,
            total,
        }))
    }

    /// The page position, its parameter checked and a cursor's path
    /// followed through the response.
    fn position(
        &self,
        paging: &Paging,
        paged: &PagedOperation<'_>,
    ) -> std::result::Result<PagePosition, String> {
        Ok(match &paging.position {
            PagingPosition::Number { param, first } => {
                let number = query_param(paged.params, param)?;
                integer(number)?;
                PagePosition::Number {
                    field: number.rust_name.clone(),
                    ty: number.ty.clone(),
                    first: *first,
                }
            }
            PagingPosition::Offset { param } => {
                let offset = query_param(paged.params, param)?;
                integer(offset)?;
                PagePosition::Offset {
                    field: offset.rust_name.clone(),
                    ty: offset.ty.clone(),
                }
            }
            PagingPosition::Cursor { param, next_path } => {
                let cursor = query_param(paged.params, param)?;
                if cursor.ty != TypeRef::STRING || cursor.required() {
                    return Err(format!(
                        "`{}` is not an optional string parameter",
                        cursor.wire_name
                    ));
                }
                PagePosition::Cursor {
                    field: cursor.rust_name.clone(),
                    next: self.cursor(paged.success, next_path)?,
                }
            }
        })
    }

    /// The steps to the items array and the type of one item.
    fn items(
        &self,
        response: &TypeRef,
        results: &str,
    ) -> std::result::Result<(Vec<FieldStep>, TypeRef), String> {
        let (items, items_type) = self.walk(response, results)?;
        match items_type.unwrapped() {
            TypeRef::List(item) => Ok((items, (**item).clone())),
            _ => Err(match results {
                "" => "the response is not an array and `resultsPath` is missing".to_owned(),
                path => format!("`{path}` is not an array"),
            }),
        }
    }

    /// The steps to the total count, an integer that fits `i64`.
    fn total(&self, response: &TypeRef, path: &str) -> std::result::Result<Vec<FieldStep>, String> {
        let (steps, ty) = self.walk(response, path)?;
        match ty.unwrapped() {
            TypeRef::Primitive(p) if p.widens_to_i64() => Ok(steps),
            other => Err(format!(
                "the total at `totalPath` is `{}`, not an integer that fits `i64`",
                self.types.display(other)
            )),
        }
    }

    /// The steps to the next cursor, a string.
    fn cursor(&self, success: &Success, path: &str) -> std::result::Result<Vec<FieldStep>, String> {
        let Success::Json { ty: response, .. } = success else {
            return Err("the operation returns no JSON body to page through".into());
        };
        let (steps, ty) = self.walk(response, path)?;
        if *ty.unwrapped() != TypeRef::STRING {
            return Err(format!(
                "the cursor at `cursorPath` is `{}`, not a string",
                self.types.display(&ty)
            ));
        }
        Ok(steps)
    }

    /// Follows a dot path of wire names through struct models, returning
    /// the field steps and the whole type of the field at the end.
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
            current = field.full_ty();
        }
        Ok((steps, current))
    }
}

/// The query parameter `wire` of the operation.
fn query_param<'a>(
    params: Option<&'a ParamsStruct>,
    wire: &str,
) -> std::result::Result<&'a Param, String> {
    params
        .and_then(|q| q.params.iter().find(|p| p.wire_name == wire))
        .ok_or_else(|| format!("`{wire}` is not a query parameter of this operation"))
}

/// Whether a page parameter is an integer that fits `i64`.
fn integer(param: &Param) -> std::result::Result<(), String> {
    match &param.ty {
        TypeRef::Primitive(p) if p.widens_to_i64() => Ok(()),
        TypeRef::Primitive(Primitive::U64) => Err(format!(
            "`{}` is not an integer that fits `i64`",
            param.wire_name
        )),
        _ => Err(format!("`{}` is not an integer", param.wire_name)),
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
