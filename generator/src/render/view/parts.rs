//! An API module split into files by feature, so a crate built with a few
//! features does not parse the rest.
//!
//! `#[cfg]` on an item drops it only after rustc has read and parsed it: in
//! Datadog's two specs that is 29 MB of `api.rs` and `models.rs` whatever
//! the features. A module declared `#[cfg(…)] mod part;` is not even
//! opened when its `cfg` is off. So, when a crate has features, each
//! feature's API structs, operations and mocks go to `api/<part>.rs`, and
//! the models of each distinct set of features to `models/<part>.rs`; the
//! parent file declares each part under its `cfg` and re-exports it
//! (`pub use part::*`), so public paths stay `v2::KeyManagementApi` and
//! `v2::models::ApiKey`. A part imports its parent's names (`use super::*`)
//! so the items in it read exactly as they would in the parent. A crate
//! without features keeps one file of each.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{cfg_any, ApiView, GroupView, MethodSlot, ModelView, OperationView};
use crate::ir::Api;
use crate::naming;

/// A part as its parent file declares it: `{{ cfg }} mod {{ module }};`
/// and `{{ cfg }} pub use {{ module }}::*;`.
#[derive(Debug, Serialize)]
pub(crate) struct PartDecl {
    module: String,
    cfg: String,
}

/// Which file of an API module a part was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartOf {
    /// `models.rs`: its parts are `models/<module>.rs`.
    Models,
    /// `api.rs`: its parts are `api/<module>.rs`.
    Operations,
}

/// One part file: its parent, its module name and its items.
#[derive(Debug)]
pub(crate) struct Part<'a> {
    pub(crate) of: PartOf,
    pub(crate) module: String,
    pub(crate) view: ApiView<'a>,
}

/// The module name of the part of `features` ([`naming::part_module`]),
/// numbered when `taken` already has it.
fn module_name(features: &[String], taken: &mut BTreeSet<String>) -> String {
    let mut n = 1;
    loop {
        let name = naming::part_module(features, n);
        if taken.insert(name.clone()) {
            return name;
        }
        n += 1;
    }
}

/// A view holding only what a part carries, its items added by the caller.
fn empty_part<'a>(parent: &ApiView<'a>, of: PartOf, features: &[String]) -> ApiView<'a> {
    let what = match of {
        PartOf::Models => "The models",
        PartOf::Operations => "The API structs, operations and mocks",
    };
    let list: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
    let which = match list.as_slice() {
        [one] => format!("the feature {one}"),
        _ => format!("any of the features {}", list.join(", ")),
    };
    ApiView {
        module: parent.module,
        source: parent.source,
        title: parent.title,
        docs: &[],
        server_lists: Vec::new(),
        groups: Vec::new(),
        mock: parent.mock,
        mock_example: None,
        has_operations: false,
        operations: Vec::new(),
        models: Vec::new(),
        cfg: cfg_any(features),
        part: Some(format!("{what} compiled with {which}.")),
        model_parts: Vec::new(),
        operation_parts: Vec::new(),
    }
}

impl<'a> ApiView<'a> {
    /// The view of the parent files and the parts split from them; the
    /// view unchanged and no parts when `api` has no features.
    pub(crate) fn split(mut self, api: &'a Api) -> (ApiView<'a>, Vec<Part<'a>>) {
        let featured = api.groups.iter().any(|g| g.feature.is_some())
            || api.models.iter().any(|m| !m.features.is_empty());
        if !featured {
            return (self, Vec::new());
        }
        // Names are unique within a directory: `models/` and `api/` apart.
        let mut parts = self.split_models(api, &mut BTreeSet::new());
        parts.extend(self.split_operations(api, &mut BTreeSet::new()));
        (self, parts)
    }

    /// Moves each model with features to the part of its set of features.
    fn split_models(&mut self, api: &'a Api, taken: &mut BTreeSet<String>) -> Vec<Part<'a>> {
        let mut by_set: BTreeMap<&'a [String], Vec<ModelView<'a>>> = BTreeMap::new();
        let mut kept = Vec::new();
        for (view, model) in std::mem::take(&mut self.models)
            .into_iter()
            .zip(&api.models)
        {
            match model.features.is_empty() {
                true => kept.push(view),
                false => by_set.entry(&model.features).or_default().push(view),
            }
        }
        self.models = kept;
        let mut parts = Vec::new();
        for (features, models) in by_set {
            let module = module_name(features, taken);
            let mut view = empty_part(self, PartOf::Models, features);
            view.models = models;
            self.model_parts.push(PartDecl {
                module: module.clone(),
                cfg: view.cfg.clone(),
            });
            parts.push(Part {
                of: PartOf::Models,
                module,
                view,
            });
        }
        parts
    }

    /// Moves each API struct with a feature, its operations and its mocks
    /// to the part of its feature; positions in `operations` are renumbered
    /// within each file.
    fn split_operations(&mut self, api: &'a Api, taken: &mut BTreeSet<String>) -> Vec<Part<'a>> {
        let mut by_feature: BTreeMap<&'a str, Vec<GroupView<'a>>> = BTreeMap::new();
        let mut kept = Vec::new();
        for (view, group) in std::mem::take(&mut self.groups)
            .into_iter()
            .zip(&api.groups)
        {
            match group.feature.as_deref() {
                Some(feature) => by_feature.entry(feature).or_default().push(view),
                None => kept.push(view),
            }
        }
        let mut operations: Vec<Option<OperationView<'a>>> = std::mem::take(&mut self.operations)
            .into_iter()
            .map(Some)
            .collect();
        let mut parts = Vec::new();
        for (feature, groups) in by_feature {
            let features = [feature.to_owned()];
            let module = module_name(&features, taken);
            let mut view = empty_part(self, PartOf::Operations, &features);
            let used = (groups.iter())
                .flat_map(|g| g.methods.iter().map(|m| m.op))
                .collect();
            (view.groups, view.operations) = take_operations(groups, used, &mut operations);
            self.operation_parts.push(PartDecl {
                module: module.clone(),
                cfg: view.cfg.clone(),
            });
            parts.push(Part {
                of: PartOf::Operations,
                module,
                view,
            });
        }
        // What no part took (operations of groups without a feature) stays.
        let left = (operations.iter().enumerate())
            .filter_map(|(i, op)| op.as_ref().map(|_| i))
            .collect();
        (self.groups, self.operations) = take_operations(kept, left, &mut operations);
        parts
    }
}

/// The operations at the positions `used` (which hold every one `groups`
/// call), taken from `all` in their order there, with the groups' methods
/// pointing at their new positions.
fn take_operations<'a>(
    mut groups: Vec<GroupView<'a>>,
    used: BTreeSet<usize>,
    all: &mut [Option<OperationView<'a>>],
) -> (Vec<GroupView<'a>>, Vec<OperationView<'a>>) {
    let position: BTreeMap<usize, usize> =
        used.iter().enumerate().map(|(i, &op)| (op, i)).collect();
    for group in &mut groups {
        for MethodSlot { op, .. } in &mut group.methods {
            if let Some(&new) = position.get(op) {
                *op = new;
            }
        }
    }
    let operations = (used.into_iter())
        .filter_map(|op| all.get_mut(op).and_then(Option::take))
        .collect();
    (groups, operations)
}
