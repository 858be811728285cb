//! {{project-name}}: an OpenML website backend built on openml-front.
//!
//! The program (`src/main.rs`) and the tests share what is here: the
//! blueprints mounted by default and where settings are read from.
//!
//! A plugin crate is enabled with two lines: its dependency in
//! `Cargo.toml`, and its blueprint's name in `blueprints` of
//! `openml-front.toml`. No code here names it.

use std::path::PathBuf;

use openml_front_core::ConfigSources;
use openml_front_core::reexports::serde_json::json;

// Links every dependency, so that the blueprints and extensions they
// declare are found by name; `build.rs` writes this file.
include!(concat!(env!("OUT_DIR"), "/linked_plugins.rs"));

/// The blueprints mounted when the configuration names none.
pub const DEFAULT_BLUEPRINTS: &[&str] = &["public", "user"];

/// Where settings come from: built-in defaults (with this app's
/// blueprints), `openml-front.toml` or the file given, `.env`, then
/// `OPENML_FRONT_*` environment variables.
pub fn config_sources(file: Option<PathBuf>) -> ConfigSources {
    ConfigSources {
        file,
        dotenv: None,
        app_defaults: vec![("blueprints".into(), json!(DEFAULT_BLUEPRINTS))],
    }
}
