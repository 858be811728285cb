//! The routes of the `openml` blueprint, one module a concern, and what
//! they share: the `{"msg": ...}` reply, the dataset id in a page address,
//! and ids that arrive as text or as numbers.

pub mod collections;
pub mod data_edit;
pub mod data_tag;
pub mod data_upload;
pub mod task;

use openml_front_core::ApiError;
use poem_openapi::payload::Json;
use poem_openapi::{Object, Tags};
use serde_json::Value;

use crate::xml::FieldError;

/// The groups the routes are listed under in the API document.
#[derive(Tags)]
pub enum OpenmlTag {
    /// Datasets on OpenML: upload, edit and tag, with the user's API key.
    Datasets,
    /// Tasks on OpenML.
    Tasks,
    /// Collections (studies and benchmark suites) on OpenML.
    Collections,
}

/// A reply that only says what happened.
#[derive(Debug, Clone, PartialEq, Eq, Object)]
pub struct MsgReply {
    /// What happened, in the words the React app compares against.
    pub msg: String,
}

impl MsgReply {
    /// The JSON reply `{"msg": msg}`.
    pub fn json(msg: &str) -> Json<Self> {
        Json(Self {
            msg: msg.to_string(),
        })
    }
}

impl From<FieldError> for ApiError {
    fn from(err: FieldError) -> Self {
        ApiError::bad_request(err.to_string())
    }
}

/// How a request names its dataset: the `url` query parameter holds the
/// dataset page's address, such as
/// `https://www.openml.org/search?type=data&id=61`, whose `id` parameter
/// is the dataset id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRef {
    /// The `url` query parameter.
    pub url: Option<String>,
    /// The request's own `id` query parameter. A client that puts the page
    /// address in `url` without encoding it splits the address's `&id=61`
    /// off into this parameter; it is read when `url` has no id.
    pub id: Option<String>,
}

impl PageRef {
    /// The two query parameters.
    pub fn new(url: Option<String>, id: Option<String>) -> Self {
        Self { url, id }
    }

    /// The dataset id, or a 400 that says what is missing or wrong.
    pub fn dataset_id(&self) -> Result<u32, ApiError> {
        let url = self
            .url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .ok_or_else(|| {
                ApiError::bad_request(
                    "The url query parameter is missing; send the dataset page's address",
                )
            })?;

        let id = id_in_address(url)
            .or_else(|| self.id.clone())
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "The url '{url}' has no id query parameter naming the dataset"
                ))
            })?;
        parse_positive_id(&id).ok_or_else(|| {
            ApiError::bad_request(format!(
                "The dataset id '{id}' in the url is not a dataset id (expected a whole number \
                 such as 61)"
            ))
        })
    }
}

/// The `id` query parameter of an address.
fn id_in_address(url: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    let query = query.split('#').next().unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "id")
        .map(|(_, value)| value.into_owned())
}

/// A whole number from 1 to 2147483647 (OpenML's ids are `xs:int`).
pub fn parse_positive_id(text: &str) -> Option<u32> {
    let id: u32 = text.trim().parse().ok()?;
    (1..=i32::MAX as u32).contains(&id).then_some(id)
}

/// An id sent as a JSON number or as text; `None` when missing, `null` or
/// empty.
pub fn optional_id(
    field: &str,
    noun: &str,
    value: Option<&Value>,
) -> Result<Option<u32>, FieldError> {
    let Some(text) = loose_text(field, value)? else {
        return Ok(None);
    };
    if text.trim().is_empty() {
        return Ok(None);
    }

    parse_positive_id(&text).map(Some).ok_or_else(|| {
        FieldError::new(
            field,
            format!("must be a {noun} id, a whole number such as 42; got '{text}'"),
        )
    })
}

/// An id that must be given.
pub fn required_id(field: &str, noun: &str, value: Option<&Value>) -> Result<u32, FieldError> {
    optional_id(field, noun, value)?.ok_or_else(|| FieldError::required(field))
}

/// Text sent as a JSON string or number; `None` when missing or `null`.
pub fn loose_text(field: &str, value: Option<&Value>) -> Result<Option<String>, FieldError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(_) => Err(FieldError::new(field, "must be text or a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dataset_id_from_url(url: Option<&str>) -> Result<u32, ApiError> {
        let page = PageRef {
            url: url.map(String::from),
            id: None,
        };
        page.dataset_id()
    }

    #[test]
    fn an_address_sent_unencoded_still_names_the_dataset() {
        let page = PageRef {
            url: Some("https://www.openml.org/search?type=data".into()),
            id: Some("61".into()),
        };
        assert_eq!(page.dataset_id(), Ok(61));

        let page = PageRef {
            url: Some("https://www.openml.org/search?id=2".into()),
            id: Some("61".into()),
        };
        assert_eq!(page.dataset_id(), Ok(2), "the address's own id comes first");
    }

    #[test]
    fn the_dataset_id_comes_from_the_page_address() {
        let id = dataset_id_from_url(Some("https://www.openml.org/search?type=data&id=61"));
        assert_eq!(id, Ok(61));
        assert_eq!(
            dataset_id_from_url(Some("/search?id=%2040&x=1#top")),
            Ok(40)
        );
    }

    #[test]
    fn addresses_without_a_good_id_are_refused() {
        let missing = dataset_id_from_url(None).unwrap_err();
        assert!(
            missing.msg.contains("url query parameter is missing"),
            "{}",
            missing.msg
        );

        let no_id = dataset_id_from_url(Some("https://www.openml.org/d/61")).unwrap_err();
        assert!(
            no_id.msg.contains("has no id query parameter"),
            "{}",
            no_id.msg
        );

        for bad in ["abc", "-3", "0", "1.5", "99999999999"] {
            let err = dataset_id_from_url(Some(&format!("/search?id={bad}"))).unwrap_err();
            assert!(err.msg.contains(&format!("'{bad}'")), "{}", err.msg);
            assert_eq!(err.status, 400);
        }
    }

    #[test]
    fn ids_may_be_numbers_or_text() {
        assert_eq!(
            optional_id("dataset_id", "dataset", Some(&json!(61))),
            Ok(Some(61))
        );
        assert_eq!(
            optional_id("dataset_id", "dataset", Some(&json!(" 61 "))),
            Ok(Some(61))
        );
        assert_eq!(
            optional_id("benchmark", "suite", Some(&json!(""))),
            Ok(None)
        );
        assert_eq!(optional_id("benchmark", "suite", None), Ok(None));

        let err = required_id("dataset_id", "dataset", Some(&json!("x1"))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "dataset_id must be a dataset id, a whole number such as 42; got 'x1'"
        );
        let err = required_id("dataset_id", "dataset", Some(&json!([1]))).unwrap_err();
        assert_eq!(err.to_string(), "dataset_id must be text or a number");
        assert_eq!(
            required_id("dataset_id", "dataset", None)
                .unwrap_err()
                .problem,
            "is required"
        );
    }
}
