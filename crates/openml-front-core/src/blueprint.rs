//! Blueprints: named, mountable groups of routes.
//!
//! A blueprint is a type that implements [`Blueprint`] and is declared with
//! the [`blueprint`](crate::blueprint) attribute, which registers it under a
//! name. The application factory mounts the blueprints the configuration's
//! `blueprints` list names, in that order. Each blueprint says which
//! extensions it needs; they are ready before [`Blueprint::mount`] runs.
//!
//! Routes written with poem-openapi ([`Mount::api`]) appear in the
//! application's one OpenAPI document; plain poem endpoints
//! ([`Mount::route`]) serve files, proxies and fallbacks that have no schema.
//!
//! ```
//! use openml_front_core::{Blueprint, Mount, MountContext, StartupError, blueprint};
//! use poem_openapi::{OpenApi, payload::PlainText};
//!
//! struct HelloApi;
//!
//! #[OpenApi]
//! impl HelloApi {
//!     /// Says hello.
//!     #[oai(path = "/hello", method = "get")]
//!     async fn hello(&self) -> PlainText<&'static str> {
//!         PlainText("hello")
//!     }
//! }
//!
//! #[derive(Default)]
//! struct Hello;
//!
//! #[blueprint(name = "hello")]
//! impl Blueprint for Hello {
//!     fn mount(&self, _ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
//!         Ok(Mount::new().api(HelloApi))
//!     }
//! }
//! ```

use std::any::Any;
use std::sync::Arc;

use poem::{EndpointExt, IntoEndpoint};
use poem_openapi::{OpenApi, OpenApiService};

use crate::config::Settings;
use crate::error::StartupError;
use crate::extension::Extensions;

/// A named, mountable group of routes.
pub trait Blueprint: Send + Sync + 'static {
    /// The name the configuration's `blueprints` list uses. Written by the
    /// [`blueprint`](crate::blueprint) attribute.
    fn name(&self) -> &'static str;

    /// Names of the extensions the routes need. Written by the attribute
    /// from its `requires` argument.
    fn requires(&self) -> &'static [&'static str] {
        &[]
    }

    /// The path every route of this blueprint sits under, such as
    /// `/bookmarks`; empty for the site root.
    fn url_prefix(&self) -> &str {
        ""
    }

    /// Builds the routes.
    fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError>;
}

/// The registration of a blueprint, collected from every linked crate.
/// Written by the [`blueprint`](crate::blueprint) attribute.
pub struct BlueprintDecl {
    /// The name the configuration uses.
    pub name: &'static str,
    /// Makes an instance.
    pub make: fn() -> Box<dyn Blueprint>,
}

inventory::collect!(BlueprintDecl);

/// Every blueprint declaration in the linked crates.
pub fn declared_blueprints() -> impl Iterator<Item = &'static BlueprintDecl> {
    inventory::iter::<BlueprintDecl>.into_iter()
}

/// Every declared blueprint name, sorted and comma-separated.
pub fn known_blueprint_names() -> String {
    let mut names: Vec<&str> = declared_blueprints().map(|decl| decl.name).collect();
    names.sort_unstable();
    names.dedup();
    names.join(", ")
}

/// Makes a blueprint of a `Default` type; used by the attribute macro.
#[doc(hidden)]
pub fn make_default<T: Blueprint + Default>() -> Box<dyn Blueprint> {
    Box::new(T::default())
}

/// What a blueprint's `mount` can read.
pub struct MountContext<'a> {
    /// The application's settings.
    pub settings: &'a Settings,
    /// The initialised extensions.
    pub extensions: &'a Extensions,
    /// The name of the blueprint being mounted.
    pub blueprint: &'static str,
}

impl MountContext<'_> {
    /// An extension this blueprint declared in `requires`.
    pub fn extension<T: Any + Send + Sync>(&self) -> Result<Arc<T>, StartupError> {
        self.extensions.require::<T>()
    }

    /// Reads this blueprint's own configuration section (or any other).
    pub fn section<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<T, StartupError> {
        self.settings.section(key)
    }

    /// A mount error that names this blueprint.
    pub fn fail(&self, reason: impl std::fmt::Display) -> StartupError {
        StartupError::Blueprint {
            name: self.blueprint.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// The routes a blueprint contributes.
#[derive(Default)]
pub struct Mount {
    pub(crate) api: Option<MountedApi>,
    pub(crate) routes: Vec<(String, poem::endpoint::BoxEndpoint<'static>)>,
}

/// A poem-openapi service and its OpenAPI document.
pub(crate) struct MountedApi {
    pub(crate) spec: serde_json::Value,
    pub(crate) endpoint: poem::endpoint::BoxEndpoint<'static>,
}

impl Mount {
    /// No routes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the routes of a poem-openapi API (or a tuple of them); they
    /// appear in the application's OpenAPI document.
    pub fn api<T: OpenApi + 'static>(mut self, api: T) -> Self {
        let service = OpenApiService::new(api, "openml-front", env!("CARGO_PKG_VERSION"));
        let spec = serde_json::from_str(&service.spec()).unwrap_or_default();
        self.api = Some(MountedApi {
            spec,
            endpoint: service.boxed(),
        });
        self
    }

    /// Adds a plain poem endpoint at `path` (relative to the blueprint's
    /// prefix; `*rest` captures the remainder). It does not appear in the
    /// OpenAPI document.
    pub fn route<E>(mut self, path: &str, endpoint: E) -> Self
    where
        E: IntoEndpoint,
        E::Endpoint: 'static,
    {
        let endpoint = endpoint.into_endpoint().map_to_response().boxed();
        self.routes.push((path.to_string(), endpoint));
        self
    }

    /// Makes `value` available as poem request data (`Data<&T>`) in every
    /// route of this blueprint added so far.
    pub fn data<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        if let Some(api) = self.api.take() {
            self.api = Some(MountedApi {
                spec: api.spec,
                endpoint: api.endpoint.data(value.clone()).boxed(),
            });
        }
        self.routes = self
            .routes
            .into_iter()
            .map(|(path, endpoint)| (path, endpoint.data(value.clone()).boxed()))
            .collect();
        self
    }
}

/// A blueprint's endpoint, shared by every path it serves.
pub(crate) type SharedEndpoint = Arc<poem::endpoint::BoxEndpoint<'static>>;
