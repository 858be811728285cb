//! Serves the site: `cargo run`, or `cargo run -- --config other.toml`.

use std::path::PathBuf;
use std::process::ExitCode;

use openml_front_core::{Settings, StartupError, create_app};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();

    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), StartupError> {
    let file = config_file_argument()?;
    let settings = Settings::load(&{{crate_name}}::config_sources(file))?;
    let bind = settings.app.server.bind;

    let app = create_app(settings).await?;
    app.serve().await.map_err(|err| {
        StartupError::Config(format!("key `server.bind`: cannot listen on {bind}: {err}"))
    })
}

/// The file after `--config`, if one was given.
fn config_file_argument() -> Result<Option<PathBuf>, StartupError> {
    let mut args = std::env::args().skip(1);
    match (args.next().as_deref(), args.next()) {
        (None, _) => Ok(None),
        (Some("--config"), Some(path)) => Ok(Some(PathBuf::from(path))),
        _ => Err(StartupError::Config(
            "usage: {{project-name}} [--config FILE]".into(),
        )),
    }
}
