//! Our `openml_front_token_floors` table: per user, the moment before which
//! every access token is void. A password reset sets it, so tokens issued
//! with the old password stop working on every instance.

use sea_orm::entity::prelude::*;

/// A user's token floor.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "openml_front_token_floors")]
pub struct Model {
    /// The user's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// Tokens issued before this time (unix seconds) are refused.
    pub not_before: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
