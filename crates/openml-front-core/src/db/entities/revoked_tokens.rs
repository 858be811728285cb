//! Our `openml_front_revoked_tokens` table: access tokens revoked before
//! they expire (logout, account deletion), shared by every instance on the
//! database.

use sea_orm::entity::prelude::*;

/// A revoked token.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "openml_front_revoked_tokens")]
pub struct Model {
    /// The token's `jti`.
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(64))"
    )]
    pub jti: String,
    /// When the token would have expired, in unix seconds; the row can go
    /// after that.
    pub expires_at: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
