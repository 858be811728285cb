//! The old site backend's `.env` names, translated to configuration keys.
//!
//! | old name | key |
//! |---|---|
//! | `DATABASE_URI` | `database.url` (SQLAlchemy addresses are rewritten) |
//! | `APP_SECRET_KEY` | `auth.jwt_secret`: the old backend really signed tokens with it |
//! | `JWT_SECRET_KEY` | `auth.accepted_secrets`: its tokens are accepted too |
//! | `SMTP_SERVER` | `mail.smtp.host`, and `mail.transport = "smtp"` |
//! | `SMTP_PORT`, `SMTP_LOGIN`, `SMTP_PASS` | `mail.smtp.port`, `.username`, `.password` |
//! | `SMTP_USE_TLS` | `mail.smtp.security`: `starttls` when true, `none` when false |
//! | `EMAIL_SENDER` | `mail.sender` |
//! | `EMAIL_SERVER` | `server.site_url` (`https://` is added to a bare host) |
//! | `SEND_EMAIL` | `mail.confirm_signups` |
//! | `CORS_ORIGINS` | `server.cors_origins` (comma-separated) |
//! | `URL_API`, `OPENML_SERVER` | `openml.server` |
//! | `ELASTICSEARCH_SERVER` | `elasticsearch.url` |
//!
//! Note: `REDIRECT_URL` and `TESTING` served the old backend's social
//! sign-in and its test mode, which this backend does not have; they are
//! read and ignored.

use figment::value::Value;

/// Every old name this module understands.
pub const LEGACY_NAMES: &[&str] = &[
    "DATABASE_URI",
    "APP_SECRET_KEY",
    "JWT_SECRET_KEY",
    "SMTP_SERVER",
    "SMTP_PORT",
    "SMTP_LOGIN",
    "SMTP_PASS",
    "SMTP_USE_TLS",
    "EMAIL_SENDER",
    "EMAIL_SERVER",
    "SEND_EMAIL",
    "CORS_ORIGINS",
    "URL_API",
    "OPENML_SERVER",
    "ELASTICSEARCH_SERVER",
];

/// The configuration keys and values an old variable stands for; empty for
/// names that are not the old backend's.
pub fn translate(name: &str, value: &str) -> Vec<(String, Value)> {
    let text = |key: &str, value: &str| (key.to_string(), Value::from(value.to_string()));

    match name {
        "DATABASE_URI" => vec![text("database.url", &database_url(value))],
        "APP_SECRET_KEY" => vec![text("auth.jwt_secret", value)],
        "JWT_SECRET_KEY" => vec![text("auth.accepted_secrets", value)],
        "SMTP_SERVER" => vec![
            text("mail.smtp.host", value),
            text("mail.transport", "smtp"),
        ],
        "SMTP_PORT" => vec![text("mail.smtp.port", value)],
        "SMTP_LOGIN" => vec![text("mail.smtp.username", value)],
        "SMTP_PASS" => vec![text("mail.smtp.password", value)],
        "SMTP_USE_TLS" => {
            let security = if is_truthy(value) { "starttls" } else { "none" };
            vec![text("mail.smtp.security", security)]
        }
        "EMAIL_SENDER" => vec![text("mail.sender", value)],
        "EMAIL_SERVER" => vec![text("server.site_url", &site_url(value))],
        "SEND_EMAIL" => vec![text("mail.confirm_signups", value)],
        "CORS_ORIGINS" => vec![text("server.cors_origins", value)],
        "URL_API" | "OPENML_SERVER" => vec![text("openml.server", value)],
        "ELASTICSEARCH_SERVER" => vec![text("elasticsearch.url", value)],
        _ => Vec::new(),
    }
}

fn is_truthy(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

/// Rewrites a SQLAlchemy address (`mysql+pymysql://...`, `sqlite:///x.db`)
/// into the form sea-orm takes.
pub fn database_url(uri: &str) -> String {
    let uri = uri.trim();
    if let Some(path) = uri.strip_prefix("sqlite:///") {
        return format!("sqlite://{path}?mode=rwc");
    }

    match uri.split_once("://") {
        Some((scheme, rest)) => {
            let base = scheme.split('+').next().unwrap_or(scheme);
            let base = if base == "postgresql" {
                "postgres"
            } else {
                base
            };
            format!("{base}://{rest}")
        }
        None => uri.to_string(),
    }
}

fn site_url(value: &str) -> String {
    let value = value.trim().trim_end_matches('/');
    if value.starts_with("http://") || value.starts_with("https://") {
        value.to_string()
    } else {
        format!("https://{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlalchemy_addresses() {
        assert_eq!(
            database_url("mysql+pymysql://u:p@db:3306/openml"),
            "mysql://u:p@db:3306/openml"
        );
        assert_eq!(
            database_url("sqlite:///openml.db"),
            "sqlite://openml.db?mode=rwc"
        );
        assert_eq!(
            database_url("postgresql+psycopg2://u@h/x"),
            "postgres://u@h/x"
        );
    }

    #[test]
    fn mail_settings() {
        assert_eq!(
            translate("SMTP_USE_TLS", "False"),
            vec![(
                "mail.smtp.security".to_string(),
                Value::from("none".to_string())
            )]
        );
        assert_eq!(
            translate("EMAIL_SERVER", "openml.org")[0].1,
            Value::from("https://openml.org".to_string())
        );
        assert!(translate("PATH", "/usr/bin").is_empty());
    }
}
