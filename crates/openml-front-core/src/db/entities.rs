//! sea-orm entities.

pub mod account_claims;
pub mod deleted_users;
pub mod groups;
pub mod revoked_tokens;
pub mod token_floors;
pub mod users;
pub mod users_groups;
