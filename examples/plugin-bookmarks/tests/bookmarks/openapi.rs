//! The routes in the application's route list and in its one OpenAPI
//! document, with their doc comments as descriptions.

use serde_json::Value;

use super::support::TestApp;

#[tokio::test]
async fn the_routes_are_listed_under_the_blueprint() {
    let app = TestApp::sqlite(&[]).await;
    let listed: Vec<(&str, &str, &str)> = app
        .app
        .routes()
        .iter()
        .map(|route| {
            (
                route.method.as_str(),
                route.path.as_str(),
                route.blueprint.as_str(),
            )
        })
        .collect();

    for (method, path) in [
        ("GET", "/bookmarks"),
        ("POST", "/bookmarks"),
        ("GET", "/bookmarks/{bookmark_id}"),
        ("DELETE", "/bookmarks/{bookmark_id}"),
    ] {
        assert!(
            listed.contains(&(method, path, "bookmarks")),
            "{method} {path} in {listed:?}"
        );
    }
    assert!(
        listed.contains(&("POST", "/login", "user")),
        "the account routes are there too"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = TestApp::sqlite(&[]).await;
    let (status, doc) = app.get("/openapi.json", None).await;
    assert_eq!(status, 200);

    let operations = [
        ("/bookmarks", "get", "Lists the signed-in user's bookmarks"),
        ("/bookmarks", "post", "Bookmarks a dataset, task or flow"),
        (
            "/bookmarks/{bookmark_id}",
            "get",
            "Shows one of the signed-in user's bookmarks",
        ),
        (
            "/bookmarks/{bookmark_id}",
            "delete",
            "Removes one of the signed-in user's bookmarks",
        ),
    ];
    for (path, method, summary) in operations {
        let operation = &doc["paths"][path][method];
        assert!(
            operation.is_object(),
            "{method} {path} missing from {}",
            doc["paths"]
        );
        assert!(
            text(&operation["summary"]).starts_with(summary),
            "{method} {path}: {operation}"
        );
        assert!(
            operation["security"].is_array(),
            "{method} {path} asks for a token"
        );
    }

    let responses = &doc["paths"]["/bookmarks"]["post"]["responses"];
    assert!(
        responses["201"].is_object() && responses["200"].is_object(),
        "{responses}"
    );
    assert!(doc["components"]["schemas"]["BookmarkRequest"].is_object());
    assert!(
        doc["paths"]["/signup"].is_object(),
        "one document for every blueprint"
    );
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}
