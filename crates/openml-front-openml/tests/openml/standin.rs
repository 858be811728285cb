//! A stand-in OpenML server on 127.0.0.1, answering with OpenML's real
//! replies from the shared fixtures.
//!
//! It checks every API key against the keys it knows, validates every
//! uploaded XML document with xmllint against OpenML's schema and every
//! uploaded ARFF file with openml-front-arff's validator, and records what
//! it received. A check that fails is answered with a 500 and recorded;
//! [`StandIn::received`] and the assertions built on it panic when any
//! check failed.
//!
//! Special cases, to reach OpenML's error replies:
//! - `data/999` and `data/list/data_id/999` answer only after 5 seconds;
//! - `data/tag` of dataset 2 answers error 353 (not owned);
//! - a task whose target is `duplicate` answers error 614, one whose
//!   target is `not_a_column` answers error 622;
//! - a study with benchmark suite 404 answers error 622.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use poem::http::StatusCode;
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::web::{Data, Multipart, Path as PathParam, Query};
use poem::{EndpointExt, Response, Route, Server, handler};

/// Where the fixtures are, next to the repository.
pub fn fixtures() -> PathBuf {
    fixtures_root().join("openml-api")
}

/// One reply from the fixtures.
fn fixture(name: &str) -> String {
    let path = fixtures().join("responses").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// One request the stand-in received.
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// `GET data/61`, `POST data/edit`, ...
    pub call: String,
    /// The `api_key` it carried.
    pub api_key: Option<String>,
    /// Form fields that are not files.
    pub fields: BTreeMap<String, String>,
    /// File parts: file name and content.
    pub files: BTreeMap<String, (Option<String>, Vec<u8>)>,
    /// Rows and attribute names of the uploaded ARFF file, if any.
    pub arff: Option<(u64, Vec<String>)>,
}

impl Received {
    /// The text of a file part.
    pub fn file_text(&self, name: &str) -> String {
        let (_, bytes) = self
            .files
            .get(name)
            .unwrap_or_else(|| panic!("{} has no file part {name}", self.call));
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[derive(Default)]
struct State {
    keys: BTreeSet<String>,
    uploader: u32,
    received: Mutex<Vec<Received>>,
    failures: Mutex<Vec<String>>,
}

impl State {
    fn record(&self, received: Received) {
        self.received.lock().expect("lock").push(received);
    }

    fn fail(&self, failure: String) -> Response {
        self.failures.lock().expect("lock").push(failure.clone());
        Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .body(failure)
    }

    fn knows(&self, key: Option<&str>) -> bool {
        key.is_some_and(|key| self.keys.contains(key))
    }
}

/// A running stand-in.
pub struct StandIn {
    /// The API's base address, ending in `/api/v1/xml/`.
    pub url: String,
    state: Arc<State>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl StandIn {
    /// Starts a stand-in that accepts `keys` and names `uploader` as the
    /// uploader of dataset 61.
    pub async fn start(keys: &[&str], uploader: u32) -> Self {
        let state = Arc::new(State {
            keys: keys.iter().map(|key| key.to_string()).collect(),
            uploader,
            ..State::default()
        });

        let api = Route::new()
            .at("/data/list/data_id/:id", poem::get(data_list))
            .at("/data/:id", poem::get(data_description))
            .at("/data", poem::post(data_upload))
            .at("/data/edit", poem::post(data_edit))
            .at("/data/tag", poem::post(data_tag))
            .at("/task", poem::post(task_upload))
            .at("/study", poem::post(study_upload));
        let app = Route::new().nest("/api/v1/xml", api).data(state.clone());

        let acceptor = TcpListener::bind("127.0.0.1:0")
            .into_acceptor()
            .await
            .expect("bind the stand-in");
        let port = acceptor.local_addr()[0]
            .as_socket_addr()
            .expect("a socket address")
            .port();
        let server = tokio::spawn(async move {
            let _ = Server::new_with_acceptor(acceptor).run(app).await;
        });

        Self {
            url: format!("http://127.0.0.1:{port}/api/v1/xml/"),
            state,
            server,
        }
    }

    /// Everything received so far. Panics if any check failed.
    pub fn received(&self) -> Vec<Received> {
        let failures = self.state.failures.lock().expect("lock").clone();
        assert!(
            failures.is_empty(),
            "the stand-in refused uploads: {failures:#?}"
        );
        self.state.received.lock().expect("lock").clone()
    }

    /// The received requests of one call, such as `POST data`.
    pub fn calls(&self, call: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|received| received.call == call)
            .collect()
    }

    /// Asserts that nothing at all was received.
    pub fn assert_untouched(&self) {
        let received = self.received();
        assert!(received.is_empty(), "OpenML was called: {received:#?}");
    }

    /// Asserts that nothing was written (every POST).
    pub fn assert_nothing_written(&self) {
        let writes: Vec<_> = self
            .received()
            .into_iter()
            .filter(|received| received.call.starts_with("POST"))
            .collect();
        assert!(writes.is_empty(), "OpenML was written to: {writes:#?}");
    }
}

fn xml_reply(status: StatusCode, body: String) -> Response {
    Response::builder()
        .status(status)
        .content_type("text/xml; charset=utf-8")
        .body(body)
}

fn ok(name: &str) -> Response {
    xml_reply(StatusCode::OK, fixture(name))
}

fn refuse(name: &str) -> Response {
    xml_reply(StatusCode::PRECONDITION_FAILED, fixture(name))
}

fn refuse_with(code: u32, message: &str) -> Response {
    let body = format!(
        "<oml:error xmlns:oml=\"http://openml.org/openml\">\n\t<oml:code>{code}</oml:code>\n\
         \t<oml:message>{message}</oml:message>\n</oml:error>\n"
    );
    xml_reply(StatusCode::PRECONDITION_FAILED, body)
}

#[handler]
async fn data_description(
    PathParam(id): PathParam<u32>,
    Query(query): Query<BTreeMap<String, String>>,
    state: Data<&Arc<State>>,
) -> Response {
    let api_key = query.get("api_key").cloned();
    state.record(Received {
        call: format!("GET data/{id}"),
        api_key: api_key.clone(),
        ..Received::default()
    });
    if !state.knows(api_key.as_deref()) {
        return refuse("error_103_auth_failed.xml");
    }

    match id {
        61 | 2 | 40945 => ok(&format!("data_description_{id}.xml")),
        999 => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            ok("data_description_61.xml")
        }
        _ => refuse_with(111, "Unknown dataset"),
    }
}

#[handler]
async fn data_list(
    PathParam(id): PathParam<u32>,
    Query(query): Query<BTreeMap<String, String>>,
    state: Data<&Arc<State>>,
) -> Response {
    let api_key = query.get("api_key").cloned();
    state.record(Received {
        call: format!("GET data/list/data_id/{id}"),
        api_key: api_key.clone(),
        ..Received::default()
    });
    if !state.knows(api_key.as_deref()) {
        return refuse("error_103_auth_failed.xml");
    }

    match id {
        61 | 2 => {
            let list = fixture("data_list_61.xml")
                .replace("<oml:did>61</oml:did>", &format!("<oml:did>{id}</oml:did>"))
                .replace(
                    "<oml:uploader>1</oml:uploader>",
                    &format!("<oml:uploader>{}</oml:uploader>", state.uploader),
                );
            xml_reply(StatusCode::OK, list)
        }
        999 => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            ok("data_list_61.xml")
        }
        _ => refuse_with(372, "No results"),
    }
}

/// Reads a multipart body into a record.
async fn read_form(call: &str, mut multipart: Multipart) -> Result<Received, String> {
    let mut received = Received {
        call: call.to_string(),
        ..Received::default()
    };

    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|err| err.to_string())?
    {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(String::from);
        let bytes = field.bytes().await.map_err(|err| err.to_string())?;
        match file_name {
            Some(file_name) => {
                received.files.insert(name, (Some(file_name), bytes));
            }
            None => {
                received
                    .fields
                    .insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    received.api_key = received.fields.get("api_key").cloned();
    Ok(received)
}

/// Validates a document against `openml.{schema}.xsd` with xmllint.
async fn validate_xml(schema: &str, document: Vec<u8>) -> Result<(), String> {
    let xsd = fixtures().join("xsd").join(format!("openml.{schema}.xsd"));
    tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().map_err(|err| err.to_string())?;
        let file = dir.path().join("upload.xml");
        std::fs::write(&file, &document).map_err(|err| err.to_string())?;

        let output = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&file)
            .output();
        match output {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                println!("note: xmllint is not installed; an upload was not validated");
                Ok(())
            }
            Err(err) => Err(err.to_string()),
            Ok(output) if output.status.success() => Ok(()),
            Ok(output) => Err(format!(
                "{}\n{}",
                String::from_utf8_lossy(&output.stderr),
                String::from_utf8_lossy(&document)
            )),
        }
    })
    .await
    .map_err(|err| err.to_string())?
}

/// Reads a form, checks its key and validates its XML file part. On
/// success the record is returned for the handler to finish.
async fn accept(
    state: &State,
    call: &str,
    multipart: Multipart,
    xml_part: Option<(&str, &str)>,
) -> Result<Received, Response> {
    let received = read_form(call, multipart)
        .await
        .map_err(|err| state.fail(format!("{call}: unreadable form: {err}")))?;
    if !state.knows(received.api_key.as_deref()) {
        state.record(received);
        return Err(refuse("error_103_auth_failed.xml"));
    }

    if let Some((part, schema)) = xml_part {
        let Some((_, document)) = received.files.get(part) else {
            return Err(state.fail(format!("{call}: no file part {part}")));
        };
        if let Err(report) = validate_xml(schema, document.clone()).await {
            return Err(state.fail(format!("{call}: {part} breaks {schema}: {report}")));
        }
    }
    Ok(received)
}

#[handler]
async fn data_upload(multipart: Multipart, state: Data<&Arc<State>>) -> Response {
    let mut received = match accept(
        &state,
        "POST data",
        multipart,
        Some(("description", "data.upload")),
    )
    .await
    {
        Ok(received) => received,
        Err(reply) => return reply,
    };

    let Some((_, arff)) = received.files.get("dataset") else {
        return state.fail("POST data: no dataset part".into());
    };
    match openml_front_arff::validate_arff(arff.as_slice()) {
        Ok(summary) => {
            let names = summary.attributes.into_iter().map(|a| a.name).collect();
            received.arff = Some((summary.rows, names));
        }
        Err(err) => return state.fail(format!("POST data: the ARFF file is invalid: {err}")),
    }

    state.record(received);
    ok("data_upload_successful.xml")
}

#[handler]
async fn data_edit(multipart: Multipart, state: Data<&Arc<State>>) -> Response {
    let xml = Some(("edit_parameters", "data.edit"));
    match accept(&state, "POST data/edit", multipart, xml).await {
        Ok(received) => {
            state.record(received);
            ok("data_edit_successful.xml")
        }
        Err(reply) => reply,
    }
}

#[handler]
async fn data_tag(multipart: Multipart, state: Data<&Arc<State>>) -> Response {
    let received = match accept(&state, "POST data/tag", multipart, None).await {
        Ok(received) => received,
        Err(reply) => return reply,
    };

    let not_owned = received.fields.get("data_id").is_some_and(|id| id == "2");
    state.record(received);
    if not_owned {
        refuse("data_delete_not_owned.xml")
    } else {
        ok("data_tag_success.xml")
    }
}

#[handler]
async fn task_upload(multipart: Multipart, state: Data<&Arc<State>>) -> Response {
    let xml = Some(("description", "task.upload"));
    let received = match accept(&state, "POST task", multipart, xml).await {
        Ok(received) => received,
        Err(reply) => return reply,
    };

    let description = received.file_text("description");
    state.record(received);
    if description.contains("\"target_feature\">duplicate<") {
        refuse("error_614_task_exists.xml")
    } else if description.contains("\"target_feature\">not_a_column<") {
        refuse("error_622_bad_input.xml")
    } else {
        ok("task_upload_successful.xml")
    }
}

#[handler]
async fn study_upload(multipart: Multipart, state: Data<&Arc<State>>) -> Response {
    let xml = Some(("description", "study.upload"));
    let received = match accept(&state, "POST study", multipart, xml).await {
        Ok(received) => received,
        Err(reply) => return reply,
    };

    let description = received.file_text("description");
    state.record(received);
    if description.contains("<oml:benchmark_suite>404</oml:benchmark_suite>") {
        refuse("error_622_bad_input.xml")
    } else {
        ok("study_upload_successful.xml")
    }
}

/// The shared fixtures, read in place.
fn fixtures_root() -> PathBuf {
    openml_front_core::testing::fixtures_dir(env!("CARGO_MANIFEST_DIR"))
}
