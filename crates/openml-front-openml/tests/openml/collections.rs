//! `POST /upload-collection-runs` and `POST /upload-collection-tasks`.

use poem::http::StatusCode;
use serde_json::json;

use crate::harness::{KEY, Site};

#[tokio::test]
async fn a_collection_of_runs_is_sent() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let body = json!({
        "collectionname": "My runs", "description": "Runs on a suite",
        "run_ids": "10, 11,12", "benchmark": "99"
    });
    let reply = site.post_json(&user, "/upload-collection-runs", body).await;

    reply.assert_msg(StatusCode::OK, "collection uploaded");
    let studies = site.openml().calls("POST study");
    assert_eq!(studies[0].api_key.as_deref(), Some(KEY));
    let xml = studies[0].file_text("description");
    assert!(
        xml.contains("<oml:main_entity_type>run</oml:main_entity_type>"),
        "{xml}"
    );
    assert!(
        xml.contains("<oml:benchmark_suite>99</oml:benchmark_suite>"),
        "{xml}"
    );
    for id in [10, 11, 12] {
        assert!(
            xml.contains(&format!("<oml:run_id>{id}</oml:run_id>")),
            "{xml}"
        );
    }
}

#[tokio::test]
async fn a_collection_of_tasks_is_sent() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let body = json!({"collectionname": "My suite", "description": "", "taskids": "59,60"});
    let reply = site
        .post_json(&user, "/upload-collection-tasks", body)
        .await;

    reply.assert_msg(StatusCode::OK, "collection uploaded");
    let xml = site.openml().calls("POST study")[0].file_text("description");
    assert!(
        xml.contains("<oml:main_entity_type>task</oml:main_entity_type>"),
        "{xml}"
    );
    assert!(xml.contains("<oml:task_id>60</oml:task_id>"), "{xml}");
    assert!(
        !xml.contains("description"),
        "an empty description is not sent: {xml}"
    );
}

#[tokio::test]
async fn junk_in_id_lists_is_named() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let runs = |ids: &str, benchmark: &str| json!({"collectionname": "c", "description": "d", "run_ids": ids, "benchmark": benchmark});
    let cases = [
        (
            "/upload-collection-runs",
            runs("1,2,x3", ""),
            vec!["run_ids item 3", "'x3'"],
        ),
        (
            "/upload-collection-runs",
            runs("1,,2", ""),
            vec!["run_ids item 2 is empty"],
        ),
        ("/upload-collection-runs", runs("1 2", ""), vec!["'1 2'"]),
        (
            "/upload-collection-runs",
            runs("1", "suite"),
            vec!["benchmark", "'suite'"],
        ),
        (
            "/upload-collection-runs",
            runs("", ""),
            vec!["run_ids is required"],
        ),
        (
            "/upload-collection-tasks",
            json!({"collectionname": "c", "taskids": "59;60"}),
            vec!["taskids item 1", "'59;60'"],
        ),
        (
            "/upload-collection-tasks",
            json!({"collectionname": "", "taskids": "59"}),
            vec!["collectionname is required"],
        ),
        (
            "/upload-collection-tasks",
            json!({"collectionname": "Études", "taskids": "59"}),
            vec!["collectionname", "ASCII"],
        ),
    ];
    for (path, body, parts) in cases {
        site.post_json(&user, path, body)
            .await
            .assert_msg_has(StatusCode::BAD_REQUEST, &parts);
    }
    site.openml().assert_untouched();
}

#[tokio::test]
async fn a_refusal_of_openml_is_passed_on_with_its_code() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let body = json!({"collectionname": "c", "run_ids": "1", "benchmark": 404});
    let reply = site.post_json(&user, "/upload-collection-runs", body).await;

    reply.assert_msg_has(
        StatusCode::BAD_REQUEST,
        &[
            "OpenML error 622",
            "Input value does not match allowed values",
        ],
    );
}
