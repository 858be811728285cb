//! A limit on request bodies.
//!
//! A body that declares a `Content-Length` above the limit is refused with
//! 413 before it is read. A body without one (chunked) is counted as it is
//! read, and reading fails once it passes the limit, which the handler
//! reports as a bad request that says the body is too large.
//!
//! Note: like any body limit, the counting half only acts when a handler
//! reads the body; routes that ignore their body are not slowed by it.

use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use poem::http::StatusCode;
use poem::{Body, Endpoint, IntoResponse, Request, Response};

use crate::error::msg_response;

/// Applies the limit of `max_bytes` around `next`.
pub async fn limit_body<E: Endpoint>(
    next: Arc<E>,
    max_bytes: usize,
    mut req: Request,
) -> poem::Result<Response> {
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());

    match declared {
        Some(length) if length > max_bytes as u64 => {
            return Ok(msg_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("Request body is too large: at most {max_bytes} bytes"),
            ));
        }
        Some(_) => {}
        None => {
            let body = req.take_body();
            req.set_body(counted(body, max_bytes));
        }
    }

    next.call(req).await.map(IntoResponse::into_response)
}

fn counted(body: Body, max_bytes: usize) -> Body {
    let limited = body
        .into_bytes_stream()
        .scan((0_usize, false), move |(seen, failed), chunk| {
            if *failed {
                return std::future::ready(None);
            }
            let item = chunk.and_then(|bytes: Bytes| {
                *seen += bytes.len();
                if *seen > max_bytes {
                    Err(std::io::Error::other(format!(
                        "request body is too large: at most {max_bytes} bytes"
                    )))
                } else {
                    Ok(bytes)
                }
            });
            *failed = item.is_err();
            std::future::ready(Some(item))
        });
    Body::from_bytes_stream(limited)
}
