//! `POST /upload-collection-runs` and `POST /upload-collection-tasks`:
//! new collections of runs (studies) and of tasks (benchmark suites).
//!
//! The id lists arrive as comma-separated text. They are read strictly:
//! an item that is not an id is refused with its position and value, and
//! nothing is sent.

use std::sync::Arc;

use openml_front_core::ApiResult;
use openml_front_core::auth::CurrentUser;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde_json::Value;

use super::{MsgReply, OpenmlTag, loose_text, optional_id};
use crate::client::{ApiKey, OpenmlClient};
use crate::xml::FieldError;
use crate::xml::study::{Study, StudyEntities, parse_id_list};

/// The reply of a new collection.
pub const COLLECTION_UPLOADED: &str = "collection uploaded";

/// A collection of runs.
#[derive(Debug, Clone, Default, Object)]
pub struct RunCollectionRequest {
    /// The collection's name (ASCII).
    pub collectionname: Option<String>,
    /// What the collection is for (ASCII); optional.
    pub description: Option<String>,
    /// The run ids, comma-separated, such as `"10, 11, 12"`.
    pub run_ids: Option<Value>,
    /// The id of the benchmark suite the runs were made on; optional.
    pub benchmark: Option<Value>,
}

impl RunCollectionRequest {
    fn check(&self) -> Result<Study, FieldError> {
        let run_ids = id_list("run_ids", "run", self.run_ids.as_ref())?;
        let benchmark_suite = optional_id("benchmark", "benchmark suite", self.benchmark.as_ref())?;
        Study::check(
            self.collectionname.as_deref(),
            self.description.as_deref(),
            StudyEntities::Runs {
                run_ids,
                benchmark_suite,
            },
        )
    }
}

/// A collection of tasks.
#[derive(Debug, Clone, Default, Object)]
pub struct TaskCollectionRequest {
    /// The collection's name (ASCII).
    pub collectionname: Option<String>,
    /// What the collection is for (ASCII); optional.
    pub description: Option<String>,
    /// The task ids, comma-separated, such as `"59, 60"`.
    pub taskids: Option<Value>,
}

impl TaskCollectionRequest {
    fn check(&self) -> Result<Study, FieldError> {
        let task_ids = id_list("taskids", "task", self.taskids.as_ref())?;
        Study::check(
            self.collectionname.as_deref(),
            self.description.as_deref(),
            StudyEntities::Tasks { task_ids },
        )
    }
}

fn id_list(field: &str, noun: &str, value: Option<&Value>) -> Result<Vec<u32>, FieldError> {
    let text = loose_text(field, value)?.unwrap_or_default();
    parse_id_list(field, noun, &text)
}

/// The collection routes.
pub struct CollectionsApi {
    client: Arc<OpenmlClient>,
}

impl CollectionsApi {
    /// Routes that call OpenML through `client`.
    pub fn new(client: Arc<OpenmlClient>) -> Self {
        Self { client }
    }

    async fn upload(&self, user: &CurrentUser, study: Result<Study, FieldError>) -> ApiResult<()> {
        let key = ApiKey::of(user)?;
        let study = study?;

        let id = self.client.upload_study(&key, study.to_xml()).await?;
        tracing::info!(study = id, "collection created");
        Ok(())
    }
}

#[OpenApi(tag = "OpenmlTag::Collections")]
impl CollectionsApi {
    /// Creates a collection of runs on OpenML.
    #[oai(path = "/upload-collection-runs", method = "post")]
    async fn upload_runs(
        &self,
        user: CurrentUser,
        body: Json<RunCollectionRequest>,
    ) -> ApiResult<Json<MsgReply>> {
        self.upload(&user, body.0.check()).await?;
        Ok(MsgReply::json(COLLECTION_UPLOADED))
    }

    /// Creates a collection of tasks (a benchmark suite) on OpenML.
    #[oai(path = "/upload-collection-tasks", method = "post")]
    async fn upload_tasks(
        &self,
        user: CurrentUser,
        body: Json<TaskCollectionRequest>,
    ) -> ApiResult<Json<MsgReply>> {
        self.upload(&user, body.0.check()).await?;
        Ok(MsgReply::json(COLLECTION_UPLOADED))
    }
}
