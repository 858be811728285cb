//! Checks of what a client sends; each refusal says which field was wrong
//! and what was expected.

use openml_front_core::ApiError;

use crate::config::BookmarksConfig;
use crate::entity::MAX_TITLE_CHARS;
use crate::store::NewBookmark;

/// A kind the configuration accepts.
pub fn kind<'a>(config: &BookmarksConfig, kind: &'a str) -> Result<&'a str, ApiError> {
    if config.allows(kind) {
        return Ok(kind);
    }
    Err(ApiError::bad_request(format!(
        "Unknown kind `{kind}`: expected one of {}",
        config.kinds.join(", ")
    )))
}

/// A positive OpenML id of `field`.
pub fn positive_id(field: &str, id: i64) -> Result<i64, ApiError> {
    if id > 0 {
        return Ok(id);
    }
    Err(ApiError::bad_request(format!(
        "{field} must be a positive OpenML id, not {id}"
    )))
}

/// The `bookmark_id` of a path: a positive whole number.
pub fn bookmark_id(text: &str) -> Result<i64, ApiError> {
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ApiError::bad_request(format!(
            "bookmark_id must be a positive whole number, not `{text}`"
        ))),
    }
}

/// A title, trimmed; an empty one is none. Refuses one that is too long or
/// holds control characters.
pub fn title(title: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(title) = title.map(str::trim).filter(|title| !title.is_empty()) else {
        return Ok(None);
    };

    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(ApiError::bad_request(format!(
            "title is too long: at most {MAX_TITLE_CHARS} characters"
        )));
    }
    if title.chars().any(char::is_control) {
        return Err(ApiError::bad_request("title contains control characters"));
    }
    Ok(Some(title.to_string()))
}

/// A bookmark to save, from the fields of a request.
pub fn new_bookmark(
    config: &BookmarksConfig,
    kind_field: &str,
    id: i64,
    title_field: Option<&str>,
) -> Result<NewBookmark, ApiError> {
    Ok(NewBookmark {
        kind: kind(config, kind_field)?.to_string(),
        openml_id: positive_id("id", id)?,
        title: title(title_field)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(title(Some("  iris  ")), Ok(Some("iris".to_string())));
        assert_eq!(title(Some("   ")), Ok(None));
        assert_eq!(title(None), Ok(None));
        assert!(title(Some(&"x".repeat(MAX_TITLE_CHARS))).is_ok());
        assert!(title(Some(&"x".repeat(MAX_TITLE_CHARS + 1))).is_err());
        assert!(title(Some("a\u{7}b")).is_err());
    }

    #[test]
    fn kinds_follow_the_configuration() {
        let config = BookmarksConfig::default();
        assert_eq!(kind(&config, "task"), Ok("task"));
        let err = kind(&config, "run")
            .map(str::to_string)
            .unwrap_or_else(|e| e.msg);
        assert_eq!(err, "Unknown kind `run`: expected one of data, task, flow");
    }
}
