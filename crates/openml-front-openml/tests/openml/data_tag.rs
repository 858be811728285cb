//! `POST /data-tag`.

use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::{KEY, Reply, Site, User, page, send};

async fn tag(site: &Site, user: &User, url: &str, body: Value) -> Reply {
    send(
        site.client
            .post("/data-tag")
            .query("url", &url)
            .header("Authorization", &user.bearer)
            .body_json(&body),
    )
    .await
}

#[tokio::test]
async fn a_tag_is_added() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let reply = tag(&site, &user, &page("61"), json!({"tag": "Botany_2"})).await;

    reply.assert_msg(StatusCode::OK, "dataset tagged");
    let tags = site.openml().calls("POST data/tag");
    assert_eq!(tags.len(), 1);
    assert_eq!(
        tags[0].fields.get("data_id").map(String::as_str),
        Some("61")
    );
    assert_eq!(
        tags[0].fields.get("tag").map(String::as_str),
        Some("Botany_2")
    );
    assert_eq!(tags[0].api_key.as_deref(), Some(KEY));
}

#[tokio::test]
async fn tags_openml_would_refuse_are_refused_here() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let long = "t".repeat(65);
    let cases: [(String, Value, &[&str]); 6] = [
        (page("61"), json!({"tag": "two words"}), &["tag", "a space"]),
        (page("61"), json!({"tag": "Ökologie"}), &["tag", "'Ö'"]),
        (page("61"), json!({"tag": long}), &["tag", "at most 64"]),
        (page("61"), json!({"tag": ""}), &["tag is required"]),
        (page("61"), json!({}), &["tag is required"]),
        (
            "https://www.openml.org/search?type=data".into(),
            json!({"tag": "ok"}),
            &["no id"],
        ),
    ];
    for (url, body, parts) in cases {
        tag(&site, &user, &url, body)
            .await
            .assert_msg_has(StatusCode::BAD_REQUEST, parts);
    }
    site.openml().assert_untouched();
}

#[tokio::test]
async fn a_dataset_of_someone_else_is_refused_by_openml() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let reply = tag(&site, &user, &page("2"), json!({"tag": "mine"})).await;

    reply.assert_msg_has(
        StatusCode::FORBIDDEN,
        &["Dataset is not owned by you", "OpenML error 353"],
    );
}

#[tokio::test]
async fn a_page_address_sent_without_encoding_still_names_the_dataset() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let path = "/data-tag?url=https://www.openml.org/search?type=data&sort=runs&id=61";
    let reply = send(
        site.client
            .post(path)
            .header("Authorization", &user.bearer)
            .body_json(&json!({"tag": "unencoded"})),
    )
    .await;

    reply.assert_msg(StatusCode::OK, "dataset tagged");
    let tags = site.openml().calls("POST data/tag");
    assert_eq!(
        tags[0].fields.get("data_id").map(String::as_str),
        Some("61")
    );
}
