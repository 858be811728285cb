//! The plugin's own table, made by its migration at start-up; here on
//! SQLite, and in `legacy_database` on the database servers.

use openml_front_core::db::schema::table_exists;
use openml_front_core::extensions::database::Database;
use plugin_bookmarks::entity::TABLE;
use plugin_bookmarks::store::migrate;

use super::support::{TestApp, sqlite_url};

/// Starts the app on `url`, saves a bookmark, starts it again on the same
/// database, and checks that the table was kept and not made twice.
pub async fn bookmarks_survive_a_restart(url: &str) {
    let first = TestApp::on(tempfile::tempdir().expect("a temp folder"), url, &[]).await;
    let database = first
        .app
        .extensions()
        .get::<Database>()
        .expect("the database extension");
    assert!(
        table_exists(database.conn(), TABLE)
            .await
            .expect("the table is looked up")
    );
    assert!(
        !migrate(database.conn()).await.expect("migrate runs"),
        "the table is made once"
    );

    let token = first.user("restart@example.org").await;
    first.bookmark(&token, "task", 14).await;
    drop(first);

    let second = TestApp::on(tempfile::tempdir().expect("a temp folder"), url, &[]).await;
    let token = second.login("restart@example.org").await;
    assert_eq!(second.listed(&token).await, vec![("task".to_string(), 14)]);
}

#[tokio::test]
async fn the_table_is_made_once_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temp folder");
    bookmarks_survive_a_restart(&sqlite_url(dir.path())).await;
}
