//! The `elasticsearch` blueprint against a stand-in Elasticsearch on
//! 127.0.0.1.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use openml_front_core::reexports::poem::{self, Route, Server, handler, web::Data};
use serde_json::json;

use super::support::TestApp;

type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

#[handler]
async fn stand_in(req: &poem::Request, body: String, seen: Data<&Seen>) -> poem::Response {
    let path = req.uri().path().to_string();
    seen.lock()
        .unwrap()
        .push((req.method().to_string(), req.uri().to_string(), body));
    if path.starts_with("/es/slow/") {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    poem::Response::builder()
        .content_type("application/json")
        .body(
            json!({"hits": {"total": 1, "hits": [{"_id": "61", "_source": {"name": "iris"}}]}})
                .to_string(),
        )
}

async fn start_stand_in() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = Route::new().at("/*path", poem::EndpointExt::data(stand_in, seen.clone()));
    tokio::spawn(
        Server::new(poem::listener::TcpListener::bind(format!(
            "127.0.0.1:{port}"
        )))
        .run(app),
    );
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (format!("http://127.0.0.1:{port}/es/"), seen)
}

#[tokio::test]
async fn searches_are_forwarded_and_everything_else_refused() {
    let (url, seen) = start_stand_in().await;
    let app = TestApp::sqlite(&[
        ("blueprints", json!(["elasticsearch"])),
        ("elasticsearch.url", json!(url)),
        ("elasticsearch.indices", json!(["data", "task", "slow"])),
        ("elasticsearch.timeout_secs", json!(1)),
        ("elasticsearch.max_body_bytes", json!(1000)),
    ])
    .await;

    let query = json!({"query": {"match": {"name": "iris"}}});
    let (status, body) = app
        .post("/es/data/_search?size=5", query.clone(), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["hits"]["hits"][0]["_id"], "61");
    let (method, uri, sent) = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        (method.as_str(), uri.as_str()),
        ("POST", "/es/data/_search?size=5")
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&sent).unwrap(),
        query
    );

    for path in ["/es/task/_count", "/es/data/_mapping", "/es/data/_doc/61"] {
        let (status, _) = app.get(path, None).await;
        assert_eq!(status, 200, "{path}");
    }
    let forwarded = seen.lock().unwrap().len();

    let refused = [
        ("GET", "/es/secrets/_search", 404),
        ("GET", "/es/data/_delete_by_query", 404),
        ("POST", "/es/data/_doc/61", 405),
        ("GET", "/es/_cluster/settings", 404),
        ("GET", "/es/data/_doc/..%2F..%2F_cluster", 404),
        ("GET", "/es/data/_doc/a%20b", 400),
    ];
    for (method, path, expected) in refused {
        let request = if method == "GET" {
            app.client.get(path)
        } else {
            app.client.post(path).body_json(&json!({}))
        };
        let (status, body) = super::support::read(request.send().await).await;
        assert_eq!(status, expected, "{method} {path}: {body}");
        assert!(body["msg"].is_string(), "{body}");
    }
    let (status, body) = app
        .post("/es/data/_search", json!({"q": "x".repeat(2000)}), None)
        .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(
        seen.lock().unwrap().len(),
        forwarded,
        "nothing refused reached Elasticsearch"
    );

    let (status, body) = app.get("/es/slow/_search", None).await;
    assert_eq!(
        (status, body),
        (504, json!({"msg": "Elasticsearch did not answer in time"}))
    );
}

#[tokio::test]
async fn an_unreachable_elasticsearch_is_a_502() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::sqlite(&[
        ("blueprints", json!(["elasticsearch"])),
        (
            "elasticsearch.url",
            json!(format!("http://127.0.0.1:{port}/")),
        ),
    ])
    .await;
    let (status, body) = app.get("/es/data/_search", None).await;
    assert_eq!(
        (status, body),
        (502, json!({"msg": "Elasticsearch cannot be reached"}))
    );
}
