//! Links every crate listed under `[dependencies]`, so that the blueprints
//! and extensions they declare can be named in the configuration.

fn main() {
    openml_front_build::link_plugins();
}
