//! Links every plugin crate listed in `Cargo.toml`; see openml-front-build.

fn main() {
    openml_front_build::link_plugins();
}
