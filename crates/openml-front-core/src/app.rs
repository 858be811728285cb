//! The application factory.
//!
//! [`create_app`] turns [`Settings`] into an [`App`]: it finds the
//! blueprints the configuration names, initialises the extensions they need
//! in dependency order, mounts the blueprints in the configured order, merges
//! their OpenAPI documents into one, and wraps everything in the common
//! middleware (request logs, CORS, body limit, JSON error replies).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use poem::endpoint::{BoxEndpoint, make_sync};
use poem::http::{Method, StatusCode};
use poem::middleware::Cors;
use poem::web::Html;
use poem::{Endpoint, EndpointExt, IntoResponse, Response, Route};

use crate::blueprint::{
    Blueprint, Mount, SharedEndpoint, declared_blueprints, known_blueprint_names,
};
use crate::config::Settings;
use crate::error::{ApiError, StartupError, msg_response};
use crate::extension::{Extensions, init_all, resolve_order};
use crate::extensions::database::Database;
use crate::openapi::{ApiDocument, poem_path};

/// One route of the application, for listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    /// HTTP method, or `*` for a plain endpoint that takes any.
    pub method: String,
    /// The full path: OpenAPI form (`/bookmarks/{id}`) for documented
    /// routes, poem form (`/d/:id`, `/imgs/*path`) for plain endpoints.
    pub path: String,
    /// The blueprint that declared it.
    pub blueprint: String,
}

/// A built application: serve it with [`App::serve`] or call it in-process
/// through [`App::endpoint`] (for instance with `poem::test::TestClient`).
pub struct App {
    endpoint: Arc<BoxEndpoint<'static>>,
    routes: Vec<RouteInfo>,
    document: ApiDocument,
    settings: Settings,
    extensions: Extensions,
}

impl App {
    /// The whole application as one poem endpoint.
    pub fn endpoint(&self) -> Arc<BoxEndpoint<'static>> {
        self.endpoint.clone()
    }

    /// Every mounted route, in mount order.
    pub fn routes(&self) -> &[RouteInfo] {
        &self.routes
    }

    /// The merged OpenAPI document.
    pub fn openapi(&self) -> &serde_json::Value {
        self.document.json()
    }

    /// The settings the application was built from.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The initialised extensions.
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Listens on `server.bind` until Ctrl-C or SIGTERM, then lets in-flight
    /// requests finish (for up to 30 seconds) before returning.
    pub async fn serve(self) -> std::io::Result<()> {
        use poem::listener::{Acceptor, Listener};

        let bind = self.settings.app.server.bind;
        let acceptor = poem::listener::TcpListener::bind(bind)
            .into_acceptor()
            .await?;
        let address = acceptor
            .local_addr()
            .first()
            .and_then(|addr| addr.as_socket_addr().copied())
            .unwrap_or(bind);
        tracing::info!(address = %address, "listening on http://{address}");

        poem::Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(
                self.endpoint,
                shutdown_signal(),
                Some(Duration::from_secs(30)),
            )
            .await
    }
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };

    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down; waiting for requests in flight");
}

/// Builds the application the settings describe.
pub async fn create_app(settings: Settings) -> Result<App, StartupError> {
    let blueprints = instantiate_blueprints(&settings.app.blueprints)?;

    let mut wanted = vec![("the application".to_string(), "database")];
    for blueprint in &blueprints {
        let requirer = format!("blueprint `{}`", blueprint.name());
        wanted.extend(
            blueprint
                .requires()
                .iter()
                .map(|ext| (requirer.clone(), *ext)),
        );
    }
    let order = resolve_order(&wanted)?;
    let extensions = init_all(&settings, &order).await?;

    let mut router = Router::default();
    for blueprint in &blueprints {
        let ctx = crate::blueprint::MountContext {
            settings: &settings,
            extensions: &extensions,
            blueprint: blueprint.name(),
        };
        let mount = blueprint.mount(&ctx)?;
        router.add(blueprint.as_ref(), mount)?;
    }

    let database = extensions.require::<Database>()?;
    let document = router.document.clone();
    let routes = router.routes.clone();
    let endpoint = router.finish(&settings, database)?;

    for key in settings.unread_keys() {
        let source = settings.figment().find_metadata(&key).map_or_else(
            || "the configuration".to_string(),
            |meta| meta.name.to_string(),
        );
        tracing::warn!(
            key = %key,
            %source,
            "configuration key `{key}` is read by no mounted blueprint or extension; is it a typo?"
        );
    }
    tracing::info!(
        blueprints = %settings.app.blueprints.join(", "),
        extensions = %extensions.names().into_iter().collect::<Vec<_>>().join(", "),
        "application built"
    );

    Ok(App {
        endpoint: Arc::new(endpoint),
        routes,
        document,
        settings,
        extensions,
    })
}

fn instantiate_blueprints(names: &[String]) -> Result<Vec<Box<dyn Blueprint>>, StartupError> {
    let mut blueprints: Vec<Box<dyn Blueprint>> = Vec::new();

    for name in names {
        let decl = declared_blueprints()
            .find(|decl| decl.name == name)
            .ok_or_else(|| StartupError::UnknownBlueprint {
                name: name.clone(),
                known: known_blueprint_names(),
            })?;
        if blueprints.iter().any(|b| b.name() == decl.name) {
            return Err(StartupError::Config(format!(
                "key `blueprints`: `{name}` is listed twice"
            )));
        }
        blueprints.push((decl.make)());
    }
    Ok(blueprints)
}

/// Collects the blueprints' routes into one poem `Route`.
#[derive(Default)]
struct Router {
    route: Route,
    owners: BTreeMap<String, String>,
    routes: Vec<RouteInfo>,
    document: ApiDocument,
}

impl Router {
    fn add(&mut self, blueprint: &dyn Blueprint, mount: Mount) -> Result<(), StartupError> {
        let name = blueprint.name();
        let prefix = blueprint.url_prefix().trim_end_matches('/').to_string();

        if let Some(api) = mount.api {
            let endpoint: SharedEndpoint = if prefix.is_empty() {
                Arc::new(api.endpoint)
            } else {
                Arc::new(
                    Route::new()
                        .nest(&prefix, api.endpoint)
                        .map_to_response()
                        .boxed(),
                )
            };

            for (path, methods) in ApiDocument::paths_and_methods(&api.spec) {
                let full = full_path(&prefix, &path);
                for method in methods {
                    self.routes.push(RouteInfo {
                        method,
                        path: full.clone(),
                        blueprint: name.to_string(),
                    });
                }
                self.claim(name, &full, endpoint.clone())?;
            }
            self.document.merge(&api.spec, &prefix);
        }

        for (path, endpoint) in mount.routes {
            let full = full_path(&prefix, &path);
            self.routes.push(RouteInfo {
                method: "*".into(),
                path: full.clone(),
                blueprint: name.to_string(),
            });
            self.claim(name, &full, Arc::new(endpoint))?;
        }
        Ok(())
    }

    fn claim(
        &mut self,
        blueprint: &str,
        path: &str,
        endpoint: SharedEndpoint,
    ) -> Result<(), StartupError> {
        let poem_form = poem_path(path);
        if let Some(first) = self.owners.get(&poem_form) {
            return Err(StartupError::RouteConflict {
                method: "*".into(),
                path: path.to_string(),
                first: first.clone(),
                second: blueprint.to_string(),
            });
        }

        let route = std::mem::take(&mut self.route);
        self.route = route
            .try_at(&poem_form, endpoint)
            .map_err(|err| StartupError::Blueprint {
                name: blueprint.to_string(),
                reason: format!("cannot route {path}: {err}"),
            })?;
        self.owners.insert(poem_form, blueprint.to_string());
        Ok(())
    }

    fn finish(
        mut self,
        settings: &Settings,
        database: Arc<Database>,
    ) -> Result<BoxEndpoint<'static>, StartupError> {
        let server = &settings.app.server;
        let json = self.document.json().to_string();

        if server.openapi {
            let spec = json.clone();
            self.add_builtin(
                "/openapi.json",
                make_sync(move |_| {
                    Response::builder()
                        .content_type("application/json")
                        .body(spec.clone())
                }),
            )?;
        }
        if server.docs_ui {
            let html = crate::openapi::swagger_html(&json);
            self.add_builtin("/docs", make_sync(move |_| Html(html.clone())))?;
        }
        self.add_builtin("/healthz", make_sync(|_| "ok"))?;
        self.add_builtin("/readyz", crate::health::readiness(database))?;

        let max_body_bytes = server.max_body_bytes;
        let endpoint = self
            .route
            .around(move |next, req| crate::body_limit::limit_body(next, max_body_bytes, req))
            .catch_all_error(error_to_json)
            .around(crate::request_log::log_request);

        Ok(match cors(&server.cors_origins) {
            Some(cors) => endpoint.with(cors).boxed(),
            None => endpoint.boxed(),
        })
    }

    fn add_builtin<E>(&mut self, path: &str, endpoint: E) -> Result<(), StartupError>
    where
        E: Endpoint + 'static,
    {
        let endpoint: SharedEndpoint = Arc::new(endpoint.map_to_response().boxed());
        self.claim("(built-in)", path, endpoint)
    }
}

/// A route's path under its blueprint's prefix; the root of a prefixed
/// blueprint is the prefix itself (`/bookmarks`, not `/bookmarks/`).
fn full_path(prefix: &str, path: &str) -> String {
    if path == "/" && !prefix.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}{path}")
    }
}

fn cors(origins: &[String]) -> Option<Cors> {
    if origins.is_empty() {
        return None;
    }

    let cors = Cors::new()
        .allow_origins(origins.iter().map(String::as_str))
        .allow_credentials(true)
        .allow_headers(["Content-Type", "Authorization"])
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ]);
    Some(cors)
}

/// Turns every error into a `{"msg": ...}` reply with the error's status.
/// Errors of our own keep their message; poem's and poem-openapi's (a bad
/// JSON body, a wrong content type, an unknown path) are reworded so that
/// they say what was wrong in the request.
async fn error_to_json(err: poem::Error) -> Response {
    if let Some(api) = err.downcast_ref::<ApiError>() {
        return api.clone().into_response();
    }

    let status = err.status();
    if status.is_server_error() {
        tracing::error!(error = %err, "request failed");
        return msg_response(status, "Internal server error; the cause has been logged");
    }

    let msg = describe_client_error(status, &err.to_string());
    msg_response(status, &msg)
}

fn describe_client_error(status: StatusCode, text: &str) -> String {
    match status {
        StatusCode::NOT_FOUND => "Not found: no route or file at this path".into(),
        StatusCode::METHOD_NOT_ALLOWED => "Method not allowed on this path".into(),
        StatusCode::PAYLOAD_TOO_LARGE => "Request body is too large".into(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            format!("Unsupported content type: {text}")
        }
        _ => format!(
            "Invalid request: {}",
            text.trim_start_matches("parse request payload error: ")
        ),
    }
}
