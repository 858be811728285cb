//! The `user` blueprint: login and the routes of a signed-in user.

use poem_openapi::payload::{Json, PlainText};
use poem_openapi::types::multipart::Upload;
use poem_openapi::{Multipart, Object, OpenApi};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};

use super::mailed_token::MailedToken;
use super::public::{Msg, msg, send_confirmation};
use super::{Accounts, store, validate};
use crate::auth::{CurrentUser, ValidToken};
use crate::clock::{unix_now, unix_now_u32};
use crate::db::{deleted_users, users};
use crate::error::{ApiError, ApiResult};

/// `POST /login`.
#[derive(Debug, Object)]
pub struct LoginRequest {
    /// Matched against the login name (which is the address for accounts
    /// made by signup).
    pub email: Option<String>,
    /// The password.
    pub password: Option<String>,
}

/// `POST /login` reply: a token, or a `msg` the React app branches on.
#[derive(Debug, Object)]
pub struct LoginReply {
    /// The access token, on success.
    #[oai(skip_serializing_if_is_none)]
    pub access_token: Option<String>,
    /// `Wrong username or password`, `wrong password` or `NotConfirmed`.
    #[oai(skip_serializing_if_is_none)]
    pub msg: Option<String>,
}

/// `GET /profile` reply. No field is ever null.
#[derive(Debug, Object)]
pub struct Profile {
    /// Login name.
    pub username: String,
    /// About the user.
    pub bio: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Address.
    pub email: String,
    /// `/imgs/...`, an absolute URL, or empty.
    pub image: String,
    /// The user's id.
    pub id: u32,
}

/// `POST /profile`.
#[derive(Debug, Object)]
pub struct ProfileEdit {
    /// About the user.
    pub bio: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Address; a new one is confirmed through a mailed link.
    pub email: Option<String>,
}

/// `POST /image`.
#[derive(Debug, Multipart)]
pub struct ImageForm {
    /// The image file.
    pub file: Upload,
}

/// `GET /api-key` reply.
#[derive(Debug, Object)]
pub struct ApiKeyReply {
    /// The OpenML API key.
    pub apikey: String,
}

/// `POST /api-key`.
#[derive(Debug, Object)]
pub struct ApiKeyReset {
    /// Must be `true`.
    pub resetapikey: Option<bool>,
}

/// `POST /api-key` reply.
#[derive(Debug, Object)]
pub struct ApiKeyUpdated {
    /// `API Key updated`.
    pub msg: String,
    /// The new key.
    pub apikey: String,
}

/// The longest accepted bio, in characters.
const MAX_BIO_CHARS: usize = 10_000;

/// Login and the routes of a signed-in user.
pub struct UserApi {
    pub(crate) accounts: Accounts,
}

#[OpenApi]
impl UserApi {
    /// Logs in with login name (sent as `email`) and password, and returns
    /// an access token. A stored hash of an older kind is replaced by a
    /// fresh Argon2id hash.
    #[oai(path = "/login", method = "post")]
    async fn login(&self, body: Json<LoginRequest>) -> ApiResult<Json<LoginReply>> {
        let username = validate::required("email", &body.email)?;
        let username = validate::at_most("email", username, 254)?;
        let password = validate::required("password", &body.password)?;
        let password = validate::at_most("password", password, validate::MAX_PASSWORD_CHARS)?;

        let db = self.accounts.database.conn();
        let user = match store::by_username(db, username).await? {
            Some(user) if !store::is_deleted(db, user.id).await? => user,
            _ => {
                self.accounts.passwords.verify_decoy(password).await?;
                return Ok(login_msg("Wrong username or password"));
            }
        };

        let check = self
            .accounts
            .passwords
            .verify(password, &user.password)
            .await?;
        if !check.matches {
            return Ok(login_msg("wrong password"));
        }
        if user.active == Some(false) {
            return Ok(login_msg("NotConfirmed"));
        }

        self.record_login(&user, password, check.needs_rehash)
            .await?;
        let token = self.accounts.tokens.issue(&user.username)?;
        Ok(Json(LoginReply {
            access_token: Some(token),
            msg: None,
        }))
    }

    /// The signed-in user's profile.
    #[oai(path = "/profile", method = "get")]
    async fn profile(&self, user: CurrentUser) -> ApiResult<Json<Profile>> {
        let user = user.user;
        Ok(Json(Profile {
            image: public_image_path(user.image.as_deref()),
            username: user.username,
            bio: user.bio,
            first_name: user.first_name.unwrap_or_default(),
            last_name: user.last_name.unwrap_or_default(),
            email: user.email,
            id: user.id,
        }))
    }

    /// Changes bio, names and address. A new address gets a confirmation
    /// link by mail, in the same transaction as the change.
    #[oai(path = "/profile", method = "post")]
    async fn edit_profile(
        &self,
        user: CurrentUser,
        body: Json<ProfileEdit>,
    ) -> ApiResult<Json<Msg>> {
        let user = user.user;
        let mut row = user.clone().into_active_model();
        if let Some(bio) = &body.bio {
            row.bio = Set(validate::at_most("bio", bio.trim(), MAX_BIO_CHARS)?.to_string());
        }
        if let Some(first) = &body.first_name {
            row.first_name = Set(Some(validate::name("first_name", first)?.to_string()));
        }
        if let Some(last) = &body.last_name {
            row.last_name = Set(Some(validate::name("last_name", last)?.to_string()));
        }

        let new_email = match body.email.as_deref().map(str::trim) {
            Some(email) if !email.is_empty() && email != user.email => {
                Some(validate::email("email", email)?)
            }
            _ => None,
        };

        let txn = self.accounts.database.conn().begin().await?;
        if let Some(email) = &new_email {
            // The claim is written first, so that on SQLite this transaction
            // holds the write lock before it reads.
            if !store::claim(&txn, &format!("email:{}", email.to_lowercase())).await?
                || store::by_email(&txn, email).await?.is_some()
            {
                return Err(ApiError::bad_request("Email already registered"));
            }
            let token = MailedToken::generate();
            row.email = Set(email.clone());
            row.activation_selector = Set(Some(token.selector().to_string()));
            row.activation_code = Set(Some(token.stored_code()));
            send_confirmation(&self.accounts, &user, email, &token).await?;
        }
        row.update(&txn).await?;
        txn.commit().await?;
        Ok(msg("User information changed"))
    }

    /// Answers `token-valid` when the bearer token is valid, and 401
    /// otherwise.
    #[oai(path = "/verifytoken", method = "get")]
    async fn verify_token(&self, _token: ValidToken) -> PlainText<&'static str> {
        PlainText("token-valid")
    }

    /// Sets the profile image: the upload must decode as an image; it is
    /// stored as JPEG under a name the user does not choose.
    #[oai(path = "/image", method = "post")]
    async fn upload_image(&self, user: CurrentUser, form: ImageForm) -> ApiResult<Json<Msg>> {
        let user = user.user;
        let stored = self.accounts.images.store(&user, form.file).await?;
        let previous = user.image.clone();

        let mut row = user.into_active_model();
        row.image = Set(Some(stored));
        row.update(self.accounts.database.conn()).await?;
        self.accounts.images.remove(previous.as_deref()).await;
        Ok(msg("User image changed"))
    }

    /// Revokes the bearer token.
    #[oai(path = "/logout", method = "post")]
    async fn logout(&self, user: CurrentUser) -> ApiResult<Json<Msg>> {
        self.accounts.tokens.revoke(&user.claims).await?;
        Ok(msg("Successfully logged out"))
    }

    /// The user's OpenML API key; one is made if the user has none.
    #[oai(path = "/api-key", method = "get")]
    async fn api_key(&self, user: CurrentUser) -> ApiResult<Json<ApiKeyReply>> {
        let apikey = match user.user.session_hash.clone() {
            Some(key) if !key.is_empty() => key,
            _ => store::replace_api_key(self.accounts.database.conn(), &user.user).await?,
        };
        Ok(Json(ApiKeyReply { apikey }))
    }

    /// Replaces the user's OpenML API key with a new random one.
    #[oai(path = "/api-key", method = "post")]
    async fn reset_api_key(
        &self,
        user: CurrentUser,
        body: Json<ApiKeyReset>,
    ) -> ApiResult<Json<ApiKeyUpdated>> {
        if body.resetapikey != Some(true) {
            return Err(ApiError::bad_request(
                "resetapikey must be true to make a new API key",
            ));
        }
        let apikey = store::replace_api_key(self.accounts.database.conn(), &user.user).await?;
        Ok(Json(ApiKeyUpdated {
            msg: "API Key updated".into(),
            apikey,
        }))
    }

    /// Deletes the account: it is deactivated, its API key, its tokens and
    /// its profile image are removed, and no login or link brings it back. The row stays, as
    /// OpenML's uploads refer to it.
    #[oai(path = "/delete", method = "get", method = "post")]
    async fn delete(&self, user: CurrentUser) -> ApiResult<Json<Msg>> {
        let txn = self.accounts.database.conn().begin().await?;
        deleted_users::ActiveModel {
            user_id: Set(i64::from(user.user.id)),
            deleted_at: Set(unix_now()),
        }
        .insert(&txn)
        .await?;

        let mut row = user.user.clone().into_active_model();
        row.active = Set(Some(false));
        row.session_hash = Set(None);
        row.activation_selector = Set(None);
        row.activation_code = Set(None);
        row.forgotten_password_selector = Set(None);
        row.forgotten_password_code = Set(None);
        row.image = Set(None);
        row.update(&txn).await?;
        store::void_tokens_issued_before_now(&txn, user.user.id).await?;
        txn.commit().await?;

        self.accounts.tokens.revoke(&user.claims).await?;
        self.accounts
            .images
            .remove(user.user.image.as_deref())
            .await;
        tracing::info!(user_id = user.user.id, "account deleted");
        Ok(msg("User deleted"))
    }
}

impl UserApi {
    /// Updates `last_login`, stores a fresh hash if needed, and puts the
    /// user in group 2.
    async fn record_login(
        &self,
        user: &users::Model,
        password: &str,
        rehash: bool,
    ) -> ApiResult<()> {
        let mut row = user.clone().into_active_model();
        row.last_login = Set(Some(unix_now_u32()));
        if rehash {
            row.password = Set(self.accounts.passwords.hash(password).await?);
            tracing::info!(user_id = user.id, "password hash upgraded to argon2id");
        }

        let db = self.accounts.database.conn();
        row.update(db).await?;
        store::ensure_member(db, user.id).await?;
        Ok(())
    }
}

fn login_msg(text: &str) -> Json<LoginReply> {
    Json(LoginReply {
        access_token: None,
        msg: Some(text.to_string()),
    })
}

/// The `image` value as the React app can use it from any page: stored
/// `imgs/...` paths become root-relative, absolute URLs stay.
fn public_image_path(stored: Option<&str>) -> String {
    match stored.map(str::trim) {
        None | Some("") => String::new(),
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => url.to_string(),
        Some(path) if path.starts_with("/imgs/") => path.to_string(),
        Some(path) if path.starts_with("imgs/") => format!("/{path}"),
        // Filler such as `0000`, written by an old signup, is no image.
        Some(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::public_image_path;

    #[test]
    fn image_paths_work_from_any_page() {
        assert_eq!(public_image_path(None), "");
        assert_eq!(
            public_image_path(Some("imgs/dev_data/a/b.jpg")),
            "/imgs/dev_data/a/b.jpg"
        );
        assert_eq!(
            public_image_path(Some("https://x.test/a.png")),
            "https://x.test/a.png"
        );
    }
}
