//! The account routes of the openml.org site backend, as two blueprints:
//! `public` (signup, confirmation, forgotten passwords, feedback: no token)
//! and `user` (login, profile, image, API key, logout, delete).
//!
//! Paths, fields, status codes and `msg` strings are those the React app
//! expects; see the wire contract. Where the old backend crashed, leaked or
//! lost state, these routes keep the reply and drop the flaw.

pub mod admin;
mod images;
mod mailed_token;
mod public;
mod store;
mod user;
mod validate;

use std::path::PathBuf;
use std::sync::Arc;

use crate::auth::Authenticator;
use crate::blueprint::{Blueprint, Mount, MountContext};
use crate::error::StartupError;
use crate::extensions::database::Database;
use crate::extensions::mailer::Mailer;
use crate::extensions::passwords::Passwords;
use crate::extensions::tokens::Tokens;

pub use images::ImageStore;
pub use mailed_token::MailedToken;

/// What the account handlers share.
#[derive(Clone)]
pub(crate) struct Accounts {
    pub(crate) database: Arc<Database>,
    pub(crate) passwords: Arc<Passwords>,
    pub(crate) tokens: Arc<Tokens>,
    pub(crate) mailer: Arc<Mailer>,
    pub(crate) images: ImageStore,
    pub(crate) site_url: String,
    pub(crate) confirm_signups: bool,
    pub(crate) reset_ttl_secs: i64,
}

impl Accounts {
    fn from_context(ctx: &MountContext<'_>) -> Result<Self, StartupError> {
        let app = &ctx.settings.app;
        let images = ImageStore::new(
            PathBuf::from(&app.server.image_dir),
            app.server.max_image_bytes,
        )
        .map_err(|err| ctx.fail(err))?;

        Ok(Self {
            database: ctx.extension()?,
            passwords: ctx.extension()?,
            tokens: ctx.extension()?,
            mailer: ctx.extension()?,
            images,
            site_url: app.server.site_url.trim_end_matches('/').to_string(),
            confirm_signups: app.mail.confirm_signups,
            reset_ttl_secs: i64::try_from(app.auth.reset_token_ttl_secs).unwrap_or(i64::MAX),
        })
    }

    /// The page a mailed link opens, with the token in its query.
    fn link(&self, page: &str, token: &MailedToken) -> String {
        format!(
            "{}/auth/{page}/?token={}",
            self.site_url,
            token.as_link_value()
        )
    }
}

/// The account routes that need no token.
#[derive(Default)]
pub struct Public;

#[crate::blueprint(name = "public", requires = ["database", "passwords", "tokens", "mailer"])]
impl Blueprint for Public {
    fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
        let accounts = Accounts::from_context(ctx)?;
        Ok(Mount::new().api(public::PublicApi { accounts }))
    }
}

/// The routes of a signed-in user, and login.
#[derive(Default)]
pub struct User;

#[crate::blueprint(name = "user", requires = ["database", "passwords", "tokens", "mailer"])]
impl Blueprint for User {
    fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
        let accounts = Accounts::from_context(ctx)?;
        let authenticator = Authenticator::new(accounts.tokens.clone(), accounts.database.clone());
        let images = accounts.images.clone();

        Ok(Mount::new()
            .api(user::UserApi { accounts })
            .route("/imgs/*path", images.endpoint())
            .data(authenticator))
    }
}
