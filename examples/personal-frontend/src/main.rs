//! `personal-frontend`: a personal OpenML website backend, ready to run.
//!
//! With no configuration at all it keeps its data in `openml-front.db`
//! (SQLite) in the working directory, writes mail as `.eml` files into
//! `mail/`, and listens on http://127.0.0.1:5000.

mod cli;
mod logging;
mod users;

use std::process::ExitCode;

use clap::Parser;

// Crates that declare blueprints or extensions must be linked for the
// factory to find them by name; the build script writes one `extern crate`
// line for every dependency.
include!(concat!(env!("OUT_DIR"), "/linked_plugins.rs"));

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };

    match runtime.block_on(cli.run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
