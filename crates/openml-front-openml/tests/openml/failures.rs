//! OpenML's failures and the user's missing credentials, on every route.

use std::time::{Duration, Instant};

use poem::http::StatusCode;
use serde_json::json;

use crate::harness::{KEY, Site, UNKNOWN_KEY, page, send};
use crate::standin::StandIn;

#[tokio::test]
async fn a_refused_api_key_is_forbidden_with_openmls_code() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(UNKNOWN_KEY)).await;

    let body = json!({"task_type": "classification", "dataset_id": 61, "target_name": "class"});
    let reply = site.post_json(&user, "/upload-task", body).await;

    reply.assert_msg_has(
        StatusCode::FORBIDDEN,
        &["API key", "Authentication failed", "OpenML error 103"],
    );
    let calls = site.openml().calls("POST task");
    assert_eq!(
        calls[0].api_key.as_deref(),
        Some(UNKNOWN_KEY),
        "the user's own key is sent"
    );
}

#[tokio::test]
async fn every_route_needs_a_token_and_an_api_key() {
    let site = Site::new().await;
    let keyless = site.user("ada@example.org", None).await;
    let url = page("61");

    let routes = [
        ("GET", "/data-edit"),
        ("POST", "/data-edit"),
        ("POST", "/data-tag"),
        ("POST", "/upload-task"),
        ("POST", "/upload-collection-runs"),
        ("POST", "/upload-collection-tasks"),
    ];
    for (method, path) in routes {
        let request = |bearer: Option<&str>| {
            let builder = if method == "GET" {
                site.client.get(path)
            } else {
                site.client.post(path)
            };
            let builder = builder.query("url", &url).body_json(&json!({"tag": "x"}));
            match bearer {
                Some(bearer) => builder.header("Authorization", bearer),
                None => builder,
            }
        };

        send(request(None))
            .await
            .assert_msg(StatusCode::UNAUTHORIZED, "Missing Authorization Header");
        send(request(Some(&keyless.bearer)))
            .await
            .assert_msg_has(StatusCode::FORBIDDEN, &["no OpenML API key"]);
    }
    site.openml().assert_untouched();
}

#[tokio::test]
async fn a_slow_openml_times_out_with_504() {
    let standin = StandIn::start(&[KEY], 1).await;
    let site = Site::with_openml(&standin.url, 1).await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let started = Instant::now();
    let reply = send(
        site.client
            .get("/data-edit")
            .query("url", &page("999"))
            .header("Authorization", &user.bearer),
    )
    .await;

    reply.assert_msg_has(
        StatusCode::GATEWAY_TIMEOUT,
        &["did not answer within 1 seconds"],
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_unreachable_openml_is_a_bad_gateway() {
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("an address").port()
    };
    let server = format!("http://127.0.0.1:{closed_port}/api/v1/xml/");
    let site = Site::with_openml(&server, 5).await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let body = json!({"collectionname": "c", "taskids": "1"});
    let reply = site
        .post_json(&user, "/upload-collection-tasks", body)
        .await;

    reply.assert_msg_has(StatusCode::BAD_GATEWAY, &["OpenML could not be reached"]);
}

#[tokio::test]
async fn the_routes_are_documented() {
    let site = Site::new().await;
    let paths = &site.app.openapi()["paths"];

    for (path, method) in [
        ("/data-edit", "get"),
        ("/data-edit", "post"),
        ("/data-upload", "post"),
        ("/data-tag", "post"),
        ("/upload-task", "post"),
        ("/upload-collection-runs", "post"),
        ("/upload-collection-tasks", "post"),
    ] {
        let summary = paths[path][method]["summary"].as_str().unwrap_or_default();
        assert!(!summary.is_empty(), "{method} {path} has no summary");
    }
}
