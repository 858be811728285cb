//! `/healthz` and `/readyz`: probes for load balancers and orchestrators.
//! They sit outside the OpenAPI document of the site.

use std::sync::Arc;

use poem::http::StatusCode;
use poem::{Endpoint, Request, Response, endpoint::make};

use crate::error::msg_response;
use crate::extensions::database::Database;

/// An endpoint that answers 200 `ready` while the database answers, and
/// 503 with a `msg` otherwise.
pub fn readiness(database: Arc<Database>) -> impl Endpoint<Output = Response> {
    make(move |_: Request| {
        let database = database.clone();
        async move {
            match database.ping().await {
                Ok(()) => Ok::<_, poem::Error>(Response::builder().body("ready")),
                Err(err) => {
                    tracing::warn!(error = %err, "readiness check failed");
                    Ok(msg_response(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "The database is not reachable",
                    ))
                }
            }
        }
    })
}
