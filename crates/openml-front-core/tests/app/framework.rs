//! The factory: blueprints by name, extension order, errors that name
//! what is wrong, the one OpenAPI document and the probes.

use openml_front_core::{StartupError, create_app};
use serde_json::json;

use super::support::{TestApp, settings};

async fn start_error(extra: &[(&str, serde_json::Value)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    match create_app(settings(dir.path(), &url, extra)).await {
        Ok(_) => panic!("the app should not start"),
        Err(err) => err.to_string(),
    }
}

#[tokio::test]
async fn unknown_blueprints_fail_with_the_known_names() {
    let err = start_error(&[("blueprints", json!(["public", "nope"]))]).await;
    assert!(err.contains("unknown blueprint `nope`"), "{err}");
    assert!(err.contains("public") && err.contains("user"), "{err}");
}

#[tokio::test]
async fn bad_values_name_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let err =
        openml_front_core::Settings::from_pairs([("auth.access_token_ttl_secs", json!("soon"))])
            .unwrap_err()
            .to_string();
    assert!(err.contains("auth.access_token_ttl_secs"), "{err}");

    let err = openml_front_core::Settings::from_pairs([("mail.transport", json!("pigeon"))])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("mail.transport") && err.contains("pigeon"),
        "{err}"
    );

    let err = start_error(&[(
        "database.url",
        json!(format!("mysql://127.0.0.1:1/{}", dir.path().display())),
    )])
    .await;
    assert!(err.contains("database.url"), "{err}");
}

#[tokio::test]
async fn one_openapi_document_lists_every_route() {
    let app = TestApp::sqlite(&[]).await;
    let (status, doc) = app.get("/openapi.json", None).await;
    assert_eq!(status, 200);
    for path in [
        "/signup",
        "/login",
        "/profile",
        "/api-key",
        "/delete",
        "/resetpassword",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the document"
        );
    }
    assert!(
        doc["paths"]["/healthz"].is_null(),
        "probes stay out of the document"
    );

    let listed: Vec<_> = app
        .app
        .routes()
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str(), r.blueprint.as_str()))
        .collect();
    assert!(listed.contains(&("POST", "/signup", "public")));
    assert!(listed.contains(&("GET", "/profile", "user")));

    let response = app.client.get("/docs").send().await;
    response.assert_status_is_ok();
    let html = response.0.into_body().into_string().await.unwrap();
    assert!(html.contains("/resetpassword"));
}

#[tokio::test]
async fn probes_answer() {
    let app = TestApp::sqlite(&[("server.docs_ui", json!(false))]).await;
    let response = app.client.get("/healthz").send().await;
    response.assert_status_is_ok();
    let request_id = response.0.headers().get("x-request-id").cloned();
    assert!(
        request_id.is_some_and(|id| !id.is_empty()),
        "every reply names its request"
    );
    let response = app.client.get("/readyz").send().await;
    response.assert_status_is_ok();
    let (status, _) = app.get("/docs", None).await;
    assert_eq!(status, 404, "the UI can be switched off");
}

#[test]
fn missing_extensions_and_cycles_are_named() {
    let wanted = vec![("blueprint `x`".to_string(), "no-such-extension")];
    let err = openml_front_core::extension::resolve_order(&wanted).unwrap_err();
    assert!(matches!(err, StartupError::MissingExtension { .. }));
    let text = err.to_string();
    assert!(
        text.contains("blueprint `x`") && text.contains("no-such-extension"),
        "{text}"
    );

    let wanted = vec![("blueprint `y`".to_string(), "tokens")];
    let order: Vec<_> = openml_front_core::extension::resolve_order(&wanted)
        .unwrap()
        .iter()
        .map(|decl| decl.name)
        .collect();
    assert_eq!(order, vec!["database", "tokens"], "requirements come first");
}

/// Declared in this crate, outside core, with the macros only.
mod declared_here {
    use openml_front_core::reexports::poem_openapi::{self, OpenApi, payload::PlainText};
    use openml_front_core::{
        Blueprint, Extension, ExtensionContext, Mount, MountContext, StartupError, blueprint,
        extension,
    };

    pub struct Greeting(pub String);

    #[extension(name = "test-greeting", requires = ["database"])]
    impl Extension for Greeting {
        async fn init(_ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
            Ok(Greeting("hello from a test crate".into()))
        }
    }

    pub struct LoopA;
    pub struct LoopB;

    #[extension(name = "test-loop-a", requires = ["test-loop-b"])]
    impl Extension for LoopA {
        async fn init(_ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
            Ok(LoopA)
        }
    }

    #[extension(name = "test-loop-b", requires = ["test-loop-a"])]
    impl Extension for LoopB {
        async fn init(_ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
            Ok(LoopB)
        }
    }

    struct GreetingApi(String);

    #[OpenApi]
    impl GreetingApi {
        /// Says the greeting.
        #[oai(path = "/greeting", method = "get")]
        async fn greet(&self) -> PlainText<String> {
            PlainText(self.0.clone())
        }

        /// The root of the prefix.
        #[oai(path = "/", method = "get")]
        async fn root(&self) -> PlainText<&'static str> {
            PlainText("root of /hello")
        }
    }

    #[derive(Default)]
    pub struct Greeter;

    #[blueprint(name = "test-greeter", requires = ["test-greeting"])]
    impl Blueprint for Greeter {
        fn url_prefix(&self) -> &str {
            "/hello"
        }

        fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
            let greeting = ctx.extension::<Greeting>()?;
            Ok(Mount::new().api(GreetingApi(greeting.0.clone())))
        }
    }

    #[derive(Default)]
    pub struct Looping;

    #[blueprint(name = "test-looping", requires = ["test-loop-a"])]
    impl Blueprint for Looping {
        fn mount(&self, _ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
            Ok(Mount::new())
        }
    }

    #[derive(Default)]
    pub struct Clashing;

    struct ClashApi;

    #[OpenApi]
    impl ClashApi {
        /// Claims a path the `public` blueprint has.
        #[oai(path = "/signup", method = "put")]
        async fn clash(&self) -> PlainText<&'static str> {
            PlainText("clash")
        }
    }

    #[blueprint(name = "test-clashing")]
    impl Blueprint for Clashing {
        fn mount(&self, _ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
            Ok(Mount::new().api(ClashApi))
        }
    }
}

#[tokio::test]
async fn blueprints_from_other_crates_mount_by_name() {
    let app = TestApp::sqlite(&[("blueprints", json!(["public", "test-greeter"]))]).await;
    let response = app.client.get("/hello/greeting").send().await;
    response.assert_status_is_ok();
    response.assert_text("hello from a test crate").await;

    let response = app.client.get("/hello").send().await;
    response.assert_status_is_ok();
    response.assert_text("root of /hello").await;

    let (_, doc) = app.get("/openapi.json", None).await;
    assert!(
        doc["paths"]["/hello/greeting"]["get"].is_object(),
        "{}",
        doc["paths"]
    );
    assert!(
        doc["paths"]["/hello"]["get"].is_object(),
        "{}",
        doc["paths"]
    );
}

#[tokio::test]
async fn extension_cycles_and_route_clashes_fail_start_up() {
    let err = start_error(&[("blueprints", json!(["test-looping"]))]).await;
    assert!(
        err.contains("cycle") && err.contains("test-loop-a -> test-loop-b -> test-loop-a"),
        "{err}"
    );

    let err = start_error(&[("blueprints", json!(["public", "test-clashing"]))]).await;
    assert!(
        err.contains("/signup") && err.contains("public") && err.contains("test-clashing"),
        "{err}"
    );
}
