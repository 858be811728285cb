//! A figment provider over environment-style variables: the process
//! environment or the pairs of a `.env` file.

use std::path::Path;

use figment::value::{Dict, Map, Value};
use figment::{Metadata, Profile, Provider};

use super::{ENV_PREFIX, legacy};
use crate::error::StartupError;

/// Configuration values taken from `NAME=value` pairs.
///
/// `OPENML_FRONT_A__B=v` sets key `a.b`; the old site backend's names are
/// translated by [`legacy::translate`]. Values stay strings here; figment's
/// lossy extraction turns `"7200"` or `"True"` into numbers and booleans
/// where the field needs them. Other variables are ignored.
#[derive(Debug, Clone)]
pub struct VarsProvider {
    name: String,
    pairs: Vec<(String, String)>,
}

impl VarsProvider {
    /// Variables of the running process.
    pub fn from_process_env() -> Self {
        let pairs = std::env::vars_os()
            .filter_map(|(key, value)| Some((key.into_string().ok()?, value.into_string().ok()?)))
            .collect();
        Self::new("environment variables", pairs)
    }

    /// Variables of a `.env` file, or `None` if there is no such file.
    pub fn from_dotenv(path: &Path) -> Result<Option<Self>, StartupError> {
        if !path.is_file() {
            return Ok(None);
        }

        let unreadable =
            |err: dotenvy::Error| StartupError::Config(format!("{}: {err}", path.display()));
        let mut pairs = Vec::new();
        for item in dotenvy::from_path_iter(path).map_err(unreadable)? {
            pairs.push(item.map_err(unreadable)?);
        }

        Ok(Some(Self::new(&format!("{}", path.display()), pairs)))
    }

    /// Variables from explicit pairs, named for error messages.
    pub fn new(name: &str, pairs: Vec<(String, String)>) -> Self {
        Self {
            name: name.to_string(),
            pairs,
        }
    }

    fn keyed_values(&self) -> Vec<(String, Value)> {
        let mut legacy_values = Vec::new();
        let mut own_values = Vec::new();

        for (name, value) in &self.pairs {
            if let Some(rest) = name.strip_prefix(ENV_PREFIX) {
                let key = rest.to_ascii_lowercase().replace("__", ".");
                if !key.is_empty() && !key.split('.').any(str::is_empty) {
                    own_values.push((key, Value::from(value.clone())));
                }
            } else {
                legacy_values.extend(legacy::translate(name, value));
            }
        }

        // Our own names win over the old backend's names for the same key.
        legacy_values.extend(own_values);
        legacy_values
    }
}

impl Provider for VarsProvider {
    fn metadata(&self) -> Metadata {
        Metadata::named(self.name.clone())
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let mut root = Dict::new();
        for (key, value) in self.keyed_values() {
            insert_at(&mut root, &key, value);
        }

        let mut map = Map::new();
        map.insert(Profile::Default, root);
        Ok(map)
    }
}

/// Puts `value` at the dotted `key`, making intermediate tables as needed.
fn insert_at(root: &mut Dict, key: &str, value: Value) {
    let mut parts = key.split('.').peekable();
    let mut table = root;

    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            table.insert(part.to_string(), value);
            return;
        }

        let entry = table
            .entry(part.to_string())
            .or_insert_with(|| Value::from(Dict::new()));
        if !matches!(entry, Value::Dict(..)) {
            *entry = Value::from(Dict::new());
        }
        let Value::Dict(_, inner) = entry else {
            return;
        };
        table = inner;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn settings_from(pairs: &[(&str, &str)]) -> Result<Settings, StartupError> {
        let pairs = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let figment = figment::Figment::from(figment::providers::Serialized::defaults(
            crate::config::AppConfig::default(),
        ))
        .merge(VarsProvider::new("test variables", pairs));
        Settings::from_figment(figment)
    }

    #[test]
    fn nested_keys_and_lossy_numbers() {
        let settings = settings_from(&[
            ("OPENML_FRONT_SERVER__BIND", "127.0.0.1:6000"),
            ("OPENML_FRONT_AUTH__ACCESS_TOKEN_TTL_SECS", "60"),
            ("OPENML_FRONT_AUTH__ARGON2__TIME_COST", "2"),
            (
                "OPENML_FRONT_SERVER__CORS_ORIGINS",
                "http://a.test, http://b.test",
            ),
            ("OPENML_FRONT_ELASTICSEARCH__INDICES", r#"["data", "task"]"#),
            ("UNRELATED", "x"),
        ])
        .unwrap();

        assert_eq!(settings.app.server.bind.port(), 6000);
        assert_eq!(settings.app.auth.access_token_ttl_secs, 60);
        assert_eq!(settings.app.auth.argon2.time_cost, 2);
        assert_eq!(
            settings.app.server.cors_origins,
            vec!["http://a.test".to_string(), "http://b.test".to_string()]
        );
        assert_eq!(settings.app.elasticsearch.indices, vec!["data", "task"]);
    }

    #[test]
    fn bad_value_names_the_key() {
        let err = settings_from(&[("OPENML_FRONT_AUTH__ACCESS_TOKEN_TTL_SECS", "soon")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("auth.access_token_ttl_secs"), "{err}");
        assert!(err.contains("test variables"), "{err}");
    }

    #[test]
    fn own_names_win_over_legacy_names() {
        let settings = settings_from(&[
            ("OPENML_FRONT_DATABASE__URL", "sqlite://ours.db"),
            ("DATABASE_URI", "sqlite:///theirs.db"),
        ])
        .unwrap();
        assert_eq!(settings.app.database.url, "sqlite://ours.db");
    }

    #[test]
    fn numeric_looking_secret_stays_text() {
        let settings = settings_from(&[("APP_SECRET_KEY", "123456")]).unwrap();
        assert_eq!(settings.app.auth.jwt_secret.as_deref(), Some("123456"));
    }
}
