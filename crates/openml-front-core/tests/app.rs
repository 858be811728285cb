//! Integration tests: the application driven over HTTP, in-process.
//!
//! Every test runs on SQLite. Tests that need a server database read its
//! address from `OPENML_FRONT_TEST_MARIADB_URL` or
//! `OPENML_FRONT_TEST_POSTGRES_URL` (set by `.ci/run`) and are skipped,
//! with a note, where those are unset.

mod app {
    pub mod accounts;
    pub mod bad_input;
    pub mod elasticsearch;
    pub mod framework;
    pub mod legacy_database;
    pub mod passwords;
    pub mod site;
    pub mod support;
    pub mod tokens;
}
