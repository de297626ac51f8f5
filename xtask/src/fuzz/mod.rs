//! Fuzzing the generator: random inputs through load → lower → render →
//! format ([`generator::generate`]), each of which must end in a crate or
//! a proper error, never a panic.
//!
//! Three families of input, each with what it must give:
//!
//! - [`Family::Valid`]: documents valid by construction
//!   ([`documents`]): every type and format, odd enums and names,
//!   unions with and without discriminator, recursion, parameters in every
//!   location and style, bodies and responses of every media type, vendor
//!   extensions, OpenAPI 3.0 and 3.1. They must generate.
//! - [`Family::Extended`]: the repository's real specs and fixtures with
//!   vendor extensions added where OpenAPI allows them
//!   ([`mutations::extended`]). A spec that generated must still generate.
//! - [`Family::Mutated`]: the same specs with structural damage
//!   ([`mutations::mutated`]). Errors are expected; panics are not.
//!
//! One home for the concept: the bounded property test
//! (`tests/tests/fuzz.rs`, part of `cargo test`) and the long run
//! (`cargo xtask fuzz`, [`campaign`]) draw from the same strategies and
//! judge with the same [`harness`]. What a long run finds is kept by
//! [`found`] and replayed by that test.

pub mod campaign;
pub mod documents;
pub mod found;
pub mod harness;
pub mod mutations;
mod pools;

use std::collections::BTreeMap;
use std::sync::Mutex;

pub use harness::{Expect, Harness, Outcome};

/// A kind of input, with what it must give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Random valid documents: must generate.
    Valid = 0,
    /// Real specs with vendor extensions: must generate if the spec did.
    Extended = 1,
    /// Real specs, damaged: must not panic.
    Mutated = 2,
}

impl Family {
    /// Every family, in the order a long run takes them.
    pub const ALL: [Family; 3] = [Family::Valid, Family::Extended, Family::Mutated];

    /// Its name in progress lines.
    pub fn name(self) -> &'static str {
        match self {
            Family::Valid => "valid",
            Family::Extended => "extended",
            Family::Mutated => "mutated",
        }
    }
}

/// Whether `seed`, written out as the mutations write it, generates: only
/// then must its extended copies generate too. Remembered per seed.
pub fn seed_generates(seed: &mutations::Seed, harness: &Harness) -> bool {
    static KNOWN: Mutex<BTreeMap<String, bool>> = Mutex::new(BTreeMap::new());
    if let Some(known) = KNOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&seed.name)
    {
        return *known;
    }
    let generates = matches!(harness.run(&seed.text()), Outcome::Generated(_));
    KNOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(seed.name.clone(), generates);
    generates
}
