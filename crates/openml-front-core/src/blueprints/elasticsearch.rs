//! The `elasticsearch` blueprint: a read-only, same-origin door to the
//! configured Elasticsearch, under `/es/`, so a personal frontend can point
//! its search at its own backend.
//!
//! Allowed, on the indices of `elasticsearch.indices` only:
//! `GET|POST /es/<index>/_search`, `GET|POST /es/<index>/_count`,
//! `GET /es/<index>/_mapping` and `GET /es/<index>/_doc/<id>`. Everything
//! else is refused with a 4xx. Request bodies (at most
//! `elasticsearch.max_body_bytes`) and replies are streamed through.
//!
//! Note: these routes are plain proxies and do not appear in the OpenAPI
//! document; their request and reply bodies are Elasticsearch's own.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use poem::http::{Method, StatusCode};
use poem::web::Path;
use poem::{Body, EndpointExt, Request, Response, handler};

use crate::blueprint::{Blueprint, Mount, MountContext};
use crate::error::{ApiError, StartupError};

/// The search proxy.
#[derive(Default)]
pub struct Elasticsearch;

#[crate::blueprint(name = "elasticsearch")]
impl Blueprint for Elasticsearch {
    fn url_prefix(&self) -> &str {
        "/es"
    }

    fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
        let config = &ctx.settings.app.elasticsearch;
        // A base without a trailing slash would lose its last segment when
        // the index path is joined to it.
        let with_slash = format!("{}/", config.url.trim_end_matches('/'));
        let base = reqwest::Url::parse(&with_slash)
            .map_err(|err| StartupError::Config(format!("key `elasticsearch.url`: {err}")))?;
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(config.timeout_secs.min(10)))
            .timeout(Duration::from_secs(config.timeout_secs))
            .build()
            .map_err(|err| ctx.fail(err))?;

        let proxy = Proxy {
            client,
            base: Arc::new(base),
            indices: Arc::new(config.indices.clone()),
            max_body_bytes: config.max_body_bytes,
        };
        Ok(Mount::new().route("/*path", forward.data(proxy)))
    }
}

#[derive(Clone)]
struct Proxy {
    client: reqwest::Client,
    base: Arc<reqwest::Url>,
    indices: Arc<Vec<String>>,
    max_body_bytes: usize,
}

/// What a request asks Elasticsearch for.
#[derive(Debug, PartialEq, Eq)]
enum Operation {
    Search,
    Count,
    Mapping,
    Document(String),
}

impl Proxy {
    /// Checks the path and method; returns the path to ask for.
    fn check(&self, method: &Method, path: &str) -> Result<String, ApiError> {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let (index, operation) = match parts.as_slice() {
            [index, "_search"] => (*index, Operation::Search),
            [index, "_count"] => (*index, Operation::Count),
            [index, "_mapping"] => (*index, Operation::Mapping),
            [index, "_doc", id] => (*index, Operation::Document((*id).to_string())),
            _ => {
                return Err(ApiError::not_found(
                    "Only <index>/_search, <index>/_count, <index>/_mapping and <index>/_doc/<id> are available",
                ));
            }
        };

        if !self.indices.iter().any(|allowed| allowed == index) {
            return Err(ApiError::not_found(format!(
                "index `{index}` is not searchable here; available: {}",
                self.indices.join(", ")
            )));
        }
        let read_only = matches!(operation, Operation::Mapping | Operation::Document(_));
        let allowed = *method == Method::GET || (*method == Method::POST && !read_only);
        if !allowed {
            return Err(ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed here: the search proxy is read-only"),
            ));
        }

        if let Operation::Document(id) = &operation
            && !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(ApiError::bad_request(format!(
                "`{id}` is not a document id"
            )));
        }
        Ok(parts.join("/"))
    }
}

#[handler]
async fn forward(
    Path(path): Path<String>,
    req: &Request,
    body: Body,
    proxy: poem::web::Data<&Proxy>,
) -> Result<Response, ApiError> {
    let target_path = proxy.check(req.method(), &path)?;
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > proxy.max_body_bytes) {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The search body is too large: at most {} bytes",
                proxy.max_body_bytes
            ),
        ));
    }
    let mut url = proxy
        .base
        .join(&target_path)
        .map_err(|err| ApiError::bad_request(format!("bad search path: {err}")))?;
    url.set_query(req.uri().query());

    let mut upstream = proxy.client.request(req.method().clone(), url);
    if let Some(content_type) = req.headers().get("content-type") {
        upstream = upstream.header("content-type", content_type.as_bytes());
    }
    if *req.method() == Method::POST {
        upstream = upstream.body(reqwest::Body::wrap_stream(limited(
            body,
            proxy.max_body_bytes,
        )));
    }

    let reply = upstream.send().await.map_err(describe_failure)?;
    let status = StatusCode::from_u16(reply.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = reply
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_string();

    let stream = reply
        .bytes_stream()
        .map(|chunk| chunk.map_err(std::io::Error::other));
    Ok(Response::builder()
        .status(status)
        .content_type(content_type)
        .body(Body::from_bytes_stream(stream)))
}

/// The request body as a stream that fails once it passes `max_bytes`.
fn limited(
    body: Body,
    max_bytes: usize,
) -> impl futures_util::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + 'static {
    body.into_bytes_stream().scan(0_usize, move |seen, chunk| {
        let item = chunk.and_then(|bytes| {
            *seen += bytes.len();
            if *seen > max_bytes {
                Err(std::io::Error::other(format!(
                    "{OVERSIZED} {max_bytes} bytes"
                )))
            } else {
                Ok(bytes)
            }
        });
        std::future::ready(Some(item))
    })
}

const OVERSIZED: &str = "search body is over";

fn describe_failure(err: reqwest::Error) -> ApiError {
    if err.is_timeout() {
        ApiError::gateway_timeout("Elasticsearch did not answer in time")
    } else if caused_by_oversized_body(&err) {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The search body is too large",
        )
    } else {
        tracing::warn!(error = %err, "elasticsearch unreachable");
        ApiError::bad_gateway("Elasticsearch cannot be reached")
    }
}

/// Whether the request failed because our body limit cut it off.
fn caused_by_oversized_body(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(error) = current {
        if error.to_string().contains(OVERSIZED) {
            return true;
        }
        current = error.source();
    }
    false
}
