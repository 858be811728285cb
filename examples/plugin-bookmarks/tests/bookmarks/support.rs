//! An application with the bookmarks blueprint on a fresh database, and
//! helpers that drive it over HTTP.

use std::path::Path;
use std::sync::Arc;

use openml_front_core::reexports::poem::endpoint::BoxEndpoint;
use openml_front_core::reexports::poem::http::Method;
use openml_front_core::reexports::poem::test::TestClient;
use openml_front_core::{App, Settings, StartupError, create_app};
use serde_json::{Value, json};

/// The blueprints every test mounts.
pub const BLUEPRINTS: [&str; 3] = ["public", "user", "bookmarks"];

/// A running test application.
pub struct TestApp {
    pub app: App,
    pub client: TestClient<Arc<BoxEndpoint<'static>>>,
    _dir: tempfile::TempDir,
}

/// Settings for a test: the three blueprints, cheap password hashing, no
/// confirmation mail, and `extra` on top.
pub fn settings(dir: &Path, database_url: &str, extra: &[(&str, Value)]) -> Settings {
    let mut pairs: Vec<(String, Value)> = vec![
        ("blueprints".into(), json!(BLUEPRINTS)),
        ("database.url".into(), json!(database_url)),
        ("mail.dir".into(), json!(dir.join("mail"))),
        ("mail.confirm_signups".into(), json!(false)),
        ("server.image_dir".into(), json!(dir.join("imgs"))),
        ("auth.jwt_secret".into(), json!("bookmarks-test-secret")),
        ("auth.argon2.time_cost".into(), json!(1)),
        ("auth.argon2.memory_kib".into(), json!(64)),
        ("auth.argon2.parallelism".into(), json!(1)),
    ];
    pairs.extend(
        extra
            .iter()
            .map(|(key, value)| (key.to_string(), value.clone())),
    );
    Settings::from_pairs(pairs).expect("the test settings are valid")
}

/// The address of a new SQLite file in `dir`.
pub fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("bookmarks.db").display())
}

/// The error an application with `extra` settings fails to start with.
pub async fn start_error(extra: &[(&str, Value)]) -> String {
    let dir = tempfile::tempdir().expect("a temp folder");
    let result: Result<App, StartupError> =
        create_app(settings(dir.path(), &sqlite_url(dir.path()), extra)).await;
    match result {
        Ok(_) => panic!("the app should not start with {extra:?}"),
        Err(err) => err.to_string(),
    }
}

impl TestApp {
    /// An app on a fresh SQLite file.
    pub async fn sqlite(extra: &[(&str, Value)]) -> Self {
        let dir = tempfile::tempdir().expect("a temp folder");
        let url = sqlite_url(dir.path());
        Self::on(dir, &url, extra).await
    }

    /// An app on the database at `url`.
    pub async fn on(dir: tempfile::TempDir, url: &str, extra: &[(&str, Value)]) -> Self {
        let app = create_app(settings(dir.path(), url, extra))
            .await
            .unwrap_or_else(|err| panic!("the app starts: {err}"));
        let client = TestClient::new(app.endpoint());
        Self {
            app,
            client,
            _dir: dir,
        }
    }

    /// Sends a request, with a JSON body and a bearer token if given, and
    /// returns the status and the body (JSON, or the text as a string).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self.client.request(method, path);
        if let Some(body) = body {
            request = request.body_json(&body);
        }
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }

        let response = request.send().await.0;
        let status = response.status().as_u16();
        let text = response
            .into_body()
            .into_string()
            .await
            .expect("a readable body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.call(Method::GET, path, None, token).await
    }

    /// `POST path` with a JSON body.
    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> (u16, Value) {
        self.call(Method::POST, path, Some(body), token).await
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.call(Method::DELETE, path, None, token).await
    }

    /// Signs a new user up (no confirmation is asked in these tests), logs
    /// in and returns the access token.
    pub async fn user(&self, email: &str) -> String {
        let signup = json!({
            "email": email,
            "password": "bookmark-all-the-things",
            "first_name": "Grace",
            "last_name": "Hopper",
        });
        let (status, body) = self.post("/signup", signup, None).await;
        assert_eq!(status, 200, "signup: {body}");
        self.login(email).await
    }

    /// Logs a user made by [`TestApp::user`] in and returns the token.
    pub async fn login(&self, email: &str) -> String {
        let login = json!({"email": email, "password": "bookmark-all-the-things"});
        let (status, body) = self.post("/login", login, None).await;
        assert_eq!(status, 200, "login: {body}");
        body["access_token"].as_str().expect("a token").to_string()
    }

    /// Saves a bookmark and returns its id; the reply must be `201`.
    pub async fn bookmark(&self, token: &str, kind: &str, id: i64) -> i64 {
        let (status, body) = self
            .post("/bookmarks", json!({"kind": kind, "id": id}), Some(token))
            .await;
        assert_eq!(status, 201, "{body}");
        body["bookmark_id"].as_i64().expect("a bookmark id")
    }

    /// The `(kind, id)` of the user's bookmarks, in the order listed.
    pub async fn listed(&self, token: &str) -> Vec<(String, i64)> {
        let (status, body) = self.get("/bookmarks", Some(token)).await;
        assert_eq!(status, 200, "{body}");
        body["bookmarks"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|item| {
                (
                    item["kind"].as_str().unwrap_or("").to_string(),
                    item["id"].as_i64().unwrap_or(0),
                )
            })
            .collect()
    }
}
