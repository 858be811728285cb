//! The `public` blueprint: account routes that need no token.

use poem::web::RemoteAddr;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};

use super::Accounts;
use super::mailed_token::{MailedToken, ParsedToken, verifier_matches};
use super::store::{self, NewUser};
use super::validate;
use crate::clock::unix_now;
use crate::db::users;
use crate::error::{ApiError, ApiResult};

/// A reply carrying only a message.
#[derive(Debug, Object)]
pub struct Msg {
    /// What happened, in the words the React app compares against.
    pub msg: String,
}

/// Builds a `{"msg": ...}` reply.
pub fn msg(text: &str) -> Json<Msg> {
    Json(Msg {
        msg: text.to_string(),
    })
}

/// `POST /signup`.
#[derive(Debug, Object)]
pub struct SignupRequest {
    /// Address; it also becomes the login name.
    pub email: Option<String>,
    /// At least 8 characters.
    pub password: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
}

/// `POST /register` reply.
#[derive(Debug, Object)]
pub struct Registered {
    /// `User created`.
    pub msg: String,
    /// The login name made from the address.
    pub username: String,
    /// The address.
    pub email: String,
}

/// Replies of `POST /register`.
#[derive(ApiResponse)]
pub enum RegisterResponse {
    /// The account was made.
    #[oai(status = 201)]
    Created(Json<Registered>),
}

/// A request naming an address.
#[derive(Debug, Object)]
pub struct EmailRequest {
    /// The account's address.
    pub email: Option<String>,
}

/// `POST /feedback`.
#[derive(Debug, Object)]
pub struct FeedbackRequest {
    /// Where an answer should go.
    pub email: Option<String>,
    /// The feedback.
    pub feedback: Option<String>,
}

/// A request carrying a mailed link.
#[derive(Debug, Object)]
pub struct LinkRequest {
    /// The address of the page the link opened, with `?token=...`.
    pub url: Option<String>,
}

/// `POST /resetpassword`.
#[derive(Debug, Object)]
pub struct ResetRequest {
    /// The address of the reset page, with `?token=...`.
    pub url: Option<String>,
    /// The new password.
    pub password: Option<String>,
}

/// The longest accepted feedback text, in characters.
const MAX_FEEDBACK_CHARS: usize = 10_000;

const BAD_CONFIRMATION: &str =
    "This confirmation link is invalid or has already been used; ask for a new one";
const BAD_RESET: &str = "This reset link is invalid, expired or already used; ask for a new one";
const OLD_RESET: &str = "This reset link comes from an older version of the site and no longer works; ask for a new one";

/// The account routes that need no token.
pub struct PublicApi {
    pub(crate) accounts: Accounts,
}

#[OpenApi]
impl PublicApi {
    /// Creates an account whose login name is its e-mail address, and mails
    /// a confirmation link when confirmation is on.
    #[oai(path = "/signup", method = "post")]
    async fn signup(&self, body: Json<SignupRequest>, remote: &RemoteAddr) -> ApiResult<Json<Msg>> {
        let form = SignupForm::check(&body)?;
        let outcome = self
            .create_account(&form, &form.email, client_ip(remote))
            .await?;
        Ok(msg(match outcome {
            Created::Yes(_) => "User created",
            Created::Taken => "User already exists",
        }))
    }

    /// Creates an account whose login name is the address's local part (with
    /// 1, 2, ... appended until it is free).
    #[oai(path = "/register", method = "post")]
    async fn register(
        &self,
        body: Json<SignupRequest>,
        remote: &RemoteAddr,
    ) -> ApiResult<RegisterResponse> {
        let form = SignupForm::check(&body)?;
        let base = form.email.split('@').next().unwrap_or_default().to_string();

        for suffix in 0..1000_u32 {
            let username = if suffix == 0 {
                base.clone()
            } else {
                format!("{base}{suffix}")
            };
            if store::by_username(self.accounts.database.conn(), &username)
                .await?
                .is_some()
            {
                continue;
            }
            match self
                .create_account(&form, &username, client_ip(remote))
                .await?
            {
                Created::Yes(user) => {
                    return Ok(RegisterResponse::Created(Json(Registered {
                        msg: "User created".into(),
                        username: user.username,
                        email: user.email,
                    })));
                }
                Created::Taken if self.email_taken(&form.email).await? => {
                    return Err(ApiError::bad_request("Email already registered"));
                }
                Created::Taken => continue,
            }
        }
        Err(ApiError::conflict(
            "No free username could be made from this address",
        ))
    }

    /// Mails a password-reset link. The reply is the same whether or not the
    /// address has an account.
    #[oai(path = "/forgotpassword", method = "post")]
    async fn forgot_password(&self, body: Json<EmailRequest>) -> ApiResult<Json<Msg>> {
        let email = validate::email("email", validate::required("email", &body.email)?)?;
        let Some(user) = self.live_user_by_email(&email).await? else {
            return Ok(msg("Token sent"));
        };

        let token = MailedToken::generate();
        let link = self.accounts.link("reset-page", &token);
        let txn = self.accounts.database.conn().begin().await?;
        let mut row = user.clone().into_active_model();
        row.forgotten_password_selector = Set(Some(token.selector().to_string()));
        row.forgotten_password_code = Set(Some(token.stored_code()));
        row.forgotten_password_time = Set(Some(crate::clock::unix_now_u32()));
        row.update(&txn).await?;

        let body = format!(
            "Hello {},\n\nSomeone asked to reset the password of your OpenML account. \
             To choose a new password, open this link within {}:\n\n{link}\n\n\
             If it was not you, ignore this message; your password stays as it is.\n",
            display_name(&user),
            describe_duration(self.accounts.reset_ttl_secs)
        );
        self.accounts
            .mailer
            .send(&user.email, "Reset your OpenML password", body)
            .await?;
        txn.commit().await?;
        Ok(msg("Token sent"))
    }

    /// Mails a new confirmation link to an account that is not confirmed
    /// yet. The reply is the same for unknown addresses.
    #[oai(path = "/send-confirmation-token", method = "post")]
    async fn send_confirmation_token(&self, body: Json<EmailRequest>) -> ApiResult<Json<Msg>> {
        let email = validate::email("email", validate::required("email", &body.email)?)?;
        let reply = msg("User confirmation token sent");
        let Some(user) = self.live_user_by_email(&email).await? else {
            return Ok(reply);
        };
        let pending = user.active == Some(false)
            && (user.activation_selector.is_some() || user.activation_code.is_some());
        if !pending {
            return Ok(reply);
        }

        let txn = self.accounts.database.conn().begin().await?;
        let token = MailedToken::generate();
        let mut row = user.clone().into_active_model();
        row.activation_selector = Set(Some(token.selector().to_string()));
        row.activation_code = Set(Some(token.stored_code()));
        row.update(&txn).await?;
        self.mail_confirmation(&user, &user.email, &token).await?;
        txn.commit().await?;
        Ok(reply)
    }

    /// Mails feedback to the site's feedback address.
    #[oai(path = "/feedback", method = "post")]
    async fn feedback(&self, body: Json<FeedbackRequest>) -> ApiResult<Json<Msg>> {
        let email = validate::email("email", validate::required("email", &body.email)?)?;
        let text = validate::required("feedback", &body.feedback)?;
        let text = validate::at_most("feedback", text, MAX_FEEDBACK_CHARS)?;

        let body = format!("Feedback from {email}:\n\n{text}\n");
        self.accounts.mailer.send_feedback(&email, body).await?;
        Ok(msg("Email sent"))
    }

    /// Confirms an account through the link mailed at signup.
    #[oai(path = "/confirmation", method = "post")]
    async fn confirmation(&self, body: Json<LinkRequest>) -> ApiResult<Json<Msg>> {
        let token = validate::token_from_url(&body.url)?;
        let user = self.user_for_confirmation(&token).await?;

        let mut row = user.into_active_model();
        row.active = Set(Some(true));
        row.activation_selector = Set(None);
        row.activation_code = Set(None);
        row.update(self.accounts.database.conn()).await?;
        Ok(msg("User confirmed"))
    }

    /// Checks a mailed reset link before the React app shows the form.
    #[oai(path = "/forgot-token", method = "post")]
    async fn forgot_token(&self, body: Json<LinkRequest>) -> ApiResult<Json<Msg>> {
        let token = validate::token_from_url(&body.url)?;
        self.user_for_reset(&token)
            .await
            .map_err(|err| ApiError::unauthorized(err.msg))?;
        Ok(msg("token confirmed"))
    }

    /// Sets a new password through a mailed reset link; the link then stops
    /// working.
    #[oai(path = "/resetpassword", method = "post")]
    async fn reset_password(&self, body: Json<ResetRequest>) -> ApiResult<Json<Msg>> {
        let token = validate::token_from_url(&body.url)?;
        let password = validate::required("password", &body.password)?;
        validate::new_password("password", password)?;
        let user = self.user_for_reset(&token).await?;

        let hash = self.accounts.passwords.hash(password).await?;
        let txn = self.accounts.database.conn().begin().await?;
        let user_id = user.id;
        let mut row = user.into_active_model();
        row.password = Set(hash);
        row.forgotten_password_selector = Set(None);
        row.forgotten_password_code = Set(None);
        row.forgotten_password_time = Set(None);
        row.update(&txn).await?;
        store::void_tokens_issued_before_now(&txn, user_id).await?;
        txn.commit().await?;
        Ok(msg("password changed"))
    }
}

/// The checked fields of a signup or register request.
struct SignupForm {
    email: String,
    password: String,
    first_name: String,
    last_name: String,
}

impl SignupForm {
    fn check(body: &SignupRequest) -> ApiResult<Self> {
        let email = validate::email("email", validate::required("email", &body.email)?)?;
        if email.chars().count() > validate::MAX_USERNAME_CHARS {
            return Err(ApiError::bad_request(format!(
                "email is too long to be a login name: at most {} characters",
                validate::MAX_USERNAME_CHARS
            )));
        }
        let password = validate::required("password", &body.password)?;
        validate::new_password("password", password)?;
        let first_name = validate::name(
            "first_name",
            validate::required("first_name", &body.first_name)?,
        )?;
        let last_name = validate::name(
            "last_name",
            validate::required("last_name", &body.last_name)?,
        )?;

        Ok(Self {
            email,
            password: password.to_string(),
            first_name: first_name.to_string(),
            last_name: last_name.to_string(),
        })
    }
}

enum Created {
    Yes(Box<users::Model>),
    Taken,
}

impl PublicApi {
    /// Makes the account in one transaction with its claims and the
    /// confirmation mail: if the mail cannot go out, nothing is stored.
    async fn create_account(
        &self,
        form: &SignupForm,
        username: &str,
        ip: String,
    ) -> ApiResult<Created> {
        let hash = self.accounts.passwords.hash(&form.password).await?;
        let txn = self.accounts.database.conn().begin().await?;

        let email_claim = format!("email:{}", form.email.to_lowercase());
        let username_claim = format!("username:{username}");
        if !store::claim(&txn, &email_claim).await? || !store::claim(&txn, &username_claim).await? {
            return Ok(Created::Taken);
        }
        if store::by_email(&txn, &form.email).await?.is_some()
            || store::by_username(&txn, username).await?.is_some()
        {
            return Ok(Created::Taken);
        }

        let activation = self.accounts.confirm_signups.then(MailedToken::generate);
        let user = store::insert_user(
            &txn,
            NewUser {
                username,
                email: &form.email,
                password_hash: hash,
                first_name: &form.first_name,
                last_name: &form.last_name,
                ip_address: ip,
                activation: activation.as_ref(),
            },
        )
        .await?;

        if let Some(token) = &activation {
            self.mail_confirmation(&user, &user.email, token).await?;
        }
        txn.commit().await?;
        tracing::info!(user_id = user.id, "account created");
        Ok(Created::Yes(Box::new(user)))
    }

    async fn email_taken(&self, email: &str) -> ApiResult<bool> {
        Ok(store::by_email(self.accounts.database.conn(), email)
            .await?
            .is_some())
    }

    async fn live_user_by_email(&self, email: &str) -> ApiResult<Option<users::Model>> {
        let db = self.accounts.database.conn();
        let Some(user) = store::by_email(db, email).await? else {
            return Ok(None);
        };
        if store::is_deleted(db, user.id).await? {
            return Ok(None);
        }
        Ok(Some(user))
    }

    pub(crate) async fn mail_confirmation(
        &self,
        user: &users::Model,
        to: &str,
        token: &MailedToken,
    ) -> ApiResult<()> {
        send_confirmation(&self.accounts, user, to, token).await
    }

    async fn user_for_confirmation(&self, token: &str) -> ApiResult<users::Model> {
        let db = self.accounts.database.conn();
        let user = match MailedToken::parse(token) {
            Some(ParsedToken::Split { selector, verifier }) => {
                store::by_column(db, users::Column::ActivationSelector, &selector)
                    .await?
                    .filter(|user| {
                        user.activation_code
                            .as_deref()
                            .is_some_and(|code| verifier_matches(&verifier, code))
                    })
            }
            Some(ParsedToken::Legacy(code)) => {
                store::by_column(db, users::Column::ActivationCode, &code)
                    .await?
                    .filter(|user| user.activation_selector.is_none())
            }
            None => None,
        };

        let user = user.ok_or_else(|| ApiError::bad_request(BAD_CONFIRMATION))?;
        if store::is_deleted(db, user.id).await? {
            return Err(ApiError::bad_request(BAD_CONFIRMATION));
        }
        Ok(user)
    }

    async fn user_for_reset(&self, token: &str) -> ApiResult<users::Model> {
        let db = self.accounts.database.conn();
        let user = match MailedToken::parse(token) {
            Some(ParsedToken::Split { selector, verifier }) => {
                store::by_column(db, users::Column::ForgottenPasswordSelector, &selector)
                    .await?
                    .filter(|user| {
                        user.forgotten_password_code
                            .as_deref()
                            .is_some_and(|code| verifier_matches(&verifier, code))
                    })
            }
            Some(ParsedToken::Legacy(code)) => {
                store::by_column(db, users::Column::ForgottenPasswordCode, &code)
                    .await?
                    .filter(|user| user.forgotten_password_selector.is_none())
            }
            None => None,
        };

        let user = user.ok_or_else(|| ApiError::bad_request(BAD_RESET))?;
        let issued = match user.forgotten_password_time {
            Some(time) if time > 0 => i64::from(time),
            _ => return Err(ApiError::bad_request(OLD_RESET)),
        };
        if unix_now() > issued.saturating_add(self.accounts.reset_ttl_secs) {
            return Err(ApiError::bad_request(BAD_RESET));
        }
        if store::is_deleted(db, user.id).await? {
            return Err(ApiError::bad_request(BAD_RESET));
        }
        Ok(user)
    }
}

/// Mails the confirmation link for `token` to `to`.
pub(crate) async fn send_confirmation(
    accounts: &Accounts,
    user: &users::Model,
    to: &str,
    token: &MailedToken,
) -> ApiResult<()> {
    let link = accounts.link("confirm-page", token);
    let body = format!(
        "Hello {},\n\nPlease confirm this e-mail address for your OpenML account by opening \
         this link:\n\n{link}\n\nIf you did not ask for this, ignore this message.\n",
        display_name(user)
    );
    accounts
        .mailer
        .send(to, "Confirm your OpenML account", body)
        .await?;
    Ok(())
}

/// "the hour", "2 hours", "30 minutes": how long a link stays valid.
fn describe_duration(secs: i64) -> String {
    match secs {
        3600 => "the hour".into(),
        s if s % 3600 == 0 => format!("{} hours", s / 3600),
        s if s % 60 == 0 && s < 3600 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    }
}

fn display_name(user: &users::Model) -> String {
    match user.first_name.as_deref() {
        Some(name) if !name.trim().is_empty() => name.trim().to_string(),
        _ => user.username.clone(),
    }
}

/// The client's address as OpenML's `ip_address` column holds it.
pub(crate) fn client_ip(remote: &RemoteAddr) -> String {
    remote
        .as_socket_addr()
        .map(|addr| addr.ip().to_string())
        .unwrap_or_default()
}
