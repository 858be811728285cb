//! The database: sea-orm entities for OpenML's user tables and our own, and
//! the start-up step that creates missing tables.
//!
//! OpenML's `users`, `groups` and `users_groups` are shared with the OpenML
//! server. When they exist they are used as they are and never altered; only
//! when they are missing (a fresh SQLite or PostgreSQL database) are they
//! created, with the columns and unique keys of OpenML's own DDL.

pub mod entities;
pub mod schema;

pub use entities::{
    account_claims, deleted_users, groups, revoked_tokens, token_floors, users, users_groups,
};
