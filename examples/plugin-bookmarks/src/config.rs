//! The `[bookmarks]` configuration section, checked at start-up.
//!
//! Every key has a default, so the section may be left out. Keys this
//! section does not know are refused, so that a misspelt key is reported
//! rather than ignored.

use openml_front_core::{Settings, StartupError};
use serde::{Deserialize, Deserializer, Serialize};

/// The name of the section in the configuration.
pub const SECTION: &str = "bookmarks";

/// Every kind of OpenML object a bookmark can point at: the objects that
/// OpenML numbers with an integer id.
pub const KNOWN_KINDS: &[&str] = &["data", "task", "flow", "run", "study"];

/// The `[bookmarks]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookmarksConfig {
    /// The most bookmarks one user may keep; at least 1.
    pub per_user_limit: u32,
    /// The kinds of OpenML objects that may be bookmarked, a subset of
    /// [`KNOWN_KINDS`]. A comma-separated string is accepted too, as
    /// environment variables give lists.
    #[serde(deserialize_with = "string_or_list")]
    pub kinds: Vec<String>,
}

impl Default for BookmarksConfig {
    fn default() -> Self {
        Self {
            per_user_limit: 100,
            kinds: ["data", "task", "flow"].map(String::from).to_vec(),
        }
    }
}

impl BookmarksConfig {
    /// Reads the `[bookmarks]` section of `settings` and checks it.
    pub fn from_settings(settings: &Settings) -> Result<Self, StartupError> {
        let config: Self = settings.section(SECTION)?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what serde cannot; the error names the key and what was
    /// expected.
    pub fn validate(&self) -> Result<(), StartupError> {
        if self.per_user_limit == 0 {
            return Err(invalid("per_user_limit", "expected at least 1"));
        }
        if self.kinds.is_empty() {
            return Err(invalid(
                "kinds",
                &format!("expected at least one of {}", KNOWN_KINDS.join(", ")),
            ));
        }

        let unknown = self
            .kinds
            .iter()
            .find(|kind| !KNOWN_KINDS.contains(&kind.as_str()));
        if let Some(kind) = unknown {
            let expected = format!(
                "unknown kind `{kind}`; expected some of {}",
                KNOWN_KINDS.join(", ")
            );
            return Err(invalid("kinds", &expected));
        }
        Ok(())
    }

    /// Whether bookmarks of this kind are accepted.
    pub fn allows(&self, kind: &str) -> bool {
        self.kinds.iter().any(|allowed| allowed == kind)
    }
}

/// A configuration error for `bookmarks.<key>`.
fn invalid(key: &str, expected: &str) -> StartupError {
    StartupError::Config(format!("key `{SECTION}.{key}`: {expected}"))
}

/// Accepts a list, or one string of comma-separated items.
fn string_or_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    let items = match OneOrMany::deserialize(deserializer)? {
        OneOrMany::Many(items) => items,
        OneOrMany::One(text) => text.split(',').map(String::from).collect(),
    };
    Ok(items
        .into_iter()
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_their_own_checks() {
        let config = BookmarksConfig::default();
        assert!(config.validate().is_ok());
        assert!(config.allows("flow"));
        assert!(!config.allows("run"));
    }

    #[test]
    fn errors_name_the_key() {
        let config = BookmarksConfig {
            kinds: vec!["data".into(), "dataset".into()],
            ..BookmarksConfig::default()
        };
        let err = config
            .validate()
            .map(|()| "valid".to_string())
            .unwrap_or_else(|e| e.to_string());
        assert!(
            err.contains("bookmarks.kinds") && err.contains("`dataset`"),
            "{err}"
        );
    }
}
