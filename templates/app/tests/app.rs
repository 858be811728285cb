//! The application built in-process, as `cargo run` builds it, and called
//! over HTTP without opening a port.

use std::sync::Arc;

use openml_front_core::reexports::poem::endpoint::BoxEndpoint;
use openml_front_core::reexports::poem::test::{TestClient, TestResponse};
use openml_front_core::reexports::serde_json::{self, Value, json};
use openml_front_core::{App, Settings, create_app};

/// The app with this crate's default blueprints, on a fresh SQLite file,
/// with cheap password hashing and no confirmation mail.
async fn test_app(dir: &std::path::Path) -> App {
    let settings = Settings::from_pairs([
        ("blueprints", json!({{crate_name}}::DEFAULT_BLUEPRINTS)),
        (
            "database.url",
            json!(format!(
                "sqlite://{}?mode=rwc",
                dir.join("test.db").display()
            )),
        ),
        ("mail.dir", json!(dir.join("mail"))),
        ("mail.confirm_signups", json!(false)),
        ("server.image_dir", json!(dir.join("imgs"))),
        ("auth.jwt_secret", json!("test-secret")),
        ("auth.argon2.time_cost", json!(1)),
        ("auth.argon2.memory_kib", json!(64)),
        ("auth.argon2.parallelism", json!(1)),
    ])
    .expect("the test settings are valid");
    create_app(settings).await.expect("the app starts")
}

/// The status and the body: JSON, or the text as a JSON string.
async fn json_body(response: TestResponse) -> (u16, Value) {
    let status = response.0.status().as_u16();
    let text = response
        .0
        .into_body()
        .into_string()
        .await
        .expect("a readable body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, body)
}

#[tokio::test]
async fn the_app_is_healthy() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let app = test_app(dir.path()).await;
    let client: TestClient<Arc<BoxEndpoint<'static>>> = TestClient::new(app.endpoint());

    let response = client.get("/healthz").send().await;
    response.assert_status_is_ok();
    response.assert_text("ok").await;
}

#[tokio::test]
async fn a_visitor_signs_up_and_logs_in() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let app = test_app(dir.path()).await;
    let client = TestClient::new(app.endpoint());

    let signup = json!({"email": "ada@example.org", "password": "analytical-engine", "first_name": "Ada", "last_name": "Lovelace"});
    let (status, body) = json_body(client.post("/signup").body_json(&signup).send().await).await;
    assert_eq!((status, body), (200, json!({"msg": "User created"})));

    let login = json!({"email": "ada@example.org", "password": "analytical-engine"});
    let (status, body) = json_body(client.post("/login").body_json(&login).send().await).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].is_string(), "{body}");
}

#[tokio::test]
async fn the_openapi_document_lists_the_routes() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let app = test_app(dir.path()).await;
    let client = TestClient::new(app.endpoint());

    let (status, doc) = json_body(client.get("/openapi.json").send().await).await;
    assert_eq!(status, 200);
    assert!(
        doc["paths"]["/signup"]["post"].is_object(),
        "{}",
        doc["paths"]
    );
    assert!(
        doc["paths"]["/profile"]["get"].is_object(),
        "{}",
        doc["paths"]
    );
}
