//! Every route doing its job: save, list, show and remove, duplicates, and
//! one user's bookmarks kept from another.

use futures_util::future::join_all;
use serde_json::json;

use super::support::TestApp;

/// Save, list, filter, show and remove, with the exact replies. Run on
/// every database.
pub async fn full_flow(app: &TestApp) {
    let token = app.user("grace@example.org").await;
    let (status, body) = app.get("/bookmarks", Some(&token)).await;
    assert_eq!(
        (status, body),
        (200, json!({"bookmarks": [], "limit": 100}))
    );

    let (status, iris) = app
        .post(
            "/bookmarks",
            json!({"kind": "data", "id": 61, "title": "  iris  "}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{iris}");
    let iris_id = iris["bookmark_id"].as_i64().expect("a bookmark id");
    let saved_at = iris["created_at"].as_i64().expect("a time");
    let expected = json!({
        "bookmark_id": iris_id,
        "kind": "data",
        "id": 61,
        "title": "iris",
        "created_at": saved_at,
    });
    assert_eq!(iris, expected);

    let task_id = app.bookmark(&token, "task", 59).await;
    let flow_id = app.bookmark(&token, "flow", 8_353).await;
    assert!(iris_id < task_id && task_id < flow_id);
    let newest_first = vec![
        ("flow".to_string(), 8_353),
        ("task".to_string(), 59),
        ("data".to_string(), 61),
    ];
    assert_eq!(app.listed(&token).await, newest_first);

    let (status, body) = app.get("/bookmarks?kind=task", Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["bookmarks"].as_array().map(Vec::len),
        Some(1),
        "{body}"
    );
    assert_eq!(body["bookmarks"][0]["title"], json!(null));

    let (status, body) = app
        .get(&format!("/bookmarks/{iris_id}"), Some(&token))
        .await;
    assert_eq!((status, &body["title"]), (200, &json!("iris")), "{body}");

    let (status, body) = app
        .delete(&format!("/bookmarks/{task_id}"), Some(&token))
        .await;
    assert_eq!((status, body), (200, json!({"msg": "Bookmark removed"})));
    let (status, _) = app
        .get(&format!("/bookmarks/{task_id}"), Some(&token))
        .await;
    assert_eq!(status, 404);
    assert_eq!(app.listed(&token).await.len(), 2);

    let unicode = json!({"kind": "data", "id": 61, "title": "Iris, Fisher’s — 🌸"});
    let (status, body) = app.post("/bookmarks", unicode, Some(&token)).await;
    assert_eq!(
        (status, &body["title"]),
        (200, &json!("Iris, Fisher’s — 🌸")),
        "{body}"
    );
}

/// Saves at once more objects than the limit allows, and each object
/// twice: exactly `limit` bookmarks are made, one per object. Run on every
/// database with `bookmarks.per_user_limit = 3`.
pub async fn saves_at_once_keep_the_limit(app: &TestApp) {
    let token = app.user("eager@example.org").await;
    let saves = (1..=6).chain(1..=6).map(|id| {
        let body = json!({"kind": "flow", "id": id});
        app.post("/bookmarks", body, Some(&token))
    });

    let mut statuses: Vec<u16> = join_all(saves)
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|status| **status == 201).count(),
        3,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|status| [200, 201, 409].contains(status)),
        "{statuses:?}"
    );

    let mut listed = app.listed(&token).await;
    listed.dedup();
    assert_eq!(listed.len(), 3, "{listed:?}");
}

#[tokio::test]
async fn save_list_show_and_remove() {
    let app = TestApp::sqlite(&[]).await;
    full_flow(&app).await;
}

#[tokio::test]
async fn saves_at_once_on_sqlite() {
    let app = TestApp::sqlite(&[("bookmarks.per_user_limit", json!(3))]).await;
    saves_at_once_keep_the_limit(&app).await;
}

#[tokio::test]
async fn saving_again_returns_the_same_bookmark() {
    let app = TestApp::sqlite(&[]).await;
    let token = app.user("ada@example.org").await;
    let first = app.bookmark(&token, "data", 31).await;

    let (status, body) = app
        .post(
            "/bookmarks",
            json!({"kind": "data", "id": 31}),
            Some(&token),
        )
        .await;
    assert_eq!(
        (status, body["bookmark_id"].as_i64()),
        (200, Some(first)),
        "{body}"
    );
    assert_eq!(body["title"], json!(null));

    let retitled = json!({"kind": "data", "id": 31, "title": "credit-g"});
    let (status, body) = app.post("/bookmarks", retitled, Some(&token)).await;
    assert_eq!(
        (status, &body["title"]),
        (200, &json!("credit-g")),
        "{body}"
    );

    let (_, body) = app
        .post(
            "/bookmarks",
            json!({"kind": "data", "id": 31}),
            Some(&token),
        )
        .await;
    assert_eq!(
        body["title"],
        json!("credit-g"),
        "a request without a title keeps the title"
    );

    let (_, body) = app
        .post(
            "/bookmarks",
            json!({"kind": "task", "id": 31}),
            Some(&token),
        )
        .await;
    assert_ne!(
        body["bookmark_id"].as_i64(),
        Some(first),
        "a task 31 is another object than data 31"
    );
    assert_eq!(app.listed(&token).await.len(), 2);
}

#[tokio::test]
async fn users_see_only_their_own_bookmarks() {
    let app = TestApp::sqlite(&[]).await;
    let owner = app.user("owner@example.org").await;
    let other = app.user("other@example.org").await;
    let bookmark = app.bookmark(&owner, "flow", 100).await;

    let path = format!("/bookmarks/{bookmark}");
    assert_eq!(app.get(&path, Some(&other)).await.0, 404);
    let (status, body) = app.delete(&path, Some(&other)).await;
    assert_eq!(
        (status, body),
        (
            404,
            json!({"msg": format!("You have no bookmark {bookmark}")})
        )
    );
    assert_eq!(app.listed(&other).await, Vec::new());

    app.bookmark(&other, "flow", 100).await;
    assert_eq!(app.listed(&owner).await, vec![("flow".to_string(), 100)]);
    assert_eq!(
        app.get(&path, Some(&owner)).await.0,
        200,
        "the owner's bookmark is still there"
    );
}
