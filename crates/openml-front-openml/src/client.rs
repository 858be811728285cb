//! The `openml` extension: a typed client of OpenML's XML REST API.
//!
//! Every call is made with the signed-in user's own API key ([`ApiKey`]),
//! never with a key of the site. Reads are GETs with the key in the
//! `api_key` query parameter; writes are multipart POSTs with the key in
//! the `api_key` form field and the documents as file parts, as OpenML's
//! own clients send them.
//!
//! Settings: `openml.server` (the base address, ending in `/api/v1/xml/`)
//! and `openml.timeout_secs` (how long one call may take, reply included).
//!
//! Note: the API key travels in the query string of reads, as OpenML
//! expects; error texts have the address removed before they are logged.

use std::path::Path;
use std::time::Duration;

use openml_front_core::auth::CurrentUser;
use openml_front_core::{ApiError, Extension, ExtensionContext, StartupError};
use poem::http::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::error::OpenmlError;
use crate::xml::reply::{self, DataDescription};

/// A user's OpenML API key. Its `Debug` form hides the value.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The signed-in user's key (the `session_hash` column), or a 403 that
    /// says how to get one.
    pub fn of(user: &CurrentUser) -> Result<Self, ApiError> {
        match user.user.session_hash.as_deref().map(str::trim) {
            Some(key) if !key.is_empty() => Ok(Self::new(key)),
            _ => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "Your account has no OpenML API key; create one on your API key page first",
            )),
        }
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

/// A dataset file to upload: where it is and the name OpenML gets.
#[derive(Debug, Clone, Copy)]
pub struct DatasetFile<'a> {
    /// The ARFF file on disk.
    pub path: &'a Path,
    /// The file name sent to OpenML, such as `iris.arff`.
    pub file_name: &'a str,
}

/// The OpenML REST API client.
pub struct OpenmlClient {
    http: reqwest::Client,
    base: String,
    timeout_secs: u64,
}

#[openml_front_core::extension(name = "openml")]
impl Extension for OpenmlClient {
    async fn init(ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
        let config = &ctx.settings.app.openml;
        let client = OpenmlClient::new(&config.server, config.timeout_secs)?;
        tracing::info!(server = %client.base, timeout_secs = client.timeout_secs, "OpenML client ready");
        Ok(client)
    }
}

impl OpenmlClient {
    /// A client of the API at `server` (an http or https address; a
    /// missing trailing `/` is added) whose calls give up after
    /// `timeout_secs`.
    pub fn new(server: &str, timeout_secs: u64) -> Result<Self, StartupError> {
        if !server.starts_with("http://") && !server.starts_with("https://") {
            return Err(StartupError::Config(
                "key `openml.server`: expected an http:// or https:// address ending in \
                 /api/v1/xml/"
                    .into(),
            ));
        }
        if timeout_secs == 0 {
            return Err(StartupError::Config(
                "key `openml.timeout_secs`: expected a number of seconds above 0".into(),
            ));
        }

        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(timeout_secs))
            .connect_timeout(Duration::from_secs(timeout_secs.min(10)))
            .user_agent(concat!("openml-front/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| StartupError::Extension {
                name: "openml".into(),
                reason: format!("cannot build the HTTP client: {err}"),
            })?;

        let mut base = server.to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        Ok(Self {
            http,
            base,
            timeout_secs,
        })
    }

    /// The base address of the API.
    pub fn server(&self) -> &str {
        &self.base
    }

    /// `GET data/{id}`: the dataset's description.
    pub async fn data_description(
        &self,
        key: &ApiKey,
        dataset_id: u32,
    ) -> Result<DataDescription, OpenmlError> {
        let body = self.get(key, &format!("data/{dataset_id}")).await?;
        reply::data_description(&body).map_err(malformed)
    }

    /// `GET data/list/data_id/{id}`: who uploaded the dataset, if OpenML
    /// says.
    pub async fn data_uploader(
        &self,
        key: &ApiKey,
        dataset_id: u32,
    ) -> Result<Option<u32>, OpenmlError> {
        let body = self
            .get(key, &format!("data/list/data_id/{dataset_id}"))
            .await?;
        reply::uploader(&body, dataset_id).map_err(malformed)
    }

    /// `POST data`: uploads a new dataset; returns its id.
    pub async fn upload_dataset(
        &self,
        key: &ApiKey,
        description: String,
        dataset: DatasetFile<'_>,
    ) -> Result<u64, OpenmlError> {
        let file = tokio::fs::File::open(dataset.path)
            .await
            .map_err(OpenmlError::File)?;
        let length = file.metadata().await.map_err(OpenmlError::File)?.len();
        let part = Part::stream_with_length(file, length).file_name(dataset.file_name.to_string());

        let form = self
            .form(key)
            .part("description", xml_part(description, "description.xml"))
            .part("dataset", part);
        let body = self.post("data", form).await?;
        reply::id(&body, "upload_data_set").map_err(malformed)
    }

    /// `POST data/edit`: changes a dataset's description; returns its id.
    pub async fn edit_dataset(
        &self,
        key: &ApiKey,
        dataset_id: u32,
        edit_parameters: String,
    ) -> Result<u64, OpenmlError> {
        let form = self.form(key).text("data_id", dataset_id.to_string()).part(
            "edit_parameters",
            xml_part(edit_parameters, "edit_parameters.xml"),
        );
        let body = self.post("data/edit", form).await?;
        reply::id(&body, "data_edit").map_err(malformed)
    }

    /// `POST data/tag`: adds a tag to a dataset.
    pub async fn tag_dataset(
        &self,
        key: &ApiKey,
        dataset_id: u32,
        tag: &str,
    ) -> Result<(), OpenmlError> {
        let form = self
            .form(key)
            .text("data_id", dataset_id.to_string())
            .text("tag", tag.to_string());
        let body = self.post("data/tag", form).await?;
        reply::expect(&body, "data_tag").map_err(malformed)
    }

    /// `POST task`: creates a task; returns its id.
    pub async fn upload_task(&self, key: &ApiKey, description: String) -> Result<u64, OpenmlError> {
        let form = self
            .form(key)
            .part("description", xml_part(description, "description.xml"));
        let body = self.post("task", form).await?;
        reply::id(&body, "upload_task").map_err(malformed)
    }

    /// `POST study`: creates a collection (study or benchmark suite);
    /// returns its id.
    pub async fn upload_study(
        &self,
        key: &ApiKey,
        description: String,
    ) -> Result<u64, OpenmlError> {
        let form = self
            .form(key)
            .part("description", xml_part(description, "description.xml"));
        let body = self.post("study", form).await?;
        reply::id(&body, "study_upload").map_err(malformed)
    }

    fn form(&self, key: &ApiKey) -> Form {
        Form::new().text("api_key", key.expose().to_string())
    }

    async fn get(&self, key: &ApiKey, path: &str) -> Result<String, OpenmlError> {
        tracing::debug!(call = %path, "OpenML read");
        let request = self
            .http
            .get(format!("{}{path}", self.base))
            .query(&[("api_key", key.expose())]);
        self.send(path, request).await
    }

    async fn post(&self, path: &str, form: Form) -> Result<String, OpenmlError> {
        tracing::debug!(call = %path, "OpenML write");
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .multipart(form);
        self.send(path, request).await
    }

    /// Sends the request and returns the body of a success reply; an
    /// `oml:error` reply or an error status becomes an [`OpenmlError`].
    async fn send(
        &self,
        path: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<String, OpenmlError> {
        let started = std::time::Instant::now();
        let outcome = self.exchange(request).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;

        match &outcome {
            Ok(_) => tracing::info!(call = %path, elapsed_ms, "OpenML answered"),
            Err(err) => {
                tracing::warn!(call = %path, elapsed_ms, error = %err, "OpenML call failed")
            }
        }
        outcome
    }

    async fn exchange(&self, request: reqwest::RequestBuilder) -> Result<String, OpenmlError> {
        let to_error = |err| OpenmlError::from_reqwest(err, self.timeout_secs);
        let response = request.send().await.map_err(to_error)?;
        let status = response.status();
        let body = response.text().await.map_err(to_error)?;

        if let Some(refusal) = reply::error(&body) {
            return Err(OpenmlError::Api {
                status: status.as_u16(),
                code: refusal.code,
                message: refusal.message,
                additional: refusal.additional,
            });
        }
        if !status.is_success() {
            return Err(OpenmlError::Status {
                status: status.as_u16(),
            });
        }
        Ok(body)
    }
}

/// A document as a file part; OpenML reads such parts as uploaded files.
fn xml_part(document: String, file_name: &'static str) -> Part {
    Part::text(document).file_name(file_name)
}

fn malformed(reason: String) -> OpenmlError {
    OpenmlError::Malformed { reason }
}
