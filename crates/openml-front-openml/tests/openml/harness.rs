//! The application under test: built in-process with the `public`, `user`
//! and `openml` blueprints on a fresh SQLite database, pointed at a
//! stand-in OpenML server, and driven over HTTP with poem's test client.

use std::path::PathBuf;
use std::sync::Arc;

use openml_front_core::db::users;
use openml_front_core::extensions::database::Database;
use openml_front_core::{App, Settings, create_app};
use poem::endpoint::BoxEndpoint;
use poem::http::StatusCode;
use poem::test::{TestClient, TestRequestBuilder};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::{Value, json};
use tempfile::TempDir;

use super::standin::StandIn;

/// The API key the stand-in knows, given to the first user.
pub const KEY: &str = "0123456789abcdef0123456789abcdef";
/// A second key the stand-in knows.
pub const OTHER_KEY: &str = "fedcba9876543210fedcba9876543210";
/// A key the stand-in does not know.
pub const UNKNOWN_KEY: &str = "00000000000000000000000000000000";

/// A page address naming dataset `id`.
pub fn page(id: &str) -> String {
    format!("https://www.openml.org/search?type=data&sort=runs&id={id}")
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct User {
    /// `Bearer <access token>`.
    pub bearer: String,
    /// The row id.
    pub id: u32,
}

/// A reply: status and body.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body as text.
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.body))
    }

    /// The `msg` of a JSON body.
    pub fn msg(&self) -> String {
        match self.json().get("msg") {
            Some(Value::String(msg)) => msg.clone(),
            _ => panic!("no msg in {}", self.body),
        }
    }

    /// Asserts the status and the whole `msg`.
    pub fn assert_msg(&self, status: StatusCode, msg: &str) {
        assert_eq!(
            (self.status, self.msg().as_str()),
            (status, msg),
            "{}",
            self.body
        );
    }

    /// Asserts the status and that the `msg` holds every part.
    pub fn assert_msg_has(&self, status: StatusCode, parts: &[&str]) {
        assert_eq!(self.status, status, "{}", self.body);
        let msg = self.msg();
        for part in parts {
            assert!(msg.contains(part), "`{part}` is not in the msg: {msg}");
        }
    }
}

/// Sends a request and reads the whole reply.
pub async fn send(request: TestRequestBuilder<'_, Arc<BoxEndpoint<'static>>>) -> Reply {
    let response = request.send().await.0;
    let status = response.status();
    let body = response
        .into_body()
        .into_string()
        .await
        .expect("a text body");
    Reply { status, body }
}

/// The application, its stand-in OpenML and its files.
pub struct Site {
    /// The test client of the application.
    pub client: TestClient<Arc<BoxEndpoint<'static>>>,
    /// The application.
    pub app: App,
    /// The stand-in OpenML, when the application talks to one.
    pub openml: Option<StandIn>,
    dir: TempDir,
}

impl Site {
    /// An application talking to a new stand-in that knows [`KEY`] and
    /// [`OTHER_KEY`] and names the first user as uploader of dataset 61.
    pub async fn new() -> Self {
        let standin = StandIn::start(&[KEY, OTHER_KEY], 1).await;
        let url = standin.url.clone();
        let mut site = Self::with_openml(&url, 30).await;
        site.openml = Some(standin);
        site
    }

    /// An application whose OpenML is at `server`.
    pub async fn with_openml(server: &str, timeout_secs: u64) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = |name: &str| dir.path().join(name).display().to_string();
        std::fs::create_dir(dir.path().join("uploads")).expect("the upload folder");

        let settings = Settings::from_pairs([
            (
                "database.url",
                json!(format!("sqlite://{}?mode=rwc", path("db.sqlite"))),
            ),
            ("blueprints", json!(["public", "user", "openml"])),
            ("openml.server", json!(server)),
            ("openml.timeout_secs", json!(timeout_secs)),
            ("openml_upload.temp_dir", json!(path("uploads"))),
            ("mail.dir", json!(path("mail"))),
            ("mail.confirm_signups", json!(false)),
            ("server.image_dir", json!(path("imgs"))),
            ("auth.jwt_secret", json!("a secret for the tests only")),
            ("auth.argon2.time_cost", json!(1)),
            ("auth.argon2.memory_kib", json!(64)),
        ])
        .expect("settings");
        let app = create_app(settings).await.expect("the application");

        Self {
            client: TestClient::new(app.endpoint()),
            app,
            openml: None,
            dir,
        }
    }

    /// The stand-in OpenML.
    pub fn openml(&self) -> &StandIn {
        self.openml.as_ref().expect("a stand-in OpenML")
    }

    /// The folder uploads are converted in.
    pub fn upload_dir(&self) -> PathBuf {
        self.dir.path().join("uploads")
    }

    /// Asserts that no upload left a file behind.
    pub fn assert_no_temp_files(&self) {
        let left: Vec<_> = std::fs::read_dir(self.upload_dir())
            .expect("the upload folder")
            .map(|entry| entry.map(|e| e.path()))
            .collect();
        assert!(left.is_empty(), "files were left behind: {left:?}");
    }

    /// Signs up, logs in and gives the account `key` as its API key
    /// (`None` clears it).
    pub async fn user(&self, email: &str, key: Option<&str>) -> User {
        let password = "correct horse battery staple";
        let signup = json!({
            "email": email, "password": password, "first_name": "Ada", "last_name": "Lovelace"
        });
        send(self.client.post("/signup").body_json(&signup))
            .await
            .assert_msg(StatusCode::OK, "User created");

        let login = json!({"email": email, "password": password});
        let reply = send(self.client.post("/login").body_json(&login)).await;
        let token = reply.json()["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token: {}", reply.body))
            .to_string();
        let bearer = format!("Bearer {token}");

        let profile = send(self.client.get("/profile").header("Authorization", &bearer)).await;
        let id = profile.json()["id"].as_u64().expect("an id") as u32;
        self.set_key(id, key).await;
        User { bearer, id }
    }

    /// Sets a user's API key (the `session_hash` column).
    pub async fn set_key(&self, id: u32, key: Option<&str>) {
        let database = self
            .app
            .extensions()
            .get::<Database>()
            .expect("the database extension");
        let row = users::Entity::find_by_id(id)
            .one(database.conn())
            .await
            .expect("a query")
            .expect("the user");
        let mut row = row.into_active_model();
        row.session_hash = Set(key.map(String::from));
        row.update(database.conn()).await.expect("an update");
    }

    /// A JSON POST as `user`.
    pub async fn post_json(&self, user: &User, path: &str, body: Value) -> Reply {
        send(
            self.client
                .post(path)
                .header("Authorization", &user.bearer)
                .body_json(&body),
        )
        .await
    }
}
