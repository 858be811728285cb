//! Build-script helper for openml-front applications.
//!
//! Blueprints and extensions register themselves when their crate is
//! linked. Rust links a dependency only if the code names it, so a plugin
//! crate added to `Cargo.toml` but never mentioned in code would be left
//! out, and the factory would not find its blueprints. [`link_plugins`]
//! reads the application's `Cargo.toml` and writes an `extern crate ... as
//! _;` line for each of its dependencies into `$OUT_DIR/linked_plugins.rs`;
//! the application includes that file once:
//!
//! ```text
//! // build.rs
//! fn main() {
//!     openml_front_build::link_plugins();
//! }
//!
//! // src/main.rs
//! include!(concat!(env!("OUT_DIR"), "/linked_plugins.rs"));
//! ```
//!
//! Adding a plugin is then one line in `Cargo.toml` and its name in the
//! configuration's `blueprints`.
//!
//! Note: optional dependencies and target-specific dependency tables are
//! not linked this way; name such a crate in code to link it.

use std::fmt::Write as _;
use std::path::Path;

/// Writes `linked_plugins.rs` for the crate being built. Panics (failing
/// the build with the message) if `Cargo.toml` cannot be read.
pub fn link_plugins() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let manifest_path = Path::new(&manifest_dir).join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest_path.display());

    let manifest = std::fs::read_to_string(&manifest_path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", manifest_path.display()));
    let source = linked_plugins_source(&manifest)
        .unwrap_or_else(|err| panic!("cannot parse {}: {err}", manifest_path.display()));

    let target = Path::new(&out_dir).join("linked_plugins.rs");
    std::fs::write(&target, source)
        .unwrap_or_else(|err| panic!("cannot write {}: {err}", target.display()));
}

/// The `extern crate` lines for the dependencies of a manifest.
pub fn linked_plugins_source(manifest: &str) -> Result<String, toml::de::Error> {
    let manifest: toml::Table = manifest.parse()?;
    let mut source = String::from("// Written by openml_front_build::link_plugins.\n");

    let Some(dependencies) = manifest.get("dependencies").and_then(|d| d.as_table()) else {
        return Ok(source);
    };
    for (name, spec) in dependencies {
        let optional = spec
            .get("optional")
            .and_then(toml::Value::as_bool)
            .unwrap_or(false);
        if !optional {
            let _ = writeln!(source, "extern crate {} as _;", name.replace('-', "_"));
        }
    }
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::linked_plugins_source;

    #[test]
    fn every_required_dependency_is_linked() {
        let manifest = r#"
            [package]
            name = "app"
            [dependencies]
            openml-front-core = { path = "x" }
            plugin-bookmarks = "1"
            extra = { version = "1", optional = true }
        "#;
        let source = linked_plugins_source(manifest).unwrap();
        assert!(source.contains("extern crate openml_front_core as _;"));
        assert!(source.contains("extern crate plugin_bookmarks as _;"));
        assert!(!source.contains("extra"));
    }
}
