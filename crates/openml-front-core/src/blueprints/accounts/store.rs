//! Reads and writes of OpenML's user tables for the account routes.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, Set, SqlErr,
};

use super::mailed_token::MailedToken;
use crate::clock::{unix_now, unix_now_u32};
use crate::db::{account_claims, deleted_users, groups, token_floors, users, users_groups};
use crate::error::ApiError;
use crate::random::hex_token;

/// How often a new API key is drawn again after a clash with an existing
/// one (with 128 random bits, a clash is not expected ever).
const API_KEY_ATTEMPTS: usize = 5;

/// The user with this login name.
pub async fn by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::Username.eq(username))
        .one(db)
        .await
}

/// The user with this e-mail address.
pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(db)
        .await
}

/// The user a column holds this value for.
pub async fn by_column(
    db: &impl ConnectionTrait,
    column: users::Column,
    value: &str,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find().filter(column.eq(value)).one(db).await
}

/// Whether the owner deleted this account.
pub async fn is_deleted(db: &impl ConnectionTrait, user_id: u32) -> Result<bool, DbErr> {
    Ok(deleted_users::Entity::find_by_id(i64::from(user_id))
        .one(db)
        .await?
        .is_some())
}

/// Voids every access token of the user issued before now.
pub async fn void_tokens_issued_before_now(
    db: &impl ConnectionTrait,
    user_id: u32,
) -> Result<(), DbErr> {
    let row = token_floors::ActiveModel {
        user_id: Set(i64::from(user_id)),
        not_before: Set(unix_now()),
    };
    token_floors::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(token_floors::Column::UserId)
                .update_column(token_floors::Column::NotBefore)
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Takes `claim` (`email:...` or `username:...`) for this transaction;
/// `false` if another account has it.
pub async fn claim(db: &impl ConnectionTrait, claim: &str) -> Result<bool, DbErr> {
    let row = account_claims::ActiveModel {
        claim: Set(claim.to_string()),
        claimed_at: Set(unix_now()),
    };
    match account_claims::Entity::insert(row).exec(db).await {
        Ok(_) => Ok(true),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(false)
        }
        Err(err) => Err(err),
    }
}

/// The fields of a new account.
pub struct NewUser<'a> {
    /// Login name.
    pub username: &'a str,
    /// Address.
    pub email: &'a str,
    /// Argon2id hash.
    pub password_hash: String,
    /// First name.
    pub first_name: &'a str,
    /// Last name.
    pub last_name: &'a str,
    /// The client's address.
    pub ip_address: String,
    /// The confirmation token, when the account must be confirmed.
    pub activation: Option<&'a MailedToken>,
}

/// Inserts a user with every NOT NULL column of OpenML's table filled, an
/// API key, and membership of group 2.
pub async fn insert_user(
    db: &impl ConnectionTrait,
    new: NewUser<'_>,
) -> Result<users::Model, ApiError> {
    let api_key = fresh_api_key(db).await?;
    let row = users::ActiveModel {
        ip_address: Set(truncate(&new.ip_address, 45)),
        username: Set(new.username.to_string()),
        password: Set(new.password_hash),
        email: Set(new.email.to_string()),
        activation_selector: Set(new.activation.map(|t| t.selector().to_string())),
        activation_code: Set(new.activation.map(MailedToken::stored_code)),
        created_on: Set(unix_now_u32()),
        active: Set(Some(new.activation.is_none())),
        first_name: Set(Some(new.first_name.to_string())),
        last_name: Set(Some(new.last_name.to_string())),
        company: Set(String::new()),
        country: Set(String::new()),
        bio: Set(String::new()),
        core: Set("false".into()),
        session_hash: Set(Some(api_key)),
        gamification_visibility: Set("show".into()),
        ..Default::default()
    };

    let user = row.insert(db).await?;
    ensure_member(db, user.id).await?;
    Ok(user)
}

/// Puts the user in group 2 (members) unless already there.
pub async fn ensure_member(db: &impl ConnectionTrait, user_id: u32) -> Result<(), DbErr> {
    let existing = users_groups::Entity::find()
        .filter(users_groups::Column::UserId.eq(user_id))
        .filter(users_groups::Column::GroupId.eq(groups::MEMBERS))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(());
    }

    users_groups::ActiveModel {
        user_id: Set(user_id),
        group_id: Set(groups::MEMBERS),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// An API key no user has yet: 32 hex digits from the OS's secure source.
async fn fresh_api_key(db: &impl ConnectionTrait) -> Result<String, ApiError> {
    for _ in 0..API_KEY_ATTEMPTS {
        let key = hex_token(16);
        if by_column(db, users::Column::SessionHash, &key)
            .await?
            .is_none()
        {
            return Ok(key);
        }
    }
    Err(ApiError::internal("no unused API key after several draws"))
}

/// Gives the user a new API key and returns it. A clash on the unique key
/// (another instance drew the same value at the same moment) draws again.
pub async fn replace_api_key(
    db: &impl ConnectionTrait,
    user: &users::Model,
) -> Result<String, ApiError> {
    for _ in 0..API_KEY_ATTEMPTS {
        let key = fresh_api_key(db).await?;
        let mut row = user.clone().into_active_model();
        row.session_hash = Set(Some(key.clone()));
        match row.update(db).await {
            Ok(_) => return Ok(key),
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                continue;
            }
            Err(err) => return Err(err.into()),
        }
    }
    Err(ApiError::internal("no unused API key after several draws"))
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}
