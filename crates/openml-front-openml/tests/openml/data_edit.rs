//! `GET /data-edit` and `POST /data-edit`.

use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::{KEY, OTHER_KEY, Reply, Site, User, page, send};

async fn show(site: &Site, user: &User, url: &str) -> Reply {
    send(
        site.client
            .get("/data-edit")
            .query("url", &url)
            .header("Authorization", &user.bearer),
    )
    .await
}

async fn edit(site: &Site, user: &User, url: &str, body: Value) -> Reply {
    send(
        site.client
            .post("/data-edit")
            .query("url", &url)
            .header("Authorization", &user.bearer)
            .body_json(&body),
    )
    .await
}

fn every_field(owner: &str) -> Value {
    json!({
        "owner": owner,
        "description": "The iris data, described anew.",
        "creator": "R.A. Fisher",
        "date": "1936",
        "citation": "Fisher, R.A. (1936)",
        "language": "English",
        "original_data_url": "https://archive.ics.uci.edu/ml/datasets/Iris",
        "paper_url": "",
        "default_target_attribute": "class",
        "ignore_attribute": "",
        "row_id_attribute": "",
    })
}

#[tokio::test]
async fn the_uploader_sees_the_description_as_owner() {
    let site = Site::new().await;
    let owner = site.user("ada@example.org", Some(KEY)).await;
    assert_eq!(owner.id, 1, "the stand-in names user 1 as uploader");

    let reply = show(&site, &owner, &page("61")).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let view = reply.json();
    assert_eq!(view["owner"], "true");
    assert_eq!(view["user_id"], 1);
    assert_eq!(view["name"], "iris");
    assert_eq!(view["creator"], "R.A. Fisher");
    assert_eq!(view["date"], "1936");
    assert_eq!(view["language"], "English");
    assert_eq!(view["default_target_attribute"], "class");
    assert_eq!(view["row_id_attribute"], "");
    assert_eq!(view["ignore_attribute"], "");
    assert_eq!(
        view["original_data_url"],
        "https://archive.ics.uci.edu/ml/datasets/Iris"
    );
    assert_eq!(
        view["citation"],
        "https://archive.ics.uci.edu/ml/citation_policy.html"
    );
    assert!(
        view["description"]
            .as_str()
            .unwrap_or_default()
            .contains("Duda & Hart")
    );

    let received = site.openml().received();
    let calls: Vec<_> = received.iter().map(|r| r.call.as_str()).collect();
    assert!(calls.contains(&"GET data/61") && calls.contains(&"GET data/list/data_id/61"));
    assert!(received.iter().all(|r| r.api_key.as_deref() == Some(KEY)));
}

#[tokio::test]
async fn another_user_is_not_the_owner() {
    let site = Site::new().await;
    site.user("ada@example.org", Some(KEY)).await;
    let other = site.user("bob@example.org", Some(OTHER_KEY)).await;

    let reply = show(&site, &other, &page("61")).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["owner"], "false");
    assert_eq!(reply.json()["user_id"], other.id);
    let received = site.openml().received();
    assert!(
        received
            .iter()
            .all(|r| r.api_key.as_deref() == Some(OTHER_KEY))
    );
}

#[tokio::test]
async fn the_owner_edits_every_field_whatever_the_request_claims() {
    let site = Site::new().await;
    let owner = site.user("ada@example.org", Some(KEY)).await;

    let reply = edit(&site, &owner, &page("61"), every_field("false")).await;

    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::OK, "data edit successful")
    );
    let edits = site.openml().calls("POST data/edit");
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0].fields.get("data_id").map(String::as_str),
        Some("61")
    );
    assert_eq!(edits[0].api_key.as_deref(), Some(KEY));
    let xml = edits[0].file_text("edit_parameters");
    assert!(xml.contains("<oml:default_target_attribute>class</oml:default_target_attribute>"));
    assert!(xml.contains("<oml:collection_date>1936</oml:collection_date>"));
    assert!(
        !xml.contains("paper_url"),
        "empty fields are not sent: {xml}"
    );
    assert!(
        !xml.contains("row_id_attribute"),
        "empty fields are not sent: {xml}"
    );
}

#[tokio::test]
async fn others_never_send_the_owners_fields_even_when_claiming_ownership() {
    let site = Site::new().await;
    site.user("ada@example.org", Some(KEY)).await;
    let other = site.user("bob@example.org", Some(OTHER_KEY)).await;

    let reply = edit(&site, &other, &page("61"), every_field("true")).await;

    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::OK, "data edit successful")
    );
    let edits = site.openml().calls("POST data/edit");
    let xml = edits[0].file_text("edit_parameters");
    assert!(!xml.contains("default_target_attribute"), "{xml}");
    assert!(xml.contains("<oml:description>The iris data, described anew.</oml:description>"));
}

#[tokio::test]
async fn only_owner_fields_from_another_user_are_refused() {
    let site = Site::new().await;
    site.user("ada@example.org", Some(KEY)).await;
    let other = site.user("bob@example.org", Some(OTHER_KEY)).await;

    let body = json!({"default_target_attribute": "petalwidth"});
    let reply = edit(&site, &other, &page("61"), body).await;

    reply.assert_msg_has(StatusCode::FORBIDDEN, &["Only the dataset's uploader"]);
    site.openml().assert_nothing_written();
}

#[tokio::test]
async fn bad_edits_are_refused_before_openml_is_asked() {
    let site = Site::new().await;
    let owner = site.user("ada@example.org", Some(KEY)).await;

    let cases: [(String, Value, &[&str]); 6] = [
        (
            page("61"),
            json!({"description": "Données"}),
            &["description", "ASCII"],
        ),
        (
            page("61"),
            json!({"language": "Brazilian Portuguese"}),
            &["language", "a space"],
        ),
        (
            page("61"),
            json!({"paper_url": "see the paper"}),
            &["paper_url"],
        ),
        (
            page("61"),
            json!({"owner": "true", "description": " "}),
            &["Nothing to change"],
        ),
        (
            "https://www.openml.org/d/61".into(),
            every_field("true"),
            &["no id"],
        ),
        (
            page("sixty-one"),
            every_field("true"),
            &["'sixty-one'", "not a dataset id"],
        ),
    ];
    for (url, body, parts) in cases {
        let reply = edit(&site, &owner, &url, body).await;
        reply.assert_msg_has(StatusCode::BAD_REQUEST, parts);
    }

    let reply = send(
        site.client
            .post("/data-edit")
            .header("Authorization", &owner.bearer)
            .body_json(&every_field("true")),
    )
    .await;
    reply.assert_msg_has(StatusCode::BAD_REQUEST, &["url query parameter is missing"]);

    let reply = show(&site, &owner, &page("0")).await;
    reply.assert_msg_has(StatusCode::BAD_REQUEST, &["'0'"]);

    site.openml().assert_untouched();
}

#[tokio::test]
async fn an_unknown_dataset_is_not_found() {
    let site = Site::new().await;
    let owner = site.user("ada@example.org", Some(KEY)).await;

    let reply = show(&site, &owner, &page("123456")).await;

    reply.assert_msg_has(StatusCode::NOT_FOUND, &["OpenML error"]);
}
