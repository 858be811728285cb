//! The `[bookmarks]` section: defaults, and start-up errors that name the
//! key.

use serde_json::json;

use super::support::{TestApp, start_error};

#[tokio::test]
async fn a_bad_limit_stops_start_up_naming_the_key() {
    let err = start_error(&[("bookmarks.per_user_limit", json!(0))]).await;
    assert!(
        err.contains("`bookmarks.per_user_limit`: expected at least 1"),
        "{err}"
    );

    let err = start_error(&[("bookmarks.per_user_limit", json!("lots"))]).await;
    assert!(
        err.contains("bookmarks.per_user_limit") && err.contains("lots"),
        "{err}"
    );

    let err = start_error(&[("bookmarks.per_user_limit", json!(-1))]).await;
    assert!(err.contains("bookmarks.per_user_limit"), "{err}");
}

#[tokio::test]
async fn bad_kinds_and_unknown_keys_are_named() {
    let err = start_error(&[("bookmarks.kinds", json!(["data", "dataset"]))]).await;
    assert!(
        err.contains("`bookmarks.kinds`: unknown kind `dataset`"),
        "{err}"
    );
    assert!(err.contains("data, task, flow, run, study"), "{err}");

    let err = start_error(&[("bookmarks.kinds", json!([]))]).await;
    assert!(
        err.contains("`bookmarks.kinds`: expected at least one of"),
        "{err}"
    );

    let err = start_error(&[("bookmarks.limit", json!(5))]).await;
    assert!(err.contains("bookmarks") && err.contains("limit"), "{err}");
}

#[tokio::test]
async fn the_section_may_be_left_out() {
    let app = TestApp::sqlite(&[]).await;
    let config: plugin_bookmarks::BookmarksConfig = app
        .app
        .settings()
        .section("bookmarks")
        .expect("defaults apply");
    assert_eq!(config, plugin_bookmarks::BookmarksConfig::default());
    assert_eq!(config.per_user_limit, 100);
    assert_eq!(config.kinds, ["data", "task", "flow"]);
}
