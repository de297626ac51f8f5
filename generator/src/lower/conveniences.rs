//! What makes generated models quick to build and to read, decided once
//! every model is known and cycles are boxed: chainable `with_…` setters of
//! optional fields, `From` conversions through wrappers that hold one struct
//! (so a request body is one expression), and the `id()` accessor of a
//! JSON:API response (`{"data": {"id": ...}}`).

use crate::ir::{
    Conversion, Field, FieldShape, FieldStep, Model, ModelId, ModelKind, Primitive, Setter, TypeRef,
};
use crate::naming::{self, Names, Reserved};

/// How many wrappers deep a conversion reaches: enough for JSON:API's
/// request → data → attributes, without a chain of impls for every level of
/// a deeply nested spec.
const MAX_DEPTH: usize = 4;

/// Fills in each struct's setters, `conversions` and `id_accessor`.
pub fn add(models: &mut [Model]) {
    let decided: Vec<(Vec<Conversion>, Option<Vec<FieldStep>>)> = models
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let id = ModelId::new(i);
            (conversions(models, id), id_accessor(models, id))
        })
        .collect();
    for (model, (from, id)) in models.iter_mut().zip(decided) {
        if let ModelKind::Struct {
            fields,
            conversions,
            id_accessor,
            ..
        } = &mut model.kind
        {
            // `new` and `id` are the struct's other methods.
            let mut names = Names::reserving(Reserved::ModelMethod);
            for field in fields.iter_mut() {
                field.setter = setter(field, &mut names);
            }
            *conversions = from;
            *id_accessor = id;
        }
    }
}

/// `with_name` for an optional field: snake case whatever the field's name
/// (`r#type` → `with_type`, `_1h` → `with_1h`), unique among the struct's
/// methods.
fn setter(field: &Field, names: &mut Names) -> Option<Setter> {
    if field.shape.is_required() {
        return None;
    }
    Some(Setter {
        name: names.unique(&naming::setter_fn(&field.rust_name)),
    })
}

/// The struct that `id`'s constructor takes as its only argument, if that is
/// all it takes.
fn sole_member(models: &[Model], id: ModelId) -> Option<ModelId> {
    let ModelKind::Struct { fields, .. } = &id.get(models)?.kind else {
        return None;
    };
    let mut taken = fields.iter().filter(|f| f.in_constructor);
    let only = taken.next()?;
    if taken.next().is_some() || only.shape != FieldShape::Required {
        return None;
    }
    let TypeRef::Model(member) = only.ty.unwrapped() else {
        return None;
    };
    let member = *member;
    matches!(member.get(models)?.kind, ModelKind::Struct { .. }).then_some(member)
}

/// `From` each struct down the chain of sole members: the first is taken
/// by the constructor as is, the others through the first's own `From`.
/// The chain stops where it would come back to a struct already on it:
/// `impl From<T> for T` is the standard library's.
fn conversions(models: &[Model], id: ModelId) -> Vec<Conversion> {
    let Some(first) = sole_member(models, id) else {
        return Vec::new();
    };
    let mut seen = vec![id];
    let mut out = Vec::new();
    let mut current = Some(first);
    while let Some(member) = current {
        if seen.contains(&member) || out.len() == MAX_DEPTH {
            break;
        }
        seen.push(member);
        out.push(Conversion {
            from: TypeRef::Model(member),
            via: (member != first).then_some(TypeRef::Model(first)),
        });
        current = sole_member(models, member);
    }
    out
}

/// `data.id` of a struct with a `data` struct holding a string `id`, unless
/// the struct has an `id` of its own.
fn id_accessor(models: &[Model], id: ModelId) -> Option<Vec<FieldStep>> {
    let ModelKind::Struct { fields, .. } = &id.get(models)?.kind else {
        return None;
    };
    if fields.iter().any(|f| f.rust_name == "id") {
        return None;
    }
    let data = fields.iter().find(|f| f.wire_name == "data")?;
    // One resource, not a list of them.
    let TypeRef::Model(resource) = data.ty.unwrapped() else {
        return None;
    };
    let ModelKind::Struct { fields: inner, .. } = &resource.get(models)?.kind else {
        return None;
    };
    let key = inner.iter().find(|f| f.wire_name == "id")?;
    (*key.ty.unwrapped() == TypeRef::Primitive(Primitive::String)).then(|| {
        vec![
            FieldStep {
                field: data.rust_name.clone(),
                shape: data.shape,
            },
            FieldStep {
                field: key.rust_name.clone(),
                shape: key.shape,
            },
        ]
    })
}
