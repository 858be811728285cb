//! Errors, one type per layer.
//!
//! [`ApiError`] is what a handler returns: an HTTP status and a `msg` that
//! says, in words a user understands, what was wrong. It is written to the
//! client as `{"msg": "..."}`, the shape the React app reads.
//!
//! [`StartupError`] is what building the application returns: a bad
//! configuration value, a blueprint whose extension is missing, a database
//! that cannot be reached. Its text names the key, blueprint or extension.

use poem::http::StatusCode;
use poem::{Body, IntoResponse, Response};

/// An error reply: an HTTP status and the `msg` sent to the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{msg}")]
pub struct ApiError {
    /// The HTTP status of the reply.
    pub status: StatusCode,
    /// The message sent to the client as `{"msg": ...}`.
    pub msg: String,
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error reply with any status.
    pub fn new(status: StatusCode, msg: impl Into<String>) -> Self {
        Self {
            status,
            msg: msg.into(),
        }
    }

    /// 400: the request is malformed or a field is invalid.
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, msg)
    }

    /// 401: no valid credentials.
    pub fn unauthorized(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, msg)
    }

    /// 404: the thing asked for does not exist.
    pub fn not_found(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, msg)
    }

    /// 409: the request conflicts with the stored state.
    pub fn conflict(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, msg)
    }

    /// 422: the request is well-formed but cannot be processed.
    pub fn unprocessable(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, msg)
    }

    /// 500: a fault on our side. The cause is logged here, and the client
    /// gets a generic message that leaks nothing.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error; the cause has been logged",
        )
    }

    /// 502: an upstream service answered with an error.
    pub fn bad_gateway(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, msg)
    }

    /// 503: a service we depend on is unavailable.
    pub fn unavailable(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, msg)
    }

    /// 504: an upstream service did not answer in time.
    pub fn gateway_timeout(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::GATEWAY_TIMEOUT, msg)
    }
}

/// Builds the JSON reply `{"msg": msg}` with a status.
pub fn msg_response(status: StatusCode, msg: &str) -> Response {
    let body = serde_json::json!({ "msg": msg }).to_string();
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(Body::from_string(body))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        msg_response(self.status, &self.msg)
    }
}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn as_response(&self) -> Response {
        msg_response(self.status, &self.msg)
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        let text = err.to_string();
        match refused_value(&text) {
            Some(reply) => reply,
            None => Self::internal(format_args!("database: {text}")),
        }
    }
}

/// A value the database refused to store (MySQL error 1366 or 1406), as a
/// 400 that names the column. OpenML's own tables are Latin-1 with narrow
/// columns, so text that passed our checks can still not fit there.
fn refused_value(text: &str) -> Option<ApiError> {
    let column = |marker: &str| {
        let rest = &text[text.find(marker)? + marker.len()..];
        let reference = rest.split(" at row").next()?.trim();
        let last = reference.rsplit('.').next()?;
        Some(last.trim_matches(['`', '\'', '"']).to_string())
    };

    if text.contains("Incorrect string value") {
        let field = column("for column").unwrap_or_else(|| "a field".into());
        return Some(ApiError::bad_request(format!(
            "{field} holds characters this database cannot store (its users table \
             takes Latin-1 text only)"
        )));
    }
    if text.contains("Data too long for column") {
        let field = column("for column").unwrap_or_else(|| "a field".into());
        return Some(ApiError::bad_request(format!(
            "{field} is too long for this database"
        )));
    }
    None
}

impl<E: std::fmt::Display> From<sea_orm::TransactionError<E>> for ApiError
where
    ApiError: From<E>,
{
    fn from(err: sea_orm::TransactionError<E>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner.into(),
        }
    }
}

/// Why the application could not be built or started.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// A configuration value is missing or has the wrong form.
    #[error("configuration: {0}")]
    Config(String),

    /// `blueprints` names a blueprint no linked crate declares.
    #[error("unknown blueprint `{name}`; known blueprints: {known}")]
    UnknownBlueprint {
        /// The name from the configuration.
        name: String,
        /// Every declared blueprint name, comma-separated.
        known: String,
    },

    /// A blueprint or extension needs an extension no linked crate declares.
    #[error(
        "{requirer} requires extension `{missing}`, which is not declared by any linked crate; known extensions: {known}"
    )]
    MissingExtension {
        /// The blueprint or extension that needs it, as `blueprint `x``.
        requirer: String,
        /// The missing extension's name.
        missing: String,
        /// Every declared extension name, comma-separated.
        known: String,
    },

    /// Code asked for an extension that no `requires` named.
    #[error(
        "extension `{0}` is used but was not initialised; add it to `requires` of the blueprint or extension that uses it"
    )]
    ExtensionNotRequired(String),

    /// Extensions require each other in a cycle.
    #[error("extensions require each other in a cycle: {0}")]
    ExtensionCycle(String),

    /// Two blueprints declare the same route.
    #[error(
        "route {method} {path} is declared by both blueprint `{first}` and blueprint `{second}`"
    )]
    RouteConflict {
        /// The HTTP method.
        method: String,
        /// The full path.
        path: String,
        /// The blueprint mounted first.
        first: String,
        /// The blueprint mounted second.
        second: String,
    },

    /// An extension failed to initialise.
    #[error("extension `{name}` failed to start: {reason}")]
    Extension {
        /// The extension's name.
        name: String,
        /// What went wrong.
        reason: String,
    },

    /// A blueprint failed to mount.
    #[error("blueprint `{name}` failed to mount: {reason}")]
    Blueprint {
        /// The blueprint's name.
        name: String,
        /// What went wrong.
        reason: String,
    },
}

impl From<figment::Error> for StartupError {
    fn from(err: figment::Error) -> Self {
        let messages: Vec<String> = err
            .into_iter()
            .map(|e| describe_figment_error(&e))
            .collect();
        StartupError::Config(messages.join("; "))
    }
}

/// Renders one figment error as "key `a.b`: what was wrong (from source)".
fn describe_figment_error(err: &figment::Error) -> String {
    let key = if err.path.is_empty() {
        String::from("(top level)")
    } else {
        err.path.join(".")
    };

    let source = err
        .metadata
        .as_ref()
        .map(|meta| match &meta.source {
            Some(origin) => format!(" (from {} {origin})", meta.name),
            None => format!(" (from {})", meta.name),
        })
        .unwrap_or_default();

    format!("key `{key}`: {}{source}", err.kind)
}

#[cfg(test)]
mod tests {
    use super::refused_value;

    #[test]
    fn refused_values_name_their_column() {
        let latin1 = "Execution Error: error returned from database: 1366 (22007): Incorrect string \
                      value: '\\xE5\\xBC' for column `db`.`users`.`first_name` at row 1";
        assert_eq!(
            refused_value(latin1).unwrap().msg,
            "first_name holds characters this database cannot store (its users table takes \
             Latin-1 text only)"
        );
        let long = "1406 (22001): Data too long for column 'username' at row 1";
        assert_eq!(
            refused_value(long).unwrap().msg,
            "username is too long for this database"
        );
        assert!(refused_value("connection refused").is_none());
    }
}

/// The body of every error reply, for the OpenAPI document.
#[derive(Debug, poem_openapi::Object)]
#[oai(rename = "Error")]
struct ErrorBody {
    /// What was wrong.
    msg: String,
}

impl poem_openapi::ApiResponse for ApiError {
    fn meta() -> poem_openapi::registry::MetaResponses {
        use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses};
        use poem_openapi::types::Type;

        let response = |range: &str, description: &'static str| MetaResponse {
            description,
            status: None,
            status_range: Some(range.to_string()),
            content: vec![MetaMediaType {
                content_type: "application/json; charset=utf-8",
                schema: ErrorBody::schema_ref(),
            }],
            headers: vec![],
        };
        MetaResponses {
            responses: vec![
                response("4XX", "The request was refused; `msg` says what was wrong"),
                response("5XX", "A fault on the server or an upstream service"),
            ],
        }
    }

    fn register(registry: &mut poem_openapi::registry::Registry) {
        <ErrorBody as poem_openapi::types::Type>::register(registry);
    }
}
