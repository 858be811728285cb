//! The command line: `serve` (the default), `routes`, `config`, `migrate`
//! and `user` administration.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use openml_front_core::config::{ConfigSources, Settings};
use openml_front_core::{StartupError, create_app};

/// The blueprints this app mounts unless the configuration says otherwise.
const DEFAULT_BLUEPRINTS: &[&str] = &["public", "user", "openml", "elasticsearch", "site"];

/// A personal OpenML website backend.
///
/// Without a configuration it keeps its data in ./openml-front.db (SQLite),
/// writes mail as .eml files into ./mail, and listens on
/// http://127.0.0.1:5000. Settings come from built-in defaults, then
/// ./openml-front.toml (or --config), then ./.env, then OPENML_FRONT_*
/// environment variables (OPENML_FRONT_SERVER__BIND=0.0.0.0:8080 sets
/// server.bind). The old site backend's .env names (DATABASE_URI,
/// APP_SECRET_KEY, SMTP_SERVER, ...) work too.
#[derive(Debug, Parser)]
#[command(name = "personal-frontend", version, verbatim_doc_comment)]
pub struct Cli {
    /// A TOML configuration file [default: ./openml-front.toml if it exists].
    #[arg(long, short, global = true, value_name = "PATH")]
    config: Option<PathBuf>,

    /// A .env file [default: ./.env if it exists].
    #[arg(long, global = true, value_name = "PATH")]
    env_file: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The configuration or the start-up was wrong.
    #[error(transparent)]
    Startup(#[from] StartupError),
    /// The address could not be listened on.
    #[error("cannot listen on {bind} (key `server.bind`): {source}")]
    Listen {
        /// The address.
        bind: std::net::SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// An account command was refused.
    #[error("{0}")]
    Account(String),
    /// Standard input could not be read.
    #[error("cannot read the password from standard input: {0}")]
    Stdin(std::io::Error),
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the site (the default when no command is given).
    Serve,
    /// List every mounted route with its method, path and blueprint.
    Routes,
    /// Print the effective configuration, secrets masked, with where each
    /// value came from.
    Config,
    /// Create missing tables and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
}

/// Account administration. Passwords are read from standard input (one
/// line), so they never show in the process list or shell history.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account whose login name is its e-mail address.
    Create {
        /// The e-mail address (also the login name).
        email: String,
        /// First name.
        #[arg(long, default_value = "")]
        first_name: String,
        /// Last name.
        #[arg(long, default_value = "")]
        last_name: String,
        /// Leave the account unconfirmed (it cannot log in until confirmed).
        #[arg(long)]
        unconfirmed: bool,
    },
    /// Set a new password for an account.
    SetPassword {
        /// The account's login name.
        username: String,
    },
    /// Confirm an account, so that it can log in.
    Activate {
        /// The account's login name.
        username: String,
    },
}

impl Cli {
    /// Runs the chosen command.
    pub async fn run(self) -> Result<(), CliError> {
        let settings = self.settings()?;
        crate::logging::init(settings.app.server.log_format);

        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(settings).await,
            Command::Routes => Ok(print_routes(settings).await?),
            Command::Config => {
                print!("{}", settings.report());
                Ok(())
            }
            Command::Migrate => {
                create_app(settings).await?;
                tracing::info!("tables are up to date");
                Ok(())
            }
            Command::User(command) => crate::users::run(settings, command).await,
        }
    }

    fn settings(&self) -> Result<Settings, StartupError> {
        let sources = ConfigSources {
            file: self.config.clone(),
            dotenv: self.env_file.clone(),
            app_defaults: vec![("blueprints".into(), serde_json::json!(DEFAULT_BLUEPRINTS))],
        };
        Settings::load(&sources)
    }
}

async fn serve(settings: Settings) -> Result<(), CliError> {
    let app = create_app(settings).await?;
    let server = &app.settings().app.server;
    tracing::info!(
        address = %format!("http://{}", server.bind),
        database = %openml_front_core::extensions::database::redact_url(&app.settings().app.database.url),
        blueprints = %app.settings().app.blueprints.join(", "),
        "openml-front starting"
    );

    let bind = app.settings().app.server.bind;
    app.serve()
        .await
        .map_err(|source| CliError::Listen { bind, source })
}

async fn print_routes(settings: Settings) -> Result<(), StartupError> {
    let app = create_app(settings).await?;
    let width = app.routes().iter().map(|r| r.path.len()).max().unwrap_or(0);
    for route in app.routes() {
        println!(
            "{:<7} {:<width$}  {}",
            route.method, route.path, route.blueprint
        );
    }
    Ok(())
}
