//! plugin-bookmarks: an openml-front plugin with which a signed-in user
//! saves, lists and removes bookmarks of OpenML datasets, tasks and flows.
//!
//! An application enables it with two lines: the dependency in its
//! `Cargo.toml`, and `"bookmarks"` in the configuration's `blueprints`.
//! Nothing in the application's code names this crate; the build script of
//! openml-front-build links it, and the attributes below register it.
//!
//! - the `bookmarks` blueprint ([`Bookmarks`]) serves `GET` and `POST
//!   /bookmarks`, and `GET` and `DELETE /bookmarks/{bookmark_id}`, for the
//!   user an access token names;
//! - the `bookmarks-store` extension ([`BookmarkStore`]) reads the
//!   `[bookmarks]` section ([`BookmarksConfig`]) and creates the table
//!   `openml_front_bookmarks` at start-up when it is missing.
//!
//! ```toml
//! # openml-front.toml
//! blueprints = ["public", "user", "bookmarks"]
//!
//! [bookmarks]
//! per_user_limit = 100                # the most bookmarks one user keeps
//! kinds = ["data", "task", "flow"]    # what may be bookmarked
//! ```

mod api;
pub mod config;
pub mod entity;
mod fields;
mod input;
pub mod store;

use openml_front_core::auth::Authenticator;
use openml_front_core::{Blueprint, Mount, MountContext, StartupError, blueprint};

pub use config::BookmarksConfig;
pub use store::BookmarkStore;

/// The `bookmarks` blueprint: the bookmark routes under `/bookmarks`.
#[derive(Debug, Default)]
pub struct Bookmarks;

#[blueprint(name = "bookmarks", requires = ["database", "tokens", "bookmarks-store"])]
impl Blueprint for Bookmarks {
    fn url_prefix(&self) -> &str {
        "/bookmarks"
    }

    fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
        let store = ctx.extension::<BookmarkStore>()?;
        let authenticator = Authenticator::new(ctx.extension()?, ctx.extension()?);

        Ok(Mount::new()
            .api(api::BookmarksApi::new(store))
            .data(authenticator))
    }
}
