//! `POST /data-upload`: a new dataset, converted to ARFF and uploaded to
//! OpenML.
//!
//! The steps, each of which can refuse the upload before OpenML is asked:
//! both file parts are there; the data file's extension is one of
//! `.csv`, `.arff`, `.json`, `.parquet`, `.feather`; the metadata file is
//! a JSON object whose values follow OpenML's schema; the data converts
//! to ARFF (on a blocking thread, in a temporary folder); the default
//! target and ignored attributes are columns of the data. Then the ARFF
//! file and its description go to OpenML.
//!
//! The temporary folder is removed when the request ends, whether it
//! succeeded, failed or was abandoned; while a conversion is running it
//! is owned by the conversion and removed when that finishes.
//!
//! Settings, in the `[openml_upload]` section: `temp_dir`, the folder
//! the temporary folders are made in (the system's by default).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use openml_front_arff::{ConversionError, ConversionSummary, InputFormat, convert_to_arff};
use openml_front_core::auth::CurrentUser;
use openml_front_core::{ApiError, ApiResult};
use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{Multipart, OpenApi};
use serde::Deserialize;
use tempfile::TempDir;

use super::{MsgReply, OpenmlTag};
use crate::client::{ApiKey, DatasetFile, OpenmlClient};
use crate::xml::FieldError;
use crate::xml::dataset::{DatasetDescription, DatasetMetadata};

/// The reply of a new dataset.
pub const DATASET_UPLOADED: &str = "dataset uploaded";
/// The reply for a data file of another kind, as the React app expects it.
pub const FORMAT_NOT_SUPPORTED: &str = "format not supported";

/// The largest metadata file read, in bytes.
const MAX_METADATA_BYTES: usize = 1024 * 1024;

/// The `[openml_upload]` settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UploadConfig {
    /// Where temporary folders for conversions are made; the system's
    /// temporary folder when not set.
    pub temp_dir: Option<PathBuf>,
}

/// The upload form.
#[derive(Debug, Multipart)]
pub struct DataUploadForm {
    /// The data: a `.csv`, `.arff`, `.json`, `.parquet` or `.feather` file.
    pub dataset: Option<Upload>,
    /// A JSON file: dataset_name, description, creator, contributor,
    /// collection_date, licence, language, def_tar_att, ignore_attribute,
    /// citation.
    pub metadata: Option<Upload>,
}

/// The data-upload route.
pub struct DataUploadApi {
    client: Arc<OpenmlClient>,
    config: UploadConfig,
}

#[OpenApi(tag = "OpenmlTag::Datasets")]
impl DataUploadApi {
    /// Uploads a new dataset to OpenML: the data file is converted to ARFF
    /// and sent with a description made from the metadata file.
    #[oai(path = "/data-upload", method = "post")]
    async fn upload(&self, user: CurrentUser, form: DataUploadForm) -> ApiResult<Json<MsgReply>> {
        self.publish(&user, form).await?;
        Ok(MsgReply::json(DATASET_UPLOADED))
    }
}

impl DataUploadApi {
    /// A route that calls OpenML through `client`.
    pub fn new(client: Arc<OpenmlClient>, config: UploadConfig) -> Self {
        Self { client, config }
    }

    async fn publish(&self, user: &CurrentUser, form: DataUploadForm) -> ApiResult<u64> {
        let key = ApiKey::of(user)?;
        let (dataset, metadata) = form_parts(form)?;
        let format = dataset_format(&dataset)?;
        let description = read_metadata(metadata).await?;

        let (dir, converted) = self.convert(dataset, format, description.name()).await?;
        check_columns(&description, &converted.summary)?;

        let file_name = format!("{}.arff", description.name());
        let file = DatasetFile {
            path: &converted.path,
            file_name: &file_name,
        };
        let id = self
            .client
            .upload_dataset(&key, description.to_xml(), file)
            .await?;
        tracing::info!(dataset = id, rows = converted.summary.rows, %format, "dataset uploaded");

        drop(dir);
        Ok(id)
    }

    /// Converts the upload to ARFF in a new temporary folder, on a blocking
    /// thread. The folder goes with the result: the ARFF file lives as long
    /// as it does.
    async fn convert(
        &self,
        dataset: Upload,
        format: InputFormat,
        relation: &str,
    ) -> ApiResult<(TempDir, Converted)> {
        let upload = dataset.into_file().into_std().await;
        let dir = self.temp_dir()?;
        let relation = relation.to_string();

        let (dir, converted) = tokio::task::spawn_blocking(move || {
            let converted = save_and_convert(dir.path(), upload, format, &relation);
            (dir, converted)
        })
        .await
        .map_err(ApiError::internal)?;
        let converted = converted.map_err(|err| err.into_api_error(format))?;
        Ok((dir, converted))
    }

    fn temp_dir(&self) -> ApiResult<TempDir> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("openml-upload-");
        let made = match &self.config.temp_dir {
            Some(parent) => builder.tempdir_in(parent),
            None => builder.tempdir(),
        };
        made.map_err(|err| {
            ApiError::internal(format_args!("cannot make a temporary folder: {err}"))
        })
    }
}

/// The two file parts, or a 400 naming the missing one.
fn form_parts(form: DataUploadForm) -> ApiResult<(Upload, Upload)> {
    let dataset = form
        .dataset
        .ok_or_else(|| missing_part("dataset", "the data file"))?;
    let metadata = form
        .metadata
        .ok_or_else(|| missing_part("metadata", "the JSON metadata file"))?;
    Ok((dataset, metadata))
}

fn missing_part(name: &str, what: &str) -> ApiError {
    ApiError::bad_request(format!(
        "The form has no {name} part; send {what} in a multipart field named {name}"
    ))
}

/// The format the data file's extension names, or the React app's
/// `format not supported`.
fn dataset_format(dataset: &Upload) -> ApiResult<InputFormat> {
    dataset
        .file_name()
        .and_then(InputFormat::from_file_name)
        .ok_or_else(|| ApiError::bad_request(FORMAT_NOT_SUPPORTED))
}

async fn read_metadata(metadata: Upload) -> ApiResult<DatasetDescription> {
    if metadata.size() > MAX_METADATA_BYTES {
        return Err(ApiError::bad_request(format!(
            "The metadata file is larger than {} KiB",
            MAX_METADATA_BYTES / 1024
        )));
    }

    let bytes = metadata
        .into_vec()
        .await
        .map_err(|err| ApiError::internal(format_args!("reading the metadata part: {err}")))?;
    let metadata = DatasetMetadata::from_json(&bytes)?;
    Ok(DatasetDescription::check(&metadata)?)
}

/// The ARFF file a conversion wrote, and what it holds.
#[derive(Debug)]
struct Converted {
    path: PathBuf,
    summary: ConversionSummary,
}

/// Why a conversion failed.
#[derive(Debug, thiserror::Error)]
enum ConvertError {
    /// The file's content cannot be converted, or our side failed.
    #[error(transparent)]
    Conversion(#[from] ConversionError),
    /// A file in the temporary folder could not be written.
    #[error("writing in the temporary folder: {0}")]
    Io(#[from] io::Error),
}

impl ConvertError {
    fn into_api_error(self, format: InputFormat) -> ApiError {
        match self {
            Self::Conversion(err) if err.is_user_error() => {
                ApiError::bad_request(format!("The {format} file cannot be used: {err}"))
            }
            Self::Conversion(err) => ApiError::internal(format_args!("converting to ARFF: {err}")),
            Self::Io(err) => ApiError::internal(format_args!("converting to ARFF: {err}")),
        }
    }
}

/// Saves the upload in `dir` and converts it to `dir/dataset.arff`.
/// Blocking: runs on a blocking thread.
fn save_and_convert(
    dir: &Path,
    mut upload: File,
    format: InputFormat,
    relation: &str,
) -> Result<Converted, ConvertError> {
    let input = dir.join(format!("upload.{}", format.extension()));
    let mut saved = File::create(&input)?;
    io::copy(&mut upload, &mut saved)?;
    saved.sync_data()?;
    drop((upload, saved));

    let path = dir.join("dataset.arff");
    let mut output = BufWriter::new(File::create(&path)?);
    let summary = convert_to_arff(&input, format, relation, &mut output, None)?;
    output.flush()?;

    Ok(Converted { path, summary })
}

/// Checks that the default target and the ignored attributes are columns
/// of the data, as OpenML will (error 142 otherwise).
fn check_columns(
    description: &DatasetDescription,
    summary: &ConversionSummary,
) -> Result<(), FieldError> {
    let has = |name: &str| {
        summary
            .attributes
            .iter()
            .any(|attribute| attribute.name == name)
    };
    let targets = description
        .default_target_attribute()
        .map(|targets| targets.split(',').map(str::trim).collect::<Vec<_>>())
        .unwrap_or_default();

    let fields = targets.into_iter().map(|name| ("def_tar_att", name)).chain(
        description
            .ignore_attribute()
            .iter()
            .map(|name| ("ignore_attribute", name.as_str())),
    );
    for (field, name) in fields {
        if !name.is_empty() && !has(name) {
            return Err(FieldError::new(
                field,
                format!(
                    "names '{name}', which is not a column of the dataset; its columns are {}",
                    column_list(summary)
                ),
            ));
        }
    }
    Ok(())
}

/// The first column names, for messages.
fn column_list(summary: &ConversionSummary) -> String {
    const SHOWN: usize = 20;
    let mut names: Vec<&str> = summary
        .attributes
        .iter()
        .take(SHOWN)
        .map(|attribute| attribute.name.as_str())
        .collect();
    if summary.attributes.len() > SHOWN {
        names.push("...");
    }
    names.join(", ")
}
