//! Examples for the docs, decided once every model is final: each
//! operation's call as typed [`Sample`] values (the method's doctest), and
//! the spec's JSON payloads moved onto the models they show.

use crate::docs;
use crate::ir::{
    Api, CallExample, Example, Model, ModelId, ModelKind, Operation, Primitive, Sample, Success,
    TypeRef,
};

/// How deep an example builds nested constructors before giving up: an
/// example that needs more is not one a reader follows.
const MAX_DEPTH: usize = 6;

/// Fills in every operation's `call_example`, and appends each model's
/// first JSON example from the spec to its docs.
pub fn add(api: &mut Api) {
    let builder = Builder {
        models: &api.models,
    };
    let mut examples: Vec<Option<CallExample>> = vec![None; api.operations.len()];
    for group in &api.groups {
        for &id in &group.operations {
            // One example per operation, by the same position.
            let (Some(op), Some(slot)) = (id.get(&api.operations), examples.get_mut(id.index()))
            else {
                continue;
            };
            *slot = builder.call(op).map(|args| CallExample {
                group: group.rust_name.clone(),
                args,
            });
        }
    }
    for (op, example) in api.operations.iter_mut().zip(examples) {
        op.call_example = example;
    }
    move_payloads(api);
}

/// The spec's request and response payloads, shown on the body and
/// response models: that is where a reader of a JSON shape looks, and a
/// model used by several operations shows it once.
fn move_payloads(api: &mut Api) {
    let mut shown: Vec<(ModelId, &Example)> = Vec::new();
    for op in &api.operations {
        for example in &op.examples {
            let ty = if example.kind == "request" {
                op.body.as_ref().map(|b| &b.ty)
            } else if example.kind.starts_with('2') {
                match &op.success {
                    Success::Json { ty, .. } => Some(ty),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(TypeRef::Model(id)) = ty {
                if !shown.iter().any(|(m, _)| m == id) {
                    shown.push((*id, example));
                }
            }
        }
    }
    let payloads: Vec<(ModelId, Vec<String>)> = shown
        .into_iter()
        .map(|(id, example)| (id, payload_docs(example)))
        .collect();
    for (id, lines) in payloads {
        if let Some(model) = id.get_mut(&mut api.models) {
            model.docs.extend(lines);
        }
    }
}

fn payload_docs(example: &Example) -> Vec<String> {
    let mut out = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        format!("{}:", docs::lines(&example.title).join(" ")),
        String::new(),
        "```json".to_owned(),
    ];
    out.extend(example.json.lines().map(str::to_owned));
    out.push("```".to_owned());
    out
}

/// Builds sample values of the types in one API.
struct Builder<'a> {
    models: &'a [Model],
}

impl Builder<'_> {
    /// The arguments of a call to `op`, or `None` when one cannot be built.
    fn call(&self, op: &Operation) -> Option<Vec<Sample>> {
        let mut args = Vec::new();
        for p in &op.path_params {
            let arg_ty = p.arg_ty();
            let ty = arg_ty.as_ref().unwrap_or(&p.ty);
            args.push(self.exact(ty, &p.wire_name, 0)?);
        }
        if let Some(params) = &op.params {
            let required: Option<Vec<Sample>> = params
                .params
                .iter()
                .filter(|p| p.required())
                .map(|p| self.into(&p.ty, &p.wire_name, 0))
                .collect();
            let required = required?;
            args.push(Sample::Params {
                rust_name: params.rust_name.clone(),
                args: (!params.derive_default).then_some(required),
            });
        }
        if let Some(body) = &op.body {
            let value = self.body(&body.ty)?;
            args.push(if body.required {
                value
            } else {
                Sample::Some(Box::new(value))
            });
        }
        Some(args)
    }

    /// A body: a struct that wraps others is built from the innermost,
    /// `Request::from(Attributes::new(...))`, as a user writes it.
    fn body(&self, ty: &TypeRef) -> Option<Sample> {
        if let TypeRef::Model(id) = ty {
            if let Some(ModelKind::Struct { conversions, .. }) = self.kind(*id) {
                if let Some(TypeRef::Model(inner)) = conversions.last().map(|c| &c.from) {
                    return Some(Sample::From {
                        model: *id,
                        value: Box::new(self.new_struct(*inner, 1)?),
                    });
                }
            }
        }
        self.exact(ty, "body", 0)
    }

    fn kind(&self, id: ModelId) -> Option<&ModelKind> {
        id.get(self.models).map(|m| &m.kind)
    }

    /// A value where exactly `ty` is taken.
    fn exact(&self, ty: &TypeRef, name: &str, depth: usize) -> Option<Sample> {
        match ty {
            TypeRef::Primitive(Primitive::String) => Some(Sample::Owned(name.to_owned())),
            TypeRef::Bytes => Some(Sample::Converted(Box::new(Sample::ByteVec(
                name.to_owned(),
            )))),
            TypeRef::Secret | TypeRef::File | TypeRef::Boxed(_) | TypeRef::RawBody => None,
            // An alias is its target: a `String` alias takes a `String`.
            TypeRef::Model(id) => match self.kind(*id)? {
                ModelKind::Alias { target } if depth <= MAX_DEPTH => {
                    self.exact(target, name, depth + 1)
                }
                _ => self.into(ty, name, depth),
            },
            _ => self.into(ty, name, depth),
        }
    }

    /// A value where `impl Into<ty>` (or `&str`) is taken.
    fn into(&self, ty: &TypeRef, name: &str, depth: usize) -> Option<Sample> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match ty {
            TypeRef::Primitive(p) => primitive(*p, name),
            TypeRef::Str | TypeRef::Secret => Sample::Text(name.to_owned()),
            TypeRef::DateTime => Sample::DateTime("2024-01-31T12:00:00Z".to_owned()),
            TypeRef::Date => Sample::Date("2024-01-31".to_owned()),
            TypeRef::File => Sample::ByteVec(name.to_owned()),
            TypeRef::Bytes => Sample::ByteVec(name.to_owned()),
            TypeRef::Json => Sample::JsonNull,
            TypeRef::Map(_) => Sample::EmptyMap,
            TypeRef::Nullable(_) => Sample::Empty,
            TypeRef::Option(_) => Sample::Nothing,
            TypeRef::RawBody => return None,
            TypeRef::Boxed(inner) => self.into(inner, name, depth)?,
            TypeRef::List(item) => Sample::List(vec![self.exact(item, name, depth + 1)?]),
            TypeRef::Slice(item) => Sample::Slice(vec![self.exact(item, name, depth + 1)?]),
            TypeRef::Tuple(items) => Sample::Tuple(
                items
                    .iter()
                    .map(|t| self.exact(t, name, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            TypeRef::Model(id) => self.model(*id, name, depth)?,
        })
    }

    fn model(&self, id: ModelId, name: &str, depth: usize) -> Option<Sample> {
        match self.kind(id)? {
            ModelKind::Struct { .. } => self.new_struct(id, depth),
            ModelKind::StringEnum { variants, .. } => Some(Sample::Unit {
                model: id,
                variant: variants.first()?.rust_name.clone(),
            }),
            ModelKind::OneOf { variants, .. } => {
                let first = variants.first()?;
                Some(Sample::Variant {
                    model: id,
                    variant: first.rust_name.clone(),
                    value: Box::new(self.exact(&first.ty, name, depth + 1)?),
                })
            }
            ModelKind::Alias { target } => self.into(target, name, depth + 1),
        }
    }

    /// `Model::new(...)` with a value for each required field.
    fn new_struct(&self, id: ModelId, depth: usize) -> Option<Sample> {
        let Some(ModelKind::Struct { fields, .. }) = self.kind(id) else {
            return None;
        };
        let args = fields
            .iter()
            .filter(|f| f.in_constructor)
            .map(|f| self.into(&f.full_ty(), &f.wire_name, depth + 1))
            .collect::<Option<_>>()?;
        Some(Sample::New { model: id, args })
    }
}

/// A literal of a primitive type; a string shows the name of what it is.
fn primitive(p: Primitive, name: &str) -> Sample {
    match p {
        Primitive::String => Sample::Text(name.to_owned()),
        Primitive::Bool => Sample::Bool(true),
        Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => Sample::Integer(10),
        Primitive::F32 | Primitive::F64 => Sample::Float(1.5),
    }
}
