//! The `openml_front_bookmarks` table: one row a bookmark.
//!
//! Ids are signed 64-bit integers: PostgreSQL has no unsigned columns, and
//! an unsigned auto-increment key cannot be made there. A user's id (an
//! unsigned 32-bit value in OpenML's `users` table) fits without loss.
//!
//! The table is named like the framework's own tables, so that it can live
//! in OpenML's database without clashing with a table of OpenML.

use sea_orm::entity::prelude::*;

/// The name of the table.
pub const TABLE: &str = "openml_front_bookmarks";

/// The longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// A bookmark.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "openml_front_bookmarks")]
pub struct Model {
    /// The bookmark's own id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The id of the user (`users.id`) who saved it.
    pub user_id: i64,
    /// What it points at: `data`, `task`, `flow`, ...
    #[sea_orm(column_type = "String(StringLen::N(16))")]
    pub kind: String,
    /// The OpenML id of the dataset, task or flow.
    pub openml_id: i64,
    /// A title or note of the user's choosing.
    #[sea_orm(column_type = "String(StringLen::N(200))", nullable)]
    pub title: Option<String>,
    /// When it was saved, in unix seconds.
    pub created_at: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
