//! Profile images: stored under one folder, served only from inside it.
//!
//! An upload must decode as an image (PNG, JPEG, GIF, WebP or BMP) within
//! the size and pixel limits; it is re-encoded as JPEG, which also drops
//! whatever else the file carried, and stored as
//! `<image_dir>/dev_data/<username>/<random>.jpg`. The user's `image`
//! column then holds `imgs/dev_data/<username>/<random>.jpg`, the form the
//! old backend used, so images it stored stay reachable at the same path.

use std::io::Cursor;
use std::path::{Component, Path, PathBuf};

use image::{ImageFormat, ImageReader, Limits};
use poem::http::StatusCode;
use poem::web::Path as PathParam;
use poem::{Endpoint, Response, handler};
use poem_openapi::types::multipart::Upload;

use crate::db::users;
use crate::error::{ApiError, ApiResult};
use crate::random::hex_token;

/// The widest and tallest accepted image, in pixels.
const MAX_SIDE: u32 = 4096;

/// The most memory one decode may take.
const MAX_DECODE_BYTES: u64 = 128 * 1024 * 1024;

/// How many images are decoded at once; more wait their turn, so a burst
/// of large uploads cannot take all memory.
const CONCURRENT_DECODES: usize = 2;

/// The width of OpenML's `image` column.
const MAX_IMAGE_COLUMN: usize = 128;

/// Where profile images live.
#[derive(Debug, Clone)]
pub struct ImageStore {
    dir: PathBuf,
    max_bytes: usize,
    decodes: std::sync::Arc<tokio::sync::Semaphore>,
}

/// Why an image store could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot use the image folder {path} (key `server.image_dir`): {source}")]
pub struct ImageDirError {
    path: String,
    source: std::io::Error,
}

impl ImageStore {
    /// Opens (and makes) the folder.
    pub fn new(dir: PathBuf, max_bytes: usize) -> Result<Self, ImageDirError> {
        let fail = |source| ImageDirError {
            path: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(fail)?;
        let dir = dir.canonicalize().map_err(fail)?;
        Ok(Self {
            dir,
            max_bytes,
            decodes: std::sync::Arc::new(tokio::sync::Semaphore::new(CONCURRENT_DECODES)),
        })
    }

    /// Checks, re-encodes and stores an upload for `user`; returns the value
    /// for the `image` column.
    pub async fn store(&self, user: &users::Model, upload: Upload) -> ApiResult<String> {
        if upload.size() > self.max_bytes {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("file is too large: at most {} bytes", self.max_bytes),
            ));
        }
        let bytes = upload
            .into_vec()
            .await
            .map_err(|err| ApiError::bad_request(format!("file could not be read: {err}")))?;
        if bytes.is_empty() {
            return Err(ApiError::bad_request("file is empty"));
        }

        let jpeg = self.reencode(bytes).await?;

        let folder = user_folder(user);
        let name = format!("{}.jpg", hex_token(12));
        let target_dir = self.dir.join("dev_data").join(&folder);
        write_atomically(&target_dir, &name, &jpeg).await?;
        Ok(format!("imgs/dev_data/{folder}/{name}"))
    }

    /// Removes the file a stored `image` value points at, if it lies in this
    /// store; absolute URLs and missing files are left alone. Failures are
    /// logged, not returned: a stale file must not fail the request.
    pub async fn remove(&self, stored: Option<&str>) {
        let Some(relative) =
            stored.and_then(|value| value.trim_start_matches('/').strip_prefix("imgs/"))
        else {
            return;
        };
        let Ok(file) = self.resolve(relative) else {
            return;
        };
        if let Err(err) = tokio::fs::remove_file(&file).await {
            tracing::warn!(error = %err, "an old profile image could not be removed");
        }
    }

    /// Decodes and re-encodes on the blocking pool, a few at a time.
    async fn reencode(&self, bytes: Vec<u8>) -> ApiResult<Vec<u8>> {
        let _permit = self.decodes.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(move || reencode_as_jpeg(&bytes))
            .await
            .map_err(ApiError::internal)?
    }

    /// The endpoint for `GET /imgs/*path`: files inside the folder only,
    /// sent as JPEG.
    pub fn endpoint(self) -> impl Endpoint {
        serve_image.data(self)
    }

    fn resolve(&self, requested: &str) -> ApiResult<PathBuf> {
        let relative = Path::new(requested);
        let plain = relative
            .components()
            .all(|part| matches!(part, Component::Normal(_)));
        if requested.is_empty() || !plain || requested.contains('\\') || requested.contains('\0') {
            return Err(ApiError::bad_request(
                "image path must be a plain relative path without `..`",
            ));
        }

        let not_found = || ApiError::not_found("No image at this path");
        let full = self
            .dir
            .join(relative)
            .canonicalize()
            .map_err(|_| not_found())?;
        if !full.starts_with(&self.dir) || !full.is_file() {
            return Err(not_found());
        }
        Ok(full)
    }
}

use poem::EndpointExt;

#[handler]
async fn serve_image(
    PathParam(path): PathParam<String>,
    store: poem::web::Data<&ImageStore>,
) -> Result<Response, ApiError> {
    let file = store.resolve(&path)?;
    let bytes = tokio::fs::read(&file)
        .await
        .map_err(|_| ApiError::not_found("No image at this path"))?;

    let jpeg = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        bytes
    } else {
        store
            .reencode(bytes)
            .await
            .map_err(|_| ApiError::not_found("The file at this path is not an image"))?
    };

    Ok(Response::builder()
        .content_type("image/jpeg")
        .header("cache-control", "public, max-age=3600")
        .header("x-content-type-options", "nosniff")
        .body(jpeg))
}

/// Decodes an image within the limits and encodes it as JPEG.
fn reencode_as_jpeg(bytes: &[u8]) -> ApiResult<Vec<u8>> {
    let not_image = || ApiError::bad_request("file is not an image (PNG, JPEG, GIF, WebP or BMP)");

    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| not_image())?;
    if reader.format().is_none() {
        return Err(not_image());
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);

    let image = reader.decode().map_err(|err| match err {
        image::ImageError::Limits(_) => ApiError::bad_request(format!(
            "image is too large: at most {MAX_SIDE}x{MAX_SIDE} pixels"
        )),
        _ => not_image(),
    })?;

    let mut out = Cursor::new(Vec::new());
    image
        .to_rgb8()
        .write_to(&mut out, ImageFormat::Jpeg)
        .map_err(ApiError::internal)?;
    Ok(out.into_inner())
}

/// A folder name for the user's images: the username where it is a safe
/// single path segment (as for addresses) and the whole stored path fits
/// the `image` column, else `user-<id>`.
fn user_folder(user: &users::Model) -> String {
    let name = &user.username;
    let stored_len = "imgs/dev_data/".len() + name.len() + "/".len() + 24 + ".jpg".len();
    let safe = !name.is_empty()
        && !name.starts_with('.')
        && stored_len <= MAX_IMAGE_COLUMN
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '+'));
    if safe {
        name.clone()
    } else {
        format!("user-{}", user.id)
    }
}

async fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> ApiResult<()> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(ApiError::internal)?;
    let partial = dir.join(format!(".{name}.partial"));
    tokio::fs::write(&partial, bytes)
        .await
        .map_err(ApiError::internal)?;
    tokio::fs::rename(&partial, dir.join(name))
        .await
        .map_err(ApiError::internal)
}
