//! Integration tests of the bookmarks plugin: an application with the
//! `public`, `user` and `bookmarks` blueprints, driven over HTTP
//! in-process.
//!
//! Every test runs on SQLite. The tests in `legacy_database` also run on
//! MariaDB and PostgreSQL when `OPENML_FRONT_TEST_MARIADB_URL` and
//! `OPENML_FRONT_TEST_POSTGRES_URL` hold the servers' addresses, and are
//! skipped, with a note, otherwise.

// The blueprint registers itself only when its crate is linked; an
// application gets this line from openml-front-build.
extern crate plugin_bookmarks as _;

mod bookmarks {
    pub mod app_crate;
    pub mod config;
    pub mod errors;
    pub mod legacy_database;
    pub mod migration;
    pub mod openapi;
    pub mod routes;
    pub mod support;
}
