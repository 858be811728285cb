//! The built-in extensions: database, password hashing, access tokens and
//! mail.

pub mod database;
pub mod mailer;
pub mod passwords;
pub mod tokens;
