//! The built-in blueprints.

pub mod accounts;
pub mod elasticsearch;
pub mod site;
