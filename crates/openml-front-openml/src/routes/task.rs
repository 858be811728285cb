//! `POST /upload-task`: creates a task on OpenML.
//!
//! Two refusals of OpenML are answered as the React app expects, with
//! status 200: error 614 (the task exists) with `task exists`, and error
//! 622 (a value OpenML does not allow, such as a target the dataset does
//! not have) with `task not supported`.

use std::sync::Arc;

use openml_front_core::ApiResult;
use openml_front_core::auth::CurrentUser;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde_json::Value;

use super::{MsgReply, OpenmlTag, required_id};
use crate::client::{ApiKey, OpenmlClient};
use crate::error::OpenmlError;
use crate::xml::FieldError;
use crate::xml::task::{TaskInputs, TaskKind};

/// The reply of a new task.
pub const TASK_UPLOADED: &str = "task uploaded";
/// The reply when OpenML has the task already (error 614).
pub const TASK_EXISTS: &str = "task exists";
/// The reply when OpenML does not allow the task (error 622).
pub const TASK_NOT_SUPPORTED: &str = "task not supported";

/// The task form.
#[derive(Debug, Clone, Default, Object)]
pub struct TaskRequest {
    /// `classification`, `regression`, `learningcurve` or `clustering`.
    pub task_type: Option<String>,
    /// The dataset's id, as a number or as text.
    pub dataset_id: Option<Value>,
    /// The attribute to predict; not used for clustering.
    pub target_name: Option<String>,
    /// The evaluation measure, such as `predictive_accuracy`; optional.
    pub evaluation_measure: Option<String>,
}

impl TaskRequest {
    fn check(&self) -> Result<TaskInputs, FieldError> {
        let kind = TaskKind::parse(self.task_type.as_deref().unwrap_or_default())?;
        let dataset_id = required_id("dataset_id", "dataset", self.dataset_id.as_ref())?;
        TaskInputs::check(
            kind,
            dataset_id,
            self.target_name.as_deref(),
            self.evaluation_measure.as_deref(),
        )
    }
}

/// The task route.
pub struct TaskApi {
    client: Arc<OpenmlClient>,
}

impl TaskApi {
    /// A route that calls OpenML through `client`.
    pub fn new(client: Arc<OpenmlClient>) -> Self {
        Self { client }
    }

    /// Creates the task; returns the reply's `msg`.
    async fn create(&self, user: &CurrentUser, request: &TaskRequest) -> ApiResult<&'static str> {
        let key = ApiKey::of(user)?;
        let inputs = request.check()?;

        match self.client.upload_task(&key, inputs.to_xml()).await {
            Ok(id) => {
                tracing::info!(task = id, "task created");
                Ok(TASK_UPLOADED)
            }
            Err(err) => match known_refusal(&err) {
                Some(msg) => {
                    tracing::info!(error = %err, "OpenML refused the task");
                    Ok(msg)
                }
                None => Err(err.into()),
            },
        }
    }
}

#[OpenApi(tag = "OpenmlTag::Tasks")]
impl TaskApi {
    /// Creates a task on a dataset on OpenML. Replies `task exists` or
    /// `task not supported` (status 200) when OpenML refuses the task for
    /// those reasons.
    #[oai(path = "/upload-task", method = "post")]
    async fn upload(
        &self,
        user: CurrentUser,
        body: Json<TaskRequest>,
    ) -> ApiResult<Json<MsgReply>> {
        let msg = self.create(&user, &body.0).await?;
        Ok(MsgReply::json(msg))
    }
}

/// The reply for OpenML's refusals the React app knows.
fn known_refusal(err: &OpenmlError) -> Option<&'static str> {
    match err.code() {
        Some(614) => Some(TASK_EXISTS),
        Some(622) => Some(TASK_NOT_SUPPORTED),
        _ => None,
    }
}
