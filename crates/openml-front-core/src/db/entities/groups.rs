//! OpenML's `groups` table: 1 admin, 2 members, 3 readonly.

use sea_orm::entity::prelude::*;

/// The group every account belongs to.
pub const MEMBERS: u32 = 2;

/// A row of `groups`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: u32,
    /// Short name.
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub name: String,
    /// Description.
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub description: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
