//! Who is calling: the bearer-token extractors for poem-openapi handlers.
//!
//! [`CurrentUser`] checks the `Authorization` header with the [`Tokens`]
//! extension, loads the user the token names, and refuses accounts that
//! are gone or deleted, and tokens issued before the user's last password
//! reset. Failures get the old site backend's replies
//! (`401 Missing Authorization Header`, `422 Signature verification
//! failed`, ...). [`ValidToken`] is the same check where every failure is a
//! 401, as `GET /verifytoken` answers.
//!
//! Both read [`Authenticator`] from the request data, which a blueprint adds
//! with [`Mount::data`](crate::Mount::data).

use std::sync::Arc;

use poem::http::StatusCode;
use poem::{Request, RequestBody};
use poem_openapi::auth::Bearer;
use poem_openapi::registry::Registry;
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions, SecurityScheme};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::db::{deleted_users, token_floors, users};
use crate::error::ApiError;
use crate::extensions::database::Database;
use crate::extensions::tokens::{Claims, Tokens};

/// Checks tokens and loads the users they name.
#[derive(Clone)]
pub struct Authenticator {
    tokens: Arc<Tokens>,
    database: Arc<Database>,
}

impl Authenticator {
    /// An authenticator over the given extensions.
    pub fn new(tokens: Arc<Tokens>, database: Arc<Database>) -> Self {
        Self { tokens, database }
    }

    /// The user behind the request's bearer token.
    pub async fn current_user(&self, req: &Request) -> Result<CurrentUser, ApiError> {
        let header = req
            .headers()
            .get("authorization")
            .map(|value| value.to_str().unwrap_or(""));
        let claims = self.tokens.authenticate(header).await?;

        let user = users::Entity::find()
            .filter(users::Column::Username.eq(claims.sub.clone()))
            .one(self.database.conn())
            .await?
            .ok_or_else(|| ApiError::unauthorized("Token has been revoked"))?;
        let deleted = deleted_users::Entity::find_by_id(i64::from(user.id))
            .one(self.database.conn())
            .await?;
        let floor = token_floors::Entity::find_by_id(i64::from(user.id))
            .one(self.database.conn())
            .await?;
        let before_floor = floor.is_some_and(|floor| claims.iat < floor.not_before);
        if deleted.is_some() || before_floor {
            return Err(ApiError::unauthorized("Token has been revoked"));
        }

        Ok(CurrentUser { user, claims })
    }
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The user's row.
    pub user: users::Model,
    /// The access token's claims.
    pub claims: Claims,
}

/// A request whose bearer token is valid; every failure is a 401.
#[derive(Debug, Clone)]
pub struct ValidToken(pub CurrentUser);

/// The security scheme shown in the OpenAPI document.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT")]
#[allow(dead_code)]
struct AccessToken(Bearer);

fn authenticator(req: &Request) -> Result<&Authenticator, ApiError> {
    req.data::<Authenticator>().ok_or_else(|| {
        ApiError::internal("the blueprint did not add an Authenticator to its request data")
    })
}

impl<'a> ApiExtractor<'a> for CurrentUser {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <AccessToken as ApiExtractor>::register(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        vec!["AccessToken"]
    }

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _options: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        Ok(authenticator(req)?.current_user(req).await?)
    }
}

impl<'a> ApiExtractor<'a> for ValidToken {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <AccessToken as ApiExtractor>::register(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        vec!["AccessToken"]
    }

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _options: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        match authenticator(req)?.current_user(req).await {
            Ok(user) => Ok(ValidToken(user)),
            Err(err) if err.status.is_client_error() => {
                Err(ApiError::new(StatusCode::UNAUTHORIZED, err.msg).into())
            }
            Err(err) => Err(err.into()),
        }
    }
}
