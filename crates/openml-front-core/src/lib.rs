//! openml-front-core: the framework for running your own OpenML website
//! backend.
//!
//! - [`Blueprint`]: a named, mountable group of routes, declared with
//!   [`blueprint`]. Built in: `public` and `user` (accounts), `site` (the
//!   React app and short links) and `elasticsearch` (a search proxy).
//! - [`Extension`]: a service built once at start-up (database, passwords,
//!   tokens, mailer), declared with [`extension`].
//! - [`create_app`]: the application factory; it reads [`Settings`], mounts
//!   the blueprints they name and returns an [`App`] to serve or test.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use openml_front_core::{ConfigSources, Settings, create_app};
//!
//! let settings = Settings::load(&ConfigSources::default())?;
//! let app = create_app(settings).await?;
//! app.serve().await?;
//! # Ok(())
//! # }
//! ```

extern crate self as openml_front_core;

pub mod app;
pub mod auth;
pub mod blueprint;
pub mod blueprints;
pub mod body_limit;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod extension;
pub mod extensions;
pub mod health;
pub mod openapi;
pub mod random;
pub mod request_log;
pub mod testing;

pub use app::{App, RouteInfo, create_app};
pub use blueprint::{Blueprint, Mount, MountContext};
pub use config::{AppConfig, ConfigSources, Settings};
pub use error::{ApiError, ApiResult, StartupError};
pub use extension::{Extension, ExtensionContext, Extensions};
pub use openml_front_macros::{blueprint, extension};

/// Re-exports for application crates, so they need no direct dependency on
/// the web stack's crates.
pub mod reexports {
    pub use poem;
    pub use poem_openapi;
    pub use sea_orm;
    pub use serde;
    pub use serde_json;
    pub use tracing;
}

// The guide in `docs/src` is part of the tests: every Rust example on these
// pages is compiled, and run unless marked `no_run`, by
// `cargo test -p openml-front-core --doc`.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/src/build-your-own-frontend.md")]
mod guide_build_your_own_frontend {}

#[cfg(doctest)]
#[doc = include_str!("../../../docs/src/write-a-blueprint.md")]
mod guide_write_a_blueprint {}

#[cfg(doctest)]
#[doc = include_str!("../../../docs/src/write-an-extension.md")]
mod guide_write_an_extension {}

#[cfg(doctest)]
#[doc = include_str!("../../../docs/src/start-up.md")]
mod guide_start_up {}

#[cfg(doctest)]
#[doc = include_str!("../../../docs/src/configuration.md")]
mod guide_configuration {}

/// Items the attribute macros expand to. Not a stable interface.
#[doc(hidden)]
pub mod __private {
    pub use crate::blueprint::{BlueprintDecl, make_default};
    pub use crate::extension::{ExtensionDecl, init_erased};
    pub use inventory;
}
