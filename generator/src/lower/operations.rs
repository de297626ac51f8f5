//! Operations → [`ir::Operation`](crate::ir::Operation)s: parameters,
//! bodies, responses and credentials. Vendor extensions are read in
//! `extensions.rs`, the method's doc comment is put together in
//! `operation_docs.rs`.

use openapiv3::{
    MediaType, Operation as SpecOperation, Parameter, ParameterData, ParameterSchemaOrContent,
    PathItem, QueryStyle, ReferenceOr, StatusCode,
};
use serde_json::Value;

use super::dialect::Dialects;
use super::extensions::PagedOperation;
use super::types::{header_value_type, TypeLowerer};
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::ir::{
    Body, BodyEncoding, Constraints, Credential, ErrorStatus, Example, FieldShape, Method,
    ModelKind, MultipartPart, Operation, Pagination, Param, ParamLocation, ParamsStruct, PartKind,
    Permission, ResponseDoc, ResponseHeader, Site, Success, TypeRef, UrlTemplate,
};
use crate::load::{Resolved, Spec};
use crate::naming::{self, sanitize, Case, NameHint, Names, Reserved};

/// Lowers the operations of one spec.
pub struct OperationLowerer<'s, 't> {
    pub spec: &'s Spec,
    pub types: &'t mut TypeLowerer<'s>,
    /// The distinct server lists of the operations so far.
    pub servers: super::servers::ServerLists,
    /// The crate's sites, to check `x-unavailable-sites` against.
    pub sites: &'s [Site],
    /// The crate's credentials, to match security schemes against.
    pub credentials: &'s [Credential],
    /// What vendor extensions mean.
    pub dialects: Dialects,
    /// Vendor extensions left out, with where and why.
    pub warnings: Vec<String>,
}

pub(super) struct Context<'a> {
    pub(super) ptr: Pointer,
    pub(super) op: &'a SpecOperation,
    /// The operation's name in PascalCase, the stem of its types' names.
    pub(super) stem: String,
}

/// One operation of the spec, before lowering.
struct Found<'s> {
    path: &'s str,
    method: Method,
    item: &'s PathItem,
    op: &'s SpecOperation,
    id: String,
}

/// The names of an operation's methods and constant, decided for all
/// operations of a module at once.
struct OperationNames {
    fn_name: String,
    stream_fn: Option<String>,
    response_fn: String,
    const_name: String,
    request_fn: String,
}

/// An operation's parameters, lowered: the path parameters in template
/// order, the others in one struct.
struct Params {
    path: Vec<Param>,
    rest: Option<ParamsStruct>,
}

/// An operation's responses, lowered.
struct Responses {
    success: Success,
    headers: Vec<ResponseHeader>,
    docs: Vec<ResponseDoc>,
    error_type: TypeRef,
    error_statuses: Vec<ErrorStatus>,
}

/// What vendor extensions say of an operation.
struct VendorFacts {
    unstable: bool,
    permission: Option<Permission>,
    unavailable_sites: Vec<String>,
    pagination: Option<Pagination>,
}

/// Every operation of a spec, lowered, in spec order, with the tag that
/// groups each.
pub struct LoweredOperations<'s> {
    /// The operations; [`OperationId`](crate::ir::OperationId)s are
    /// positions here.
    pub operations: Vec<Operation>,
    /// Each operation's first tag, by the same position.
    pub tags: Vec<Option<&'s str>>,
}

impl<'s, 't> OperationLowerer<'s, 't> {
    /// Lowers every operation of the spec, in spec order: the one walk of
    /// the spec's paths.
    pub fn lower_all(&mut self) -> Result<LoweredOperations<'s>> {
        let found = self.found()?;
        let names = operation_names(&found, self.dialects);
        let operations = found
            .iter()
            .zip(names)
            .map(|(f, names)| self.lower(f, names))
            .collect::<Result<_>>()?;
        let tags = found
            .iter()
            .map(|f| f.op.tags.first().map(String::as_str))
            .collect();
        Ok(LoweredOperations { operations, tags })
    }

    fn found(&self) -> Result<Vec<Found<'s>>> {
        let spec = self.spec;
        let mut out = Vec::new();
        for (path, item) in spec.doc.paths.iter() {
            let Some(item) = item.as_item() else { continue };
            for (key, op) in item.iter() {
                // `load` refuses any other key, so this is only a guard.
                let method = Method::from_key(key).ok_or_else(|| Error::Unsupported {
                    location: spec.location(&Pointer::root().push("paths").push(path).push(key)),
                    what: format!("`{key}` is not an HTTP method of OpenAPI 3.0"),
                })?;
                let id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| naming::fallback_operation_id(key, path));
                out.push(Found {
                    path,
                    method,
                    item,
                    op,
                    id,
                });
            }
        }
        Ok(out)
    }

    fn lower(&mut self, found: &Found<'s>, names: OperationNames) -> Result<Operation> {
        let Found {
            path,
            method,
            item,
            op,
            ref id,
        } = *found;
        let template = self.spec.paths[path].clone();
        let cx = Context {
            ptr: Pointer::root()
                .push("paths")
                .push(path)
                .push(method.as_str().to_ascii_lowercase()),
            op,
            stem: sanitize(id, Case::Pascal),
        };
        let item_ptr = Pointer::root().push("paths").push(path);
        let servers = self.servers.of_operation(
            self.spec,
            (item, &item_ptr),
            (op, &cx.ptr),
            &names.const_name,
        )?;
        let params = self.params(item, path, &cx, &template)?;
        let body = self.body(&cx)?;
        let Responses {
            success,
            headers: response_headers,
            docs: responses,
            error_type,
            error_statuses,
        } = self.responses(&cx)?;
        let security = super::security::requirements(
            self.spec,
            cx.op.security.as_ref(),
            &cx.ptr,
            self.credentials,
            &mut self.warnings,
        );
        let mut notes = Vec::new();
        let vendor = self.vendor_facts(&cx, id, &names, &params, &success, &mut notes)?;
        let mut lowered = Operation {
            const_name: names.const_name,
            id: id.clone(),
            fn_name: names.fn_name,
            response_fn: names.response_fn,
            request_fn: names.request_fn,
            method,
            servers,
            path: template,
            path_params: params.path,
            params: params.rest,
            body,
            unstable: vendor.unstable,
            success,
            responses,
            response_headers,
            error_type,
            error_statuses,
            security,
            permission: vendor.permission,
            unavailable_sites: vendor.unavailable_sites,
            notes,
            pagination: vendor.pagination,
            docs: summary_docs(op, id),
            examples: self.examples(&cx)?,
            deprecated: self.deprecation(op),
            // Decided once the models are final (`examples::add`).
            call_example: None,
        };
        lowered.docs =
            super::operation_docs::operation_docs(&lowered, self.types, self.credentials);
        Ok(lowered)
    }

    /// The operation's path parameters, in template order (which is also
    /// argument order), and its other parameters in one struct.
    fn params(
        &mut self,
        item: &'s PathItem,
        path: &str,
        cx: &Context<'s>,
        template: &UrlTemplate,
    ) -> Result<Params> {
        let params = self.parameters(item, &Pointer::root().push("paths").push(path), cx)?;
        let mut arg_names = Names::reserving(Reserved::OperationArgument);
        let mut field_names = Names::new();
        // Path parameters first: inline types are named in this order.
        let (path, rest): (Vec<_>, Vec<_>) = params
            .iter()
            .partition(|(p, _)| matches!(p, Parameter::Path { .. }));
        let mut path_params = Vec::new();
        for (param, param_ptr) in path {
            path_params.push(self.param(param, param_ptr, cx, &mut arg_names)?);
        }
        let mut query_params = Vec::new();
        for (param, param_ptr) in rest {
            query_params.push(self.param(param, param_ptr, cx, &mut field_names)?);
        }
        let order: Vec<&str> = template.variables().collect();
        path_params.sort_by_key(|p| order.iter().position(|n| *n == p.wire_name));
        let rest = (!query_params.is_empty()).then(|| ParamsStruct {
            rust_name: self
                .types
                .unique_type_name(&naming::params_struct(&cx.stem)),
            derive_default: query_params.iter().all(|p| !p.required()),
            params: query_params,
        });
        Ok(Params {
            path: path_params,
            rest,
        })
    }

    /// What the dialects say of the operation, with their notes added to
    /// `notes`. A vendor extension never makes a valid spec fail: one whose
    /// shape is not understood is left out, with a warning naming where.
    fn vendor_facts(
        &mut self,
        cx: &Context<'_>,
        id: &str,
        names: &OperationNames,
        params: &Params,
        success: &Success,
        notes: &mut Vec<String>,
    ) -> Result<VendorFacts> {
        let unstable = self.dialects.unstable(cx.op);
        if let Some(unstable) = &unstable {
            notes.push(format!(
                "Unstable (`{}`): {} It may change or go away without notice. \
                 It is sent only once enabled with `Configuration::enable_unstable(\"{id}\")`; \
                 until then it fails with `Error::UnstableDisabled`.",
                unstable.extension, unstable.message
            ));
        }
        notes.extend(self.dialects.notes(cx.op));
        let permission = self.answer(cx, self.dialects.permission(cx.op));
        let permission = self.lenient(permission)?;
        let unavailable_sites = self.unavailable_sites(cx);
        let unavailable_sites = self.lenient(unavailable_sites)?;
        let pagination = match (&names.stream_fn, params.path.is_empty()) {
            (Some(stream_fn), true) => {
                let paged = PagedOperation {
                    fn_name: stream_fn,
                    params: params.rest.as_ref(),
                    success,
                };
                let pagination = self.pagination(cx, &paged);
                self.lenient(pagination)?
            }
            (Some(_), false) => {
                notes.push("Paging through results as a stream is not generated for operations with path parameters.".into());
                None
            }
            (None, _) => None,
        };
        Ok(VendorFacts {
            unstable: unstable.is_some(),
            permission,
            unavailable_sites,
            pagination,
        })
    }

    /// The note of `#[deprecated]`: `deprecated: true`, or a sunset date
    /// (from a dialect) after which the endpoint stops working.
    fn deprecation(&self, op: &SpecOperation) -> Option<String> {
        match (op.deprecated, self.dialects.sunset(op)) {
            (_, Some(date)) => Some(format!("the endpoint is sunset on {date}")),
            (true, None) => Some("deprecated in the API's spec".to_owned()),
            (false, None) => None,
        }
    }

    /// `result`, with an invalid vendor extension turned into a warning and
    /// the value the operation has without the extension.
    fn lenient<T: Default>(&mut self, result: Result<T>) -> Result<T> {
        match result {
            Err(error @ Error::Extension { .. }) => {
                self.warnings.push(format!("{error}; generated without it"));
                Ok(T::default())
            }
            other => other,
        }
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
        let (schema, schema_ptr, in_content) = self.param_schema(data, ptr)?;
        let hint = NameHint::new(&cx.stem).property(&data.name);
        let ty = self
            .types
            .param_type_of(schema.into(), &schema_ptr, &hint)?;
        let location = self.param_location(param, &ty, in_content);
        // A single path, header or cookie value is written as text; one with
        // no text form (a union such as `integer | string`, free JSON, a
        // value described by `content`) is taken as the text itself.
        let as_text = matches!(
            location,
            ParamLocation::Path | ParamLocation::Header | ParamLocation::Cookie
        ) && (in_content || !self.types.has_text_form(&ty));
        let mut param_docs = Vec::new();
        if as_text && ty == TypeRef::DateTime {
            param_docs.push("An RFC 3339 date-time (`2024-01-31T12:00:00Z`), as text.".into());
        } else if as_text {
            param_docs
                .push("The spec allows several kinds of value here; pass its text form.".into());
        }
        let ty = if as_text { TypeRef::STRING } else { ty };
        let resolved = self.types.resolve(schema.into(), &schema_ptr)?;
        let constraints = constraints(resolved);
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
        let limits = limits(&constraints);
        if !limits.is_empty() {
            param_docs.push(String::new());
            param_docs.push(limits.join(", ") + ".");
        }
        Ok(Param {
            wire_name: data.name.clone(),
            rust_name: names.unique(&sanitize(&data.name, Case::Snake)),
            ty,
            shape: if data.required {
                FieldShape::Required
            } else {
                FieldShape::Optional
            },
            location,
            constraints,
            docs: param_docs,
        })
    }

    /// A parameter's schema and its pointer, and whether it is described by
    /// `content` (`{application/json: {schema}}`): such a value is sent as
    /// that media type's text, JSON in a query value, the caller's text
    /// elsewhere.
    fn param_schema<'p>(
        &self,
        data: &'p ParameterData,
        ptr: &Pointer,
    ) -> Result<(&'p ReferenceOr<openapiv3::Schema>, Pointer, bool)> {
        match &data.format {
            ParameterSchemaOrContent::Schema(schema) => Ok((schema, ptr.push("schema"), false)),
            ParameterSchemaOrContent::Content(content) => match content.first() {
                Some((
                    media_type,
                    MediaType {
                        schema: Some(schema),
                        ..
                    },
                )) => Ok((
                    schema,
                    ptr.push("content").push(media_type).push("schema"),
                    true,
                )),
                _ => Err(Error::Unsupported {
                    location: self.spec.location(&ptr.push("content")),
                    what: format!("parameter `{}` whose `content` has no schema", data.name),
                }),
            },
        }
    }

    /// Where and how a parameter of type `ty` is sent, by its location,
    /// style and shape.
    fn param_location(&self, param: &Parameter, ty: &TypeRef, in_content: bool) -> ParamLocation {
        let text_list =
            !in_content && matches!(ty, TypeRef::List(item) if self.types.has_text_form(item));
        let object = !in_content && self.types.is_object(ty);
        let explode = param.parameter_data_ref().explode;
        match param {
            Parameter::Query { .. } if in_content => ParamLocation::QueryJson,
            Parameter::Query { style, .. } => match (style, ty) {
                (QueryStyle::Form, TypeRef::List(_)) if explode == Some(false) => {
                    ParamLocation::QueryCommaSeparated
                }
                (QueryStyle::Form, TypeRef::List(_)) => ParamLocation::QueryRepeated,
                (QueryStyle::Form, _) if object => ParamLocation::QueryFormObject,
                (QueryStyle::Form, _) => ParamLocation::Query,
                (QueryStyle::SpaceDelimited, TypeRef::List(_)) => {
                    ParamLocation::QuerySpaceDelimited
                }
                (QueryStyle::PipeDelimited, TypeRef::List(_)) => ParamLocation::QueryPipeDelimited,
                (QueryStyle::DeepObject, TypeRef::List(_)) => ParamLocation::QueryDeepObjectList,
                (QueryStyle::DeepObject, _) if object => ParamLocation::QueryDeepObject,
                // A delimiter joins nothing in a single value, nor does
                // `deepObject` nest one.
                (
                    QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited | QueryStyle::DeepObject,
                    _,
                ) => ParamLocation::Query,
            },
            Parameter::Header { .. } if text_list => ParamLocation::HeaderList,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Path { .. } if text_list => ParamLocation::PathList,
            Parameter::Path { .. } if object && explode == Some(true) => {
                ParamLocation::PathObjectExploded
            }
            Parameter::Path { .. } if object => ParamLocation::PathObject,
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        }
    }

    fn body(&mut self, cx: &Context<'_>) -> Result<Option<Body>> {
        let Some(body) = &cx.op.request_body else {
            return Ok(None);
        };
        let body_ptr = cx.ptr.push("requestBody");
        let resolved = self
            .spec
            .resolve(body, &body_ptr, "requestBodies", |c| &c.request_bodies)?;
        let unnamed = MediaType::default();
        let (content_type, media, mut encoding) = body_media(&resolved.item.content, &unnamed);
        let media_ptr = resolved.pointer.push("content").push(content_type);
        let ty = match (&media.schema, encoding) {
            (_, BodyEncoding::Raw) => TypeRef::RawBody,
            (_, BodyEncoding::Text) => TypeRef::STRING,
            (_, BodyEncoding::Bytes) => TypeRef::Bytes,
            (Some(schema), _) => self.types.type_of(
                schema.into(),
                &media_ptr.push("schema"),
                &NameHint::new(&cx.stem).request(),
            )?,
            (None, _) => TypeRef::Json,
        };
        // A multipart body is sent part by part, one per property: only an
        // object with properties has them.
        let parts = match encoding {
            BodyEncoding::Multipart => self.multipart_parts(&ty),
            _ => None,
        };
        let (ty, parts) = match (encoding, parts) {
            (BodyEncoding::Multipart, None) => {
                encoding = BodyEncoding::Raw;
                (TypeRef::RawBody, Vec::new())
            }
            (_, parts) => (ty, parts.unwrap_or_default()),
        };
        let deep_object = match encoding {
            BodyEncoding::Form => media
                .encoding
                .iter()
                .filter(|(_, e)| e.style == Some(QueryStyle::DeepObject))
                .map(|(name, _)| name.clone())
                .collect(),
            _ => Vec::new(),
        };
        Ok(Some(Body {
            ty,
            required: resolved.item.required,
            content_type: content_type.to_owned(),
            encoding,
            deep_object,
            parts,
            docs: body_docs(resolved.item.description.as_deref(), content_type, encoding),
        }))
    }

    /// The parts of a multipart body of type `ty`: one per field of its
    /// struct; `None` when it is not a struct with fields.
    fn multipart_parts(&self, ty: &TypeRef) -> Option<Vec<MultipartPart>> {
        let TypeRef::Model(id) = ty else { return None };
        let Some(ModelKind::Struct { fields, .. }) = self.types.model(*id).map(|m| &m.kind) else {
            return None;
        };
        let parts: Vec<MultipartPart> = fields
            .iter()
            .map(|f| MultipartPart {
                wire_name: f.wire_name.clone(),
                field: f.rust_name.clone(),
                shape: f.shape,
                kind: match f.ty.unwrapped() {
                    TypeRef::File => PartKind::File,
                    TypeRef::List(item) if **item == TypeRef::File => PartKind::Files,
                    _ => PartKind::Field,
                },
            })
            .collect();
        (!parts.is_empty()).then_some(parts)
    }

    /// What a call returns: the first success response, every response
    /// for the docs, and the error statuses with a body and its type.
    fn responses(&mut self, cx: &Context<'_>) -> Result<Responses> {
        let mut success = None;
        let mut headers = Vec::new();
        let mut docs_out = Vec::new();
        let mut error_types: Vec<TypeRef> = Vec::new();
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
            let ptr = cx.ptr.push("responses").push(&status_text);
            let resolved = self
                .spec
                .resolve(response, &ptr, "responses", |c| &c.responses)?;
            let media = json_media(&resolved.item.content);
            let ty = self.response_type(cx, code, &status_text, &resolved)?;
            // A success body of another media type (a file, plain text) is
            // handed over undecoded.
            let undecoded = match (media, resolved.item.content.first()) {
                (None, Some((media_type, _))) => Some(media_type.as_str()),
                _ => None,
            };
            docs_out.push(ResponseDoc {
                status: status_text,
                description: resolved.item.description.clone(),
                ty: ty.clone(),
            });
            if let (Some(status), None) = (success_status(code), &success) {
                let events = match undecoded {
                    Some(media_type) if essence(media_type) == "text/event-stream" => {
                        Some(self.event_type(cx, &ptr, media_type, &resolved)?)
                    }
                    _ => None,
                };
                success = Some(success_of(status, ty.clone(), media, undecoded, events));
                headers = self.response_headers(&resolved)?;
            }
            // An error status counts only with a body to decode.
            if let (Some(status), Some(ty)) = (error_status(code), ty) {
                if !error_types.contains(&ty) {
                    error_types.push(ty);
                }
                error_statuses.push(status);
            }
        }
        let error_type = match <[TypeRef; 1]>::try_from(error_types) {
            Ok([only]) => only,
            // No documented error body, or several different ones: keep the
            // JSON as it came.
            Err(_) => TypeRef::Json,
        };
        Ok(Responses {
            success: success.unwrap_or(Success::Empty { status: 200 }),
            headers,
            docs: docs_out,
            error_type,
            error_statuses,
        })
    }

    /// The type a response's JSON body decodes into, if it has one; named
    /// `{stem}Response` for a success, `{stem}{status}Response` otherwise.
    fn response_type(
        &mut self,
        cx: &Context<'_>,
        code: Option<&StatusCode>,
        status_text: &str,
        resolved: &Resolved<'_, openapiv3::Response>,
    ) -> Result<Option<TypeRef>> {
        let Some((
            content_type,
            MediaType {
                schema: Some(schema),
                ..
            },
        )) = json_media(&resolved.item.content)
        else {
            return Ok(None);
        };
        let hint = match code {
            Some(StatusCode::Code(200..=299) | StatusCode::Range(2)) => {
                NameHint::new(&cx.stem).response()
            }
            _ => NameHint::new(&cx.stem).status_response(status_text),
        };
        let schema_ptr = resolved
            .pointer
            .push("content")
            .push(content_type)
            .push("schema");
        Ok(Some(self.types.type_of(
            schema.into(),
            &schema_ptr,
            &hint,
        )?))
    }

    /// The type each event of a `text/event-stream` success decodes into:
    /// the media type's schema, or any JSON when it has none or it is a
    /// plain string (the events' data is then read as JSON all the same).
    fn event_type(
        &mut self,
        cx: &Context<'_>,
        ptr: &Pointer,
        media_type: &str,
        resolved: &Resolved<'_, openapiv3::Response>,
    ) -> Result<TypeRef> {
        let Some(schema) = resolved
            .item
            .content
            .get(media_type)
            .and_then(|m| m.schema.as_ref())
        else {
            return Ok(TypeRef::Json);
        };
        let schema_ptr = ptr.push("content").push(media_type).push("schema");
        let hint = NameHint::new(&cx.stem).event();
        let ty = self.types.type_of(schema.into(), &schema_ptr, &hint)?;
        Ok(if ty == TypeRef::STRING {
            TypeRef::Json
        } else {
            ty
        })
    }

    /// The headers a success response declares, each with the type its
    /// value parses into; a header whose schema is not a plain string,
    /// number or boolean is read as a string.
    fn response_headers(
        &self,
        resolved: &Resolved<'_, openapiv3::Response>,
    ) -> Result<Vec<ResponseHeader>> {
        let mut out = Vec::new();
        for (name, header) in &resolved.item.headers {
            let header_ptr = resolved.pointer.push("headers").push(name);
            let header = self
                .spec
                .resolve(header, &header_ptr, "headers", |c| &c.headers)?
                .item;
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                    header_value_type(schema)
                }
                _ => TypeRef::STRING,
            };
            out.push(ResponseHeader {
                name: name.clone(),
                ty,
                description: header.description.clone().unwrap_or_default(),
            });
        }
        Ok(out)
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
                    let key =
                        crate::load::component_name(reference, "examples").unwrap_or_default();
                    match self
                        .spec
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| c.examples.get(&key))
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

/// The summary and description, or a sentence naming the operation.
fn summary_docs(op: &SpecOperation, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(summary) = &op.summary {
        docs::append(&mut out, summary);
    }
    if let Some(description) = &op.description {
        docs::append(&mut out, description);
    }
    if out.is_empty() {
        out.push(format!("The `{id}` operation."));
    }
    out
}

fn example(kind: &str, title: &str, value: &Value) -> Example {
    Example {
        kind: kind.to_owned(),
        title: title.to_owned(),
        json: serde_json::to_string_pretty(value).unwrap_or_default(),
    }
}

/// The names of every operation's methods, constant and request function,
/// decided together so that collisions are resolved in one place: first
/// every operation's own method, in spec order, then the stream methods of
/// those that page (an operation named `list_keys_stream` keeps its name;
/// `list_keys`'s stream becomes `list_keys_stream2`). Request functions are
/// free functions of the module, in a namespace of their own.
fn operation_names(found: &[Found<'_>], dialects: Dialects) -> Vec<OperationNames> {
    let mut fn_names = Names::reserving(Reserved::ApiMethod);
    let mut const_names = Names::reserving(Reserved::ApiConstant);
    let mut request_fns = Names::new();
    let mut names: Vec<OperationNames> = found
        .iter()
        .map(|f| {
            let fn_name = fn_names.unique(&sanitize(&f.id, Case::Snake));
            OperationNames {
                request_fn: request_fns.unique(&naming::request_fn(&fn_name)),
                fn_name,
                stream_fn: None,
                response_fn: String::new(),
                const_name: const_names.unique(&sanitize(&f.id, Case::Shouty)),
            }
        })
        .collect();
    for (f, n) in found.iter().zip(&mut names) {
        if dialects.pages(f.op) {
            n.stream_fn = Some(fn_names.unique(&naming::stream_fn(&n.fn_name)));
        }
    }
    // After every other method, so that an operation named
    // `get_with_response` keeps its name.
    for n in &mut names {
        n.response_fn = fn_names.unique(&naming::with_response_fn(&n.fn_name));
    }
    names
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

/// The media type a request body is sent as, its entry, and how it is
/// encoded: JSON first, then a form, then multipart, then the first other;
/// `unnamed` when `content` names no media type (bytes the caller builds,
/// with the media type the caller gives).
fn body_media<'a>(
    content: &'a indexmap::IndexMap<String, MediaType>,
    unnamed: &'a MediaType,
) -> (&'a str, &'a MediaType, BodyEncoding) {
    let with_schema = |wanted: &str| {
        content
            .iter()
            .find(|(k, m)| essence(k) == wanted && m.schema.is_some())
    };
    let form = with_schema("application/x-www-form-urlencoded");
    let multipart = with_schema("multipart/form-data");
    match (json_media(content), form, multipart) {
        (Some((k, m)), _, _) => (k, m, BodyEncoding::Json),
        (None, Some((k, m)), _) => (k.as_str(), m, BodyEncoding::Form),
        (None, None, Some((k, m))) => (k.as_str(), m, BodyEncoding::Multipart),
        (None, None, None) => match content.first() {
            Some((k, m)) => (k.as_str(), m, raw_encoding(k, content.len())),
            None => ("", unnamed, BodyEncoding::Raw),
        },
    }
}

/// A body's docs: its description, then how it is sent when the caller
/// builds it.
fn body_docs(description: Option<&str>, content_type: &str, encoding: BodyEncoding) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = description {
        docs::append(&mut out, d);
    }
    let sent_as = match encoding {
        BodyEncoding::Raw if content_type.is_empty() => {
            Some("The spec names no media type: build it with `Body::raw`, giving one.".to_owned())
        }
        BodyEncoding::Raw => Some(format!(
            "Sent as `{content_type}`: build it with `Body::raw`."
        )),
        BodyEncoding::Text | BodyEncoding::Bytes => {
            Some(format!("Sent as `{content_type}`, as it is."))
        }
        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => None,
    };
    if let Some(sent_as) = sent_as {
        out.push(String::new());
        out.push(sent_as);
    }
    out
}

/// The status a success response of `code` is documented with: a 2xx, or
/// 200 for `2XX`.
fn success_status(code: Option<&StatusCode>) -> Option<u16> {
    match code {
        Some(StatusCode::Code(status @ 200..=299)) => Some(*status),
        Some(StatusCode::Range(2)) => Some(200),
        _ => None,
    }
}

/// The error status a response of `code` documents; informational,
/// redirect and success responses have no error body.
fn error_status(code: Option<&StatusCode>) -> Option<ErrorStatus> {
    match code {
        Some(StatusCode::Code(status @ 400..=599)) => Some(ErrorStatus::Code(*status)),
        Some(StatusCode::Range(class @ 4..=5)) => Some(ErrorStatus::Class(*class)),
        None => Some(ErrorStatus::Default),
        _ => None,
    }
}

/// How a body of `media_type` that is neither JSON nor a form is taken:
/// text as a `String`, one other media type as bytes; a multipart body, or
/// a choice among several media types, as a `Body` the caller builds.
fn raw_encoding(media_type: &str, choices: usize) -> BodyEncoding {
    let essence = essence(media_type);
    if choices > 1 || essence.starts_with("multipart/") {
        BodyEncoding::Raw
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Bytes
    }
}

/// What a method returns for a success response of `status`: the JSON body
/// decoded as `ty`, the text or bytes of an `undecoded` media type, or
/// nothing. A `204` or `205` has no body in HTTP, whatever content the spec
/// gives it (Zoom's spec gives 73 of its `204`s a JSON schema): decoding
/// one would fail on every call.
fn success_of(
    status: u16,
    ty: Option<TypeRef>,
    json: Option<(&str, &MediaType)>,
    undecoded: Option<&str>,
    events: Option<TypeRef>,
) -> Success {
    if matches!(status, 204 | 205) {
        return Success::Empty { status };
    }
    match (ty, json, undecoded) {
        (Some(ty), Some((media_type, _)), _) => Success::Json {
            ty,
            status,
            media_type: media_type.to_owned(),
        },
        (_, _, Some(media_type)) if events.is_some() => Success::EventStream {
            ty: events.unwrap_or(TypeRef::Json),
            status,
            media_type: media_type.to_owned(),
        },
        (_, _, Some(media_type)) if essence(media_type).starts_with("text/") => Success::Text {
            status,
            media_type: media_type.to_owned(),
        },
        (_, _, Some(media_type)) => Success::Bytes {
            status,
            media_type: media_type.to_owned(),
        },
        _ => Success::Empty { status },
    }
}

/// The type a response header's value parses into.
/// A media type without its parameters, lower case.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// What a parameter's schema says about its values.
fn constraints(schema: &openapiv3::Schema) -> Constraints {
    let mut out = Constraints {
        default: schema.schema_data.default.clone(),
        ..Constraints::default()
    };
    if let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(i)) = &schema.schema_kind {
        out.minimum = i.minimum.map(serde_json::Number::from);
        out.maximum = i.maximum.map(serde_json::Number::from);
    }
    out
}

/// Limits worth stating in a parameter's docs.
fn limits(constraints: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(min) = &constraints.minimum {
        out.push(format!("Minimum: {min}"));
    }
    if let Some(max) = &constraints.maximum {
        out.push(format!("Maximum: {max}"));
    }
    if let Some(default) = &constraints.default {
        out.push(format!("Default: `{default}`"));
    }
    out
}
