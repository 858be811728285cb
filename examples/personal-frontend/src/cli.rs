//! The command line: `serve` (the default), `routes`, `config`, `migrate`
//! and `user` administration.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use openml_front_core::config::{ConfigSources, Settings};
use openml_front_core::{StartupError, create_app};

/// The blueprints this app mounts unless the configuration says otherwise.
const DEFAULT_BLUEPRINTS: &[&str] = &["public", "user"];

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
}

impl Cli {
    /// Runs the chosen command.
    pub async fn run(self) -> Result<(), StartupError> {
        let settings = self.settings()?;
        crate::logging::init(settings.app.server.log_format);

        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(settings).await,
            Command::Routes => print_routes(settings).await,
            Command::Config => {
                print!("{}", settings.report());
                Ok(())
            }
            Command::Migrate => {
                create_app(settings).await?;
                tracing::info!("tables are up to date");
                Ok(())
            }
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

async fn serve(settings: Settings) -> Result<(), StartupError> {
    let app = create_app(settings).await?;
    let server = &app.settings().app.server;
    tracing::info!(
        address = %format!("http://{}", server.bind),
        database = %openml_front_core::extensions::database::redact_url(&app.settings().app.database.url),
        blueprints = %app.settings().app.blueprints.join(", "),
        "openml-front starting"
    );

    app.serve().await.map_err(|err| StartupError::Config(format!(
        "key `server.bind`: cannot listen there: {err}"
    )))
}

async fn print_routes(settings: Settings) -> Result<(), StartupError> {
    let app = create_app(settings).await?;
    let width = app.routes().iter().map(|r| r.path.len()).max().unwrap_or(0);
    for route in app.routes() {
        println!("{:<7} {:<width$}  {}", route.method, route.path, route.blueprint);
    }
    Ok(())
}
