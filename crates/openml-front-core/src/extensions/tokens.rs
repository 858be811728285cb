//! The `tokens` extension: JWT access tokens and their revocation.
//!
//! Tokens have the claims the old site backend's Flask-JWT-Extended gave
//! them (`sub`, `jti`, `type`, `fresh`, `iat`, `nbf`, `exp`, `csrf`), are
//! signed with HS256 and `auth.jwt_secret`, and tokens signed with any of
//! `auth.accepted_secrets` are accepted too. So a token of the old backend
//! stays valid after the switch, and the reverse.
//!
//! Revocations are rows of `openml_front_revoked_tokens`: they survive a
//! restart and every instance on the database sees them. Rows of tokens
//! that have expired anyway are purged when new revocations are written.

use std::sync::Arc;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use poem::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use crate::db::revoked_tokens;
use crate::error::{ApiError, StartupError};
use crate::extension::{Extension, ExtensionContext};
use crate::extensions::database::Database;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The username.
    pub sub: String,
    /// A unique id, used to revoke the token.
    pub jti: String,
    /// `access` (the old backend also knew `refresh`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the token came straight from a login.
    #[serde(default)]
    pub fresh: serde_json::Value,
    /// Issued at, unix seconds.
    pub iat: i64,
    /// Not valid before, unix seconds.
    #[serde(default)]
    pub nbf: i64,
    /// Expires at, unix seconds.
    pub exp: i64,
    /// A CSRF value; header-borne tokens do not use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf: Option<String>,
}

/// Issues, checks and revokes access tokens.
pub struct Tokens {
    signing_key: EncodingKey,
    verifying_keys: Vec<DecodingKey>,
    ttl_secs: i64,
    database: Arc<Database>,
}

#[openml_front_macros::extension(name = "tokens", requires = ["database"])]
impl Extension for Tokens {
    async fn init(ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
        let auth = &ctx.settings.app.auth;
        let database = ctx.get::<Database>()?;

        let mut secrets: Vec<String> = auth.jwt_secret.iter().cloned().collect();
        secrets.extend(auth.accepted_secrets.iter().cloned());
        if secrets.is_empty() {
            tracing::warn!(
                "no `auth.jwt_secret` configured: using a random one; \
                 access tokens will not survive a restart"
            );
            secrets.push(crate::random::hex_token(32));
        }

        let ttl_secs = i64::try_from(auth.access_token_ttl_secs).map_err(|_| {
            StartupError::Config("key `auth.access_token_ttl_secs`: the number is too large".into())
        })?;
        Ok(Tokens::new(&secrets, ttl_secs, database))
    }
}

impl Tokens {
    /// Signs with the first secret, accepts all of them.
    pub fn new(secrets: &[String], ttl_secs: i64, database: Arc<Database>) -> Self {
        let mut unique: Vec<&String> = Vec::new();
        for secret in secrets {
            if !unique.contains(&secret) {
                unique.push(secret);
            }
        }

        Self {
            signing_key: EncodingKey::from_secret(unique[0].as_bytes()),
            verifying_keys: unique
                .iter()
                .map(|secret| DecodingKey::from_secret(secret.as_bytes()))
                .collect(),
            ttl_secs,
            database,
        }
    }

    /// A new access token for `username`.
    pub fn issue(&self, username: &str) -> Result<String, ApiError> {
        let now = crate::clock::unix_now();
        let claims = Claims {
            sub: username.to_string(),
            jti: uuid::Uuid::new_v4().to_string(),
            kind: "access".into(),
            fresh: serde_json::Value::Bool(false),
            iat: now,
            nbf: now,
            exp: now + self.ttl_secs,
            csrf: Some(uuid::Uuid::new_v4().to_string()),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.signing_key)
            .map_err(ApiError::internal)
    }

    /// Checks the `Authorization` header value and returns the token's
    /// claims, with the old backend's replies for every failure.
    pub async fn authenticate(&self, header: Option<&str>) -> Result<Claims, ApiError> {
        let token = bearer_token(header)?;
        let claims = self.decode(token)?;

        if self.is_revoked(&claims.jti).await? {
            return Err(ApiError::unauthorized("Token has been revoked"));
        }
        Ok(claims)
    }

    /// Checks signature, times and type, without the revocation list.
    pub fn decode(&self, token: &str) -> Result<Claims, ApiError> {
        if token.split('.').count() != 3 {
            return Err(ApiError::unprocessable("Not enough segments"));
        }

        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "sub"]);

        let mut last_error = None;
        for key in &self.verifying_keys {
            match jsonwebtoken::decode::<Claims>(token, key, &validation) {
                Ok(data) => return check_type(data.claims),
                Err(err) if *err.kind() == ErrorKind::InvalidSignature => last_error = Some(err),
                Err(err) => return Err(describe_jwt_error(&err)),
            }
        }
        Err(last_error.map_or_else(
            || ApiError::unprocessable("Signature verification failed"),
            |err| describe_jwt_error(&err),
        ))
    }

    /// Revokes a token until it would have expired anyway.
    pub async fn revoke(&self, claims: &Claims) -> Result<(), ApiError> {
        self.revoke_jti(&claims.jti, claims.exp).await
    }

    /// Revokes a token by its id.
    pub async fn revoke_jti(&self, jti: &str, expires_at: i64) -> Result<(), ApiError> {
        let row = revoked_tokens::ActiveModel {
            jti: Set(jti.to_string()),
            expires_at: Set(expires_at),
        };
        revoked_tokens::Entity::insert(row)
            .on_conflict_do_nothing_on([revoked_tokens::Column::Jti])
            .exec(self.database.conn())
            .await?;

        self.purge_expired().await
    }

    /// Drops revocations of tokens that have expired anyway.
    pub async fn purge_expired(&self) -> Result<(), ApiError> {
        let removed = revoked_tokens::Entity::delete_many()
            .filter(revoked_tokens::Column::ExpiresAt.lt(crate::clock::unix_now()))
            .exec(self.database.conn())
            .await?;
        if removed.rows_affected > 0 {
            tracing::debug!(rows = removed.rows_affected, "purged expired revocations");
        }
        Ok(())
    }

    async fn is_revoked(&self, jti: &str) -> Result<bool, ApiError> {
        let found = revoked_tokens::Entity::find_by_id(jti.to_string())
            .one(self.database.conn())
            .await?;
        Ok(found.is_some())
    }

    /// How long new tokens are valid, in seconds.
    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }
}

fn bearer_token(header: Option<&str>) -> Result<&str, ApiError> {
    let header = header.ok_or_else(|| ApiError::unauthorized("Missing Authorization Header"))?;
    let mut parts = header.split_whitespace();

    match (parts.next(), parts.next(), parts.next()) {
        (Some("Bearer"), Some(token), None) => Ok(token),
        (Some("Bearer"), _, _) => Err(ApiError::unprocessable(
            "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'",
        )),
        _ => Err(ApiError::unauthorized(
            "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'",
        )),
    }
}

fn check_type(claims: Claims) -> Result<Claims, ApiError> {
    if claims.kind == "access" {
        Ok(claims)
    } else {
        Err(ApiError::unprocessable(
            "Only non-refresh tokens are allowed",
        ))
    }
}

fn describe_jwt_error(err: &jsonwebtoken::errors::Error) -> ApiError {
    match err.kind() {
        ErrorKind::ExpiredSignature => ApiError::unauthorized("Token has expired"),
        ErrorKind::InvalidSignature => ApiError::unprocessable("Signature verification failed"),
        ErrorKind::ImmatureSignature => ApiError::unprocessable("The token is not yet valid (nbf)"),
        ErrorKind::MissingRequiredClaim(claim) => {
            ApiError::unprocessable(format!("Missing claim: {claim}"))
        }
        ErrorKind::InvalidAlgorithm => {
            ApiError::unprocessable("The specified alg value is not allowed")
        }
        ErrorKind::Json(_) => {
            ApiError::unprocessable("Invalid payload: the claims are not as expected")
        }
        _ => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Invalid token: {err}"),
        ),
    }
}
