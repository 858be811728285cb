//! Checks of request fields, each failing with a message that names the
//! field and the rule.

use crate::error::ApiError;

/// The shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest accepted password, in characters.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A field that must be present and non-empty.
pub fn required<'a>(field: &str, value: &'a Option<String>) -> Result<&'a str, ApiError> {
    match value.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(ApiError::bad_request(format!("{field} is required"))),
    }
}

/// A text field of at most `max` characters.
pub fn at_most<'a>(field: &str, value: &'a str, max: usize) -> Result<&'a str, ApiError> {
    if value.chars().count() > max {
        return Err(ApiError::bad_request(format!(
            "{field} is too long: at most {max} characters"
        )));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ApiError::bad_request(format!(
            "{field} contains control characters"
        )));
    }
    Ok(value)
}

/// A mail address, at most 254 characters (the `email` column's width).
pub fn email(field: &str, value: &str) -> Result<String, ApiError> {
    let value = at_most(field, value.trim(), 254)?;
    value
        .parse::<lettre::Address>()
        .map(|_| value.to_string())
        .map_err(|_| ApiError::bad_request(format!("{field} is not a valid e-mail address")))
}

/// A new password: 8 to 256 characters.
pub fn new_password(field: &str, value: &str) -> Result<(), ApiError> {
    let chars = value.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(ApiError::bad_request(format!(
            "{field} is too short: at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(ApiError::bad_request(format!(
            "{field} is too long: at most {MAX_PASSWORD_CHARS} characters"
        )));
    }
    Ok(())
}

/// A name (first or last): one line of at most 50 characters, the
/// column's width.
pub fn name<'a>(field: &str, value: &'a str) -> Result<&'a str, ApiError> {
    let value = at_most(field, value.trim(), 50)?;
    if value.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!(
            "{field} must be one line without control characters"
        )));
    }
    Ok(value)
}

/// The longest login name OpenML's `username` column holds.
pub const MAX_USERNAME_CHARS: usize = 100;

/// The `token` query parameter of a mailed link the React app passes on
/// as `url`.
pub fn token_from_url(url: &Option<String>) -> Result<String, ApiError> {
    let url = required("url", url)?;
    let query = url.split_once('?').map_or("", |(_, query)| query);
    let query = query.split('#').next().unwrap_or("");

    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "token")
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| !value.is_empty())
        .ok_or_else(|| ApiError::bad_request("url has no token: expected ...?token=<token>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_read_from_the_query() {
        let url = Some("http://x/auth/confirm-page/?token=abc.def&x=1".to_string());
        assert_eq!(token_from_url(&url).unwrap(), "abc.def");
        let none = Some("http://x/auth/confirm-page/".to_string());
        assert_eq!(
            token_from_url(&none).unwrap_err().msg,
            "url has no token: expected ...?token=<token>"
        );
    }

    #[test]
    fn passwords_have_bounds() {
        assert!(new_password("password", "short").is_err());
        assert!(new_password("password", "long enough").is_ok());
        assert!(new_password("password", &"x".repeat(257)).is_err());
    }

    #[test]
    fn names_are_one_line() {
        assert!(name("first_name", "Inès").is_ok());
        assert_eq!(
            name("first_name", "A\r\nBcc: x@y.org").unwrap_err().msg,
            "first_name must be one line without control characters"
        );
    }

    #[test]
    fn emails_are_checked() {
        assert!(email("email", "a@b.org").is_ok());
        assert_eq!(
            email("email", "not-an-address").unwrap_err().msg,
            "email is not a valid e-mail address"
        );
    }
}
