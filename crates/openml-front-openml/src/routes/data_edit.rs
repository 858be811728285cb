//! `GET /data-edit` and `POST /data-edit`: a dataset's description, shown
//! for editing and changed on OpenML.
//!
//! Whether the user owns the dataset is decided here from OpenML's record
//! of the uploader (`data/list/data_id/{id}`), never from the request's
//! `owner` field.

use std::sync::Arc;

use openml_front_core::auth::CurrentUser;
use openml_front_core::{ApiError, ApiResult};
use poem::http::StatusCode;
use poem_openapi::param::Query;
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{Object, OpenApi};
use serde_json::Value;

use super::{OpenmlTag, PageRef};
use crate::client::{ApiKey, OpenmlClient};
use crate::xml::edit::{EditFields, EditParameters};
use crate::xml::reply::DataDescription;

/// The reply of a successful edit, as the React app expects it.
pub const EDIT_DONE: &str = "data edit successful";

/// A dataset's description as the edit form shows it. Values OpenML does
/// not have are empty strings.
#[derive(Debug, Clone, PartialEq, Eq, Object)]
pub struct DataEditView {
    /// The signed-in user's id.
    pub user_id: u32,
    /// The dataset's name.
    pub name: String,
    /// What the data is.
    pub description: String,
    /// Who made the data; several creators are joined with `, `.
    pub creator: String,
    /// When the data was collected.
    pub date: String,
    /// How to cite it.
    pub citation: String,
    /// Its language.
    pub language: String,
    /// The default target attribute.
    pub default_target_attribute: String,
    /// The ignored attributes, comma-separated.
    pub ignore_attribute: String,
    /// The row id attribute.
    pub row_id_attribute: String,
    /// `"true"` when the signed-in user uploaded the dataset, else `"false"`.
    pub owner: String,
    /// Where the original data lives.
    pub original_data_url: String,
    /// A paper about the data.
    pub paper_url: String,
}

impl DataEditView {
    fn new(user_id: u32, owner: bool, data: DataDescription) -> Self {
        let text = |value: Option<String>| value.unwrap_or_default();
        Self {
            user_id,
            name: data.name,
            description: text(data.description),
            creator: data.creators.join(", "),
            date: text(data.collection_date),
            citation: text(data.citation),
            language: text(data.language),
            default_target_attribute: text(data.default_target_attribute),
            ignore_attribute: data.ignore_attribute.join(","),
            row_id_attribute: text(data.row_id_attribute),
            owner: owner.to_string(),
            original_data_url: text(data.original_data_url),
            paper_url: text(data.paper_url),
        }
    }
}

/// The edit form. Empty or missing fields are left as they are on OpenML.
#[derive(Debug, Clone, Default, Object)]
pub struct DataEditRequest {
    /// Ignored: ownership is decided from OpenML's record of the uploader.
    pub owner: Option<Value>,
    /// What the data is (ASCII).
    pub description: Option<String>,
    /// Who made the data (ASCII).
    pub creator: Option<String>,
    /// When the data was collected (ASCII).
    pub date: Option<String>,
    /// How to cite the data (ASCII).
    pub citation: Option<String>,
    /// The language, such as `English`.
    pub language: Option<String>,
    /// Where the original data lives.
    pub original_data_url: Option<String>,
    /// A paper about the data.
    pub paper_url: Option<String>,
    /// The default target attribute; the uploader only.
    pub default_target_attribute: Option<String>,
    /// Attributes to ignore, comma-separated; the uploader only.
    pub ignore_attribute: Option<String>,
    /// The row id attribute; the uploader only.
    pub row_id_attribute: Option<String>,
}

impl From<DataEditRequest> for EditFields {
    fn from(request: DataEditRequest) -> Self {
        Self {
            description: request.description,
            creator: request.creator,
            date: request.date,
            citation: request.citation,
            language: request.language,
            original_data_url: request.original_data_url,
            paper_url: request.paper_url,
            default_target_attribute: request.default_target_attribute,
            ignore_attribute: request.ignore_attribute,
            row_id_attribute: request.row_id_attribute,
        }
    }
}

/// The data-edit routes.
pub struct DataEditApi {
    client: Arc<OpenmlClient>,
}

impl DataEditApi {
    /// Routes that call OpenML through `client`.
    pub fn new(client: Arc<OpenmlClient>) -> Self {
        Self { client }
    }

    async fn is_owner(&self, key: &ApiKey, user: &CurrentUser, id: u32) -> ApiResult<bool> {
        let uploader = self.client.data_uploader(key, id).await?;
        Ok(uploader == Some(user.user.id))
    }

    async fn view(&self, user: &CurrentUser, page: &PageRef) -> ApiResult<DataEditView> {
        let key = ApiKey::of(user)?;
        let id = page.dataset_id()?;

        let description = async {
            let found = self.client.data_description(&key, id).await;
            found.map_err(ApiError::from)
        };
        let (owner, description) = tokio::try_join!(self.is_owner(&key, user, id), description)?;
        Ok(DataEditView::new(user.user.id, owner, description))
    }

    async fn change(
        &self,
        user: &CurrentUser,
        page: &PageRef,
        fields: EditFields,
    ) -> ApiResult<()> {
        let key = ApiKey::of(user)?;
        let id = page.dataset_id()?;
        // Every given value is checked before anything is asked of OpenML.
        if EditParameters::check(&fields, true)?.is_empty() {
            return Err(nothing_to_change());
        }

        let owner = self.is_owner(&key, user, id).await?;
        let params = EditParameters::check(&fields, owner)?;
        if params.is_empty() {
            return Err(owner_only());
        }
        if !owner && fields.has_owner_fields() {
            tracing::info!(
                dataset = id,
                "left out the fields only the uploader may change"
            );
        }

        self.client.edit_dataset(&key, id, params.to_xml()).await?;
        tracing::info!(dataset = id, owner, "dataset edited");
        Ok(())
    }
}

#[OpenApi(tag = "OpenmlTag::Datasets")]
impl DataEditApi {
    /// Shows a dataset's description for the edit form, and whether the
    /// signed-in user uploaded it.
    #[oai(path = "/data-edit", method = "get")]
    async fn show(
        &self,
        user: CurrentUser,
        /// The dataset page's address; its `id` parameter names the dataset.
        url: Query<Option<String>>,
        /// The dataset id, read only when `url` has none (an address sent
        /// without encoding leaves its `id` here).
        id: Query<Option<String>>,
    ) -> ApiResult<Json<DataEditView>> {
        Ok(Json(self.view(&user, &PageRef::new(url.0, id.0)).await?))
    }

    /// Changes a dataset's description on OpenML. Only fields with a value
    /// are sent; the default target, row id and ignored attributes only
    /// when the signed-in user uploaded the dataset.
    #[oai(path = "/data-edit", method = "post")]
    async fn edit(
        &self,
        user: CurrentUser,
        /// The dataset page's address; its `id` parameter names the dataset.
        url: Query<Option<String>>,
        /// The dataset id, read only when `url` has none (an address sent
        /// without encoding leaves its `id` here).
        id: Query<Option<String>>,
        body: Json<DataEditRequest>,
    ) -> ApiResult<PlainText<&'static str>> {
        self.change(&user, &PageRef::new(url.0, id.0), body.0.into())
            .await?;
        Ok(PlainText(EDIT_DONE))
    }
}

fn nothing_to_change() -> ApiError {
    ApiError::bad_request("Nothing to change: fill in at least one field")
}

fn owner_only() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "Only the dataset's uploader may change default_target_attribute, ignore_attribute \
         and row_id_attribute",
    )
}
