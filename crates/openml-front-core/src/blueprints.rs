//! The built-in blueprints.

pub mod accounts;
