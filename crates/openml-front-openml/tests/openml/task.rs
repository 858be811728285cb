//! `POST /upload-task`.

use poem::http::StatusCode;
use serde_json::json;

use crate::harness::{KEY, Site};

#[tokio::test]
async fn every_task_type_is_sent_with_its_type_and_procedure() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let kinds = [
        ("classification", 1, 1),
        ("regression", 2, 7),
        ("learningcurve", 3, 13),
        ("clustering", 5, 17),
    ];
    for (kind, type_id, procedure) in kinds {
        let body = json!({
            "task_type": kind, "dataset_id": "61", "target_name": "class",
            "evaluation_measure": "predictive_accuracy"
        });
        site.post_json(&user, "/upload-task", body)
            .await
            .assert_msg(StatusCode::OK, "task uploaded");

        let tasks = site.openml().calls("POST task");
        let xml = tasks.last().expect("a task").file_text("description");
        assert!(
            xml.contains(&format!("<oml:task_type_id>{type_id}</oml:task_type_id>")),
            "{xml}"
        );
        assert!(
            xml.contains(&format!("\"estimation_procedure\">{procedure}<")),
            "{xml}"
        );
        assert!(xml.contains("\"source_data\">61<"), "{xml}");
        assert_eq!(
            xml.contains("target_feature"),
            kind != "clustering",
            "{xml}"
        );
    }
}

#[tokio::test]
async fn an_existing_task_and_an_unsupported_one_get_the_apps_replies() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;
    let task = |target: &str| json!({"task_type": "classification", "dataset_id": 61, "target_name": target});

    let reply = site
        .post_json(&user, "/upload-task", task("duplicate"))
        .await;
    reply.assert_msg(StatusCode::OK, "task exists");

    let reply = site
        .post_json(&user, "/upload-task", task("not_a_column"))
        .await;
    reply.assert_msg(StatusCode::OK, "task not supported");
}

#[tokio::test]
async fn bad_task_forms_are_refused_before_openml_is_asked() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let cases = [
        (
            json!({"task_type": "ranking", "dataset_id": 61, "target_name": "class"}),
            vec!["task_type", "'ranking'"],
        ),
        (
            json!({"dataset_id": 61, "target_name": "class"}),
            vec!["task_type is required"],
        ),
        (
            json!({"task_type": "regression", "dataset_id": "61a", "target_name": "class"}),
            vec!["dataset_id", "'61a'"],
        ),
        (
            json!({"task_type": "regression", "target_name": "class"}),
            vec!["dataset_id is required"],
        ),
        (
            json!({"task_type": "regression", "dataset_id": 61}),
            vec!["target_name is required"],
        ),
        (
            json!({"task_type": "regression", "dataset_id": 61, "target_name": "y", "evaluation_measure": "mean absolute error"}),
            vec!["evaluation_measure"],
        ),
    ];
    for (body, parts) in cases {
        site.post_json(&user, "/upload-task", body)
            .await
            .assert_msg_has(StatusCode::BAD_REQUEST, &parts);
    }
    site.openml().assert_untouched();
}
