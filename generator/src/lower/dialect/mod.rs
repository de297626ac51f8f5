//! Vendor dialects: what a vendor's `x-…` extensions on an operation or a
//! server mean for the client.
//!
//! General lowering never reads a vendor extension itself: it asks
//! [`Dialects`] questions (is this operation a preview and what do its docs
//! say, which permission does it need, on which sites is it missing, how
//! does it page, which server variable holds the site) and gets vendor-
//! neutral answers, which it checks against the rest of the operation.
//!
//! A vendor is one file implementing [`Dialect`], answering only the
//! questions its extensions speak to (every method has a default that says
//! nothing), and one line in [`DIALECTS`]. Extensions no dialect reads are
//! ignored; one a dialect reads but cannot understand is an [`Invalid`],
//! which lowering turns into a warning: a vendor extension never makes a
//! valid spec fail.

mod datadog;

use openapiv3::Operation as SpecOperation;

use crate::ir::Permission;

/// Every dialect the generator understands, asked in this order; for a
/// question with one answer, the first dialect that has one gives it.
const DIALECTS: &[&dyn Dialect] = &[&datadog::Datadog];

/// One vendor's extensions. Each method answers for one operation (or the
/// spec's server) and defaults to "nothing to say".
pub(super) trait Dialect: Sync {
    /// Whether the operation is a preview the caller must enable before it
    /// is sent, and what its docs say about it.
    fn unstable(&self, _op: &SpecOperation) -> Option<Unstable> {
        None
    }

    /// Facts the method's docs should state that have no other use.
    fn notes(&self, _op: &SpecOperation) -> Vec<String> {
        Vec::new()
    }

    /// The permission the caller needs.
    fn permission(&self, _op: &SpecOperation) -> Answer<Permission> {
        Ok(None)
    }

    /// Sites (wire names) where the operation does not exist; lowering
    /// checks them against the server's sites.
    fn unavailable_sites(&self, _op: &SpecOperation) -> Answer<UnavailableSites> {
        Ok(None)
    }

    /// How the operation pages, by parameter wire names and response paths
    /// that lowering then checks against the operation.
    fn paging(&self, _op: &SpecOperation) -> Answer<Paging> {
        Ok(None)
    }

    /// The date after which the endpoint stops working, if announced.
    fn sunset(&self, _op: &SpecOperation) -> Option<String> {
        None
    }

    /// The server variable whose values are the API's sites.
    fn site_variable(&self) -> Option<&'static str> {
        None
    }
}

/// A dialect's answer: `Ok(None)` when its extension is absent, `Err` when
/// it is there but not understood.
pub(super) type Answer<T> = std::result::Result<Option<T>, Invalid>;

/// An extension whose shape a dialect does not understand.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Invalid {
    /// The extension, e.g. `x-pagination`: where the error points.
    pub extension: &'static str,
    /// What is wrong with it.
    pub message: String,
}

/// A preview operation.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Unstable {
    /// The extension that says so, named in the docs (`x-unstable`).
    pub extension: &'static str,
    /// What the spec says about it, one or more sentences.
    pub message: String,
}

/// The sites where an operation does not exist.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct UnavailableSites {
    /// The extension that lists them, for errors found while checking them.
    pub extension: &'static str,
    /// Their wire names.
    pub sites: Vec<String>,
}

/// How an operation pages, as a vendor extension names it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Paging {
    /// The extension it came from, for errors found while checking it.
    pub extension: &'static str,
    /// The query parameter holding the page size.
    pub size_param: String,
    /// How each page after the first is asked for.
    pub position: PagingPosition,
    /// Dot path of wire names from the response to the items array; empty
    /// when the response is the array.
    pub results_path: String,
    /// Dot path to the total count, if the extension names one.
    pub total_path: Option<String>,
}

/// The parameter that says which page to fetch.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PagingPosition {
    /// A page number, from `first`.
    Number {
        /// The query parameter.
        param: String,
        /// The number of the first page.
        first: i64,
    },
    /// An item offset, from 0.
    Offset {
        /// The query parameter.
        param: String,
    },
    /// A cursor that each response names.
    Cursor {
        /// The query parameter.
        param: String,
        /// Dot path to the next cursor in the response.
        next_path: String,
    },
}

/// The dialects, asked together: [`DIALECTS`] by default.
#[derive(Clone, Copy)]
pub(super) struct Dialects {
    table: &'static [&'static dyn Dialect],
}

impl Default for Dialects {
    fn default() -> Self {
        Dialects { table: DIALECTS }
    }
}

impl std::fmt::Debug for Dialects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dialects({})", self.table.len())
    }
}

impl Dialects {
    /// The first answer of any dialect to `question`.
    fn first<T>(
        self,
        op: &SpecOperation,
        question: impl Fn(&dyn Dialect, &SpecOperation) -> Answer<T>,
    ) -> Answer<T> {
        for dialect in self.table {
            if let Some(answer) = question(*dialect, op)? {
                return Ok(Some(answer));
            }
        }
        Ok(None)
    }

    /// See [`Dialect::unstable`].
    pub fn unstable(self, op: &SpecOperation) -> Option<Unstable> {
        self.table.iter().find_map(|d| d.unstable(op))
    }

    /// Every dialect's [`Dialect::notes`], in table order.
    pub fn notes(self, op: &SpecOperation) -> Vec<String> {
        self.table.iter().flat_map(|d| d.notes(op)).collect()
    }

    /// See [`Dialect::permission`].
    pub fn permission(self, op: &SpecOperation) -> Answer<Permission> {
        self.first(op, |d, op| d.permission(op))
    }

    /// See [`Dialect::unavailable_sites`].
    pub fn unavailable_sites(self, op: &SpecOperation) -> Answer<UnavailableSites> {
        self.first(op, |d, op| d.unavailable_sites(op))
    }

    /// See [`Dialect::paging`].
    pub fn paging(self, op: &SpecOperation) -> Answer<Paging> {
        self.first(op, |d, op| d.paging(op))
    }

    /// Whether any dialect says the operation pages, understood or not:
    /// its stream method's name is claimed either way, so that names do
    /// not depend on whether an extension is valid.
    pub fn pages(self, op: &SpecOperation) -> bool {
        !matches!(self.paging(op), Ok(None))
    }

    /// See [`Dialect::sunset`].
    pub fn sunset(self, op: &SpecOperation) -> Option<String> {
        self.table.iter().find_map(|d| d.sunset(op))
    }

    /// The first site variable of any dialect that `has_variable` accepts
    /// (the server URL uses it).
    pub fn site_variable(self, has_variable: impl Fn(&str) -> bool) -> Option<&'static str> {
        self.table
            .iter()
            .filter_map(|d| d.site_variable())
            .find(|name| has_variable(name))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn op(extensions: &str) -> SpecOperation {
        let text = format!("responses: {{}}\n{extensions}");
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Another vendor's dialect, as a new file would add it: only the
    /// questions its extensions answer.
    struct Speakeasy;

    impl Dialect for Speakeasy {
        fn paging(&self, op: &SpecOperation) -> Answer<Paging> {
            let Some(value) = op.extensions.get("x-speakeasy-pagination") else {
                return Ok(None);
            };
            let get = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
            Ok(Some(Paging {
                extension: "x-speakeasy-pagination",
                size_param: get("limit").unwrap_or_default(),
                position: PagingPosition::Offset {
                    param: get("offset").unwrap_or_default(),
                },
                results_path: get("results").unwrap_or_default(),
                total_path: None,
            }))
        }
    }

    #[test]
    fn a_second_vendor_is_one_more_entry() {
        let dialects = Dialects {
            table: &[&datadog::Datadog, &Speakeasy],
        };
        let paged = op("x-speakeasy-pagination: {limit: size, offset: skip, results: items}");
        assert!(dialects.pages(&paged));
        assert_eq!(
            dialects
                .paging(&paged)
                .map(|p| p.map(|p| (p.extension, p.position))),
            Ok(Some((
                "x-speakeasy-pagination",
                PagingPosition::Offset {
                    param: "skip".into()
                }
            )))
        );
        // Datadog's answers still come from Datadog.
        assert_eq!(dialects.site_variable(|name| name == "site"), Some("site"));
        assert!(!Dialects::default().pages(&paged));
    }

    /// A paging extension that is not understood still claims its stream
    /// method's name, so names do not depend on whether it is valid.
    #[test]
    fn an_invalid_paging_extension_still_pages() {
        let dialects = Dialects::default();
        let broken = op("x-pagination: {pageParam: n}");
        assert!(dialects.pages(&broken));
        assert_eq!(
            dialects
                .paging(&broken)
                .map_err(|e| (e.extension, e.message)),
            Err(("x-pagination", "missing `limitParam`".to_owned()))
        );
        assert!(!dialects.pages(&op("summary: s")));
    }

    #[test]
    fn the_site_variable_only_where_the_url_has_it() {
        let dialects = Dialects::default();
        assert_eq!(dialects.site_variable(|name| name == "site"), Some("site"));
        assert_eq!(dialects.site_variable(|name| name == "region"), None);
    }
}
