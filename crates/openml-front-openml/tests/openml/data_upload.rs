//! `POST /data-upload`.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::ipc::writer::FileWriter;
use arrow::record_batch::RecordBatch;
use poem::http::StatusCode;
use poem::test::{TestForm, TestFormField};
use serde_json::{Value, json};

use crate::harness::{KEY, Reply, Site, User, send};
use crate::standin::fixtures;

fn dataset_file(name: &str) -> Vec<u8> {
    let path = fixtures().join("datasets").join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn metadata(name: &str) -> Value {
    json!({
        "dataset_name": name,
        "description": "Uploaded by the tests.",
        "creator": "R.A. Fisher",
        "contributor": "",
        "collection_date": "1936",
        "licence": "Public",
        "language": "English",
        "def_tar_att": "",
        "ignore_attribute": "",
        "citation": null
    })
}

fn file(part: &str, file_name: &str, bytes: Vec<u8>) -> TestFormField {
    TestFormField::bytes(bytes).name(part).filename(file_name)
}

async fn upload(site: &Site, user: &User, form: TestForm) -> Reply {
    send(
        site.client
            .post("/data-upload")
            .header("Authorization", &user.bearer)
            .multipart(form),
    )
    .await
}

async fn upload_file(site: &Site, user: &User, name: &str, data: Vec<u8>, meta: Value) -> Reply {
    let form = TestForm::new()
        .field(file("dataset", name, data))
        .field(file(
            "metadata",
            "metadata.json",
            meta.to_string().into_bytes(),
        ));
    upload(site, user, form).await
}

/// Uploads a file and checks what OpenML received: one dataset with
/// `rows` rows and the given attributes, and a description naming it.
async fn assert_uploaded(name: &str, data: Vec<u8>, meta: Value, rows: u64, columns: &[&str]) {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;
    let dataset_name = meta["dataset_name"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let reply = upload_file(&site, &user, name, data, meta).await;

    reply.assert_msg(StatusCode::OK, "dataset uploaded");
    let uploads = site.openml().calls("POST data");
    assert_eq!(uploads.len(), 1);
    let upload = &uploads[0];
    assert_eq!(upload.api_key.as_deref(), Some(KEY));
    let (got_rows, got_columns) = upload.arff.clone().expect("an ARFF file");
    assert_eq!(got_rows, rows);
    assert_eq!(got_columns, columns);
    let description = upload.file_text("description");
    assert!(description.contains(&format!("<oml:name>{dataset_name}</oml:name>")));
    assert!(description.contains("<oml:format>ARFF</oml:format>"));
    assert_eq!(
        upload.files["dataset"].0.as_deref(),
        Some(format!("{dataset_name}.arff").as_str())
    );
    site.assert_no_temp_files();
}

const IRIS_COLUMNS: [&str; 5] = [
    "sepallength",
    "sepalwidth",
    "petallength",
    "petalwidth",
    "class",
];

#[tokio::test]
async fn an_arff_file_is_uploaded_as_it_is() {
    let mut meta = metadata("iris_again");
    meta["def_tar_att"] = json!("class");
    assert_uploaded(
        "iris.arff",
        dataset_file("iris.arff"),
        meta,
        150,
        &IRIS_COLUMNS,
    )
    .await;
}

#[tokio::test]
async fn an_arff_file_with_missing_values_and_quotes_is_uploaded() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;
    let mut meta = metadata("titanic_again");
    meta["def_tar_att"] = json!("survived");

    let reply = upload_file(
        &site,
        &user,
        "titanic.arff",
        dataset_file("titanic.arff"),
        meta,
    )
    .await;

    reply.assert_msg(StatusCode::OK, "dataset uploaded");
    let uploads = site.openml().calls("POST data");
    let (rows, columns) = uploads[0].arff.clone().expect("an ARFF file");
    assert_eq!(rows, 1309);
    assert!(columns.contains(&"survived".to_string()));
    site.assert_no_temp_files();
}

#[tokio::test]
async fn a_parquet_file_is_converted() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    let data = dataset_file("dataset_30.parquet");
    let reply = upload_file(
        &site,
        &user,
        "dataset_30.parquet",
        data,
        metadata("page_blocks"),
    )
    .await;

    reply.assert_msg(StatusCode::OK, "dataset uploaded");
    let uploads = site.openml().calls("POST data");
    let (rows, columns) = uploads[0].arff.clone().expect("an ARFF file");
    assert!(rows > 0 && !columns.is_empty(), "{rows} rows, {columns:?}");
    let arff = uploads[0].file_text("dataset");
    assert!(
        arff.to_lowercase().starts_with("@relation page_blocks"),
        "{}",
        &arff[..80]
    );
    site.assert_no_temp_files();
}

#[tokio::test]
async fn a_csv_file_is_converted() {
    let csv = "x,y,colour\n1,0.5,red\n2,1.5,blue\n3,2.5,red\n4,3.5,blue\n";
    let mut meta = metadata("toy_csv");
    meta["def_tar_att"] = json!("colour");
    meta["ignore_attribute"] = json!("x");
    assert_uploaded("toy.CSV", csv.into(), meta, 4, &["x", "y", "colour"]).await;
}

#[tokio::test]
async fn a_json_file_is_converted() {
    let records =
        r#"[{"size": 1.5, "kind": "a"}, {"size": 2.5, "kind": "b"}, {"size": null, "kind": "a"}]"#;
    assert_uploaded(
        "toy.json",
        records.into(),
        metadata("toy_json"),
        3,
        &["size", "kind"],
    )
    .await;
}

#[tokio::test]
async fn a_feather_file_is_converted() {
    assert_uploaded(
        "toy.feather",
        feather(),
        metadata("toy_feather"),
        3,
        &["width", "label"],
    )
    .await;
}

/// A Feather (Arrow IPC) file with a number and a text column.
fn feather() -> Vec<u8> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("width", DataType::Float64, true),
        Field::new("label", DataType::Utf8, true),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Float64Array::from(vec![Some(1.0), None, Some(3.5)])),
        Arc::new(StringArray::from(vec![Some("x"), Some("y"), Some("x")])),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).expect("a batch");

    let mut bytes = Vec::new();
    let mut writer = FileWriter::try_new(&mut bytes, &schema).expect("a writer");
    writer.write(&batch).expect("the batch");
    writer.finish().expect("the footer");
    drop(writer);
    bytes
}

/// Uploads and asserts a 400 whose msg holds every part, with nothing
/// sent to OpenML and no file left behind.
async fn assert_refused(site: &Site, user: &User, form: TestForm, parts: &[&str]) {
    let reply = upload(site, user, form).await;
    reply.assert_msg_has(StatusCode::BAD_REQUEST, parts);
    site.openml().assert_untouched();
    site.assert_no_temp_files();
}

fn form(name: &str, data: &[u8], meta: &Value) -> TestForm {
    TestForm::new()
        .field(file("dataset", name, data.to_vec()))
        .field(file(
            "metadata",
            "metadata.json",
            meta.to_string().into_bytes(),
        ))
}

#[tokio::test]
async fn other_extensions_are_not_supported() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;

    for name in ["data.txt", "data.xlsx", "data", "csv"] {
        let reply = upload(&site, &user, form(name, b"a,b\n1,2\n", &metadata("x"))).await;
        reply.assert_msg(StatusCode::BAD_REQUEST, "format not supported");
    }
    site.openml().assert_untouched();
}

#[tokio::test]
async fn missing_parts_are_named() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;
    let meta = metadata("x").to_string().into_bytes();

    let only_metadata = TestForm::new().field(file("metadata", "metadata.json", meta));
    assert_refused(&site, &user, only_metadata, &["no dataset part"]).await;

    let only_data = TestForm::new().field(file("dataset", "a.csv", b"a\n1\n".to_vec()));
    assert_refused(&site, &user, only_data, &["no metadata part"]).await;
}

#[tokio::test]
async fn bad_data_files_are_refused_with_the_reason() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;
    let meta = metadata("x");

    let cases: [(&str, &[u8], &[&str]); 5] = [
        ("empty.csv", b"", &["empty"]),
        ("header.csv", b"a,b,c\n", &["only a header"]),
        (
            "ragged.csv",
            b"a,b,c\n1,2,3\n4,5\n",
            &["line 3", "2 fields", "3"],
        ),
        ("fake.parquet", b"a,b\n1,2\n", &["not a valid Parquet file"]),
        (
            "broken.arff",
            b"@relation x\n@attribute a NUMERIC\n@data\n1,2\n",
            &["line 4"],
        ),
    ];
    for (name, data, parts) in cases {
        assert_refused(&site, &user, form(name, data, &meta), parts).await;
    }
}

#[tokio::test]
async fn bad_metadata_is_refused_with_the_field() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", Some(KEY)).await;
    let csv = b"x,colour\n1,red\n2,blue\n";

    let not_json = TestForm::new()
        .field(file("dataset", "a.csv", csv.to_vec()))
        .field(file(
            "metadata",
            "metadata.json",
            b"dataset_name: x".to_vec(),
        ));
    assert_refused(&site, &user, not_json, &["metadata is not valid JSON"]).await;

    let mut no_name = metadata("x");
    no_name
        .as_object_mut()
        .expect("an object")
        .remove("dataset_name");
    let mut spaced = metadata("my data");
    spaced["creator"] = json!("x");
    let mut accented = metadata("x");
    accented["creator"] = json!("Inès");
    let mut no_such_target = metadata("x");
    no_such_target["def_tar_att"] = json!("size");
    let mut no_such_ignored = metadata("x");
    no_such_ignored["ignore_attribute"] = json!("colour, id");

    let cases: [(Value, &[&str]); 5] = [
        (no_name, &["dataset_name is required"]),
        (spaced, &["dataset_name", "a space"]),
        (accented, &["creator", "ASCII"]),
        (no_such_target, &["def_tar_att", "'size'", "x, colour"]),
        (no_such_ignored, &["ignore_attribute", "'id'"]),
    ];
    for (meta, parts) in cases {
        assert_refused(&site, &user, form("a.csv", csv, &meta), parts).await;
    }
}

#[tokio::test]
async fn a_user_needs_a_token_and_an_api_key_to_upload() {
    let site = Site::new().await;
    let user = site.user("ada@example.org", None).await;

    let reply = upload(&site, &user, form("a.csv", b"x\n1\n2\n", &metadata("x"))).await;

    reply.assert_msg_has(StatusCode::FORBIDDEN, &["no OpenML API key"]);

    let anonymous = send(site.client.post("/data-upload").multipart(form(
        "a.csv",
        b"x\n1\n2\n",
        &metadata("x"),
    )))
    .await;
    anonymous.assert_msg(StatusCode::UNAUTHORIZED, "Missing Authorization Header");
    site.openml().assert_untouched();
}
