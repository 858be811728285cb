//! Server databases: MariaDB loaded with OpenML's real DDL and seed rows,
//! and PostgreSQL. Skipped, with a note, where the address is unset.

use sea_orm::{ConnectionTrait, Database as Connect};
use serde_json::json;

use super::accounts::full_flow;
use super::support::{TestApp, fixtures};

const MARIADB_ENV: &str = "OPENML_FRONT_TEST_MARIADB_URL";
const POSTGRES_ENV: &str = "OPENML_FRONT_TEST_POSTGRES_URL";

/// A fresh database on the server at `base` (an address ending in a
/// database name); returns the address of the new one.
async fn fresh_database(base: &str, prefix: &str) -> String {
    let name = format!("{prefix}_{}", openml_front_core::random::hex_token(6));
    let admin = Connect::connect(base)
        .await
        .expect("the test database server answers");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (server, _) = base.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

/// Runs a SQL dump statement by statement.
async fn load_sql(url: &str, sql: &str, lenient: bool) {
    // One connection, so that the dump's session variables hold throughout.
    let mut options = sea_orm::ConnectOptions::new(url.to_string());
    options.max_connections(1).sqlx_logging(false);
    let db = Connect::connect(options).await.unwrap();
    if lenient {
        db.execute_unprepared("SET SESSION sql_mode = ''")
            .await
            .unwrap();
    }
    let without_comments: String = sql
        .lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    for statement in without_comments.split(";\n") {
        let statement = statement.trim();
        let skip = statement.is_empty()
            || statement.starts_with("CREATE DATABASE")
            || statement.starts_with("USE ");
        if !skip {
            db.execute_unprepared(statement)
                .await
                .unwrap_or_else(|err| panic!("{err}\nin: {statement}"));
        }
    }
}

async fn openml_mariadb() -> Option<String> {
    let Ok(base) = std::env::var(MARIADB_ENV) else {
        eprintln!("skipped: {MARIADB_ENV} is not set");
        return None;
    };
    let dir = fixtures().join("openml");
    if !dir.join("openml.sql").is_file() {
        eprintln!("skipped: OpenML's DDL is not at {}", dir.display());
        return None;
    }
    let url = fresh_database(&base, "openml_front_test").await;
    load_sql(
        &url,
        &std::fs::read_to_string(dir.join("openml.sql")).unwrap(),
        false,
    )
    .await;
    load_sql(
        &url,
        &std::fs::read_to_string(dir.join("seed-openml.sql")).unwrap(),
        true,
    )
    .await;
    load_sql(
        &url,
        &std::fs::read_to_string(dir.join("users-wild.sql")).unwrap(),
        false,
    )
    .await;
    Some(url)
}

#[tokio::test]
async fn full_flow_on_mariadb_with_the_openml_schema() {
    let Some(url) = openml_mariadb().await else {
        return;
    };
    let app = TestApp::on(tempfile::tempdir().unwrap(), &url, &[]).await;
    full_flow(&app, "maria@example.org").await;

    let db = Connect::connect(&url).await.unwrap();
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::MySql,
            "SELECT core, company, country, bio, created_on FROM users WHERE username = 'maria@example.org'",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<String>("", "core").unwrap(), "false");
    assert!(row.try_get::<u32>("", "created_on").unwrap() > 1_700_000_000);
}

#[tokio::test]
async fn every_wild_account_logs_in_and_legacy_hashes_are_upgraded() {
    let Some(url) = openml_mariadb().await else {
        return;
    };
    let app = TestApp::on(
        tempfile::tempdir().unwrap(),
        &url,
        &[
            ("auth.argon2.time_cost", json!(4)),
            ("auth.argon2.memory_kib", json!(16384)),
            ("auth.argon2.parallelism", json!(2)),
        ],
    )
    .await;

    let accounts = [
        ("admin@openml.org", "admin", true),
        ("user@openml.org", "user", true),
        ("marie.legacy@example.org", "admin", true),
        ("paul.php@example.org", "correct horse battery", true),
        ("ines.argon2i@example.org", "tulips and tables", true),
        ("omar.flask@example.org", "openml-rocks-42", true),
        ("odd", "openml-rocks-42", true),
        ("jdoe", "datasets & flows", true),
    ];
    let db = Connect::connect(&url).await.unwrap();
    for (username, password, _) in accounts {
        let token = app.login(username, password).await;
        let (status, profile) = app.get("/profile", Some(&token)).await;
        assert_eq!(status, 200, "{username}: {profile}");
        let (status, key) = app.get("/api-key", Some(&token)).await;
        let key = key["apikey"].as_str().unwrap_or_default().to_string();
        assert!(
            status == 200 && key.len() == 32,
            "{username} has an API key, made if NULL: {key}"
        );
        for field in ["first_name", "last_name", "image", "bio"] {
            assert!(
                profile[field].is_string(),
                "{username}: {field} is {}",
                profile[field]
            );
        }

        let stored = stored_password(&db, username).await;
        assert!(
            stored.starts_with("$argon2id$v=19$m=16384,t=4,p=2$"),
            "{username}: {stored}"
        );
        let member = db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::MySql,
                "SELECT COUNT(*) AS n FROM users_groups g JOIN users u ON u.id = g.user_id WHERE u.username = ? AND g.group_id = 2",
                [username.into()],
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            member.try_get::<i64>("", "n").unwrap(),
            1,
            "{username} is in group 2 once"
        );
    }

    let (_, body) = app
        .post(
            "/login",
            json!({"email": "nina.pending@example.org", "password": "openml-rocks-42"}),
            None,
        )
        .await;
    assert_eq!(body, json!({"msg": "NotConfirmed"}));
    let legacy = "http://site.test/auth/confirm-page/?token=5f1c0d8e2b7a4c6e9d3f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";
    let (status, body) = app
        .post("/confirmation", json!({"url": legacy}), None)
        .await;
    assert_eq!((status, body), (200, json!({"msg": "User confirmed"})));
    let (status, _) = app
        .post("/confirmation", json!({"url": legacy}), None)
        .await;
    assert_eq!(status, 400, "a legacy code confirms once");
    app.login("nina.pending@example.org", "openml-rocks-42")
        .await;

    let (_, body) = app
        .post(
            "/login",
            json!({"email": "gus.oauth", "password": "oauth_no_password"}),
            None,
        )
        .await;
    assert_eq!(body, json!({"msg": "wrong password"}));

    let old_reset = "http://site.test/auth/reset-page/?token=9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";
    let (status, body) = app
        .post(
            "/resetpassword",
            json!({"url": old_reset, "password": "new-password"}),
            None,
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body["msg"].as_str().unwrap().contains("ask for a new one"),
        "{body}"
    );

    let token = app
        .login("paul.php@example.org", "correct horse battery")
        .await;
    let (_, profile) = app.get("/profile", Some(&token)).await;
    assert_eq!(
        profile["image"],
        "/imgs/dev_data/paul.php@example.org/avatar.jpg"
    );
    let token = app
        .login("ines.argon2i@example.org", "tulips and tables")
        .await;
    let (_, profile) = app.get("/profile", Some(&token)).await;
    assert_eq!(profile["first_name"], "Inès");
}

async fn stored_password(db: &sea_orm::DatabaseConnection, username: &str) -> String {
    let row = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::MySql,
            "SELECT password FROM users WHERE username = ?",
            [username.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<String>("", "password").unwrap()
}

#[tokio::test]
async fn full_flow_on_postgres() {
    let Ok(base) = std::env::var(POSTGRES_ENV) else {
        eprintln!("skipped: {POSTGRES_ENV} is not set");
        return;
    };
    let url = fresh_database(&base, "openml_front_test").await;
    let app = TestApp::on(tempfile::tempdir().unwrap(), &url, &[]).await;
    full_flow(&app, "pg@example.org").await;
}

#[tokio::test]
async fn text_the_latin1_schema_cannot_hold_is_a_400() {
    let Some(url) = openml_mariadb().await else {
        return;
    };
    let app = TestApp::on(
        tempfile::tempdir().unwrap(),
        &url,
        &[("mail.confirm_signups", json!(false))],
    )
    .await;

    let signup = json!({"email": "zh@example.org", "password": "a-password", "first_name": "张伟", "last_name": "Li"});
    let (status, body) = app.post("/signup", signup, None).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .starts_with("first_name holds characters"),
        "{body}"
    );
    app.assert_no_account("zh@example.org", "a-password").await;

    let signup = json!({"email": "ines@example.org", "password": "a-password", "first_name": "Inès", "last_name": "Ω"});
    let (status, body) = app.post("/signup", signup, None).await;
    assert_eq!(status, 400, "{body}");
    let signup = json!({"email": "ines@example.org", "password": "a-password", "first_name": "Inès", "last_name": "Müller"});
    let (status, body) = app.post("/signup", signup, None).await;
    assert_eq!(
        (status, body),
        (200, json!({"msg": "User created"})),
        "Latin-1 text is stored"
    );

    let token = app.login("ines@example.org", "a-password").await;
    let (status, body) = app
        .post("/profile", json!({"bio": "I like 数据"}), Some(&token))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .starts_with("bio holds characters"),
        "{body}"
    );
}
