//! Cargo features per tag: a user of a few endpoints of a large API
//! compiles only those.
//!
//! Each API struct (one per tag; untagged operations are grouped under the
//! spec's title) belongs to one cargo feature, named after its tag
//! ([`naming::feature_name`]) unless the configuration names it (several
//! tags may share a feature). One name serves every module: Datadog's v1
//! and v2 both tag operations `Key Management`, and both API structs are
//! `key-management`. A feature compiles its API structs, their operations
//! (and their mocks and commands, with `mock` and `cli`), and the models
//! those operations need: the closure, through fields, variants, aliases
//! and conversions, of every type an operation names (parameters, body,
//! success, error, response headers, paging). A model several features need
//! is compiled by any of them. Component schemas no operation needs are
//! behind one more feature, `unused-models`. The aggregate `all-tags`
//! enables all of them and is the default, so a crate behaves as one
//! without features until a user opts out with `default-features = false`.
//!
//! When: [`FeatureMode::On`], [`FeatureMode::Off`], or
//! [`FeatureMode::Auto`] (the default): on when the specs have at least
//! [`AUTO_FEATURES_MIN_OPERATIONS`] operations between them, or when the
//! configuration names a feature for some tag.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::ir::{
    Api, Features, Model, ModelId, ModelKind, Operation, PagePosition, Success, TagFeature, TypeRef,
};
use crate::naming;

/// Under [`FeatureMode::Auto`], a crate with at least this many operations
/// gets features per tag: below it, compiling everything costs a few
/// seconds at most.
pub const AUTO_FEATURES_MIN_OPERATIONS: usize = 100;

/// Whether the crate gets a cargo feature per tag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FeatureMode {
    /// Features when the specs have [`AUTO_FEATURES_MIN_OPERATIONS`]
    /// operations or more, or the configuration names one.
    #[default]
    Auto,
    /// Always features per tag.
    On,
    /// Never: everything is compiled unconditionally.
    Off,
}

impl FeatureMode {
    /// `auto`, `on` or `off`.
    pub fn parse(text: &str) -> Option<FeatureMode> {
        match text {
            "auto" => Some(FeatureMode::Auto),
            "on" => Some(FeatureMode::On),
            "off" => Some(FeatureMode::Off),
            _ => None,
        }
    }
}

/// The configuration of features per tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureConfig {
    /// Whether there are features.
    pub mode: FeatureMode,
    /// A feature name by tag, as the spec writes the tag; tags not named
    /// get [`naming::feature_name`].
    pub names: BTreeMap<String, String>,
}

/// Gives each group its feature and each model the features that need it;
/// the crate's features, or `None` when it has none.
pub(super) fn assign(config: &FeatureConfig, apis: &mut [Api]) -> Result<Option<Features>> {
    check(config, apis)?;
    let operations: usize = apis.iter().map(|api| api.operations.len()).sum();
    let on = match config.mode {
        FeatureMode::Off => return Ok(None),
        FeatureMode::On => true,
        FeatureMode::Auto => operations >= AUTO_FEATURES_MIN_OPERATIONS || !config.names.is_empty(),
    };
    if !on {
        return Ok(None);
    }
    let mut tags: Vec<TagFeature> = Vec::new();
    for group in apis.iter_mut().flat_map(|api| &mut api.groups) {
        let name = (config.names.get(&group.tag).cloned())
            .unwrap_or_else(|| naming::feature_name(&group.tag));
        match tags.iter_mut().find(|f| f.name == name) {
            Some(feature) if feature.tags.contains(&group.tag) => {}
            Some(feature) => feature.tags.push(group.tag.clone()),
            None => tags.push(TagFeature {
                name: name.clone(),
                tags: vec![group.tag.clone()],
            }),
        }
        group.feature = Some(name);
    }
    let mut unused = false;
    for api in apis.iter_mut() {
        let needed = needed_by(api, &tags);
        for (model, users) in api.models.iter_mut().zip(needed) {
            model.features = match users.is_empty() {
                true => vec![naming::UNUSED_MODELS_FEATURE.to_owned()],
                false => users.into_iter().map(|i| tags[i].name.clone()).collect(),
            };
            unused |= model.features[0] == naming::UNUSED_MODELS_FEATURE;
        }
    }
    Ok(Some(Features {
        all: naming::ALL_TAGS_FEATURE.to_owned(),
        tags,
        unused_models: unused.then(|| naming::UNUSED_MODELS_FEATURE.to_owned()),
    }))
}

/// Refuses a configured tag no spec has and a name cargo or the crate
/// would not take, each by name.
fn check(config: &FeatureConfig, apis: &[Api]) -> Result<()> {
    let known: BTreeSet<&str> = (apis.iter().flat_map(|api| &api.groups))
        .map(|g| g.tag.as_str())
        .collect();
    for (tag, name) in &config.names {
        if !known.contains(tag.as_str()) {
            let known: Vec<String> = known.iter().map(|t| format!("`{t}`")).collect();
            return Err(Error::Features(format!(
                "the tag `{tag}` (feature `{name}`) is not a tag of any operation; the tags are {}",
                known.join(", ")
            )));
        }
        if let Some(problem) = naming::feature_name_problem(name) {
            return Err(Error::Features(format!("the tag `{tag}`: {problem}")));
        }
    }
    if config.mode == FeatureMode::Off && !config.names.is_empty() {
        return Err(Error::Features(
            "feature names are given for tags, but features per tag are off".into(),
        ));
    }
    Ok(())
}

/// For each model of `api`, the positions in `tags` of the features whose
/// operations need it, in order.
fn needed_by(api: &Api, tags: &[TagFeature]) -> Vec<BTreeSet<usize>> {
    let mut users = vec![BTreeSet::new(); api.models.len()];
    for group in &api.groups {
        let Some(feature) = tags
            .iter()
            .position(|f| Some(&f.name) == group.feature.as_ref())
        else {
            continue;
        };
        let mut walk: Vec<usize> = Vec::new();
        for op in group
            .operations
            .iter()
            .filter_map(|id| id.get(&api.operations))
        {
            operation_types(op, &mut |ty| walk.extend(ty.models().map(ModelId::index)));
        }
        while let Some(index) = walk.pop() {
            let Some(seen) = users.get_mut(index) else {
                continue;
            };
            if seen.insert(feature) {
                if let Some(model) = api.models.get(index) {
                    model_types(model, &mut |ty| {
                        walk.extend(ty.models().map(ModelId::index))
                    });
                }
            }
        }
    }
    users
}

/// Every type an operation's code, mock, command and docs name.
fn operation_types(op: &Operation, visit: &mut dyn FnMut(&TypeRef)) {
    let params = op.params.iter().flat_map(|p| &p.params);
    for param in op.path_params.iter().chain(params) {
        visit(&param.ty);
    }
    if let Some(body) = &op.body {
        visit(&body.ty);
    }
    match &op.success {
        Success::Json { ty, .. } | Success::EventStream { ty, .. } => visit(ty),
        Success::Text { .. } | Success::Bytes { .. } | Success::Empty { .. } => {}
    }
    visit(&op.error_type);
    for header in &op.response_headers {
        visit(&header.ty);
    }
    for response in &op.responses {
        if let Some(ty) = &response.ty {
            visit(ty);
        }
    }
    if let Some(pages) = &op.pagination {
        visit(&pages.size_ty);
        visit(&pages.item);
        match &pages.position {
            PagePosition::Number { ty, .. } | PagePosition::Offset { ty, .. } => visit(ty),
            PagePosition::Cursor { .. } => {}
        }
    }
}

/// Every type a model's code names.
fn model_types(model: &Model, visit: &mut dyn FnMut(&TypeRef)) {
    match &model.kind {
        ModelKind::Struct {
            fields,
            additional,
            conversions,
            ..
        } => {
            for field in fields {
                visit(&field.ty);
            }
            visit(additional);
            for conversion in conversions {
                visit(&conversion.from);
                if let Some(via) = &conversion.via {
                    visit(via);
                }
            }
        }
        ModelKind::OneOf { variants, .. } => {
            for variant in variants {
                visit(&variant.ty);
            }
        }
        ModelKind::Alias { target } => visit(target),
        ModelKind::StringEnum { .. } => {}
    }
}
