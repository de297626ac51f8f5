//! Which operations are generated (`[operations]` of the config,
//! `--include` / `--exclude`): applied to each loaded document before it is
//! lowered, so an operation left out leaves no trace in the crate (its
//! models stay: they are components of the spec).

use std::collections::BTreeSet;
use std::sync::Mutex;

use openapiv3::{OpenAPI, ReferenceOr};

/// Operations to keep or leave out, by operationId.
#[derive(Debug, Default)]
pub struct OperationFilter {
    include: BTreeSet<String>,
    exclude: BTreeSet<String>,
    /// Every operationId seen, to name those the filter lists in vain.
    seen: Mutex<BTreeSet<String>>,
}

impl OperationFilter {
    /// Keeps `include` (every operation when empty) minus `exclude`.
    pub fn new(include: &[String], exclude: &[String]) -> Self {
        OperationFilter {
            include: include.iter().cloned().collect(),
            exclude: exclude.iter().cloned().collect(),
            seen: Mutex::default(),
        }
    }

    /// Whether it keeps every operation.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Whether the operation `id` is generated; one without an id is
    /// generated unless `include` lists operations.
    fn keeps(&self, id: Option<&str>) -> bool {
        match id {
            Some(id) => {
                (self.include.is_empty() || self.include.contains(id)) && !self.exclude.contains(id)
            }
            None => self.include.is_empty(),
        }
    }

    /// Removes from `doc` the operations not kept, and path items left empty.
    pub fn apply(&self, doc: &mut OpenAPI) {
        let mut seen = Vec::new();
        doc.paths.paths.retain(|_, item| {
            let ReferenceOr::Item(item) = item else {
                return true;
            };
            let slots = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            let mut left = 0;
            for slot in slots {
                let id = slot.as_ref().map(|op| op.operation_id.clone());
                let Some(id) = id else { continue };
                if let Some(id) = &id {
                    seen.push(id.clone());
                }
                if self.keeps(id.as_deref()) {
                    left += 1;
                } else {
                    *slot = None;
                }
            }
            left > 0
        });
        if let Ok(mut all) = self.seen.lock() {
            all.extend(seen);
        }
    }

    /// After every spec went through [`OperationFilter::apply`]: an error
    /// naming the operationIds listed that no spec has (a typo would
    /// otherwise keep or drop nothing in silence).
    pub fn check_all_named_exist(&self) -> Result<(), String> {
        let seen = self.seen.lock().map(|s| s.clone()).unwrap_or_default();
        let missing: Vec<&str> = self
            .include
            .iter()
            .chain(&self.exclude)
            .filter(|id| !seen.contains(*id))
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(format!(
            "no spec has an operation with the operationId {}",
            missing
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> OpenAPI {
        serde_json::from_str(
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
                "/pets": {"get": {"operationId": "listPets", "responses": {}},
                          "post": {"operationId": "createPet", "responses": {}}},
                "/pets/{id}": {"delete": {"operationId": "deletePet", "responses": {}}},
                "/health": {"get": {"responses": {}}}
            }}"#,
        )
        .unwrap()
    }

    fn ids(doc: &OpenAPI) -> Vec<String> {
        doc.operations()
            .map(|(path, method, op)| {
                format!(
                    "{method} {path} {}",
                    op.operation_id.as_deref().unwrap_or("-")
                )
            })
            .collect()
    }

    #[test]
    fn exclude_removes_operations_and_empty_path_items() {
        let filter = OperationFilter::new(&[], &["deletePet".into()]);
        let mut doc = doc();
        filter.apply(&mut doc);
        assert_eq!(
            ids(&doc),
            [
                "get /pets listPets",
                "post /pets createPet",
                "get /health -"
            ]
        );
        assert!(!doc.paths.paths.contains_key("/pets/{id}"));
        assert_eq!(filter.check_all_named_exist(), Ok(()));
    }

    #[test]
    fn include_keeps_only_the_named_operations() {
        let filter = OperationFilter::new(
            &["listPets".into(), "createPet".into()],
            &["createPet".into()],
        );
        let mut doc = doc();
        filter.apply(&mut doc);
        assert_eq!(ids(&doc), ["get /pets listPets"]);
    }

    #[test]
    fn an_operation_id_no_spec_has_is_an_error() {
        let filter = OperationFilter::new(&["listPets".into()], &["delete_pet".into()]);
        filter.apply(&mut doc());
        assert_eq!(
            filter.check_all_named_exist(),
            Err("no spec has an operation with the operationId `delete_pet`".into())
        );
    }
}
