//! The `site` blueprint: the React build, index fallback, short links.

use serde_json::json;

use super::support::TestApp;

fn frontend(dir: &std::path::Path) -> std::path::PathBuf {
    let build = dir.join("build");
    std::fs::create_dir_all(build.join("static/js")).unwrap();
    std::fs::write(
        build.join("index.html"),
        "<!doctype html><div id=root></div>",
    )
    .unwrap();
    std::fs::write(build.join("static/js/main.1a2b.js"), "console.log(1)").unwrap();
    std::fs::write(build.join("favicon.ico"), [0_u8, 0, 1, 0]).unwrap();
    std::fs::write(dir.join("secret.txt"), "outside the build").unwrap();
    build
}

#[tokio::test]
async fn the_build_is_served_with_an_index_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let build = frontend(dir.path());
    let app = TestApp::sqlite(&[
        ("blueprints", json!(["public", "user", "site"])),
        ("server.frontend_dir", json!(build)),
    ])
    .await;

    let response = app.client.get("/static/js/main.1a2b.js").send().await;
    response.assert_status_is_ok();
    response.assert_content_type("text/javascript");
    response.assert_header("cache-control", "public, max-age=31536000, immutable");

    for path in ["/", "/search", "/auth/confirm-page/?token=x", "/d/abc/def"] {
        let response = app.client.get(path).send().await;
        response.assert_status_is_ok();
        response.assert_header("cache-control", "no-cache");
        response
            .assert_text("<!doctype html><div id=root></div>")
            .await;
    }

    let response = app.client.get("/../secret.txt").send().await;
    let text = response.0.into_body().into_string().await.unwrap();
    assert!(!text.contains("outside the build"));

    let (status, body) = app.post("/signup", json!({}), None).await;
    assert_eq!(status, 400, "API routes still win: {body}");
}

#[tokio::test]
async fn short_links_redirect_to_the_search_page() {
    let app = TestApp::sqlite(&[("blueprints", json!(["site"]))]).await;
    let cases = [
        ("/d/61", "http://site.test/search?type=data&sort=runs&id=61"),
        ("/t/59", "http://site.test/search?type=task&sort=runs&id=59"),
        ("/f/1", "http://site.test/search?type=flow&sort=runs&id=1"),
        ("/r/7", "http://site.test/search?type=run&sort=date&id=7"),
        (
            "/s/99",
            "http://site.test/search?type=study&study_type=run&id=99",
        ),
        ("/u/2", "http://site.test/search?type=user&sort=date&id=2"),
    ];
    for (path, target) in cases {
        let response = app.client.get(path).send().await;
        response.assert_status(openml_front_core::reexports::poem::http::StatusCode::FOUND);
        response.assert_header("location", target);
    }
    let (status, body) = app.get("/d/not-a-number", None).await;
    assert_eq!(
        (status, body),
        (
            400,
            json!({"msg": "`not-a-number` is not an id: expected a number"})
        )
    );
}

#[tokio::test]
async fn without_a_build_the_root_says_how_to_add_one() {
    let app = TestApp::sqlite(&[("blueprints", json!(["site"]))]).await;
    let response = app.client.get("/").send().await;
    response.assert_status_is_ok();
    let page = response.0.into_body().into_string().await.unwrap();
    assert!(page.contains("server.frontend_dir"));
}

#[tokio::test]
async fn cors_follows_the_configuration() {
    let app = TestApp::sqlite(&[("server.cors_origins", json!("http://localhost:3000"))]).await;
    let response = app
        .client
        .options("/login")
        .header("origin", "http://localhost:3000")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,authorization",
        )
        .send()
        .await;
    response.assert_header("access-control-allow-origin", "http://localhost:3000");
    response.assert_header("access-control-allow-credentials", "true");

    let response = app
        .client
        .options("/login")
        .header("origin", "http://evil.test")
        .header("access-control-request-method", "POST")
        .send()
        .await;
    assert!(
        response
            .0
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}
