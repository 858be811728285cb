//! Malformed requests get a 4xx with a `msg` that says what was wrong, and
//! nothing is stored.

use serde_json::{Value, json};

use super::support::TestApp;

async fn raw(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
    token: Option<&str>,
) -> (u16, Value) {
    let mut request = app.client.post(path).content_type(content_type).body(body);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    super::support::read(request.send().await).await
}

fn assert_client_error(reply: &(u16, Value), contains: &str) {
    assert!(
        (400..500).contains(&reply.0),
        "expected a 4xx, got {reply:?}"
    );
    let msg = reply.1["msg"]
        .as_str()
        .unwrap_or_else(|| panic!("no msg in {reply:?}"));
    assert!(
        msg.contains(contains),
        "msg {msg:?} should mention {contains:?}"
    );
}

#[tokio::test]
async fn signup_fields_are_checked() {
    let app = TestApp::sqlite(&[]).await;
    let base = json!({"email": "ok@example.org", "password": "long-enough", "first_name": "A", "last_name": "B"});
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };

    let cases = [
        (
            with("email", json!("not-an-address")),
            "email is not a valid e-mail address",
        ),
        (with("email", json!("")), "email is required"),
        (with("password", json!("short")), "at least 8 characters"),
        (
            with("password", json!("x".repeat(300))),
            "at most 256 characters",
        ),
        (
            with("first_name", json!("x".repeat(51))),
            "first_name is too long",
        ),
        (with("last_name", Value::Null), "last_name is required"),
        (with("email", json!(42)), "email"),
    ];
    for (body, expected) in cases {
        let reply = app.post("/signup", body, None).await;
        assert_client_error(&reply, expected);
    }

    let reply = raw(
        &app,
        "/signup",
        "application/json",
        b"{not json".to_vec(),
        None,
    )
    .await;
    assert_client_error(&reply, "Invalid request");
    let reply = raw(&app, "/signup", "text/plain", b"email=x".to_vec(), None).await;
    assert_client_error(&reply, "content type");
    let reply = raw(
        &app,
        "/signup",
        "application/json",
        vec![b' '; 70 * 1024 * 1024],
        None,
    )
    .await;
    assert_client_error(&reply, "too large");

    assert!(app.mails().is_empty(), "nothing was mailed");
    app.assert_no_account("ok@example.org", "long-enough").await;
}

#[tokio::test]
async fn bad_tokens_in_links_are_4xx() {
    let app = TestApp::sqlite(&[]).await;
    for route in ["/confirmation", "/forgot-token", "/resetpassword"] {
        for url in [
            json!("http://site.test/auth/x/?token=abc.def"),
            json!("http://site.test/auth/x/"),
            json!("?token=../../x"),
            Value::Null,
        ] {
            let body = json!({"url": url, "password": "new-password"});
            let (status, reply) = app.post(route, body, None).await;
            assert!(
                (400..500).contains(&status),
                "{route} {url}: {status} {reply}"
            );
            assert!(reply["msg"].is_string(), "{route}: {reply}");
        }
    }
}

#[tokio::test]
async fn non_images_and_odd_paths_are_refused() {
    let app = TestApp::sqlite(&[]).await;
    let token = app.signed_up_user("img@example.org", "a-password").await;

    let reply = app
        .upload_image(&token, b"<?php echo 1; ?>".to_vec(), "avatar.png")
        .await;
    assert_client_error(&reply, "not an image");

    let form = openml_front_core::reexports::poem::test::TestForm::new().text("other", "x");
    let response = app
        .client
        .post("/image")
        .header("authorization", format!("Bearer {token}"))
        .multipart(form)
        .send()
        .await;
    let reply = super::support::read(response).await;
    assert_client_error(&reply, "file");

    let (_, profile) = app.get("/profile", Some(&token)).await;
    assert_eq!(profile["image"], "", "nothing was stored");

    for path in [
        "/imgs/../test.db",
        "/imgs/..%2Ftest.db",
        "/imgs/dev_data/%2e%2e/%2e%2e/test.db",
        "/imgs/nothing.jpg",
    ] {
        let (status, body) = app.get(path, None).await;
        assert!((400..500).contains(&status), "{path}: {status} {body}");
    }
}

#[tokio::test]
async fn api_key_reset_needs_the_flag() {
    let app = TestApp::sqlite(&[]).await;
    let token = app.signed_up_user("key@example.org", "a-password").await;
    let reply = app.post("/api-key", json!({}), Some(&token)).await;
    assert_client_error(&reply, "resetapikey must be true");
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_json() {
    let app = TestApp::sqlite(&[]).await;
    let reply = app.get("/no-such-route", None).await;
    assert_eq!(reply.0, 404);
    assert!(reply.1["msg"].is_string());
    let reply = app.get("/signup", None).await;
    assert_eq!(reply.0, 405);
    assert!(reply.1["msg"].is_string());
}
