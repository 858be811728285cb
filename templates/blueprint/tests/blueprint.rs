//! The blueprint mounted in an application built in-process, called over
//! HTTP without opening a port.

// A blueprint registers itself only when its crate is linked; an
// application gets this line from openml-front-build.
extern crate {{crate_name}} as _;

use openml_front_core::reexports::poem::test::TestClient;
use openml_front_core::{App, Settings, StartupError, create_app};
use serde_json::{Value, json};

/// An app with only this blueprint, on a fresh SQLite file, with `extra`
/// settings on top.
async fn app(dir: &std::path::Path, extra: &[(&str, Value)]) -> Result<App, StartupError> {
    let mut pairs = vec![
        ("blueprints".to_string(), json!(["{{crate_name}}"])),
        (
            "database.url".to_string(),
            json!(format!(
                "sqlite://{}?mode=rwc",
                dir.join("test.db").display()
            )),
        ),
    ];
    pairs.extend(
        extra
            .iter()
            .map(|(key, value)| (key.to_string(), value.clone())),
    );
    create_app(Settings::from_pairs(pairs)?).await
}

#[tokio::test]
async fn the_route_greets_with_the_configured_word() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let app = app(dir.path(), &[]).await.expect("the app starts");
    let client = TestClient::new(app.endpoint());

    let response = client
        .get("/{{project-name}}/hello")
        .query("name", &"Ada")
        .send()
        .await;
    response.assert_status_is_ok();
    response.assert_json(json!({"msg": "Hello, Ada!"})).await;

    let dir = tempfile::tempdir().expect("a temp folder");
    let greeting = ("{{crate_name}}.greeting", json!("Welcome"));
    let app = self::app(dir.path(), &[greeting])
        .await
        .expect("the app starts");
    let response = TestClient::new(app.endpoint())
        .get("/{{project-name}}/hello")
        .send()
        .await;
    response
        .assert_json(json!({"msg": "Welcome, world!"}))
        .await;
}

#[tokio::test]
async fn a_bad_setting_stops_start_up_naming_the_key() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let empty = ("{{crate_name}}.greeting", json!(" "));
    match app(dir.path(), &[empty]).await {
        Ok(_) => panic!("an empty greeting must be refused"),
        Err(err) => assert!(err.to_string().contains("{{crate_name}}.greeting"), "{err}"),
    }
}

#[tokio::test]
async fn the_route_is_in_the_openapi_document() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let app = app(dir.path(), &[]).await.expect("the app starts");

    let operation = &app.openapi()["paths"]["/{{project-name}}/hello"]["get"];
    assert_eq!(
        operation["summary"],
        json!("Greets `name`, or the world when no name is given.")
    );
}
