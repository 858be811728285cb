//! An application enables the plugin by adding the dependency and naming
//! it in `blueprints`: nothing else. This test writes such an application
//! crate, whose code never names the plugin, builds and runs it with cargo,
//! and reads the routes it prints.
//!
//! The crate is written to the same place in cargo's temp folder each time,
//! and built in this workspace's target folder, so that a run rebuilds only
//! what changed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The manifest of the application; paths are filled in by [`write_app`].
const MANIFEST: &str = r#"[package]
name = "bookmarks-enabled-app"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
openml-front-core = { path = "CORE" }
plugin-bookmarks = { path = "PLUGIN" }
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }

[build-dependencies]
openml-front-build = { path = "BUILD" }

# Not a member of any workspace above it.
[workspace]
"#;

const BUILD_RS: &str = "fn main() {
    openml_front_build::link_plugins();
}
";

/// The whole program: settings naming three blueprints, and the routes.
const MAIN_RS: &str = r#"include!(concat!(env!("OUT_DIR"), "/linked_plugins.rs"));

use openml_front_core::reexports::serde_json::json;
use openml_front_core::{Settings, create_app};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: bookmarks-enabled-app DIR")?;
    let settings = Settings::from_pairs([
        ("blueprints", json!(["public", "user", "bookmarks"])),
        ("database.url", json!(format!("sqlite://{dir}/app.db?mode=rwc"))),
        ("mail.dir", json!(format!("{dir}/mail"))),
        ("server.image_dir", json!(format!("{dir}/imgs"))),
    ])?;

    let app = create_app(settings).await?;
    for route in app.routes() {
        println!("{} {} {}", route.method, route.path, route.blueprint);
    }
    Ok(())
}
"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The target folder this test was built in, so the app reuses its builds.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("target"),
    }
}

fn absolute(relative: &str) -> String {
    let path = workspace_root().join(relative);
    let path = path
        .canonicalize()
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    path.display().to_string()
}

/// Writes the application crate into `dir`, with the workspace's lock file
/// so that it builds with the very versions the workspace uses.
fn write_app(dir: &Path) {
    let manifest = MANIFEST
        .replace("CORE", &absolute("crates/openml-front-core"))
        .replace("PLUGIN", &absolute("examples/plugin-bookmarks"))
        .replace("BUILD", &absolute("crates/openml-front-build"));

    std::fs::create_dir_all(dir.join("src")).expect("a source folder");
    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    write_if_changed(&dir.join("build.rs"), BUILD_RS);
    write_if_changed(&dir.join("src/main.rs"), MAIN_RS);
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .expect("the lock file is copied");
}

/// Leaves a file that already holds `text` untouched, so that cargo sees
/// no change.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    }
}

#[test]
fn an_app_enables_the_plugin_with_its_dependency_and_its_name() {
    let names_the_crate = ["plugin_bookmarks", "plugin-bookmarks"]
        .iter()
        .any(|name| MAIN_RS.contains(name));
    assert!(!names_the_crate, "the program never names the plugin crate");

    let crate_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bookmarks-enabled-app");
    write_app(&crate_dir);
    let data_dir = tempfile::tempdir().expect("a temp folder");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .arg("run")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .arg("--")
        .arg(data_dir.path())
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo starts");

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the app failed:\n{stdout}\n{stderr}"
    );

    let routes: Vec<&str> = stdout.lines().collect();
    for route in [
        "GET /bookmarks bookmarks",
        "POST /bookmarks bookmarks",
        "GET /bookmarks/{bookmark_id} bookmarks",
        "DELETE /bookmarks/{bookmark_id} bookmarks",
        "POST /login user",
    ] {
        assert!(routes.contains(&route), "`{route}` not among:\n{stdout}");
    }
}
