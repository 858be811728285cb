//! Helpers for the tests of applications and plugins.

use std::path::{Path, PathBuf};

/// The variable that points tests at OpenML's shared fixtures.
pub const FIXTURES_ENV: &str = "OPENML_FRONT_FIXTURES";

/// The folder of OpenML's shared fixtures (real DDL, API replies, schemas
/// and datasets): `$OPENML_FRONT_FIXTURES` when set, otherwise
/// `shared/fixtures` beside the workspace that holds `manifest_dir`
/// (pass `env!("CARGO_MANIFEST_DIR")`). Tests read the files in place.
pub fn fixtures_dir(manifest_dir: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os(FIXTURES_ENV) {
        return PathBuf::from(dir);
    }

    let start = Path::new(manifest_dir);
    start
        .ancestors()
        .map(|dir| dir.join("../shared/fixtures"))
        .find(|candidate| candidate.is_dir())
        .unwrap_or_else(|| start.join("../../../shared/fixtures"))
}
