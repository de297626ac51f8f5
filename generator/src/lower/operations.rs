//! Operations → [`ir::Operation`](crate::ir::Operation)s: parameters,
//! bodies, responses and credentials. Vendor extensions are read in
//! `extensions.rs`, the method's doc comment is put together in
//! `operation_docs.rs`.

use std::collections::BTreeSet;

use openapiv3::{
    MediaType, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem,
    QueryStyle, ReferenceOr, SecurityScheme, StatusCode,
};
use serde_json::Value;

use super::types::{Ty, TypeLowerer};
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::ir::{
    Body, BodyEncoding, Credential, CredentialKind, ErrorStatus, Example, HeaderParam, Method,
    Operation, Param, ParamEncoding, ParamsStruct, PathPart, ResponseDoc, Success, Variant,
};
use crate::load::{template_variables, Spec};
use crate::naming::{sanitize, Case, Names};

/// Lowers the operations of one spec, in spec order.
pub struct OperationLowerer<'s, 't> {
    pub spec: &'s Spec,
    pub types: &'t mut TypeLowerer<'s>,
    /// The crate's sites, to check `x-unavailable-sites` against.
    pub sites: &'s [Variant],
    /// Method names in the module.
    pub fn_names: Names,
    /// Constant names in the module.
    pub const_names: Names,
}

pub(super) struct Context<'a> {
    pub(super) ptr: Pointer,
    pub(super) op: &'a SpecOperation,
    /// The operation's name in PascalCase, the stem of its types' names.
    pub(super) stem: String,
}

impl<'s, 't> OperationLowerer<'s, 't> {
    /// Lowers every operation of the spec.
    pub fn lower_all(&mut self) -> Result<Vec<Operation>> {
        let spec = self.spec;
        let mut out = Vec::new();
        for (path, item) in spec.doc.paths.iter() {
            let path_ptr = Pointer::root().push("paths").push(path);
            let Some(item) = item.as_item() else { continue };
            for (method, op) in item.iter() {
                out.push(self.lower(path, method, item, op, &path_ptr)?);
            }
        }
        Ok(out)
    }

    fn lower(
        &mut self,
        path: &str,
        method: &str,
        item: &'s PathItem,
        op: &'s SpecOperation,
        path_ptr: &Pointer,
    ) -> Result<Operation> {
        let ptr = path_ptr.push(method);
        let id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method} {path}"));
        let fn_name = self.fn_names.unique(&sanitize(&id, Case::Snake));
        let cx = Context {
            ptr: ptr.clone(),
            op,
            stem: sanitize(&id, Case::Pascal),
        };
        let method = parse_method(method);

        let params = self.parameters(item, path_ptr, &cx)?;
        let mut arg_names =
            Names::with_reserved(["self", "params", "body", "response", "path", "query"]);
        let mut path_params = Vec::new();
        for (param, param_ptr) in params
            .iter()
            .filter(|(p, _)| matches!(p, Parameter::Path { .. }))
        {
            path_params.push(self.param(param, param_ptr, &cx, &mut arg_names)?);
        }
        // Template order, which is also argument order.
        let order = template_variables(path);
        path_params.sort_by_key(|p| order.iter().position(|n| *n == p.wire_name));
        let path_parts = path_parts(path, &path_params);
        let path_format = path_parts
            .iter()
            .map(|part| match part {
                PathPart::Literal { text } => text.replace('{', "{{").replace('}', "}}"),
                PathPart::Param { .. } => "{}".to_owned(),
            })
            .collect();

        let mut field_names = Names::new();
        let mut query_params = Vec::new();
        let mut notes = Vec::new();
        for (param, param_ptr) in &params {
            match param {
                Parameter::Query { .. } => {
                    query_params.push(self.param(param, param_ptr, &cx, &mut field_names)?)
                }
                Parameter::Header { parameter_data, .. } => {
                    let header = self.param(param, param_ptr, &cx, &mut field_names)?;
                    if header.encoding == ParamEncoding::Header {
                        query_params.push(header);
                    } else {
                        notes.push(format!(
                            "The spec's `{}` header parameter is not a single value; this client does not send it.",
                            parameter_data.name
                        ));
                    }
                }
                Parameter::Cookie { parameter_data, .. } => notes.push(format!(
                    "The spec's `{}` parameter (`in: cookie`) is not sent by this client.",
                    parameter_data.name
                )),
                Parameter::Path { .. } => {}
            }
        }
        let headers = query_params
            .iter()
            .filter(|p| p.encoding == ParamEncoding::Header)
            .map(|p| HeaderParam {
                wire_name: p.wire_name.clone(),
                rust_name: p.rust_name.clone(),
                required: p.required,
            })
            .collect();
        let query = if query_params.is_empty() {
            None
        } else {
            Some(ParamsStruct {
                rust_name: self.types.unique_type_name(&format!("{}Params", cx.stem)),
                derive_default: query_params.iter().all(|p| !p.required),
                params: query_params,
            })
        };

        let body = self.body(&cx)?;
        let (success, responses, error_type, error_statuses) = self.responses(&cx)?;
        let (credentials, unsupported_auth) = self.credentials(&cx)?;
        notes.extend(unsupported_auth);
        if op.extensions.get("x-disabled-in-one-time-read-mode") == Some(&Value::Bool(true)) {
            notes.push("This endpoint is disabled for organizations in One-Time Read mode.".into());
        }
        let permission = self.permission(&cx)?;
        let unavailable_sites = self.unavailable_sites(&cx)?;
        let pagination = if path_params.is_empty() {
            self.pagination(&cx, &fn_name, query.as_ref(), &success)?
        } else {
            if cx.op.extensions.contains_key("x-pagination") {
                notes.push("Paging through results as a stream is not generated for operations with path parameters.".into());
            }
            None
        };
        let examples = self.examples(&cx)?;

        let mut op_docs = Vec::new();
        if let Some(summary) = &op.summary {
            docs::append(&mut op_docs, summary);
        }
        if let Some(description) = &op.description {
            docs::append(&mut op_docs, description);
        }
        if op_docs.is_empty() {
            op_docs.push(format!("The `{id}` operation."));
        }

        let mut op = Operation {
            const_name: self.const_names.unique(&sanitize(&id, Case::Shouty)),
            id,
            fn_name,
            method,
            path: path.to_owned(),
            path_format,
            path_parts,
            path_params,
            query,
            headers,
            body,
            success,
            responses,
            error_type,
            error_statuses,
            credentials,
            permission,
            unavailable_sites,
            notes,
            pagination,
            docs: op_docs,
            examples,
            deprecated: op.deprecated,
        };
        op.docs = super::operation_docs::operation_docs(&op, self.sites);
        Ok(op)
    }

    /// Path-item parameters overridden by the operation's own (same name and
    /// location), in declaration order.
    fn parameters(
        &self,
        item: &'s PathItem,
        path_ptr: &Pointer,
        cx: &Context<'s>,
    ) -> Result<Vec<(&'s Parameter, Pointer)>> {
        let mut out: Vec<(&Parameter, Pointer)> = Vec::new();
        let shared = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_ptr.push("parameters").push(i)));
        let own = cx
            .op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, cx.ptr.push("parameters").push(i)));
        for (param, ptr) in shared.chain(own) {
            let resolved = self
                .spec
                .resolve(param, &ptr, "parameters", |c| &c.parameters)?;
            let key = |p: &Parameter| {
                (
                    p.parameter_data_ref().name.clone(),
                    std::mem::discriminant(p),
                )
            };
            let new_key = key(resolved.item);
            match out.iter_mut().find(|(p, _)| key(p) == new_key) {
                Some(slot) => *slot = (resolved.item, ptr),
                None => out.push((resolved.item, ptr)),
            }
        }
        Ok(out)
    }

    fn param(
        &mut self,
        param: &Parameter,
        ptr: &Pointer,
        cx: &Context<'_>,
        names: &mut Names,
    ) -> Result<Param> {
        let data = param.parameter_data_ref();
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Error::Unsupported {
                location: self.spec.location(ptr),
                what: format!(
                    "parameter `{}` described by `content` instead of `schema`",
                    data.name
                ),
            });
        };
        let schema_ptr = ptr.push("schema");
        let hint = format!("{}{}", cx.stem, sanitize(&data.name, Case::Pascal));
        let ty = self.types.type_of(schema.into(), &schema_ptr, &hint)?;
        // A path or header value is written as text; a type with no text
        // form (a union such as `integer | string`, an object, free JSON) is
        // taken as the text itself.
        let as_text = matches!(param, Parameter::Path { .. } | Parameter::Header { .. })
            && !matches!(ty, Ty::Vec(_) | Ty::Map(_))
            && !self.types.has_text_form(&ty);
        let ty = if as_text {
            Ty::Plain("String".into())
        } else {
            ty
        };
        let resolved = self.types.resolve(schema.into(), &schema_ptr)?;
        let encoding = match (param, &ty) {
            (
                Parameter::Query {
                    style: QueryStyle::Form,
                    ..
                },
                Ty::Vec(_),
            ) if data.explode == Some(false) => ParamEncoding::CommaSeparated,
            (
                Parameter::Query {
                    style: QueryStyle::Form,
                    ..
                },
                Ty::Vec(_),
            ) => ParamEncoding::Repeated,
            (
                Parameter::Query {
                    style:
                        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited | QueryStyle::DeepObject,
                    ..
                },
                _,
            ) => {
                return Err(Error::Unsupported {
                    location: self.spec.location(ptr),
                    what: format!(
                        "query parameter `{}` with a style other than `form`",
                        data.name
                    ),
                })
            }
            (Parameter::Header { .. }, Ty::Plain(_) | Ty::Named(_)) => ParamEncoding::Header,
            _ => ParamEncoding::Plain,
        };
        if matches!(param, Parameter::Path { .. }) && !matches!(ty, Ty::Plain(_) | Ty::Named(_)) {
            return Err(Error::Unsupported {
                location: self.spec.location(ptr),
                what: format!("path parameter `{}` that is not a single value", data.name),
            });
        }
        let mut param_docs = Vec::new();
        if as_text {
            param_docs
                .push("The spec allows several kinds of value here; pass its text form.".into());
        }
        if let Some(description) = data
            .description
            .as_deref()
            .or(resolved.schema_data.description.as_deref())
        {
            docs::append(&mut param_docs, description);
        }
        if param_docs.is_empty() {
            param_docs.push(format!("The `{}` parameter.", data.name));
        }
        let limits = limits(resolved);
        if !limits.is_empty() {
            param_docs.push(String::new());
            param_docs.push(limits.join(", ") + ".");
        }
        let rust_type = ty.render();
        Ok(Param {
            wire_name: data.name.clone(),
            rust_name: names.unique(&sanitize(&data.name, Case::Snake)),
            arg_type: if rust_type == "String" {
                "&str".into()
            } else {
                rust_type.clone()
            },
            rust_type,
            required: data.required,
            encoding,
            docs: param_docs,
        })
    }

    fn body(&mut self, cx: &Context<'_>) -> Result<Option<Body>> {
        let Some(body) = &cx.op.request_body else {
            return Ok(None);
        };
        let body_ptr = cx.ptr.push("requestBody");
        let resolved = self
            .spec
            .resolve(body, &body_ptr, "requestBodies", |c| &c.request_bodies)?;
        let content = &resolved.item.content;
        let form = content
            .iter()
            .find(|(k, m)| essence(k) == "application/x-www-form-urlencoded" && m.schema.is_some());
        let (content_type, media, encoding) = match (json_media(content), form) {
            (Some((k, m)), _) => (k, m, BodyEncoding::Json),
            (None, Some((k, m))) => (k.as_str(), m, BodyEncoding::Form),
            (None, None) => match content.first() {
                Some((k, m)) => (k.as_str(), m, BodyEncoding::Raw),
                None => {
                    return Err(Error::Unsupported {
                        location: self.spec.location(&resolved.pointer.push("content")),
                        what: "a request body without any media type".into(),
                    })
                }
            },
        };
        let media_ptr = resolved.pointer.push("content").push(content_type);
        let ty = match (&media.schema, encoding) {
            (_, BodyEncoding::Raw) => Ty::Plain("runtime::Body".into()),
            (Some(schema), _) => self.types.type_of(
                schema.into(),
                &media_ptr.push("schema"),
                &format!("{}Request", cx.stem),
            )?,
            (None, _) => Ty::Plain("::serde_json::Value".into()),
        };
        let mut body_docs = Vec::new();
        if let Some(d) = &resolved.item.description {
            docs::append(&mut body_docs, d);
        }
        if encoding == BodyEncoding::Raw {
            body_docs.push(String::new());
            body_docs.push(format!(
                "Sent as `{content_type}`: build it with `runtime::Body::raw`."
            ));
        }
        Ok(Some(Body {
            rust_type: ty.render(),
            required: resolved.item.required,
            content_type: content_type.to_owned(),
            encoding,
            docs: body_docs,
        }))
    }

    #[allow(clippy::type_complexity)]
    fn responses(
        &mut self,
        cx: &Context<'_>,
    ) -> Result<(Success, Vec<ResponseDoc>, String, Vec<ErrorStatus>)> {
        let responses_ptr = cx.ptr.push("responses");
        let mut success = None;
        let mut docs_out = Vec::new();
        let mut error_types = BTreeSet::new();
        let mut error_statuses = Vec::new();
        let all = cx
            .op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (Some(code), r))
            .chain(cx.op.responses.default.iter().map(|r| (None, r)));
        for (code, response) in all {
            let status_text = code.map_or_else(|| "default".to_owned(), ToString::to_string);
            let ptr = responses_ptr.push(&status_text);
            let resolved = self
                .spec
                .resolve(response, &ptr, "responses", |c| &c.responses)?;
            let media = json_media(&resolved.item.content);
            let ty = match media {
                Some((
                    content_type,
                    MediaType {
                        schema: Some(schema),
                        ..
                    },
                )) => {
                    let hint = match code {
                        Some(StatusCode::Code(200..=299) | StatusCode::Range(2)) => {
                            format!("{}Response", cx.stem)
                        }
                        _ => format!(
                            "{}{}Response",
                            cx.stem,
                            sanitize(&status_text, Case::Pascal)
                        ),
                    };
                    let schema_ptr = resolved
                        .pointer
                        .push("content")
                        .push(content_type)
                        .push("schema");
                    Some(self.types.type_of(schema.into(), &schema_ptr, &hint)?)
                }
                _ => None,
            };
            docs_out.push(ResponseDoc {
                status: status_text,
                description: resolved.item.description.clone(),
                rust_type: ty.as_ref().map(Ty::render),
            });
            match code {
                Some(StatusCode::Code(status @ 200..=299)) if success.is_none() => {
                    success = Some(match &ty {
                        Some(ty) => Success::Json {
                            rust_type: ty.render(),
                            status: *status,
                        },
                        None => Success::Empty { status: *status },
                    });
                }
                Some(StatusCode::Range(2)) if success.is_none() => {
                    success = Some(match &ty {
                        Some(ty) => Success::Json {
                            rust_type: ty.render(),
                            status: 200,
                        },
                        None => Success::Empty { status: 200 },
                    });
                }
                Some(StatusCode::Code(status @ 400..=599)) => {
                    if let Some(ty) = &ty {
                        error_types.insert(ty.render());
                        error_statuses.push(ErrorStatus::Code(*status));
                    }
                }
                Some(StatusCode::Range(class @ 4..=5)) => {
                    if let Some(ty) = &ty {
                        error_types.insert(ty.render());
                        error_statuses.push(ErrorStatus::Class(*class));
                    }
                }
                None => {
                    if let Some(ty) = &ty {
                        error_types.insert(ty.render());
                        error_statuses.push(ErrorStatus::Default);
                    }
                }
                // Informational, redirect and further success responses
                // have no error body.
                _ => {}
            }
        }
        let error_type = match error_types.len() {
            1 => error_types.into_iter().next().unwrap_or_default(),
            // No documented error body, or several different ones: keep the
            // JSON as it came.
            _ => "::serde_json::Value".to_owned(),
        };
        Ok((
            success.unwrap_or(Success::Empty { status: 200 }),
            docs_out,
            error_type,
            error_statuses,
        ))
    }

    /// The first security requirement the client can satisfy; schemes it
    /// cannot are listed as notes instead of being silently dropped.
    fn credentials(&self, cx: &Context<'_>) -> Result<(Vec<Credential>, Vec<String>)> {
        let requirements = cx.op.security.as_ref().or(self.spec.doc.security.as_ref());
        let Some(requirements) = requirements else {
            return Ok((Vec::new(), Vec::new()));
        };
        let mut fallback = None;
        for requirement in requirements {
            let mut credentials = Vec::new();
            let mut unsupported = Vec::new();
            for scheme_name in requirement.keys() {
                match self.credential(scheme_name, cx)? {
                    Some(c) => credentials.push(c),
                    None => unsupported.push(format!(
                        "The spec's `{scheme_name}` security scheme is not supplied by this client."
                    )),
                }
            }
            if unsupported.is_empty() {
                return Ok((credentials, Vec::new()));
            }
            fallback.get_or_insert((credentials, unsupported));
        }
        Ok(fallback.unwrap_or_default())
    }

    fn credential(&self, scheme_name: &str, cx: &Context<'_>) -> Result<Option<Credential>> {
        let _ = cx;
        // A requirement naming an undefined scheme is the spec's mistake, but
        // it does not stop the rest of the client from working: the scheme
        // is reported as one the client cannot supply.
        let Some(scheme) = self
            .spec
            .doc
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(scheme_name))
        else {
            return Ok(None);
        };
        let ptr = Pointer::root()
            .push("components")
            .push("securitySchemes")
            .push(scheme_name);
        let scheme = self
            .spec
            .resolve(scheme, &ptr, "securitySchemes", |c| &c.security_schemes)?
            .item;
        let SecurityScheme::APIKey {
            location: openapiv3::APIKeyLocation::Header,
            name,
            ..
        } = scheme
        else {
            return Ok(None);
        };
        Ok(credential_kind(name).map(|kind| Credential {
            kind,
            header: name.clone(),
            scheme: scheme_name.to_owned(),
        }))
    }

    fn examples(&self, cx: &Context<'_>) -> Result<Vec<Example>> {
        let mut out = Vec::new();
        if let Some(body) = &cx.op.request_body {
            let resolved =
                self.spec
                    .resolve(body, &cx.ptr.push("requestBody"), "requestBodies", |c| {
                        &c.request_bodies
                    })?;
            if let Some((_, media)) = json_media(&resolved.item.content) {
                out.extend(self.media_examples("request", media)?);
            }
        }
        for (code, response) in &cx.op.responses.responses {
            let ptr = cx.ptr.push("responses").push(code);
            let resolved = self
                .spec
                .resolve(response, &ptr, "responses", |c| &c.responses)?;
            if let Some((_, media)) = json_media(&resolved.item.content) {
                out.extend(self.media_examples(&code.to_string(), media)?);
            }
        }
        Ok(out)
    }

    fn media_examples(&self, kind: &str, media: &MediaType) -> Result<Vec<Example>> {
        let mut out = Vec::new();
        if let Some(value) = &media.example {
            out.push(example(kind, "Example", value));
        }
        for (name, ex) in &media.examples {
            let ex = match ex {
                ReferenceOr::Item(ex) => ex,
                ReferenceOr::Reference { reference } => {
                    let key = reference.rsplit('/').next().unwrap_or_default();
                    match self
                        .spec
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| c.examples.get(key))
                        .and_then(|e| e.as_item())
                    {
                        Some(ex) => ex,
                        None => continue,
                    }
                }
            };
            if let Some(value) = &ex.value {
                out.push(example(kind, ex.summary.as_deref().unwrap_or(name), value));
            }
        }
        Ok(out)
    }
}

fn example(kind: &str, title: &str, value: &Value) -> Example {
    Example {
        kind: kind.to_owned(),
        title: title.to_owned(),
        json: serde_json::to_string_pretty(value).unwrap_or_default(),
    }
}

/// Which configured key an API-key header carries, by the header's name.
/// One explicit table: Datadog's two headers, then the common spellings.
fn credential_kind(header: &str) -> Option<CredentialKind> {
    let lower = header.to_ascii_lowercase().replace('_', "-");
    match lower.as_str() {
        "dd-api-key" => Some(CredentialKind::ApiKey),
        "dd-application-key" => Some(CredentialKind::AppKey),
        h if h.contains("app") && h.contains("key") => Some(CredentialKind::AppKey),
        h if h.contains("api") && h.contains("key") => Some(CredentialKind::ApiKey),
        _ => None,
    }
}

fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(k, _)| {
            let essence = essence(k);
            essence == "application/json"
                || essence.ends_with("+json")
                || essence.ends_with("/json")
                || essence == "*/*"
        })
        .map(|(k, v)| (k.as_str(), v))
}

/// A media type without its parameters, lower case.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn parse_method(method: &str) -> Method {
    match method {
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => Method::Get,
    }
}

fn path_parts(path: &str, params: &[Param]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push(PathPart::Literal {
                text: rest[..open].to_owned(),
            });
        }
        let name = &rest[open + 1..close];
        if let Some(p) = params.iter().find(|p| p.wire_name == name) {
            parts.push(PathPart::Param {
                rust_name: p.rust_name.clone(),
            });
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal {
            text: rest.to_owned(),
        });
    }
    parts
}

/// Limits worth stating in a parameter's docs.
fn limits(schema: &openapiv3::Schema) -> Vec<String> {
    let mut out = Vec::new();
    if let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(i)) = &schema.schema_kind {
        if let Some(min) = i.minimum {
            out.push(format!("Minimum: {min}"));
        }
        if let Some(max) = i.maximum {
            out.push(format!("Maximum: {max}"));
        }
    }
    if let Some(default) = &schema.schema_data.default {
        out.push(format!("Default: `{default}`"));
    }
    out
}
