//! Our `openml_front_account_claims` table: e-mail addresses and usernames
//! taken by accounts made here.
//!
//! OpenML's `users` table is unique only on (username, email), so two
//! signups racing with one address could both pass a "does it exist" check.
//! Each signup inserts `email:<address>` (and `username:<name>`) here, first
//! thing in the transaction that inserts the user; the primary key lets
//! exactly one of them commit.

use sea_orm::entity::prelude::*;

/// A claimed address or username.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "openml_front_account_claims")]
pub struct Model {
    /// `email:<lower-cased address>` or `username:<name>`.
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(255))"
    )]
    pub claim: String,
    /// When it was claimed, in unix seconds.
    pub claimed_at: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
