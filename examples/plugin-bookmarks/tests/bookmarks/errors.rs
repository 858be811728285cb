//! Every refusal: its status, and a `msg` that says what was wrong.

use serde_json::{Value, json};

use super::support::TestApp;

/// Posts a bookmark and returns the status and the `msg`.
async fn refused(app: &TestApp, token: &str, body: Value) -> (u16, String) {
    let (status, reply) = app.post("/bookmarks", body, Some(token)).await;
    let msg = reply["msg"]
        .as_str()
        .unwrap_or_else(|| panic!("no msg in {reply}"));
    (status, msg.to_string())
}

#[tokio::test]
async fn every_route_needs_a_valid_token() {
    let app = TestApp::sqlite(&[]).await;
    let missing = json!({"msg": "Missing Authorization Header"});

    assert_eq!(app.get("/bookmarks", None).await, (401, missing.clone()));
    assert_eq!(app.get("/bookmarks/1", None).await, (401, missing.clone()));
    assert_eq!(
        app.delete("/bookmarks/1", None).await,
        (401, missing.clone())
    );
    let body = json!({"kind": "data", "id": 61});
    assert_eq!(app.post("/bookmarks", body, None).await, (401, missing));

    let (status, body) = app.get("/bookmarks", Some("not-a-token")).await;
    assert!(status == 401 || status == 422, "{status} {body}");
    assert!(body["msg"].is_string(), "{body}");
}

#[tokio::test]
async fn bad_fields_are_named() {
    let app = TestApp::sqlite(&[]).await;
    let token = app.user("bad@example.org").await;

    let expected = "Unknown kind `dataset`: expected one of data, task, flow";
    let reply = refused(&app, &token, json!({"kind": "dataset", "id": 61})).await;
    assert_eq!(reply, (400, expected.to_string()));
    let reply = refused(&app, &token, json!({"kind": "run", "id": 1})).await;
    assert_eq!(reply.0, 400, "runs are not among the default kinds");

    for id in [0, -7] {
        let reply = refused(&app, &token, json!({"kind": "data", "id": id})).await;
        assert_eq!(
            reply,
            (400, format!("id must be a positive OpenML id, not {id}"))
        );
    }

    let long = "t".repeat(201);
    let reply = refused(
        &app,
        &token,
        json!({"kind": "data", "id": 61, "title": long}),
    )
    .await;
    assert_eq!(
        reply,
        (400, "title is too long: at most 200 characters".to_string())
    );
    let reply = refused(
        &app,
        &token,
        json!({"kind": "data", "id": 61, "title": "a\u{0}b"}),
    )
    .await;
    assert_eq!(
        reply,
        (400, "title contains control characters".to_string())
    );

    assert_eq!(app.listed(&token).await, Vec::new(), "nothing was stored");
}

#[tokio::test]
async fn malformed_bodies_and_paths_are_refused() {
    let app = TestApp::sqlite(&[]).await;
    let token = app.user("malformed@example.org").await;

    let cases = [
        (json!({"kind": "data"}), r#""id": the field is missing"#),
        (
            json!({"kind": "data", "id": "sixty-one"}),
            r#""id": expected a whole number, found "sixty-one""#,
        ),
        (
            json!({"kind": "data", "id": 6.5}),
            r#""id": expected a whole number, found 6.5"#,
        ),
        (json!({"id": 61}), r#""kind": the field is missing"#),
        (
            json!({"kind": 7, "id": 61}),
            r#""kind": expected text, found 7"#,
        ),
    ];
    for (body, expected) in cases {
        let (status, msg) = refused(&app, &token, body.clone()).await;
        assert_eq!(status, 400, "{body}");
        assert!(msg.contains(expected), "{body}: {msg}");
    }

    let (status, body) = app.get("/bookmarks/first", Some(&token)).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body,
        json!({"msg": "bookmark_id must be a positive whole number, not `first`"})
    );

    let (status, body) = app.get("/bookmarks?kind=dataset", Some(&token)).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"msg": "Unknown kind `dataset`: expected one of data, task, flow"})
    );
}

#[tokio::test]
async fn removing_a_missing_bookmark_is_not_found() {
    let app = TestApp::sqlite(&[]).await;
    let token = app.user("missing@example.org").await;
    let bookmark = app.bookmark(&token, "task", 3).await;

    let (status, body) = app.delete("/bookmarks/999", Some(&token)).await;
    assert_eq!(
        (status, body),
        (404, json!({"msg": "You have no bookmark 999"}))
    );

    let path = format!("/bookmarks/{bookmark}");
    assert_eq!(app.delete(&path, Some(&token)).await.0, 200);
    assert_eq!(
        app.delete(&path, Some(&token)).await.0,
        404,
        "a bookmark is removed once"
    );
}

#[tokio::test]
async fn the_limit_is_enforced_per_user() {
    let app = TestApp::sqlite(&[("bookmarks.per_user_limit", json!(2))]).await;
    let token = app.user("full@example.org").await;
    let first = app.bookmark(&token, "data", 1).await;
    app.bookmark(&token, "data", 2).await;

    let expected = "Bookmark limit reached: at most 2 bookmarks a user; remove one first";
    let reply = refused(&app, &token, json!({"kind": "data", "id": 3})).await;
    assert_eq!(reply, (409, expected.to_string()));

    let (status, _) = app
        .post("/bookmarks", json!({"kind": "data", "id": 2}), Some(&token))
        .await;
    assert_eq!(
        status, 200,
        "an object already bookmarked is no new bookmark"
    );
    let (_, body) = app.get("/bookmarks", Some(&token)).await;
    assert_eq!(body["limit"], json!(2));

    let other = app.user("empty@example.org").await;
    app.bookmark(&other, "data", 3).await;

    app.delete(&format!("/bookmarks/{first}"), Some(&token))
        .await;
    app.bookmark(&token, "data", 3).await;
}

#[tokio::test]
async fn configured_kinds_are_accepted() {
    let kinds = ("bookmarks.kinds", json!("data, run"));
    let app = TestApp::sqlite(&[kinds]).await;
    let token = app.user("runs@example.org").await;

    app.bookmark(&token, "run", 10_000).await;
    let reply = refused(&app, &token, json!({"kind": "flow", "id": 1})).await;
    assert_eq!(
        reply,
        (
            400,
            "Unknown kind `flow`: expected one of data, run".to_string()
        )
    );
}
