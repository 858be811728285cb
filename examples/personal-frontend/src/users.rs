//! `personal-frontend user ...`: account administration.

use std::io::BufRead;

use openml_front_core::blueprints::accounts::admin::{self, NewAccount};
use openml_front_core::extensions::database::Database;
use openml_front_core::extensions::passwords::Passwords;
use openml_front_core::{Settings, create_app};

use crate::cli::{CliError, UserCommand};

/// Runs one account command against the configured database.
pub async fn run(settings: Settings, command: UserCommand) -> Result<(), CliError> {
    let app = create_app(settings).await?;
    let database = app.extensions().require::<Database>()?;
    let fail = |err: openml_front_core::ApiError| CliError::Account(err.msg);

    match command {
        UserCommand::Create {
            email,
            first_name,
            last_name,
            unconfirmed,
        } => {
            let password = read_password()?;
            let passwords = app.extensions().require::<Passwords>()?;
            let account = NewAccount {
                email,
                password,
                first_name,
                last_name,
                active: !unconfirmed,
            };
            let user = admin::create_user(&database, &passwords, &account)
                .await
                .map_err(fail)?;
            println!("created account {} (id {})", user.username, user.id);
        }
        UserCommand::SetPassword { username } => {
            let password = read_password()?;
            let passwords = app.extensions().require::<Passwords>()?;
            admin::set_password(&database, &passwords, &username, &password)
                .await
                .map_err(fail)?;
            println!("password of {username} changed");
        }
        UserCommand::Activate { username } => {
            admin::activate(&database, &username).await.map_err(fail)?;
            println!("{username} can now log in");
        }
    }
    Ok(())
}

/// One line from standard input, without its line ending.
fn read_password() -> Result<String, CliError> {
    eprintln!("password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(CliError::Stdin)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
