//! Account administration for command-line tools: create a user, set a
//! password, activate an account. The same checks as the HTTP routes apply.

use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};

use super::store::{self, NewUser};
use super::validate;
use crate::db::users;
use crate::error::{ApiError, ApiResult};
use crate::extensions::database::Database;
use crate::extensions::passwords::Passwords;

/// What [`create_user`] needs to know.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Address; also the login name.
    pub email: String,
    /// The password.
    pub password: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Whether the account may log in at once.
    pub active: bool,
}

/// Creates an account (login name = address) with an API key and group 2.
pub async fn create_user(
    database: &Database,
    passwords: &Passwords,
    account: &NewAccount,
) -> ApiResult<users::Model> {
    let email = validate::email("email", &account.email)?;
    validate::new_password("password", &account.password)?;
    let first_name = validate::name("first name", &account.first_name)?;
    let last_name = validate::name("last name", &account.last_name)?;
    let hash = passwords.hash(&account.password).await?;

    let txn = database.conn().begin().await?;
    let free = store::claim(&txn, &format!("email:{}", email.to_lowercase())).await?
        && store::claim(&txn, &format!("username:{email}")).await?
        && store::by_email(&txn, &email).await?.is_none()
        && store::by_username(&txn, &email).await?.is_none();
    if !free {
        return Err(ApiError::conflict(format!(
            "an account with {email} already exists"
        )));
    }

    let pending_token = (!account.active).then(super::MailedToken::generate);
    let user = store::insert_user(
        &txn,
        NewUser {
            username: &email,
            email: &email,
            password_hash: hash,
            first_name,
            last_name,
            ip_address: "127.0.0.1".into(),
            activation: pending_token.as_ref(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Sets a new password for the account with this login name.
pub async fn set_password(
    database: &Database,
    passwords: &Passwords,
    username: &str,
    password: &str,
) -> ApiResult<()> {
    validate::new_password("password", password)?;
    let user = existing(database, username).await?;
    let hash = passwords.hash(password).await?;

    let mut row = user.into_active_model();
    row.password = Set(hash);
    row.update(database.conn()).await?;
    Ok(())
}

/// Marks the account with this login name as confirmed. A deleted account
/// stays deleted.
pub async fn activate(database: &Database, username: &str) -> ApiResult<()> {
    let user = existing(database, username).await?;
    if store::is_deleted(database.conn(), user.id).await? {
        return Err(ApiError::conflict(format!(
            "the account {username:?} was deleted by its owner and cannot be activated"
        )));
    }
    let mut row = user.into_active_model();
    row.active = Set(Some(true));
    row.activation_selector = Set(None);
    row.activation_code = Set(None);
    row.update(database.conn()).await?;
    Ok(())
}

async fn existing(database: &Database, username: &str) -> ApiResult<users::Model> {
    store::by_username(database.conn(), username)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no account has the login name {username:?}")))
}
