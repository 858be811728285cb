//! OpenML's `users_groups` table: which user is in which group.

use sea_orm::entity::prelude::*;

/// A row of `users_groups`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users_groups")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: u32,
    /// The user.
    pub user_id: u32,
    /// The group.
    pub group_id: u32,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
