//! A test application on a fresh database, with helpers to drive it.

use std::path::{Path, PathBuf};

use openml_front_core::reexports::poem::endpoint::BoxEndpoint;
use openml_front_core::reexports::poem::test::{TestClient, TestResponse};
use openml_front_core::{App, Settings, create_app};
use serde_json::{Value, json};

/// The shared fixtures, read in place: `OPENML_FRONT_FIXTURES`, or
/// `../shared/fixtures` beside the repository.
pub fn fixtures() -> PathBuf {
    openml_front_core::testing::fixtures_dir(env!("CARGO_MANIFEST_DIR"))
}

/// An application and a client for it.
pub struct TestApp {
    pub app: App,
    pub client: TestClient<std::sync::Arc<BoxEndpoint<'static>>>,
    pub dir: tempfile::TempDir,
}

/// Settings for a test: cheap hashing, mail to a temp folder.
pub fn settings(dir: &Path, database_url: &str, extra: &[(&str, Value)]) -> Settings {
    let mut pairs: Vec<(String, Value)> = vec![
        ("database.url".into(), json!(database_url)),
        ("mail.dir".into(), json!(dir.join("mail"))),
        ("server.image_dir".into(), json!(dir.join("imgs"))),
        ("server.site_url".into(), json!("http://site.test")),
        ("auth.jwt_secret".into(), json!("test-secret")),
        ("auth.argon2.time_cost".into(), json!(1)),
        ("auth.argon2.memory_kib".into(), json!(64)),
        ("auth.argon2.parallelism".into(), json!(1)),
    ];
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    Settings::from_pairs(pairs).expect("test settings are valid")
}

impl TestApp {
    /// An app on a fresh SQLite file.
    pub async fn sqlite(extra: &[(&str, Value)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        Self::on(dir, &url, extra).await
    }

    /// An app on the given database.
    pub async fn on(dir: tempfile::TempDir, url: &str, extra: &[(&str, Value)]) -> Self {
        let app = create_app(settings(dir.path(), url, extra))
            .await
            .expect("app builds");
        let client = TestClient::new(app.endpoint());
        Self { app, client, dir }
    }

    /// POSTs JSON and returns status and body.
    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> (u16, Value) {
        let mut request = self.client.post(path).body_json(&body);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        read(request.send().await).await
    }

    /// GETs and returns status and body.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut request = self.client.get(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        read(request.send().await).await
    }

    /// Uploads `bytes` as the profile image (multipart field `file`).
    pub async fn upload_image(&self, token: &str, bytes: Vec<u8>, file_name: &str) -> (u16, Value) {
        use openml_front_core::reexports::poem::test::{TestForm, TestFormField};

        let field = TestFormField::bytes(bytes)
            .name("file")
            .filename(file_name)
            .content_type("image/png");
        let response = self
            .client
            .post("/image")
            .header("authorization", format!("Bearer {token}"))
            .multipart(TestForm::new().field(field))
            .send()
            .await;
        read(response).await
    }

    /// The mails written so far, oldest first.
    pub fn mails(&self) -> Vec<String> {
        let dir = self.dir.path().join("mail");
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        entries.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        entries
            .iter()
            .map(|p| decode_mail(&std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    /// The link of the last mail, to `page`.
    pub fn last_link(&self, page: &str) -> String {
        let mails = self.mails();
        let mail = mails.last().expect("a mail was written");
        let start = mail
            .find(&format!("http://site.test/auth/{page}/?token="))
            .unwrap_or_else(|| panic!("no {page} link in mail:\n{mail}"));
        mail[start..].split_whitespace().next().unwrap().to_string()
    }

    /// Signs up, confirms through the mailed link and logs in; returns the
    /// access token.
    pub async fn signed_up_user(&self, email: &str, password: &str) -> String {
        let (status, body) = self
            .post(
                "/signup",
                json!({"email": email, "password": password, "first_name": "Ada", "last_name": "Lovelace"}),
                None,
            )
            .await;
        assert_eq!((status, &body), (200, &json!({"msg": "User created"})));

        let link = self.last_link("confirm-page");
        let (status, body) = self.post("/confirmation", json!({"url": link}), None).await;
        assert_eq!((status, &body), (200, &json!({"msg": "User confirmed"})));

        self.login(email, password).await
    }

    /// Checks that no account can log in as `email`: nothing was stored.
    pub async fn assert_no_account(&self, email: &str, password: &str) {
        let (_, body) = self
            .post(
                "/login",
                json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(
            body,
            json!({"msg": "Wrong username or password"}),
            "no account {email} was stored"
        );
    }

    /// Logs in and returns the token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let (status, body) = self
            .post(
                "/login",
                json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token: {body}"))
            .to_string()
    }
}

/// Status and body (JSON, or the text as a JSON string).
pub async fn read(response: TestResponse) -> (u16, Value) {
    let status = response.0.status().as_u16();
    let text = response.0.into_body().into_string().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, body)
}

/// The text of a mail with quoted-printable soft breaks undone.
fn decode_mail(raw: &str) -> String {
    raw.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}
