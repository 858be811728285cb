//! Converting real and generated files end to end, and every way an upload
//! can be refused.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use openml_front_arff::{
    ArffSummary, ConversionError, ConversionSummary, ConvertOptions, InputFormat, Progress, Stage,
    convert_to_arff, convert_to_arff_with, validate_arff,
};
use tempfile::TempDir;

/// Writes `bytes` to `name` in a fresh temporary folder.
fn temp_file(name: &str, bytes: &[u8]) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    (dir, path)
}

/// Converts a file, picking the format from its name.
fn convert(path: &Path) -> Result<(String, ConversionSummary), ConversionError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("file name");
    let format = InputFormat::from_file_name(name).expect("known extension");
    let mut out = Vec::new();

    let summary = convert_to_arff(path, format, "upload", &mut out, None)?;
    Ok((String::from_utf8(out).expect("ARFF is UTF-8"), summary))
}

/// Converts `bytes` saved as `name` and returns the ARFF text.
fn convert_bytes(name: &str, bytes: &[u8]) -> String {
    let (_dir, path) = temp_file(name, bytes);
    let (arff, summary) = convert(&path).expect("conversion succeeds");

    let checked = validate(&arff);
    assert_eq!(checked.rows, summary.rows);
    assert_eq!(checked.attributes, summary.attributes);
    arff
}

/// The message a refused upload gets.
fn refusal(name: &str, bytes: &[u8]) -> String {
    let (_dir, path) = temp_file(name, bytes);
    let err = convert(&path).expect_err("conversion fails");

    assert!(
        err.is_user_error(),
        "{err:?} should be the uploader's fault"
    );
    err.to_string()
}

fn validate(arff: &str) -> ArffSummary {
    validate_arff(arff.as_bytes()).expect("output is valid ARFF")
}

/// A fixture in the shared folder beside the repository, if it is there.
fn fixture(name: &str) -> Option<PathBuf> {
    let path = fixtures_root().join("openml-api/datasets").join(name);

    if path.exists() {
        return Some(path);
    }
    eprintln!("note: skipped, fixture {} is absent", path.display());
    None
}

/// The header every generated file shares, in the order the files list the
/// columns.
const MIXED_HEADER: &str = "@relation upload

@attribute id INTEGER
@attribute score REAL
@attribute alive {False,True}
@attribute colour {blue,green,red}
@attribute comment STRING
@attribute born DATE \"yyyy-MM-dd\"
@attribute seen DATE \"yyyy-MM-dd'T'HH:mm:ss\"

@data
";

mod csv {
    use super::*;

    #[test]
    fn mixed_columns_get_their_types_and_exact_values() {
        let csv = "id,score,alive,colour,comment,born,seen
1,1.5,true,red,\"plain\",2020-01-31,2020-01-31T10:00:00
2,,false,blue,\"says \"\"hi\"\", twice\",1999-12-31,2020-02-01 11:30:15
3,2.25,TRUE,red,O'Brien,,?
4,NA,False,blue,\"50% off {x}\",2000-02-29,2020-03-01T00:00:00Z
5,-0.1,true,red,,2001-01-01,2020-03-02T23:59:59+01:00
6,1e-7,false,green,back\\slash,2002-02-02,2020-03-03T00:00:00.250
";

        let expected = format!(
            "{MIXED_HEADER}\
1,1.5,True,red,plain,2020-01-31,2020-01-31T10:00:00
2,?,False,blue,'says \"hi\", twice',1999-12-31,2020-02-01T11:30:15
3,2.25,True,red,'O\\'Brien',?,?
4,?,False,blue,'50% off {{x}}',2000-02-29,2020-03-01T00:00:00
5,-0.1,True,red,?,2001-01-01,2020-03-02T22:59:59
6,1e-7,False,green,'back\\\\slash',2002-02-02,2020-03-03T00:00:00
"
        );
        assert_eq!(convert_bytes("mixed.csv", csv.as_bytes()), expected);
    }

    #[test]
    fn names_are_quoted_and_semicolons_and_a_bom_are_understood() {
        let csv = "\u{feff}petal width; 1st ;class\n0.2;1;a\n0.4;2;a\n";

        assert_eq!(
            convert_bytes("semi.csv", csv.as_bytes()),
            "@relation upload\n\n\
             @attribute 'petal width' REAL\n\
             @attribute '1st' INTEGER\n\
             @attribute class {a}\n\n\
             @data\n0.2,1,a\n0.4,2,a\n"
        );
    }

    #[test]
    fn the_whole_file_decides_a_type_not_a_sample() {
        let mut csv = String::from("n\n");
        for i in 0..20_000 {
            csv.push_str(&format!("{i}\n"));
        }
        csv.push_str("0.5\n");

        let arff = convert_bytes("late.csv", csv.as_bytes());

        assert!(arff.contains("@attribute n REAL\n"));
        assert!(arff.ends_with("\n19999.0\n0.5\n"));
    }

    #[test]
    fn text_with_too_many_values_becomes_string() {
        let (_dir, path) = temp_file("cap.csv", b"c\na\nb\nc\na\nb\nc\n");
        let options = ConvertOptions {
            max_nominal_values: 2,
            batch_rows: 2,
        };
        let mut out = Vec::new();

        let summary =
            convert_to_arff_with(&path, InputFormat::Csv, "cap", &mut out, &options, None)
                .expect("converts");

        assert_eq!(summary.rows, 6);
        assert_eq!(
            summary.attributes[0].kind,
            openml_front_arff::ArffType::String
        );
    }

    #[test]
    fn progress_is_reported_for_both_passes() {
        let (_dir, path) = temp_file("rows.csv", b"a\n1\n2\n3\n4\n5\n");
        let options = ConvertOptions {
            batch_rows: 2,
            ..ConvertOptions::default()
        };
        let mut reports = Vec::new();
        let mut record = |progress: Progress| reports.push(progress);

        convert_to_arff_with(
            &path,
            InputFormat::Csv,
            "rows",
            &mut std::io::sink(),
            &options,
            Some(&mut record),
        )
        .expect("converts");

        let last = |stage| reports.iter().rfind(|p| p.stage == stage).copied();
        assert_eq!(last(Stage::Scanning).map(|p| p.rows), Some(5));
        assert_eq!(last(Stage::Writing).map(|p| p.rows), Some(5));
        assert_eq!(reports.len(), 6);
    }
}

mod json {
    use super::*;

    const EXPECTED_ROWS: &str = "1,1.5,True,red,plain,2020-01-31,2020-01-31T10:00:00
2,?,False,blue,'says \"hi\", twice',1999-12-31,?
3,2.0,True,red,?,?,2020-02-01T11:30:15
4,?,False,blue,'O\\'Brien',2000-02-29,?
5,3.0,True,green,?,17,?
6,?,False,red,?,?,?
";

    fn expected() -> String {
        let header = MIXED_HEADER.replace(
            "@attribute born DATE \"yyyy-MM-dd\"",
            "@attribute born STRING",
        );
        format!("{header}{EXPECTED_ROWS}")
    }

    const RECORDS: [&str; 6] = [
        r#"{"id": 1, "score": 1.5, "alive": true, "colour": "red", "comment": "plain", "born": "2020-01-31", "seen": "2020-01-31T10:00:00"}"#,
        r#"{"id": 2, "score": null, "alive": false, "colour": "blue", "comment": "says \"hi\", twice", "born": "1999-12-31"}"#,
        r#"{"id": 3, "score": 2, "alive": true, "colour": "red", "born": null, "seen": "2020-02-01 11:30:15"}"#,
        r#"{"id": 4, "alive": false, "colour": "blue", "comment": "O'Brien", "born": "2000-02-29"}"#,
        r#"{"id": 5, "score": 3, "alive": "TRUE", "colour": "green", "born": 17}"#,
        r#"{"id": 6, "alive": false, "colour": "red"}"#,
    ];

    #[test]
    fn an_array_of_objects_converts_with_exact_values() {
        let json = format!("[\n  {}\n]\n", RECORDS.join(",\n  "));

        assert_eq!(convert_bytes("records.json", json.as_bytes()), expected());
    }

    #[test]
    fn one_object_per_line_converts_the_same() {
        let json = RECORDS.join("\n");

        assert_eq!(convert_bytes("records.json", json.as_bytes()), expected());
    }
}

mod feather {
    use std::sync::Arc;

    use arrow::array::{
        ArrayRef, BooleanArray, Date32Array, DictionaryArray, Float32Array, Float64Array,
        Int32Array, StringArray, TimestampMillisecondArray, UInt64Array,
    };
    use arrow::datatypes::Int8Type;
    use arrow::ipc::CompressionType;
    use arrow::ipc::writer::{FileWriter, IpcWriteOptions};
    use arrow::record_batch::RecordBatch;

    use super::*;

    fn batch() -> RecordBatch {
        let level: DictionaryArray<Int8Type> = DictionaryArray::new(
            vec![Some(1), Some(0), None, Some(1)].into(),
            Arc::new(StringArray::from(vec!["low", "high"])),
        );
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("id", Arc::new(Int32Array::from(vec![1, 2, 3, 4]))),
            (
                "score",
                Arc::new(Float64Array::from(vec![
                    Some(0.1),
                    None,
                    Some(f64::NAN),
                    Some(-2e-9),
                ])),
            ),
            (
                "ratio",
                Arc::new(Float32Array::from(vec![0.1f32, 1.0, 3.5, f32::INFINITY])),
            ),
            ("big", Arc::new(UInt64Array::from(vec![u64::MAX, 0, 1, 2]))),
            (
                "alive",
                Arc::new(BooleanArray::from(vec![
                    Some(true),
                    Some(false),
                    None,
                    Some(true),
                ])),
            ),
            ("level", Arc::new(level)),
            (
                "note",
                Arc::new(StringArray::from(vec![
                    Some("a, b"),
                    Some("it's"),
                    None,
                    Some("%"),
                ])),
            ),
            (
                "born",
                Arc::new(Date32Array::from(vec![
                    Some(0),
                    Some(18_321),
                    None,
                    Some(-1),
                ])),
            ),
            (
                "seen",
                Arc::new(
                    TimestampMillisecondArray::from(vec![
                        Some(1_500),
                        None,
                        Some(86_400_000),
                        Some(-1),
                    ])
                    .with_timezone("UTC"),
                ),
            ),
        ];

        RecordBatch::try_from_iter(columns).expect("batch")
    }

    fn feather_bytes(compression: Option<CompressionType>) -> Vec<u8> {
        let batch = batch();
        write_feather(&[batch.clone(), batch.slice(0, 1)], compression)
    }

    fn write_feather(batches: &[RecordBatch], compression: Option<CompressionType>) -> Vec<u8> {
        let options = IpcWriteOptions::default()
            .try_with_compression(compression)
            .expect("compression is available");
        let schema = batches[0].schema();
        let mut bytes = Vec::new();

        let mut writer =
            FileWriter::try_new_with_options(&mut bytes, &schema, options).expect("writer");
        for batch in batches {
            writer.write(batch).expect("write batch");
        }
        writer.finish().expect("finish");
        drop(writer);
        bytes
    }

    const EXPECTED: &str = "@relation upload

@attribute id INTEGER
@attribute score REAL
@attribute ratio REAL
@attribute big INTEGER
@attribute alive {False,True}
@attribute level {low,high}
@attribute note STRING
@attribute born DATE \"yyyy-MM-dd\"
@attribute seen DATE \"yyyy-MM-dd'T'HH:mm:ss\"

@data
1,0.1,0.1,18446744073709551615,True,high,'a, b',1970-01-01,1970-01-01T00:00:01
2,?,1.0,0,False,low,'it\\'s',2020-02-29,?
3,?,3.5,1,?,?,?,?,1970-01-02T00:00:00
4,-2e-9,Infinity,2,True,high,'%',1969-12-31,1969-12-31T23:59:59
1,0.1,0.1,18446744073709551615,True,high,'a, b',1970-01-01,1970-01-01T00:00:01
";

    #[test]
    fn an_uncompressed_file_converts_with_exact_values() {
        assert_eq!(
            convert_bytes("table.feather", &feather_bytes(None)),
            EXPECTED
        );
    }

    #[test]
    fn a_file_without_text_columns_converts() {
        let numbers: ArrayRef = Arc::new(Int32Array::from(vec![1, 2]));
        let batch = RecordBatch::try_from_iter([("x", numbers)]).expect("batch");

        assert_eq!(
            convert_bytes("numbers.feather", &write_feather(&[batch], None)),
            "@relation upload\n\n@attribute x INTEGER\n\n@data\n1\n2\n"
        );
    }

    #[test]
    fn a_file_without_rows_is_refused() {
        let numbers: ArrayRef = Arc::new(Int32Array::from(Vec::<i32>::new()));
        let batch = RecordBatch::try_from_iter([("x", numbers)]).expect("batch");

        assert_eq!(
            refusal("none.feather", &write_feather(&[batch], None)),
            "the Feather file has no rows"
        );
    }

    #[test]
    fn an_lz4_file_as_pandas_writes_it_converts_the_same() {
        let bytes = feather_bytes(Some(CompressionType::LZ4_FRAME));

        assert_eq!(convert_bytes("table.feather", &bytes), EXPECTED);
    }
}

mod parquet_fixture {
    use openml_front_arff::ArffType;

    use super::*;

    #[test]
    fn the_abalone_parquet_converts_to_valid_arff() {
        let Some(path) = fixture("dataset_30.parquet") else {
            return;
        };

        let (arff, summary) = convert(&path).expect("converts");
        let checked = validate(&arff);

        assert_eq!(summary.rows, 4177);
        assert_eq!(checked.rows, 4177);
        assert_eq!(checked.attributes, summary.attributes);

        let names: Vec<_> = summary.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Sex",
                "Length",
                "Diameter",
                "Height",
                "Whole_weight",
                "Shucked_weight",
                "Viscera_weight",
                "Shell_weight",
                "Class_number_of_rings"
            ]
        );
        assert_eq!(
            summary.attributes[0].kind,
            ArffType::Nominal(vec!["M".into(), "F".into(), "I".into()])
        );
        assert!(
            summary.attributes[1..8]
                .iter()
                .all(|a| a.kind == ArffType::Real)
        );
        let rings: Vec<String> = (1..=29).map(|n| n.to_string()).collect();
        assert_eq!(summary.attributes[8].kind, ArffType::Nominal(rings));

        assert!(arff.contains("\n@data\nM,0.455,0.365,0.095,0.514,0.2245,0.101,0.15,15\n"));
    }
}

mod bad_input {
    use super::*;

    #[test]
    fn an_empty_file_is_refused_in_every_format() {
        for format in InputFormat::ALL {
            let name = format!("empty.{}", format.extension());

            assert_eq!(refusal(&name, b""), "the file is empty", "{format}");
        }
    }

    #[test]
    fn a_csv_with_only_a_header_is_refused() {
        assert_eq!(
            refusal("h.csv", b"a,b,c\n"),
            "the CSV has only a header and no rows"
        );
    }

    #[test]
    fn a_ragged_csv_row_names_its_line() {
        let csv = "a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n\"multi\nline\",2,3,4,5\n1,2,3,4,5\n1,2,3\n1,2,3,4,5\n";

        assert_eq!(
            refusal("r.csv", csv.as_bytes()),
            "line 7 has 3 fields but the header has 5"
        );
    }

    #[test]
    fn a_csv_that_is_not_utf8_names_its_line() {
        assert_eq!(
            refusal("latin1.csv", b"name\nAnna\nJos\xe9\n"),
            "line 3 is not valid UTF-8 text; save the file with UTF-8 encoding"
        );
    }

    #[test]
    fn repeated_column_names_are_refused() {
        assert_eq!(
            refusal("dup.csv", b"x, y ,y\n1,2,3\n"),
            "two columns are both named 'y'; every column needs its own name"
        );
    }

    #[test]
    fn a_parquet_file_that_is_not_parquet_is_refused() {
        assert_eq!(
            refusal("fake.parquet", b"a,b\n1,2\n"),
            "the file is not a valid Parquet file: it does not start and end with the Parquet signature PAR1"
        );
    }

    #[test]
    fn a_damaged_parquet_file_is_refused() {
        let message = refusal(
            "damaged.parquet",
            b"PAR1 garbage where the footer belongs PAR1",
        );

        assert!(
            message.starts_with("the file is not a valid Parquet file: "),
            "{message}"
        );
    }

    #[test]
    fn a_feather_file_that_is_not_feather_is_refused() {
        assert_eq!(
            refusal("fake.feather", b"a,b\n1,2\n"),
            "the file is not a valid Feather file: it does not start with the Arrow file signature ARROW1"
        );
        assert_eq!(
            refusal("old.feather", b"FEA1 and the rest of an old file"),
            "the file is not a valid Feather file: it is a Feather version 1 file; \
             save it again with a current pandas or pyarrow"
        );
    }

    #[test]
    fn json_that_is_not_records_is_refused() {
        let shape = "the JSON file must hold an array of objects or one object per line";

        assert_eq!(refusal("numbers.json", b"[1, 2, 3]"), shape);
        assert_eq!(refusal("text.json", b"\"just text\""), shape);
        assert_eq!(refusal("lines.json", b"{\"a\": 1}\n[2]\n"), shape);
        assert_eq!(refusal("none.json", b"[]"), "the JSON file has no rows");
        assert_eq!(
            refusal(
                "nested.json",
                b"[{\"a\": 1}, {\"a\": 2, \"tags\": [\"x\"]}]"
            ),
            "record 2 holds a list or an object in field 'tags'; \
             only flat records with plain values can be converted"
        );
        assert_eq!(
            refusal("broken.json", b"[{\"a\": 1},\n {\"a\": }]"),
            "the file is not valid JSON: expected value (line 2, column 8)"
        );
    }

    #[test]
    fn an_arff_syntax_error_names_its_line() {
        let arff = "@relation r\n@attribute a NUMERIC\n@attribute b {x,y}\n@data\n1,x\n2,z\n";

        assert_eq!(
            refusal("bad.arff", arff.as_bytes()),
            "ARFF syntax error on line 6: 'z' is not one of the labels declared for attribute 'b'"
        );
        assert_eq!(
            refusal("type.arff", b"@relation r\n@attribute a NUMBR\n@data\n1\n"),
            "ARFF syntax error on line 2: unknown attribute type 'NUMBR'"
        );
    }

    #[test]
    fn an_arff_file_without_rows_is_refused() {
        assert_eq!(
            refusal(
                "no-rows.arff",
                b"@relation r\n@attribute a NUMERIC\n@data\n"
            ),
            "the ARFF file has no rows"
        );
    }

    #[test]
    fn a_missing_file_is_a_server_fault() {
        let err = convert(Path::new("/nonexistent/upload.csv")).expect_err("fails");

        assert!(!err.is_user_error());
        assert_eq!(err.to_string(), "the uploaded file could not be read");
    }
}

mod round_trip {
    use openml_front_arff::ArffType;

    use super::*;

    fn validate_file(path: &Path) -> ArffSummary {
        validate_arff(BufReader::new(File::open(path).expect("open"))).expect("valid")
    }

    #[test]
    fn iris_validates() {
        let Some(path) = fixture("iris.arff") else {
            return;
        };

        let summary = validate_file(&path);

        assert_eq!(summary.relation, "iris");
        assert_eq!(summary.rows, 150);
        assert_eq!(summary.attributes.len(), 5);
        assert_eq!(
            summary.attributes[4].kind,
            ArffType::Nominal(vec![
                "Iris-setosa".into(),
                "Iris-versicolor".into(),
                "Iris-virginica".into()
            ])
        );
    }

    #[test]
    fn titanic_validates_and_copies_through_unchanged() {
        let Some(path) = fixture("titanic.arff") else {
            return;
        };

        let summary = validate_file(&path);
        assert_eq!(summary.rows, 1309);
        assert_eq!(summary.attributes.len(), 14);
        assert_eq!(summary.attributes[13].name, "home.dest");

        let (arff, converted) = convert(&path).expect("converts");
        assert_eq!(arff.as_bytes(), std::fs::read(&path).expect("read"));
        assert_eq!(converted.rows, 1309);
        assert_eq!(validate(&arff).attributes, summary.attributes);
    }

    #[test]
    fn converted_output_written_to_a_file_validates() {
        let (dir, path) = temp_file("t.csv", b"a,b\n1,x y\n2,'q'\n");
        let out_path = dir.path().join("t.arff");
        let mut out = File::create(&out_path).expect("create");

        convert_to_arff(&path, InputFormat::Csv, "t", &mut out, None).expect("converts");
        out.flush().expect("flush");

        assert_eq!(validate_file(&out_path).rows, 2);
    }
}

/// The shared fixtures: `OPENML_FRONT_FIXTURES`, or `../shared/fixtures`
/// beside the repository.
fn fixtures_root() -> PathBuf {
    match std::env::var_os("OPENML_FRONT_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
    }
}
