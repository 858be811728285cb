//! Our `openml_front_deleted_users` table: accounts their owners deleted.
//!
//! Deleting keeps the row of `users` (OpenML's datasets and runs point at
//! it) but deactivates it, clears its API key, and records it here, so that
//! no token, login, confirmation or reset link brings it back.

use sea_orm::entity::prelude::*;

/// A deleted account.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "openml_front_deleted_users")]
pub struct Model {
    /// The user's id (signed, as every database can key on it).
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// When it was deleted, in unix seconds.
    pub deleted_at: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
