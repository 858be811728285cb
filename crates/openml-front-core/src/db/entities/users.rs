//! OpenML's `users` table (an Ion Auth schema).
//!
//! Unsigned columns are `u32` because MySQL reports them as unsigned and
//! sqlx refuses to read them into signed types.
//!
//! Note: `session_hash_date` (a timestamp with a default) is left out; this
//! backend neither reads nor writes it.

use sea_orm::entity::prelude::*;

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: u32,
    /// Address the account was made from.
    #[sea_orm(column_type = "String(StringLen::N(45))")]
    pub ip_address: String,
    /// Login name; the e-mail address for accounts made by signup.
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub username: String,
    /// Password hash (Argon2id, Argon2i, bcrypt or unsalted MD5).
    #[sea_orm(column_type = "String(StringLen::N(255))")]
    pub password: String,
    /// E-mail address.
    #[sea_orm(column_type = "String(StringLen::N(254))")]
    pub email: String,
    /// Selector of the mailed confirmation token.
    #[sea_orm(column_type = "String(StringLen::N(255))", nullable, unique)]
    pub activation_selector: Option<String>,
    /// Hash of the confirmation token's verifier (or a legacy clear code).
    #[sea_orm(column_type = "String(StringLen::N(255))", nullable)]
    pub activation_code: Option<String>,
    /// Selector of the mailed reset token.
    #[sea_orm(column_type = "String(StringLen::N(255))", nullable, unique)]
    pub forgotten_password_selector: Option<String>,
    /// Hash of the reset token's verifier (or a legacy clear code).
    #[sea_orm(column_type = "String(StringLen::N(255))", nullable)]
    pub forgotten_password_code: Option<String>,
    /// When the reset token was issued, in unix seconds.
    pub forgotten_password_time: Option<u32>,
    /// Unused here; kept for OpenML.
    #[sea_orm(column_type = "String(StringLen::N(255))", nullable, unique)]
    pub remember_selector: Option<String>,
    /// Unused here; kept for OpenML.
    #[sea_orm(column_type = "String(StringLen::N(255))", nullable)]
    pub remember_code: Option<String>,
    /// Creation time, in unix seconds.
    pub created_on: u32,
    /// Last login, in unix seconds.
    pub last_login: Option<u32>,
    /// 0: not confirmed yet; anything else (NULL too) may log in.
    pub active: Option<bool>,
    /// First name.
    #[sea_orm(column_type = "String(StringLen::N(50))", nullable)]
    pub first_name: Option<String>,
    /// Last name.
    #[sea_orm(column_type = "String(StringLen::N(50))", nullable)]
    pub last_name: Option<String>,
    /// Affiliation.
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub company: String,
    /// Phone number.
    #[sea_orm(column_type = "String(StringLen::N(20))", nullable)]
    pub phone: Option<String>,
    /// Country.
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub country: String,
    /// Profile image: `imgs/...` or an absolute URL.
    #[sea_orm(column_type = "String(StringLen::N(128))", nullable)]
    pub image: Option<String>,
    /// Free text about the user.
    #[sea_orm(column_type = "Text")]
    pub bio: String,
    /// `'true'` or `'false'` (an enum in MySQL).
    #[sea_orm(column_type = "String(StringLen::N(5))")]
    pub core: String,
    /// Social sign-in provider.
    #[sea_orm(column_type = "String(StringLen::N(50))", nullable)]
    pub external_source: Option<String>,
    /// Social sign-in id.
    #[sea_orm(column_type = "String(StringLen::N(50))", nullable)]
    pub external_id: Option<String>,
    /// The OpenML API key (32 hex digits), unique.
    #[sea_orm(column_type = "String(StringLen::N(40))", nullable, unique)]
    pub session_hash: Option<String>,
    /// Whether gamification badges are shown.
    #[sea_orm(column_type = "String(StringLen::N(32))")]
    pub gamification_visibility: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
