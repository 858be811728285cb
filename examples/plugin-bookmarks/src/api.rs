//! The bookmark routes, under `/bookmarks`. Each
//! needs an access token, and each sees only the bookmarks of the user the
//! token names.

use std::sync::Arc;

use openml_front_core::auth::CurrentUser;
use openml_front_core::{ApiError, ApiResult};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

use crate::entity;
use crate::fields::{IdField, KindField};
use crate::input;
use crate::store::{BookmarkStore, Saved};

/// `POST /bookmarks`.
#[derive(Debug, Object)]
pub struct BookmarkRequest {
    /// What to bookmark: `data`, `task` or `flow` (the kinds configured in
    /// `bookmarks.kinds`).
    pub kind: KindField,
    /// The OpenML id of the dataset, task or flow.
    pub id: IdField,
    /// A title or note, at most 200 characters. Sent again for a bookmarked
    /// object, it replaces the stored one.
    pub title: Option<String>,
}

/// A saved bookmark.
#[derive(Debug, Object)]
pub struct Bookmark {
    /// The bookmark's id, for `DELETE /bookmarks/{bookmark_id}`.
    pub bookmark_id: i64,
    /// `data`, `task`, `flow`, ...
    pub kind: String,
    /// The OpenML id of the dataset, task or flow.
    pub id: i64,
    /// The title or note, if one was given.
    pub title: Option<String>,
    /// When it was saved, in unix seconds.
    pub created_at: i64,
}

/// `GET /bookmarks` reply.
#[derive(Debug, Object)]
pub struct BookmarkList {
    /// The bookmarks, newest first.
    pub bookmarks: Vec<Bookmark>,
    /// The most bookmarks one user may keep.
    pub limit: u32,
}

/// A reply that only says what happened.
#[derive(Debug, Object)]
pub struct Msg {
    /// What happened.
    pub msg: String,
}

/// `POST /bookmarks` reply.
#[derive(ApiResponse)]
pub enum SaveReply {
    /// The bookmark was saved.
    #[oai(status = 201)]
    Created(Json<Bookmark>),
    /// The object was bookmarked already; this is that bookmark, with the
    /// title of the request if it had one.
    #[oai(status = 200)]
    Existing(Json<Bookmark>),
}

/// The group the routes are listed under in the OpenAPI document.
#[derive(Tags)]
enum BookmarkTag {
    /// Bookmarks of OpenML datasets, tasks and flows.
    Bookmarks,
}

/// The bookmark routes.
///
/// Note: `bookmark_id` is taken as text and parsed here, so that a bad one
/// is refused with a message that names it; poem-openapi would name a path
/// parameter it fails to parse `param0`.
pub struct BookmarksApi {
    store: Arc<BookmarkStore>,
}

impl BookmarksApi {
    /// Routes over this store.
    pub fn new(store: Arc<BookmarkStore>) -> Self {
        Self { store }
    }
}

#[OpenApi(tag = "BookmarkTag::Bookmarks")]
impl BookmarksApi {
    /// Lists the signed-in user's bookmarks, newest first; with `kind`,
    /// only those of that kind.
    #[oai(path = "/", method = "get")]
    async fn list(
        &self,
        user: CurrentUser,
        kind: Query<Option<String>>,
    ) -> ApiResult<Json<BookmarkList>> {
        let config = self.store.config();
        let kind = kind
            .0
            .as_deref()
            .map(|kind| input::kind(config, kind))
            .transpose()?;

        let rows = self.store.list(user.user.id, kind).await?;
        Ok(Json(BookmarkList {
            bookmarks: rows.into_iter().map(Bookmark::from).collect(),
            limit: config.per_user_limit,
        }))
    }

    /// Bookmarks a dataset, task or flow for the signed-in user. Saving an
    /// object again returns its bookmark (200) instead of a second one.
    #[oai(path = "/", method = "post")]
    async fn save(&self, user: CurrentUser, body: Json<BookmarkRequest>) -> ApiResult<SaveReply> {
        let config = self.store.config();
        let new = input::new_bookmark(config, &body.kind.0, body.id.0, body.title.as_deref())?;

        match self.store.save(user.user.id, new).await? {
            Saved::Created(row) => {
                tracing::info!(
                    user_id = user.user.id,
                    bookmark_id = row.id,
                    "bookmark saved"
                );
                Ok(SaveReply::Created(Json(row.into())))
            }
            Saved::Existing(row) => Ok(SaveReply::Existing(Json(row.into()))),
            Saved::LimitReached => Err(ApiError::conflict(format!(
                "Bookmark limit reached: at most {} bookmarks a user; remove one first",
                config.per_user_limit
            ))),
        }
    }

    /// Shows one of the signed-in user's bookmarks.
    #[oai(path = "/:bookmark_id", method = "get")]
    async fn show(
        &self,
        user: CurrentUser,
        bookmark_id: Path<String>,
    ) -> ApiResult<Json<Bookmark>> {
        let bookmark_id = input::bookmark_id(&bookmark_id.0)?;
        match self.store.get(user.user.id, bookmark_id).await? {
            Some(row) => Ok(Json(row.into())),
            None => Err(not_found(bookmark_id)),
        }
    }

    /// Removes one of the signed-in user's bookmarks.
    #[oai(path = "/:bookmark_id", method = "delete")]
    async fn remove(&self, user: CurrentUser, bookmark_id: Path<String>) -> ApiResult<Json<Msg>> {
        let bookmark_id = input::bookmark_id(&bookmark_id.0)?;
        if !self.store.remove(user.user.id, bookmark_id).await? {
            return Err(not_found(bookmark_id));
        }
        tracing::info!(user_id = user.user.id, bookmark_id, "bookmark removed");

        Ok(Json(Msg {
            msg: "Bookmark removed".into(),
        }))
    }
}

/// The reply for a bookmark that is missing or someone else's: the two
/// look alike, so that ids of other users' bookmarks cannot be probed.
fn not_found(bookmark_id: i64) -> ApiError {
    ApiError::not_found(format!("You have no bookmark {bookmark_id}"))
}

impl From<entity::Model> for Bookmark {
    fn from(row: entity::Model) -> Self {
        Self {
            bookmark_id: row.id,
            kind: row.kind,
            id: row.openml_id,
            title: row.title,
            created_at: row.created_at,
        }
    }
}
