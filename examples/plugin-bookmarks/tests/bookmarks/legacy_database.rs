//! The migration and the routes on the database servers: MariaDB holding
//! OpenML's own schema (latin1 by default, as OpenML's database is), and
//! PostgreSQL. Each test makes a fresh database on the server; it is
//! skipped, with a note, where the server's address is unset.

use std::path::{Path, PathBuf};

use openml_front_core::random::hex_token;
use sea_orm::{ConnectOptions, ConnectionTrait, Database as Connect};
use serde_json::json;

use super::migration::bookmarks_survive_a_restart;
use super::routes::{full_flow, saves_at_once_keep_the_limit};
use super::support::TestApp;

const MARIADB_ENV: &str = "OPENML_FRONT_TEST_MARIADB_URL";
const POSTGRES_ENV: &str = "OPENML_FRONT_TEST_POSTGRES_URL";

/// The server address in `var`, or `None` after printing why the test is
/// skipped.
fn server(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!("skipped: {var} is not set");
            None
        }
    }
}

/// Makes a new database on the server of `base` (an address that ends in a
/// database name) and returns the new database's address.
async fn fresh_database(base: &str, options: &str) -> String {
    let name = format!("bookmarks_test_{}", hex_token(6));
    let admin = Connect::connect(base)
        .await
        .expect("the test database server answers");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name} {options}"))
        .await
        .expect("a test database is made");

    let (server, _) = base
        .rsplit_once('/')
        .expect("the address ends in a database name");
    format!("{server}/{name}")
}

/// OpenML's schema and seed: in `OPENML_FRONT_FIXTURES`, or in
/// `../shared/fixtures` beside the repository.
fn openml_fixtures() -> PathBuf {
    let fixtures = match std::env::var_os("OPENML_FRONT_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
    };
    fixtures.join("openml")
}

/// Runs a MySQL dump on one connection, statement by statement, leaving
/// out comments and the dump's own `CREATE DATABASE` and `USE`.
async fn load_dump(url: &str, file: &str) {
    let path = openml_fixtures().join(file);
    let sql =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let mut options = ConnectOptions::new(url.to_string());
    options.max_connections(1).sqlx_logging(false);
    let db = Connect::connect(options)
        .await
        .expect("the new database answers");
    // The seed rows leave columns out that the schema declares NOT NULL.
    db.execute_unprepared("SET SESSION sql_mode = ''")
        .await
        .expect("sql_mode is set");

    let code: Vec<&str> = sql
        .lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .collect();
    for statement in code.join("\n").split(";\n").map(str::trim) {
        if statement.is_empty()
            || statement.starts_with("CREATE DATABASE")
            || statement.starts_with("USE ")
        {
            continue;
        }
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|err| panic!("{file}: {err}\nin: {statement}"));
    }
}

/// A fresh MariaDB database with OpenML's tables and seed rows.
async fn openml_mariadb(base: &str) -> String {
    let url = fresh_database(base, "DEFAULT CHARACTER SET latin1").await;
    load_dump(&url, "openml.sql").await;
    load_dump(&url, "seed-openml.sql").await;
    url
}

#[tokio::test]
async fn bookmarks_on_mariadb_with_the_openml_schema() {
    let Some(base) = server(MARIADB_ENV) else {
        return;
    };
    let url = openml_mariadb(&base).await;

    let limit = [("bookmarks.per_user_limit", json!(3))];
    let app = TestApp::on(tempfile::tempdir().expect("a temp folder"), &url, &limit).await;
    saves_at_once_keep_the_limit(&app).await;
    drop(app);

    let app = TestApp::on(tempfile::tempdir().expect("a temp folder"), &url, &[]).await;
    full_flow(&app).await;
    drop(app);
    bookmarks_survive_a_restart(&url).await;
}

#[tokio::test]
async fn bookmarks_on_postgres() {
    let Some(base) = server(POSTGRES_ENV) else {
        return;
    };
    let url = fresh_database(&base, "").await;

    let limit = [("bookmarks.per_user_limit", json!(3))];
    let app = TestApp::on(tempfile::tempdir().expect("a temp folder"), &url, &limit).await;
    saves_at_once_keep_the_limit(&app).await;
    drop(app);

    let app = TestApp::on(tempfile::tempdir().expect("a temp folder"), &url, &[]).await;
    full_flow(&app).await;
    drop(app);
    bookmarks_survive_a_restart(&url).await;
}
