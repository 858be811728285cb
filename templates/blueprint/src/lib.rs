//! {{project-name}}: an openml-front plugin.
//!
//! It declares the blueprint `{{crate_name}}`,
//! whose one route,
//! `GET /{{project-name}}/hello`,
//! greets with the `greeting` of the configuration section
//! `[{{crate_name}}]`.
//!
//! Replace the route with your own: every route written with poem-openapi
//! appears, with its doc comment, in the application's OpenAPI document.

use openml_front_core::{Blueprint, Mount, MountContext, Settings, StartupError, blueprint};
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

/// The name of this blueprint's configuration section.
pub const SECTION: &str = "{{crate_name}}";

/// The section `[{{crate_name}}]`.
///
/// Every key has a default, so the section may be left out; unknown keys
/// are refused.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The word the greeting starts with; not empty.
    pub greeting: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            greeting: "Hello".into(),
        }
    }
}

impl Config {
    /// Reads and checks the section; an error names the key.
    pub fn from_settings(settings: &Settings) -> Result<Self, StartupError> {
        let config: Self = settings.section(SECTION)?;
        if config.greeting.trim().is_empty() {
            return Err(StartupError::Config(format!(
                "key `{SECTION}.greeting`: expected some text"
            )));
        }
        Ok(config)
    }
}

/// A greeting.
#[derive(Debug, Object)]
pub struct Greeting {
    /// The greeting.
    pub msg: String,
}

/// The routes of the blueprint.
pub struct HelloApi {
    config: Config,
}

#[OpenApi]
impl HelloApi {
    /// Greets `name`, or the world when no name is given.
    #[oai(path = "/hello", method = "get")]
    async fn hello(&self, name: Query<Option<String>>) -> Json<Greeting> {
        let name = name
            .0
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty());
        Json(Greeting {
            msg: format!("{}, {}!", self.config.greeting, name.unwrap_or("world")),
        })
    }
}

/// The `{{crate_name}}` blueprint.
#[derive(Debug, Default)]
pub struct Plugin;

#[blueprint(name = "{{crate_name}}")]
impl Blueprint for Plugin {
    fn url_prefix(&self) -> &str {
        "/{{project-name}}"
    }

    fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
        let config = Config::from_settings(ctx.settings)?;
        Ok(Mount::new().api(HelloApi { config }))
    }
}
