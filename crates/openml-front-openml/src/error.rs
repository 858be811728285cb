//! What can go wrong when talking to OpenML, and the reply each failure
//! gets.
//!
//! [`OpenmlError`] is the client's error. Converting it into an
//! [`ApiError`] picks the status the browser sees:
//!
//! | failure | status |
//! |---|---|
//! | OpenML refused the API key (codes 102, 103, 104, 137, 138, ...) | 403 |
//! | the user may not change this item (353, 476, 1065, ...) | 403 |
//! | the dataset, task or item is unknown (111, 360, 372, ...) | 404 |
//! | the item already exists (139, 473, 1038) | 409 |
//! | any other refusal of the request's content (131, 622, ...) | 400 |
//! | OpenML failed on its side (107, 134, 224, ...) or answered 5xx | 502 |
//! | OpenML's reply could not be understood | 502 |
//! | OpenML could not be reached | 502 |
//! | OpenML did not answer in time | 504 |
//!
//! The API key is refused with 403, not 401: the user's access token is
//! fine, and a 401 would make the React app sign the user out. Every `msg`
//! carries OpenML's code and message, so the user can look it up.

use openml_front_core::ApiError;
use poem::http::StatusCode;

/// Codes OpenML answers with when the API key is missing or refused.
const KEY_REFUSED: &[u32] = &[
    102, 103, 104, 137, 138, 169, 170, 310, 311, 320, 321, 350, 351, 391, 400, 401, 411, 421, 451,
    460, 461, 490, 591,
];

/// Codes for an item the user is not allowed to change.
const NOT_ALLOWED: &[u32] = &[106, 112, 275, 353, 453, 476, 594, 1053, 1065, 1082];

/// Codes for an unknown dataset, task or other item.
const UNKNOWN_ITEM: &[u32] = &[
    111, 151, 156, 271, 301, 352, 361, 372, 472, 601, 632, 1036, 1041, 1063, 1071, 1081,
];

/// Codes for an item that exists already.
const ALREADY_EXISTS: &[u32] = &[139, 473, 1038];

/// Codes for a failure on OpenML's side rather than in the request.
const SERVER_FAULT: &[u32] = &[
    105, 107, 132, 134, 173, 212, 223, 224, 470, 474, 615, 1039, 1067, 1068, 1072, 1084,
];

/// Why a call to OpenML failed.
#[derive(Debug, thiserror::Error)]
pub enum OpenmlError {
    /// OpenML answered with an `oml:error` document.
    #[error("OpenML error {code}: {message}")]
    Api {
        /// The HTTP status of the reply (412 for most refusals).
        status: u16,
        /// OpenML's error code.
        code: u32,
        /// OpenML's message.
        message: String,
        /// OpenML's `additional_information`, if any.
        additional: Option<String>,
    },

    /// OpenML did not answer within the configured time.
    #[error("OpenML did not answer within {secs} seconds")]
    Timeout {
        /// The configured timeout, `openml.timeout_secs`.
        secs: u64,
    },

    /// No connection to OpenML could be made (refused, unknown host, ...).
    #[error("OpenML could not be reached: {reason}")]
    Unreachable {
        /// What the connection attempt reported.
        reason: String,
    },

    /// The connection broke off while the request or reply was in transit.
    #[error("the exchange with OpenML failed: {reason}")]
    Transport {
        /// What the HTTP client reported.
        reason: String,
    },

    /// OpenML answered with an HTTP error status and no `oml:error`.
    #[error("OpenML answered with HTTP {status} and no error description")]
    Status {
        /// The HTTP status.
        status: u16,
    },

    /// OpenML's reply is not the document expected.
    #[error("OpenML's reply could not be understood: {reason}")]
    Malformed {
        /// What was wrong with it.
        reason: String,
    },

    /// A file to be sent could not be read.
    #[error("the file to send to OpenML could not be read")]
    File(#[source] std::io::Error),
}

impl OpenmlError {
    /// The OpenML error code, when OpenML answered with one.
    pub fn code(&self) -> Option<u32> {
        match self {
            Self::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// Builds the error for a reqwest failure. The address is dropped from
    /// the text first, since a read carries the API key in its query.
    pub(crate) fn from_reqwest(err: reqwest::Error, timeout_secs: u64) -> Self {
        let err = err.without_url();
        if err.is_timeout() {
            return Self::Timeout { secs: timeout_secs };
        }

        let reason = error_chain(&err);
        if err.is_connect() {
            Self::Unreachable { reason }
        } else {
            Self::Transport { reason }
        }
    }
}

/// The error and its sources, joined with `: `.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

impl From<OpenmlError> for ApiError {
    fn from(err: OpenmlError) -> Self {
        match err {
            OpenmlError::Api {
                status,
                code,
                message,
                additional,
            } => api_refusal(status, code, &message, additional.as_deref()),
            OpenmlError::Timeout { secs } => ApiError::gateway_timeout(format!(
                "OpenML did not answer within {secs} seconds; please try again later"
            )),
            OpenmlError::Unreachable { reason } => {
                tracing::warn!(%reason, "OpenML could not be reached");
                ApiError::bad_gateway("OpenML could not be reached; please try again later")
            }
            OpenmlError::Transport { reason } => {
                tracing::warn!(%reason, "exchange with OpenML failed");
                ApiError::bad_gateway("The connection to OpenML broke off; please try again")
            }
            OpenmlError::Status { status } => ApiError::bad_gateway(format!(
                "OpenML answered with HTTP {status} and no error description"
            )),
            OpenmlError::Malformed { reason } => {
                tracing::warn!(%reason, "OpenML reply not understood");
                ApiError::bad_gateway(format!("OpenML's reply could not be understood: {reason}"))
            }
            OpenmlError::File(source) => {
                ApiError::internal(format_args!("reading a file to send to OpenML: {source}"))
            }
        }
    }
}

/// The reply for an `oml:error` answer.
fn api_refusal(status: u16, code: u32, message: &str, additional: Option<&str>) -> ApiError {
    let detail = match additional {
        Some(extra) if !extra.is_empty() => format!("{message} ({extra}; OpenML error {code})"),
        _ => format!("{message} (OpenML error {code})"),
    };

    if KEY_REFUSED.contains(&code) {
        ApiError::new(
            StatusCode::FORBIDDEN,
            format!("OpenML did not accept your API key: {detail}"),
        )
    } else if NOT_ALLOWED.contains(&code) {
        ApiError::new(StatusCode::FORBIDDEN, format!("OpenML refused: {detail}"))
    } else if UNKNOWN_ITEM.contains(&code) {
        ApiError::not_found(format!("OpenML does not know it: {detail}"))
    } else if ALREADY_EXISTS.contains(&code) {
        ApiError::conflict(format!("OpenML has it already: {detail}"))
    } else if SERVER_FAULT.contains(&code) || status >= 500 {
        ApiError::bad_gateway(format!("OpenML failed: {detail}"))
    } else {
        ApiError::bad_request(format!("OpenML refused the request: {detail}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(status: u16, code: u32) -> ApiError {
        OpenmlError::Api {
            status,
            code,
            message: "Something".into(),
            additional: Some("matched id(s): [59]".into()),
        }
        .into()
    }

    #[test]
    fn a_refused_key_is_forbidden_and_names_the_code() {
        let err = refusal(412, 103);
        assert_eq!(err.status, StatusCode::FORBIDDEN);
        assert!(err.msg.contains("API key"), "{}", err.msg);
        assert!(err.msg.contains("OpenML error 103"), "{}", err.msg);
    }

    #[test]
    fn refusals_get_client_statuses() {
        assert_eq!(refusal(412, 111).status, StatusCode::NOT_FOUND);
        assert_eq!(refusal(412, 473).status, StatusCode::CONFLICT);
        assert_eq!(refusal(412, 353).status, StatusCode::FORBIDDEN);
        assert_eq!(refusal(412, 131).status, StatusCode::BAD_REQUEST);
        assert_eq!(refusal(412, 622).status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn faults_of_openml_are_bad_gateway() {
        assert_eq!(refusal(412, 107).status, StatusCode::BAD_GATEWAY);
        assert_eq!(refusal(500, 999).status, StatusCode::BAD_GATEWAY);
        let err: ApiError = OpenmlError::Status { status: 503 }.into();
        assert_eq!(err.status, StatusCode::BAD_GATEWAY);
    }

    #[test]
    fn additional_information_is_kept() {
        let err = refusal(412, 614);
        assert!(err.msg.contains("matched id(s): [59]"), "{}", err.msg);
    }

    #[test]
    fn timeouts_and_unreachable_servers_have_their_statuses() {
        let timeout: ApiError = OpenmlError::Timeout { secs: 3 }.into();
        assert_eq!(timeout.status, StatusCode::GATEWAY_TIMEOUT);
        assert!(timeout.msg.contains("3 seconds"));

        let refused: ApiError = OpenmlError::Unreachable {
            reason: "connection refused".into(),
        }
        .into();
        assert_eq!(refused.status, StatusCode::BAD_GATEWAY);
    }
}
