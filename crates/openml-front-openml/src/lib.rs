//! openml-front-openml: the OpenML routes of the site backend.
//!
//! The React app lets a signed-in user upload and edit datasets, tag them,
//! and create tasks and collections. This crate carries those requests to
//! the OpenML REST API with the user's own API key:
//!
//! - [`client`]: the `openml` extension, a typed client of the XML API.
//! - [`xml`]: the XML documents OpenML takes (checked against its schemas'
//!   rules before anything is sent) and the replies it gives.
//! - [`blueprint`]: the `openml` blueprint that mounts the routes of
//!   [`routes`].
//!
//! Link the crate and name the blueprint in the configuration:
//!
//! ```toml
//! blueprints = ["public", "user", "openml"]
//!
//! [openml]
//! server = "https://www.openml.org/api/v1/xml/"
//! timeout_secs = 60
//!
//! # Optional: where uploads are converted (the system's temporary folder
//! # by default).
//! [openml_upload]
//! temp_dir = "/var/tmp/openml-front"
//! ```

#![warn(missing_docs)]

pub mod blueprint;
pub mod client;
pub mod error;
pub mod routes;
pub mod xml;

pub use blueprint::OpenmlBlueprint;
pub use client::{ApiKey, OpenmlClient};
pub use error::OpenmlError;
