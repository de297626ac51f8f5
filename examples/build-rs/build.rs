//! Generates the client of `todo.yaml` into `OUT_DIR/client.rs`; cargo runs
//! this again only when the spec changes.

fn main() -> Result<(), clientgen::BuildError> {
    clientgen::Builder::new()
        .spec_module("todo", "todo.yaml")
        .generate()?;
    Ok(())
}
