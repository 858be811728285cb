//! Request logs: one `tracing` event a request with method, path, status,
//! latency and a request id, which is also sent back as `x-request-id`.
//!
//! Only the path is logged, never the query string, headers or body, so no
//! token, password or mailed code reaches a log.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use poem::{Endpoint, IntoResponse, Request, Response};
use tracing::Instrument;

static NEXT_REQUEST: AtomicU64 = AtomicU64::new(1);

/// Logs a request around the endpoint that handles it.
pub async fn log_request<E: Endpoint>(next: Arc<E>, req: Request) -> poem::Result<Response> {
    let request_id = format!(
        "{:x}-{}",
        std::process::id(),
        NEXT_REQUEST.fetch_add(1, Ordering::Relaxed)
    );
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let span = tracing::info_span!("request", id = %request_id, %method, %path);
    let started = Instant::now();

    let result = next.call(req).instrument(span.clone()).await;
    let mut response = match result {
        Ok(output) => output.into_response(),
        Err(err) => err.into_response(),
    };

    let status = response.status().as_u16();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| tracing::info!(status, latency_ms, "request handled"));

    if let Ok(value) = request_id.parse() {
        response.headers_mut().insert("x-request-id", value);
    }
    Ok(response)
}
