//! The `database` extension: a sea-orm connection pool, with missing tables
//! created at start-up.

use std::time::Duration;

use sea_orm::{ConnectOptions, DatabaseConnection, DbBackend, DbErr};

use crate::db::schema::create_missing_tables;
use crate::error::StartupError;
use crate::extension::{Extension, ExtensionContext};

/// The shared database connection pool.
pub struct Database {
    conn: DatabaseConnection,
}

#[openml_front_macros::extension(name = "database")]
impl Extension for Database {
    async fn init(ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
        let config = &ctx.settings.app.database;
        let database = Database::connect(&config.url, config.max_connections).await?;

        let created = create_missing_tables(&database.conn)
            .await
            .map_err(|err| database_error(&config.url, &err))?;
        tracing::info!(
            database = %redact_url(&config.url),
            created = %created.join(", "),
            "database ready"
        );
        Ok(database)
    }
}

impl Database {
    /// Connects to `url` without touching any table.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StartupError> {
        let mut options = ConnectOptions::new(url.to_string());
        options
            .max_connections(max_connections)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false);

        let conn = sea_orm::Database::connect(options)
            .await
            .map_err(|err| database_error(url, &err))?;
        Ok(Self { conn })
    }

    /// The connection pool.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Which kind of database this is.
    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }
}

fn database_error(url: &str, err: &DbErr) -> StartupError {
    StartupError::Extension {
        name: "database".into(),
        reason: format!("cannot use {} (key `database.url`): {err}", redact_url(url)),
    }
}

/// The address with any password replaced by `***`, for logs and messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact_url("mysql://root:secret@127.0.0.1/test"),
            "mysql://root:***@127.0.0.1/test"
        );
        assert_eq!(
            redact_url("sqlite://x.db?mode=rwc"),
            "sqlite://x.db?mode=rwc"
        );
    }
}
