//! The application's configuration, read with figment.
//!
//! Sources, lowest to highest: built-in defaults, a TOML file
//! (`openml-front.toml` in the working directory, or a path given by the
//! caller), a `.env` file, then the process environment. In `.env` and in
//! the environment, `OPENML_FRONT_SERVER__BIND` sets `server.bind` (`__`
//! separates levels), and the old site backend's variable names
//! (`DATABASE_URI`, `APP_SECRET_KEY`, `SMTP_SERVER`, ...) are understood too,
//! so an existing `.env` keeps working; see [`legacy`].
//!
//! Sections this crate does not know (a plugin's `[bookmarks]`, say) stay in
//! the figment and are read with [`Settings::section`].

pub mod legacy;
#[cfg(test)]
mod reference_check;
mod vars;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::StartupError;

pub use vars::VarsProvider;

/// The configuration file read when no other is given.
pub const DEFAULT_CONFIG_FILE: &str = "openml-front.toml";

/// The prefix of the environment variables that set configuration keys.
pub const ENV_PREFIX: &str = "OPENML_FRONT_";

/// The whole configuration of an application.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppConfig {
    /// Blueprints to mount, in order.
    #[serde(deserialize_with = "string_or_list")]
    pub blueprints: Vec<String>,
    /// The HTTP server.
    pub server: ServerConfig,
    /// The database holding OpenML's users and our own tables.
    pub database: DatabaseConfig,
    /// Passwords and access tokens.
    pub auth: AuthConfig,
    /// Outgoing mail.
    pub mail: MailConfig,
    /// The OpenML REST API that uploads go to.
    pub openml: OpenmlConfig,
    /// The Elasticsearch that search requests go to.
    pub elasticsearch: ElasticsearchConfig,
}

/// The HTTP server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub bind: SocketAddr,
    /// The public address of the site, used in mailed links and short-link
    /// redirects.
    pub site_url: String,
    /// A built React frontend to serve; none serves a page that says how to
    /// add one.
    pub frontend_dir: Option<PathBuf>,
    /// Origins allowed to call the API from a browser.
    #[serde(deserialize_with = "string_or_list")]
    pub cors_origins: Vec<String>,
    /// Where uploaded profile images are kept.
    pub image_dir: PathBuf,
    /// The largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// The largest accepted profile image, in bytes.
    pub max_image_bytes: usize,
    /// Serve the OpenAPI document at `/openapi.json`.
    pub openapi: bool,
    /// Serve a browsable API UI at `/docs`.
    pub docs_ui: bool,
    /// Log format: `text` or `json`.
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object a line.
    Json,
}

/// The database.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://file.db?mode=rwc`, `mysql://user:pass@host/db` or
    /// `postgres://user@host/db`.
    pub url: String,
    /// The most connections held open at once.
    pub max_connections: u32,
}

/// Passwords and access tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// The secret access tokens are signed with. Without one, a random secret
    /// is made at start-up and tokens do not survive a restart.
    pub jwt_secret: Option<String>,
    /// Further secrets whose tokens are accepted but never issued.
    #[serde(deserialize_with = "string_or_list")]
    pub accepted_secrets: Vec<String>,
    /// How long an access token is valid, in seconds.
    pub access_token_ttl_secs: u64,
    /// How long a mailed password-reset link is valid, in seconds.
    pub reset_token_ttl_secs: u64,
    /// The cost of new password hashes.
    pub argon2: Argon2Config,
    /// How many password hashes may be computed at once; by default the
    /// number of CPU cores.
    pub hashing_concurrency: Option<usize>,
}

/// The cost of Argon2id password hashes.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argon2Config {
    /// Passes over memory.
    pub time_cost: u32,
    /// Memory, in KiB.
    pub memory_kib: u32,
    /// Lanes.
    pub parallelism: u32,
}

/// Outgoing mail.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// Where mail goes: `file`, `smtp` or `log`.
    pub transport: MailTransportKind,
    /// The folder `file` writes one `.eml` file a message into.
    pub dir: PathBuf,
    /// The `From` address.
    pub sender: String,
    /// Where feedback is sent; by default the sender address.
    pub feedback_to: Option<String>,
    /// The SMTP server, for the `smtp` transport.
    pub smtp: SmtpConfig,
    /// New accounts must confirm their address before they can log in.
    pub confirm_signups: bool,
}

/// Where outgoing mail goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    /// One `.eml` file a message in `mail.dir`.
    File,
    /// An SMTP server.
    Smtp,
    /// Only a log line (no body, no links) for each message.
    Log,
}

/// An SMTP server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    pub security: SmtpSecurity,
    /// Login name, if the server needs one.
    pub username: Option<String>,
    /// Password, if the server needs one.
    pub password: Option<String>,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain text (local relays only).
    None,
    /// Upgrade with STARTTLS.
    Starttls,
    /// TLS from the first byte.
    Tls,
}

/// The OpenML REST API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenmlConfig {
    /// Base address of the XML API, ending in `/api/v1/xml/`.
    pub server: String,
    /// How long to wait for OpenML, in seconds.
    pub timeout_secs: u64,
}

/// The Elasticsearch behind the search proxy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElasticsearchConfig {
    /// Base address of Elasticsearch.
    pub url: String,
    /// Indices that may be searched.
    #[serde(deserialize_with = "string_or_list")]
    pub indices: Vec<String>,
    /// The largest accepted search body, in bytes.
    pub max_body_bytes: usize,
    /// How long to wait for Elasticsearch, in seconds.
    pub timeout_secs: u64,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            blueprints: vec!["public".into(), "user".into()],
            server: ServerConfig {
                bind: SocketAddr::from(([127, 0, 0, 1], 5000)),
                site_url: "http://127.0.0.1:5000".into(),
                frontend_dir: None,
                cors_origins: Vec::new(),
                image_dir: PathBuf::from("data/imgs"),
                max_body_bytes: 64 * 1024 * 1024,
                max_image_bytes: 5 * 1024 * 1024,
                openapi: true,
                docs_ui: true,
                log_format: LogFormat::Text,
            },
            database: DatabaseConfig {
                url: "sqlite://openml-front.db?mode=rwc".into(),
                max_connections: 10,
            },
            auth: AuthConfig {
                jwt_secret: None,
                accepted_secrets: Vec::new(),
                access_token_ttl_secs: 7200,
                reset_token_ttl_secs: 3600,
                argon2: Argon2Config {
                    time_cost: 4,
                    memory_kib: 16384,
                    parallelism: 2,
                },
                hashing_concurrency: None,
            },
            mail: MailConfig {
                transport: MailTransportKind::File,
                dir: PathBuf::from("mail"),
                sender: "OpenML <noreply@localhost>".into(),
                feedback_to: None,
                smtp: SmtpConfig {
                    host: "localhost".into(),
                    port: 587,
                    security: SmtpSecurity::Starttls,
                    username: None,
                    password: None,
                },
                confirm_signups: true,
            },
            openml: OpenmlConfig {
                server: "https://www.openml.org/api/v1/xml/".into(),
                timeout_secs: 60,
            },
            elasticsearch: ElasticsearchConfig {
                url: "https://www.openml.org/es/".into(),
                indices: ["data", "task", "flow", "run", "study", "measure", "user"]
                    .map(String::from)
                    .to_vec(),
                max_body_bytes: 1024 * 1024,
                timeout_secs: 30,
            },
        }
    }
}

/// Where [`Settings::load`] reads from.
#[derive(Debug, Clone, Default)]
pub struct ConfigSources {
    /// A TOML file that must exist; without one, `openml-front.toml` is read
    /// if it exists.
    pub file: Option<PathBuf>,
    /// The `.env` file to read; without one, `.env` is read if it exists.
    pub dotenv: Option<PathBuf>,
    /// Defaults of the application that take the place of the built-in ones,
    /// such as its own list of blueprints.
    pub app_defaults: Vec<(String, serde_json::Value)>,
}

/// The loaded configuration: the typed sections this crate knows, and the
/// figment they came from, for plugin sections and provenance.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The typed configuration.
    pub app: AppConfig,
    figment: Figment,
    read_sections: std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
}

/// The top-level keys this crate reads itself.
const OWN_KEYS: &[&str] = &[
    "blueprints",
    "server",
    "database",
    "auth",
    "mail",
    "openml",
    "elasticsearch",
];

impl Settings {
    /// Reads every source: defaults, TOML file, `.env`, environment.
    pub fn load(sources: &ConfigSources) -> Result<Self, StartupError> {
        let mut figment = defaults_figment(&sources.app_defaults);
        figment = figment.merge(toml_provider(sources.file.as_deref())?);

        let dotenv_path = sources
            .dotenv
            .clone()
            .unwrap_or_else(|| PathBuf::from(".env"));
        if let Some(provider) = VarsProvider::from_dotenv(&dotenv_path)? {
            figment = figment.merge(provider);
        }

        figment = figment.merge(VarsProvider::from_process_env());
        Self::from_figment(figment)
    }

    /// Builds settings from defaults and the given key/value overrides only,
    /// ignoring files and environment. Meant for tests and embedding.
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<Self, StartupError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Serialize,
    {
        let mut figment = defaults_figment(&[]);
        for (key, value) in pairs {
            figment = figment.merge(Serialized::global(key.as_ref(), value));
        }
        Self::from_figment(figment)
    }

    /// Builds settings from a figment the caller assembled.
    pub fn from_figment(figment: Figment) -> Result<Self, StartupError> {
        let app: AppConfig = figment.extract_lossy()?;
        validate(&app)?;
        Ok(Self {
            app,
            figment,
            read_sections: std::sync::Arc::default(),
        })
    }

    /// Reads a section this crate does not know, such as a plugin's
    /// `[bookmarks]`. A missing section yields the type's defaults only if
    /// the type has `#[serde(default)]`.
    pub fn section<T: DeserializeOwned>(&self, key: &str) -> Result<T, StartupError> {
        if let Ok(mut read) = self.read_sections.lock() {
            read.insert(key.to_string());
        }

        let figment = self.figment.clone();
        let figment = if figment.contains(key) {
            figment
        } else {
            figment.merge(Serialized::global(key, figment::value::Dict::new()))
        };

        figment.extract_inner_lossy(key).map_err(|err| {
            let mut err = err;
            if err.path.first().is_none_or(|first| first != key) {
                err.path.insert(0, key.to_string());
            }
            StartupError::from(err)
        })
    }

    /// Top-level keys that neither this crate nor any [`Settings::section`]
    /// call read: most often a typo such as `[sever]` or
    /// `OPENML_FRONT_SERVER_BIND` (one underscore).
    pub fn unread_keys(&self) -> Vec<String> {
        let read = self
            .read_sections
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default();
        let Ok(figment::value::Value::Dict(_, root)) = self.figment.find_value("") else {
            return Vec::new();
        };
        root.keys()
            .filter(|key| !OWN_KEYS.contains(&key.as_str()) && !read.contains(*key))
            .cloned()
            .collect()
    }

    /// The figment behind these settings, for provenance of each value.
    pub fn figment(&self) -> &Figment {
        &self.figment
    }

    /// The effective configuration as `key = value  # source` lines, with
    /// secrets masked.
    pub fn report(&self) -> String {
        let Ok(root) = self.figment.find_value("") else {
            return String::new();
        };
        let mut lines = Vec::new();
        collect_leaves(&root, String::new(), &mut lines);

        let mut out = String::new();
        for (key, value) in lines {
            let source = self
                .figment
                .find_metadata(&key)
                .map_or_else(|| "unknown".to_string(), describe_source);
            let shown = if is_secret(&key) { mask(&value) } else { value };
            out.push_str(&format!("{key} = {shown}  # {source}\n"));
        }
        out
    }
}

fn defaults_figment(app_defaults: &[(String, serde_json::Value)]) -> Figment {
    let mut figment = Figment::from(Serialized::defaults(AppConfig::default()));
    for (key, value) in app_defaults {
        figment = figment.merge(Serialized::default(key, value.clone()));
    }
    figment
}

fn toml_provider(file: Option<&Path>) -> Result<figment::providers::Data<Toml>, StartupError> {
    match file {
        Some(path) if !path.is_file() => Err(StartupError::Config(format!(
            "the configuration file {} does not exist",
            path.display()
        ))),
        Some(path) => Ok(Toml::file_exact(path)),
        None => Ok(Toml::file(DEFAULT_CONFIG_FILE)),
    }
}

fn collect_leaves(value: &figment::value::Value, prefix: String, out: &mut Vec<(String, String)>) {
    use figment::value::Value;

    match value {
        Value::Dict(_, dict) if !dict.is_empty() => {
            for (key, inner) in dict {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect_leaves(inner, path, out);
            }
        }
        other => {
            let json = other
                .deserialize::<serde_json::Value>()
                .map_or_else(|_| "?".to_string(), |v| v.to_string());
            out.push((prefix, json));
        }
    }
}

fn describe_source(meta: &figment::Metadata) -> String {
    match &meta.source {
        Some(figment::Source::Code(_)) if meta.name.ends_with("AppConfig") => {
            "built-in default".into()
        }
        Some(figment::Source::Code(_)) => "default of this application".into(),
        Some(source) => format!("{} ({source})", meta.name),
        None => meta.name.to_string(),
    }
}

/// Keys whose values must not be shown.
fn is_secret(key: &str) -> bool {
    key.contains("secret") || key.contains("password") || key == "database.url"
}

fn mask(value: &str) -> String {
    if value == "null" || value == "[]" {
        return value.to_string();
    }
    if let Ok(serde_json::Value::String(url)) = serde_json::from_str::<serde_json::Value>(value)
        && url.contains("://")
    {
        return format!("\"{}\"", crate::extensions::database::redact_url(&url));
    }
    "\"********\"".to_string()
}

/// Checks what serde cannot: values that parse but make no sense.
fn validate(app: &AppConfig) -> Result<(), StartupError> {
    let fail = |key: &str, expected: &str| {
        Err(StartupError::Config(format!(
            "key `{key}`: expected {expected}"
        )))
    };

    if !app.server.site_url.starts_with("http://") && !app.server.site_url.starts_with("https://") {
        return fail("server.site_url", "an http:// or https:// address");
    }
    if app.auth.access_token_ttl_secs == 0 {
        return fail("auth.access_token_ttl_secs", "a number of seconds above 0");
    }
    if app.auth.reset_token_ttl_secs == 0 {
        return fail("auth.reset_token_ttl_secs", "a number of seconds above 0");
    }
    if app.auth.argon2.time_cost == 0 || app.auth.argon2.parallelism == 0 {
        return fail("auth.argon2", "time_cost and parallelism of at least 1");
    }
    if app.auth.argon2.memory_kib < 8 * app.auth.argon2.parallelism {
        return fail(
            "auth.argon2.memory_kib",
            "at least 8 KiB per lane of parallelism",
        );
    }
    if app.auth.hashing_concurrency == Some(0) {
        return fail("auth.hashing_concurrency", "at least 1");
    }
    if app.database.max_connections == 0 {
        return fail("database.max_connections", "at least 1");
    }
    if app.mail.sender.parse::<lettre::message::Mailbox>().is_err() {
        return fail(
            "mail.sender",
            "a mail address such as `OpenML <noreply@example.org>`",
        );
    }
    if let Some(to) = &app.mail.feedback_to
        && to.parse::<lettre::message::Mailbox>().is_err()
    {
        return fail("mail.feedback_to", "a mail address");
    }
    for secret in app.auth.jwt_secret.iter().chain(&app.auth.accepted_secrets) {
        if secret.is_empty() {
            return fail("auth.jwt_secret", "a non-empty secret");
        }
    }
    Ok(())
}

/// Accepts a list, or one string of comma-separated items (as environment
/// variables give them).
fn string_or_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::Many(items) => items,
        OneOrMany::One(text) if text.trim_start().starts_with('[') => serde_json::from_str(&text)
            .map_err(|err| {
            serde::de::Error::custom(format!(
                "a list such as [\"a\", \"b\"] or a comma-separated text: {err}"
            ))
        })?,
        OneOrMany::One(text) => text
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(String::from)
            .collect(),
    })
}
