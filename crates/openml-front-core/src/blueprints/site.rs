//! The `site` blueprint: the built React app and the short links.
//!
//! With `server.frontend_dir` set, existing files of the build are served
//! with their content type; hashed assets (under `static/` or `assets/`)
//! are cached for a year, everything else is revalidated. Every other path
//! that no API route claims gets `index.html`, so the app's own router
//! handles it. Without a frontend folder, `/` serves a small page that says
//! how to add one.
//!
//! Short links redirect to the search page of `server.site_url`:
//! `/d/<id>`, `/t/<id>`, `/f/<id>`, `/r/<id>`, `/s/<id>` and `/u/<id>`.

use std::path::PathBuf;

use poem::endpoint::StaticFilesEndpoint;
use poem::http::StatusCode;
use poem::web::{Html, Path};
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, handler};

use crate::blueprint::{Blueprint, Mount, MountContext};
use crate::error::{ApiError, StartupError};

/// The React app and the short links.
#[derive(Default)]
pub struct Site;

#[crate::blueprint(name = "site")]
impl Blueprint for Site {
    fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
        let server = &ctx.settings.app.server;
        let site_url = server.site_url.trim_end_matches('/').to_string();

        let mut mount = Mount::new();
        for (prefix, kind) in SHORT_LINKS {
            let target = ShortLink {
                site_url: site_url.clone(),
                kind: *kind,
            };
            mount = mount.route(&format!("/{prefix}/:id"), short_link.data(target));
        }

        match &server.frontend_dir {
            Some(dir) => {
                let files = frontend_files(dir).map_err(|reason| ctx.fail(reason))?;
                Ok(mount.route("/", files.clone()).route("/*path", files))
            }
            None => Ok(mount.route("/", no_frontend_page)),
        }
    }
}

/// The short-link prefixes and what they point at.
const SHORT_LINKS: &[(&str, ShortKind)] = &[
    ("d", ShortKind::Search("data", "runs")),
    ("t", ShortKind::Search("task", "runs")),
    ("f", ShortKind::Search("flow", "runs")),
    ("r", ShortKind::Search("run", "date")),
    ("s", ShortKind::Study),
    ("u", ShortKind::Search("user", "date")),
];

#[derive(Debug, Clone, Copy)]
enum ShortKind {
    /// `search?type=<type>&sort=<sort>&id=<id>`.
    Search(&'static str, &'static str),
    /// `search?type=study&study_type=run&id=<id>`.
    Study,
}

#[derive(Debug, Clone)]
struct ShortLink {
    site_url: String,
    kind: ShortKind,
}

impl ShortLink {
    fn target(&self, id: u64) -> String {
        match self.kind {
            ShortKind::Search(kind, sort) => {
                format!("{}/search?type={kind}&sort={sort}&id={id}", self.site_url)
            }
            ShortKind::Study => {
                format!("{}/search?type=study&study_type=run&id={id}", self.site_url)
            }
        }
    }
}

#[handler]
fn short_link(
    Path(id): Path<String>,
    link: poem::web::Data<&ShortLink>,
) -> Result<Response, ApiError> {
    let id: u64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{id}` is not an id: expected a number")))?;
    Ok(Response::builder()
        .status(StatusCode::FOUND)
        .header("location", link.target(id))
        .finish())
}

/// Serves the build folder, falling back to `index.html`, with cache
/// headers.
fn frontend_files(dir: &PathBuf) -> Result<impl Endpoint + Clone + 'static, String> {
    let index = dir.join("index.html");
    if !index.is_file() {
        return Err(format!(
            "{} has no index.html (key `server.frontend_dir`); point it at the build output of the React app",
            dir.display()
        ));
    }

    let files = StaticFilesEndpoint::new(dir)
        .index_file("index.html")
        .fallback_to_index();
    Ok(std::sync::Arc::new(files.around(with_cache_headers)))
}

async fn with_cache_headers<E: Endpoint>(
    next: std::sync::Arc<E>,
    req: Request,
) -> poem::Result<Response> {
    let path = req.uri().path().to_string();
    let mut response = next.call(req).await?.into_response();

    let hashed_asset = path.starts_with("/static/") || path.starts_with("/assets/");
    let cache = if hashed_asset && response.status() == StatusCode::OK {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    if let Ok(value) = cache.parse() {
        response.headers_mut().insert("cache-control", value);
    }
    Ok(response)
}

#[handler]
fn no_frontend_page() -> Html<&'static str> {
    Html(NO_FRONTEND_PAGE)
}

const NO_FRONTEND_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>openml-front</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>openml-front is running</h1>
<p>The API is up: see <a href="/docs">/docs</a> for every route.</p>
<p>No website is configured yet. To serve the OpenML React app from here,
build it (<code>npm run build</code> in the app's folder) and point
<code>server.frontend_dir</code> at the build output, for example in
<code>openml-front.toml</code>:</p>
<pre>[server]
frontend_dir = "../openml.org/app/build"</pre>
<p>or with <code>OPENML_FRONT_SERVER__FRONTEND_DIR=../openml.org/app/build</code>,
then restart.</p>
</body>
</html>
"#;
