//! The view of an operation (`api/operations.rs.j2`): its static
//! description, its params struct, the function that encodes a call, the
//! method, its stream and its mock.

use serde::Serialize;

use super::{
    steps, template_parts, too_many_arguments, Holding, StepView, TemplatePartView, Types,
    ViewError, ViewResult,
};
use crate::ir::{
    Body, BodyEncoding, ErrorStatus, Method, MultipartPart, Operation, PagePosition, Pagination,
    Param, ParamLocation, ParamsStruct, PartKind, Requirement, Success,
};
use crate::render::lit_str;

/// One operation.
#[derive(Debug, Serialize)]
pub(crate) struct OperationView<'a> {
    id: &'a str,
    fn_name: &'a str,
    response_fn: &'a str,
    request_fn: &'a str,
    const_name: &'a str,
    /// The variant of `runtime::Method`, e.g. `Get`.
    method: &'static str,
    path: Vec<TemplatePartView<'a>>,
    /// The position of its server list in the API's `server_lists`.
    servers: usize,
    /// `runtime::__private::Operation::security`: the alternatives, each the schemes
    /// sent together with their scopes; none when the operation sends no
    /// credential, an empty one when they are optional.
    security: &'a [Vec<Requirement>],
    unavailable_sites: &'a [String],
    /// The `Accept` header it sends.
    accept: String,
    unstable: bool,
    error_statuses: Vec<ErrorStatusView>,
    /// The Rust type documented error bodies decode into.
    error_type: String,
    /// The doc comment of `…_with_response`.
    response_docs: Vec<String>,
    params: Option<ParamsView<'a>>,
    /// The arguments of the method, its mock and its request function,
    /// after `&self`: path parameters, params, body.
    arguments: Vec<ArgumentView<'a>>,
    /// Whether the method and its mock (which take `&self` too) need
    /// `#[allow(clippy::too_many_arguments)]`.
    many_arguments: bool,
    /// Whether the request function (no `self`) needs it.
    request_many_arguments: bool,
    /// Whether `…_with_response` (`&self`, the arguments, `options`) needs it.
    response_many_arguments: bool,
    /// How each path parameter is handed to the runtime, in path order.
    path_args: Vec<PathArgView<'a>>,
    /// Object parameters the query gets after the params struct's fields.
    query_objects: Vec<QueryObjectView<'a>>,
    /// Header parameters, in spec order.
    headers: Vec<HeaderView<'a>>,
    /// Cookie parameters, sent together in one `Cookie` header.
    cookies: Vec<HeaderView<'a>>,
    body: Option<BodyView<'a>>,
    success: SuccessView<'a>,
    docs: &'a [String],
    deprecated: Option<&'a str>,
    call_example: Option<CallExampleView<'a>>,
    pagination: Option<PaginationView<'a>>,
    /// The `#[cfg(…)]` of its items (its group's feature), or nothing.
    pub(super) cfg: String,
    /// The static of the servers it is sent to.
    pub(super) server_static: &'a str,
}

/// What the mock struct's doc example needs of the operation it calls: a
/// copy, as the operation itself may be in another file.
#[derive(Debug, Serialize)]
pub(super) struct MockExampleView<'a> {
    fn_name: &'a str,
    /// The success type, which the example's mock answers with.
    success_ty: String,
    group: &'a str,
    args: String,
}

impl<'a> OperationView<'a> {
    /// The view of `op`, types named by `types`.
    pub(crate) fn new(op: &'a Operation, types: &Types<'a>) -> ViewResult<Self> {
        let arguments = arguments(op, types)?;
        let error_type = types.text(&op.error_type)?;
        let success = SuccessView::new(&op.success, &error_type, types)?;
        let placed = match &op.params {
            Some(params) => place_params(op, params)?,
            None => Placed::default(),
        };
        Ok(OperationView {
            id: &op.id,
            fn_name: &op.fn_name,
            response_fn: &op.response_fn,
            request_fn: &op.request_fn,
            const_name: &op.const_name,
            method: runtime_method(op.method),
            path: template_parts(&op.path),
            servers: op.servers.index(),
            security: &op.security,
            unavailable_sites: &op.unavailable_sites,
            accept: op.success.accept(),
            unstable: op.unstable,
            error_statuses: op.error_statuses.iter().map(ErrorStatusView::of).collect(),
            response_docs: response_docs(op, types)?,
            error_type,
            params: (op.params.as_ref())
                .map(|p| ParamsView::new(p, types))
                .transpose()?,
            many_arguments: too_many_arguments(arguments.len() + 1),
            request_many_arguments: too_many_arguments(arguments.len()),
            response_many_arguments: too_many_arguments(arguments.len() + 2),
            arguments,
            path_args: (op.path_params.iter())
                .map(|p| PathArgView::new(op, p))
                .collect::<ViewResult<_>>()?,
            query_objects: placed.query_objects,
            headers: placed.headers,
            cookies: placed.cookies,
            body: op.body.as_ref().map(BodyView::new),
            success,
            docs: &op.docs,
            deprecated: op.deprecated.as_deref(),
            call_example: (op.call_example.as_ref())
                .map(|example| {
                    Ok::<_, ViewError>(CallExampleView {
                        group: &example.group,
                        args: types.samples(&example.args, &op.id)?,
                    })
                })
                .transpose()?,
            pagination: (op.pagination.as_ref())
                .map(|pg| PaginationView::new(pg, types))
                .transpose()?,
            cfg: String::new(),
            server_static: "",
        })
    }

    /// The mock struct's doc example calling this operation, if it has a
    /// call example.
    pub(super) fn mock_example(&self) -> Option<MockExampleView<'a>> {
        let example = self.call_example.as_ref()?;
        Some(MockExampleView {
            fn_name: self.fn_name,
            success_ty: self.success.ty.clone(),
            group: example.group,
            args: example.args.clone(),
        })
    }
}

/// The doc comment of an operation's `…_with_response` method: what it
/// returns, and the headers the spec declares with their types.
fn response_docs(op: &Operation, types: &Types<'_>) -> ViewResult<Vec<String>> {
    let returns = match op.success {
        Success::Bytes { .. } => "the body as a stream of chunks, without the `max_response_body` cap, with the status and headers",
        Success::EventStream { .. } => "the stream of events, with the status and headers",
        _ => "the decoded value with the status and headers",
    };
    let mut out = vec![
        format!("[`Self::{}`] with `options` for this call only (timeout, retries, extra headers and query pairs, an idempotency key); returns {returns}.", op.fn_name),
    ];
    if !op.response_headers.is_empty() {
        out.push(String::new());
        out.push("# Response headers".to_owned());
        out.push(String::new());
        out.push("Declared by the spec; read one with `header_as`, e.g.".to_owned());
        let first = &op.response_headers[0];
        out.push(format!(
            "`response.header_as::<{}>({})`.",
            types.text(&first.ty)?,
            lit_str(&first.name)
        ));
        out.push(String::new());
        for h in &op.response_headers {
            let description = h
                .description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let sep = if description.is_empty() { "" } else { ": " };
            out.push(format!(
                "- `{}` (`{}`){sep}{description}",
                h.name,
                types.text(&h.ty)?
            ));
        }
    }
    Ok(out)
}

/// The variant of `runtime::Method` for `method`.
fn runtime_method(method: Method) -> &'static str {
    match method {
        Method::Get => "Get",
        Method::Put => "Put",
        Method::Post => "Post",
        Method::Delete => "Delete",
        Method::Options => "Options",
        Method::Head => "Head",
        Method::Patch => "Patch",
        Method::Trace => "Trace",
    }
}

/// A documented error status, as the `runtime::ErrorStatus` variant that
/// holds it.
#[derive(Debug, Serialize)]
pub(super) struct ErrorStatusView {
    /// `Code`, `Class` or `Default`.
    variant: &'static str,
    /// What the variant holds, if anything.
    value: Option<u16>,
}

impl ErrorStatusView {
    pub(super) fn of(status: &ErrorStatus) -> Self {
        let (variant, value) = match *status {
            ErrorStatus::Code(code) => ("Code", Some(code)),
            ErrorStatus::Class(class) => ("Class", Some(class)),
            ErrorStatus::Default => ("Default", None),
        };
        ErrorStatusView { variant, value }
    }
}

/// One argument: `name: ty`.
#[derive(Debug, Serialize)]
struct ArgumentView<'a> {
    name: &'a str,
    ty: String,
}

fn arguments<'a>(op: &'a Operation, types: &Types<'a>) -> ViewResult<Vec<ArgumentView<'a>>> {
    let mut arguments = Vec::new();
    for p in &op.path_params {
        let ty = p.arg_ty().ok_or_else(|| ViewError::NoArgumentType {
            operation: op.id.clone(),
            param: p.wire_name.clone(),
        })?;
        arguments.push(ArgumentView {
            name: &p.rust_name,
            ty: types.text(&ty)?,
        });
    }
    if let Some(params) = &op.params {
        arguments.push(ArgumentView {
            name: "params",
            ty: params.rust_name.clone(),
        });
    }
    if let Some(body) = &op.body {
        arguments.push(ArgumentView {
            name: "body",
            ty: types.text_optional(&body.ty, body.required)?,
        });
    }
    Ok(arguments)
}

fn misplaced(op: &Operation, p: &Param) -> ViewError {
    ViewError::MisplacedParam {
        operation: op.id.clone(),
        param: p.wire_name.clone(),
    }
}

/// How a path parameter is handed to the runtime: `&x`,
/// `&runtime::__private::PathList(x)` or `&runtime::__private::PathObject { .. }`.
#[derive(Debug, Serialize)]
struct PathArgView<'a> {
    rust_name: &'a str,
    /// An array, its items joined by commas.
    list: bool,
    /// An object, with whether it is exploded (`key=value,...`).
    object_explode: Option<bool>,
}

impl<'a> PathArgView<'a> {
    fn new(op: &Operation, p: &'a Param) -> ViewResult<Self> {
        let (list, object_explode) = match p.location {
            ParamLocation::Path => (false, None),
            ParamLocation::PathList => (true, None),
            ParamLocation::PathObject => (false, Some(false)),
            ParamLocation::PathObjectExploded => (false, Some(true)),
            ParamLocation::Query
            | ParamLocation::QueryCommaSeparated
            | ParamLocation::QueryRepeated
            | ParamLocation::QuerySpaceDelimited
            | ParamLocation::QueryPipeDelimited
            | ParamLocation::QueryDeepObjectList
            | ParamLocation::QueryDeepObject
            | ParamLocation::QueryFormObject
            | ParamLocation::QueryJson
            | ParamLocation::Header
            | ParamLocation::HeaderList
            | ParamLocation::Cookie => return Err(misplaced(op, p)),
        };
        Ok(PathArgView {
            rust_name: &p.rust_name,
            list,
            object_explode,
        })
    }
}

/// The params struct of query, header and cookie parameters.
#[derive(Debug, Serialize)]
struct ParamsView<'a> {
    rust_name: &'a str,
    /// No parameter is required: the struct derives `Default` (and has no
    /// `new`).
    derive_default: bool,
    params: Vec<ParamFieldView<'a>>,
}

/// A field of the params struct.
#[derive(Debug, Serialize)]
struct ParamFieldView<'a> {
    rust_name: &'a str,
    wire_name: &'a str,
    docs: &'a [String],
    required: bool,
    /// The field's whole type (`Option<…>` when optional).
    ty: String,
    /// The value's type: what `new` and the setter take `impl Into` of.
    value_ty: String,
    /// How `runtime::__private::encode_query` writes it; `None` for `#[serde(skip)]`
    /// (written by other code: headers, cookies, object queries).
    serde: Option<SerdeView>,
}

/// The pieces of a query field's `#[serde(...)]` attribute.
#[derive(Debug, Serialize)]
pub(super) struct SerdeView {
    rename: String,
    /// `skip_serializing_if = "Option::is_none"`.
    skip_if_none: bool,
    /// The path of a `serialize_with` function, if any.
    serialize_with: Option<String>,
}

impl<'a> ParamsView<'a> {
    fn new(params: &'a ParamsStruct, types: &Types<'a>) -> ViewResult<Self> {
        let fields = params.params.iter().map(|p| {
            Ok(ParamFieldView {
                rust_name: &p.rust_name,
                wire_name: &p.wire_name,
                docs: &p.docs,
                required: p.required(),
                ty: types.text(&p.full_ty())?,
                value_ty: types.text(&p.ty)?,
                serde: query_serde(p),
            })
        });
        Ok(ParamsView {
            rust_name: &params.rust_name,
            derive_default: params.derive_default,
            params: fields.collect::<ViewResult<_>>()?,
        })
    }
}

/// The `#[serde]` attribute of a params field: how the query encoder
/// writes it, `None` when it is not one of the encoder's fields.
pub(super) fn query_serde(p: &Param) -> Option<SerdeView> {
    let (rename, joiner) = match p.location {
        ParamLocation::Query | ParamLocation::QueryRepeated => (p.wire_name.clone(), None),
        ParamLocation::QueryDeepObjectList => (format!("{}[]", p.wire_name), None),
        ParamLocation::QueryCommaSeparated => (p.wire_name.clone(), Some("comma_separated")),
        ParamLocation::QuerySpaceDelimited => (p.wire_name.clone(), Some("space_separated")),
        ParamLocation::QueryPipeDelimited => (p.wire_name.clone(), Some("pipe_separated")),
        ParamLocation::QueryJson => (p.wire_name.clone(), Some("json_text")),
        ParamLocation::QueryDeepObject
        | ParamLocation::QueryFormObject
        | ParamLocation::Header
        | ParamLocation::HeaderList
        | ParamLocation::Cookie
        | ParamLocation::Path
        | ParamLocation::PathList
        | ParamLocation::PathObject
        | ParamLocation::PathObjectExploded => return None,
    };
    let serialize = if p.required() {
        "serialize"
    } else {
        "serialize_option"
    };
    Some(SerdeView {
        rename,
        skip_if_none: !p.required(),
        serialize_with: joiner.map(|j| format!("runtime::__private::{j}::{serialize}")),
    })
}

/// An object parameter of the query, appended after the params struct's
/// fields by `runtime::__private::append_object_query`.
#[derive(Debug, Serialize)]
struct QueryObjectView<'a> {
    rust_name: &'a str,
    required: bool,
    /// The name its keys go under (`name[key]=value`, deep object), or
    /// `None` for bare `key=value` pairs (an exploded form object).
    name: Option<&'a str>,
}

/// A header (or a cookie) parameter.
#[derive(Debug, Serialize)]
struct HeaderView<'a> {
    wire_name: &'a str,
    rust_name: &'a str,
    required: bool,
    /// An array, its items joined by commas (`runtime::__private::header_list`).
    list: bool,
}

/// The params struct's fields that are not written by the query encoder.
#[derive(Debug, Default)]
struct Placed<'a> {
    query_objects: Vec<QueryObjectView<'a>>,
    headers: Vec<HeaderView<'a>>,
    cookies: Vec<HeaderView<'a>>,
}

fn place_params<'a>(op: &Operation, params: &'a ParamsStruct) -> ViewResult<Placed<'a>> {
    let mut placed = Placed::default();
    for p in &params.params {
        let header = |list| HeaderView {
            wire_name: &p.wire_name,
            rust_name: &p.rust_name,
            required: p.required(),
            list,
        };
        let object = |name| QueryObjectView {
            rust_name: &p.rust_name,
            required: p.required(),
            name,
        };
        match p.location {
            ParamLocation::Header => placed.headers.push(header(false)),
            ParamLocation::HeaderList => placed.headers.push(header(true)),
            ParamLocation::Cookie => placed.cookies.push(header(false)),
            ParamLocation::QueryDeepObject => {
                placed.query_objects.push(object(Some(&p.wire_name)));
            }
            ParamLocation::QueryFormObject => placed.query_objects.push(object(None)),
            // Written by the query encoder, through the field's `#[serde]`.
            ParamLocation::Query
            | ParamLocation::QueryCommaSeparated
            | ParamLocation::QueryRepeated
            | ParamLocation::QuerySpaceDelimited
            | ParamLocation::QueryPipeDelimited
            | ParamLocation::QueryDeepObjectList
            | ParamLocation::QueryJson => {}
            ParamLocation::Path
            | ParamLocation::PathList
            | ParamLocation::PathObject
            | ParamLocation::PathObjectExploded => return Err(misplaced(op, p)),
        }
    }
    Ok(placed)
}

/// How the request body becomes bytes. Exactly one of `encode` and
/// `multipart` is set, or neither for a body the caller encoded (a
/// `runtime::Body`, sent as it is).
#[derive(Debug, Serialize)]
pub(super) struct BodyView<'a> {
    required: bool,
    /// A runtime function that encodes the whole value.
    encode: Option<EncodeView>,
    /// The parts of a `multipart/form-data` body.
    multipart: Option<Vec<PartView<'a>>>,
}

/// `runtime::__private::{function}({&}body, {argument})`.
#[derive(Debug, Serialize)]
struct EncodeView {
    function: &'static str,
    /// Whether the function takes the body by reference.
    by_ref: bool,
    /// Its second argument, as Rust.
    argument: String,
}

/// One part of a multipart body: `form.{method}(name, value)`.
#[derive(Debug, Serialize)]
struct PartView<'a> {
    wire_name: &'a str,
    field: &'a str,
    /// `file`, `files` or `field`.
    method: &'static str,
    /// Whether the call returns a `Result` (`?`).
    fallible: bool,
    /// How the body's field holds the value.
    #[serde(flatten)]
    holding: Holding,
}

impl<'a> BodyView<'a> {
    pub(super) fn new(body: &'a Body) -> Self {
        let encode = |function, by_ref, argument| EncodeView {
            function,
            by_ref,
            argument,
        };
        let content_type = || lit_str(&body.content_type);
        let (encode, multipart) = match body.encoding {
            BodyEncoding::Json => (Some(encode("json_body", true, content_type())), None),
            BodyEncoding::Form => {
                let names: String = (body.deep_object.iter())
                    .map(|p| format!("{}, ", lit_str(p)))
                    .collect();
                (Some(encode("form_body", true, format!("&[{names}]"))), None)
            }
            BodyEncoding::Text | BodyEncoding::Bytes => {
                (Some(encode("raw_body", false, content_type())), None)
            }
            BodyEncoding::Multipart => (None, Some(body.parts.iter().map(PartView::of).collect())),
            BodyEncoding::Raw => (None, None),
        };
        BodyView {
            required: body.required,
            encode,
            multipart,
        }
    }
}

impl<'a> PartView<'a> {
    fn of(part: &'a MultipartPart) -> Self {
        let (method, fallible) = match part.kind {
            PartKind::File => ("file", false),
            PartKind::Files => ("files", false),
            PartKind::Field => ("field", true),
        };
        PartView {
            wire_name: &part.wire_name,
            field: &part.field,
            method,
            fallible,
            holding: Holding::of(part.shape),
        }
    }
}

/// What a successful call returns, from the method and from its
/// `…_with_response` twin.
#[derive(Debug, Serialize)]
pub(super) struct SuccessView<'a> {
    /// The Rust type the method returns, e.g. `ApiKeysResponse` or `()`.
    ty: String,
    /// The `runtime::Client` method that sends the call: `send`, or
    /// `send_streaming` for a body read as it arrives.
    send: &'static str,
    /// The runtime's name for this kind of body: `response.{decoder}()`
    /// decodes it, `runtime::mock::Success::{decoder}(..)` answers with it.
    decoder: &'static str,
    /// The type a mock of the operation answers with (the events of an
    /// event stream as a `Vec`).
    mock_ty: String,
    /// What `…_with_response` returns: the value with the status and
    /// headers, or a stream that carries them.
    response_ty: String,
    /// The `runtime::Client` method `…_with_response` sends with (it takes
    /// the call's options).
    response_send: &'static str,
    /// How `…_with_response` reads the response.
    response_decoder: &'static str,
    status: u16,
    /// The media type a mock answers with; `None` without a body.
    media_type: Option<&'a str>,
    /// Whether the call returns a value worth binding (not `()`).
    has_value: bool,
}

/// How one kind of success body is sent and read, by the method and by
/// `…_with_response`: the `runtime::Client` method and the response's.
struct Reading {
    send: &'static str,
    decoder: &'static str,
    response_send: &'static str,
    response_decoder: &'static str,
}

impl<'a> SuccessView<'a> {
    pub(super) fn new(success: &'a Success, error_ty: &str, types: &Types<'a>) -> ViewResult<Self> {
        let (value_ty, status, media_type) = match success {
            Success::Json {
                ty,
                status,
                media_type,
            }
            | Success::EventStream {
                ty,
                status,
                media_type,
            } => (types.text(ty)?, *status, Some(media_type)),
            Success::Text { status, media_type } => {
                ("String".to_owned(), *status, Some(media_type))
            }
            Success::Bytes { status, media_type } => (
                "runtime::bytes::Bytes".to_owned(),
                *status,
                Some(media_type),
            ),
            Success::Empty { status } => ("()".to_owned(), *status, None),
        };
        let reading = Reading::of(success);
        let value_response = format!("runtime::ResponseValue<{value_ty}>");
        let (ty, mock_ty, response_ty) = match success {
            Success::EventStream { .. } => {
                let stream = format!("runtime::EventStream<{value_ty}, {error_ty}>");
                (stream.clone(), format!("Vec<{value_ty}>"), stream)
            }
            Success::Bytes { .. } => (
                value_ty.clone(),
                value_ty,
                format!("runtime::ByteStream<{error_ty}>"),
            ),
            Success::Json { .. } | Success::Text { .. } | Success::Empty { .. } => {
                (value_ty.clone(), value_ty, value_response)
            }
        };
        Ok(SuccessView {
            ty,
            send: reading.send,
            decoder: reading.decoder,
            mock_ty,
            response_ty,
            response_send: reading.response_send,
            response_decoder: reading.response_decoder,
            status,
            media_type: media_type.map(String::as_str),
            has_value: media_type.is_some(),
        })
    }
}

impl Reading {
    fn of(success: &Success) -> Reading {
        let (send, decoder, response_send, response_decoder) = match success {
            Success::Json { .. } => ("send", "json", "send_with", "json_response"),
            Success::Text { .. } => ("send", "text", "send_with", "text_response"),
            // `…_with_response` streams a download: no size cap.
            Success::Bytes { .. } => ("send", "bytes", "send_streaming_with", "bytes"),
            Success::EventStream { .. } => {
                ("send_streaming", "events", "send_streaming_with", "events")
            }
            Success::Empty { .. } => ("send", "empty", "send_with", "empty_response"),
        };
        Reading {
            send,
            decoder,
            response_send,
            response_decoder,
        }
    }
}

/// The doc example's call: the group it is a method of, and its arguments
/// as Rust.
#[derive(Debug, Serialize)]
struct CallExampleView<'a> {
    group: &'a str,
    args: String,
}

/// The stream of every item of a listing, page by page.
#[derive(Debug, Serialize)]
pub(super) struct PaginationView<'a> {
    fn_name: &'a str,
    size_field: &'a str,
    size_ty: String,
    default_size: i64,
    /// One item's type.
    item: String,
    /// From the response to the items; empty when the response is them.
    items: Vec<StepView<'a>>,
    /// From the response to the total count, if the spec names one.
    total: Option<Vec<StepView<'a>>>,
    /// The docs' sentence on how pages are fetched and when the stream ends.
    docs: Vec<String>,
    /// The position is a cursor each response names.
    cursor: Option<CursorView<'a>>,
    /// The position is a number the stream counts (pages or items).
    counter: Option<CounterView<'a>>,
}

/// A cursor parameter, and where each response names the next one.
#[derive(Debug, Serialize)]
struct CursorView<'a> {
    field: &'a str,
    next: Vec<StepView<'a>>,
}

/// A page number or item offset parameter.
#[derive(Debug, Serialize)]
struct CounterView<'a> {
    field: &'a str,
    ty: String,
    /// The position asked for first when the params set none.
    first: i64,
    /// The `runtime::__private::Advance` variant: `Pages` or `Items`.
    advance: &'static str,
}

impl<'a> PaginationView<'a> {
    pub(super) fn new(pg: &'a Pagination, types: &Types<'a>) -> ViewResult<Self> {
        let counter = |field, ty, first, advance| {
            Ok::<_, ViewError>(CounterView {
                field,
                ty: types.text(ty)?,
                first,
                advance,
            })
        };
        let (start, ends, cursor, counter) = match &pg.position {
            PagePosition::Number { field, ty, first } => (
                format!("the params' page number (or {first})"),
                COUNTED_END,
                None,
                Some(counter(field, ty, *first, "Pages")?),
            ),
            PagePosition::Offset { field, ty } => (
                "the params' offset (or 0)".to_owned(),
                COUNTED_END,
                None,
                Some(counter(field, ty, 0, "Items")?),
            ),
            PagePosition::Cursor { field, next } => (
                "the params' cursor (or the first page) and following the cursor each response names"
                    .to_owned(),
                "after a page without a next cursor, an empty page, or the first error",
                Some(CursorView { field, next: steps(next) }),
                None,
            ),
        };
        let size = pg.default_size;
        Ok(PaginationView {
            fn_name: &pg.fn_name,
            size_field: &pg.size_field,
            size_ty: types.text(&pg.size_ty)?,
            default_size: size,
            item: types.text(&pg.item)?,
            items: steps(&pg.items),
            total: pg.total.as_deref().map(steps),
            docs: vec![format!(
                "Pages are fetched lazily, {size} items at a time unless the params set a page size, starting at {start}. The stream ends {ends}."
            )],
            cursor,
            counter,
        })
    }
}

/// When a stream of numbered pages or offsets ends.
const COUNTED_END: &str =
    "after an empty or short page, once the reported total is reached, or after the first error";
