//! `POST /data-tag`: adds a tag to a dataset on OpenML.
//!
//! Tags follow OpenML's rule (error 477): 1 to 64 letters, digits and
//! `_-.`. A tag that breaks it is refused here, before OpenML is asked.

use std::sync::Arc;

use openml_front_core::ApiResult;
use openml_front_core::auth::CurrentUser;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::{MsgReply, OpenmlTag, PageRef};
use crate::client::{ApiKey, OpenmlClient};
use crate::xml::rules::{self, FieldError, tidy};

/// The reply of a successful tagging.
pub const TAGGED: &str = "dataset tagged";

/// The tag to add.
#[derive(Debug, Clone, Default, Object)]
pub struct DataTagRequest {
    /// The tag: 1 to 64 letters, digits and `_-.`.
    pub tag: Option<String>,
}

/// The data-tag route.
pub struct DataTagApi {
    client: Arc<OpenmlClient>,
}

impl DataTagApi {
    /// A route that calls OpenML through `client`.
    pub fn new(client: Arc<OpenmlClient>) -> Self {
        Self { client }
    }

    async fn add(&self, user: &CurrentUser, page: &PageRef, tag: Option<&str>) -> ApiResult<()> {
        let key = ApiKey::of(user)?;
        let id = page.dataset_id()?;
        let tag = check_tag(tag)?;

        self.client.tag_dataset(&key, id, &tag).await?;
        tracing::info!(dataset = id, "dataset tagged");
        Ok(())
    }
}

#[OpenApi(tag = "OpenmlTag::Datasets")]
impl DataTagApi {
    /// Adds a tag to a dataset on OpenML.
    #[oai(path = "/data-tag", method = "post")]
    async fn tag(
        &self,
        user: CurrentUser,
        /// The dataset page's address; its `id` parameter names the dataset.
        url: Query<Option<String>>,
        /// The dataset id, read only when `url` has none (an address sent
        /// without encoding leaves its `id` here).
        id: Query<Option<String>>,
        body: Json<DataTagRequest>,
    ) -> ApiResult<Json<MsgReply>> {
        self.add(&user, &PageRef::new(url.0, id.0), body.0.tag.as_deref())
            .await?;
        Ok(MsgReply::json(TAGGED))
    }
}

/// A tag OpenML accepts.
fn check_tag(tag: Option<&str>) -> Result<String, FieldError> {
    let tag = tidy(tag).ok_or_else(|| FieldError::required("tag"))?;
    rules::system("tag", &tag, 64)?;
    Ok(tag)
}

#[cfg(test)]
mod tests {
    use super::check_tag;

    #[test]
    fn tags_follow_openmls_rule() {
        assert_eq!(check_tag(Some(" study_14 ")), Ok("study_14".to_string()));
        assert_eq!(
            check_tag(Some("")).unwrap_err().to_string(),
            "tag is required"
        );
        assert!(check_tag(Some("two words")).is_err());
        assert!(check_tag(Some("Ökologie")).is_err());
        assert!(check_tag(Some(&"t".repeat(65))).is_err());
        assert!(check_tag(Some(&"t".repeat(64))).is_ok());
    }
}
