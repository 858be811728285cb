//! The `bookmarks-store` extension: the bookmarks table, created at
//! start-up when it is missing, and the reads and writes of the routes.
//!
//! Every query is scoped to one user: a bookmark of someone else is never
//! read, changed or removed, and looks exactly like a missing one.

use std::sync::Arc;

use openml_front_core::clock::unix_now;
use openml_front_core::db::schema::create_if_missing;
use openml_front_core::db::users;
use openml_front_core::extensions::database::Database;
use openml_front_core::{Extension, ExtensionContext, StartupError, extension};
use sea_orm::sea_query::{Index, IndexCreateStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Schema,
    Set, TransactionTrait,
};

use crate::config::BookmarksConfig;
use crate::entity::{self, Column, TABLE};

/// The bookmarks table and the `[bookmarks]` settings, shared by the
/// routes.
pub struct BookmarkStore {
    database: Arc<Database>,
    config: BookmarksConfig,
}

#[extension(name = "bookmarks-store", requires = ["database"])]
impl Extension for BookmarkStore {
    async fn init(ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
        let config = BookmarksConfig::from_settings(ctx.settings)?;
        let database = ctx.get::<Database>()?;

        let created = migrate(database.conn())
            .await
            .map_err(|err| StartupError::Extension {
                name: "bookmarks-store".into(),
                reason: format!("cannot create the table `{TABLE}`: {err}"),
            })?;
        tracing::debug!(table = TABLE, created, "bookmarks table ready");

        Ok(Self { database, config })
    }
}

/// Creates the bookmarks table and its unique key if the table is missing;
/// says whether it did. An existing table is left as it is.
pub async fn migrate(db: &DatabaseConnection) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let mut create = Schema::new(backend).create_table_from_entity(entity::Entity);
    if backend == DbBackend::MySql {
        // Titles may hold any character, whatever the server's default.
        create.character_set("utf8mb4");
    }

    create_if_missing(db, TABLE, &create, &[unique_item_key()]).await
}

/// One bookmark per user and OpenML object. The key also serves the
/// per-user lookups, which filter on its first column.
fn unique_item_key() -> IndexCreateStatement {
    Index::create()
        .name("openml_front_bookmarks_user_item")
        .table(entity::Entity)
        .col(Column::UserId)
        .col(Column::Kind)
        .col(Column::OpenmlId)
        .unique()
        .to_owned()
}

/// A bookmark to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBookmark {
    /// An accepted kind.
    pub kind: String,
    /// A positive OpenML id.
    pub openml_id: i64,
    /// The title, trimmed; `None` keeps an existing bookmark's title.
    pub title: Option<String>,
}

/// What saving a bookmark did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// A new bookmark was stored.
    Created(entity::Model),
    /// The user had bookmarked this object already; a title that came with
    /// the request replaced the stored one.
    Existing(entity::Model),
    /// The user keeps the most bookmarks allowed; nothing was stored.
    LimitReached,
}

impl BookmarkStore {
    /// The `[bookmarks]` settings.
    pub fn config(&self) -> &BookmarksConfig {
        &self.config
    }

    fn conn(&self) -> &DatabaseConnection {
        self.database.conn()
    }

    /// The user's bookmarks, newest first, optionally of one kind only.
    pub async fn list(
        &self,
        user_id: u32,
        kind: Option<&str>,
    ) -> Result<Vec<entity::Model>, DbErr> {
        let mut query = entity::Entity::find().filter(Column::UserId.eq(i64::from(user_id)));
        if let Some(kind) = kind {
            query = query.filter(Column::Kind.eq(kind));
        }

        query
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Id)
            .all(self.conn())
            .await
    }

    /// One of the user's bookmarks.
    pub async fn get(
        &self,
        user_id: u32,
        bookmark_id: i64,
    ) -> Result<Option<entity::Model>, DbErr> {
        entity::Entity::find_by_id(bookmark_id)
            .filter(Column::UserId.eq(i64::from(user_id)))
            .one(self.conn())
            .await
    }

    /// Removes one of the user's bookmarks; says whether there was one.
    pub async fn remove(&self, user_id: u32, bookmark_id: i64) -> Result<bool, DbErr> {
        let result = entity::Entity::delete_many()
            .filter(Column::Id.eq(bookmark_id))
            .filter(Column::UserId.eq(i64::from(user_id)))
            .exec(self.conn())
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Saves a bookmark, unless the user has it already or keeps the most
    /// allowed.
    ///
    /// Saves of one user wait for each other (the user's row is locked on
    /// MariaDB/MySQL and PostgreSQL, the database's write lock taken first
    /// on SQLite), so that two requests at once cannot both pass the limit
    /// or both insert the same object.
    pub async fn save(&self, user_id: u32, new: NewBookmark) -> Result<Saved, DbErr> {
        let txn = self.conn().begin().await?;
        serialize_saves(&txn, user_id).await?;

        let saved = match find_item(&txn, user_id, &new).await? {
            Some(existing) => Saved::Existing(retitle(&txn, existing, new.title).await?),
            None if count(&txn, user_id).await? >= u64::from(self.config.per_user_limit) => {
                Saved::LimitReached
            }
            None => Saved::Created(insert(&txn, user_id, new).await?),
        };

        txn.commit().await?;
        Ok(saved)
    }
}

/// Makes saves of one user wait for each other. On MariaDB/MySQL and
/// PostgreSQL the user's row is locked until the transaction ends. SQLite
/// has one writer at a time: a write comes first, so the transaction waits
/// for the write lock up front instead of failing when it turns from
/// reading to writing while another transaction writes.
async fn serialize_saves(db: &impl ConnectionTrait, user_id: u32) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        let take_write_lock = format!("UPDATE {TABLE} SET id = id WHERE 0 = 1");
        db.execute_unprepared(&take_write_lock).await?;
        return Ok(());
    }

    users::Entity::find_by_id(user_id)
        .select_only()
        .column(users::Column::Id)
        .lock_exclusive()
        .into_tuple::<u32>()
        .one(db)
        .await?;
    Ok(())
}

async fn find_item(
    db: &impl ConnectionTrait,
    user_id: u32,
    new: &NewBookmark,
) -> Result<Option<entity::Model>, DbErr> {
    entity::Entity::find()
        .filter(Column::UserId.eq(i64::from(user_id)))
        .filter(Column::Kind.eq(new.kind.as_str()))
        .filter(Column::OpenmlId.eq(new.openml_id))
        .one(db)
        .await
}

async fn count(db: &impl ConnectionTrait, user_id: u32) -> Result<u64, DbErr> {
    entity::Entity::find()
        .filter(Column::UserId.eq(i64::from(user_id)))
        .count(db)
        .await
}

async fn retitle(
    db: &impl ConnectionTrait,
    existing: entity::Model,
    title: Option<String>,
) -> Result<entity::Model, DbErr> {
    match title {
        Some(title) if existing.title.as_deref() != Some(title.as_str()) => {
            let mut row = existing.into_active_model();
            row.title = Set(Some(title));
            row.update(db).await
        }
        _ => Ok(existing),
    }
}

async fn insert(
    db: &impl ConnectionTrait,
    user_id: u32,
    new: NewBookmark,
) -> Result<entity::Model, DbErr> {
    let row = entity::ActiveModel {
        user_id: Set(i64::from(user_id)),
        kind: Set(new.kind),
        openml_id: Set(new.openml_id),
        title: Set(new.title),
        created_at: Set(unix_now()),
        ..Default::default()
    };
    row.insert(db).await
}
