//! `oml:data_set_description`: the description sent with a new dataset.
//!
//! The upload form sends the metadata as a JSON file; [`DatasetMetadata`]
//! reads it, [`DatasetDescription::check`] applies the rules of
//! `openml.data.upload.xsd`, and [`DatasetDescription::to_xml`] writes the
//! document.

use serde_json::Value;

use super::OmlWriter;
use super::rules::{self, FieldError, tidy};

/// The metadata file of an upload, as the React form writes it. Every
/// field may be missing, `null` or empty, which all mean "not given";
/// numbers are taken as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetMetadata {
    /// The dataset's name.
    pub dataset_name: Option<String>,
    /// What the data is.
    pub description: Option<String>,
    /// Who made the data.
    pub creator: Option<String>,
    /// Who helped.
    pub contributor: Option<String>,
    /// When the data was collected.
    pub collection_date: Option<String>,
    /// The licence, such as `Public` or `CC0`.
    pub licence: Option<String>,
    /// The language of the data, such as `English`.
    pub language: Option<String>,
    /// The default target attribute.
    pub def_tar_att: Option<String>,
    /// Attributes to leave out of modelling, comma-separated or a list.
    pub ignore_attribute: Vec<String>,
    /// How to cite the data.
    pub citation: Option<String>,
}

impl DatasetMetadata {
    /// Reads the metadata file. The error says what is wrong with it.
    pub fn from_json(bytes: &[u8]) -> Result<Self, FieldError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|err| FieldError::new("metadata", format!("is not valid JSON: {err}")))?;
        let Value::Object(fields) = value else {
            return Err(FieldError::new(
                "metadata",
                "must be a JSON object such as {\"dataset_name\": \"...\"}",
            ));
        };

        let text = |name: &str| loose_text(name, fields.get(name));
        Ok(Self {
            dataset_name: text("dataset_name")?,
            description: text("description")?,
            creator: text("creator")?,
            contributor: text("contributor")?,
            collection_date: text("collection_date")?,
            licence: text("licence")?,
            language: text("language")?,
            def_tar_att: text("def_tar_att")?,
            ignore_attribute: loose_list("ignore_attribute", fields.get("ignore_attribute"))?,
            citation: text("citation")?,
        })
    }
}

/// A dataset description whose values all follow the schema's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetDescription {
    name: String,
    description: String,
    creator: Option<String>,
    contributor: Option<String>,
    collection_date: Option<String>,
    language: Option<String>,
    licence: Option<String>,
    default_target_attribute: Option<String>,
    ignore_attribute: Vec<String>,
    citation: Option<String>,
}

impl DatasetDescription {
    /// Applies the schema's rules to the metadata.
    pub fn check(meta: &DatasetMetadata) -> Result<Self, FieldError> {
        let name = tidy(meta.dataset_name.as_deref())
            .ok_or_else(|| FieldError::required("dataset_name"))?;
        rules::casual("dataset_name", &name, 128)?;

        let description =
            tidy(meta.description.as_deref()).ok_or_else(|| FieldError::required("description"))?;
        rules::basic_latin("description", &description, 16384)?;

        let checked = Self {
            name,
            description,
            creator: latin("creator", meta.creator.as_deref(), 128)?,
            contributor: latin("contributor", meta.contributor.as_deref(), 128)?,
            collection_date: latin("collection_date", meta.collection_date.as_deref(), 128)?,
            language: casual("language", meta.language.as_deref(), 128)?,
            licence: latin("licence", meta.licence.as_deref(), 64)?,
            default_target_attribute: casual("def_tar_att", meta.def_tar_att.as_deref(), 1024)?,
            ignore_attribute: ignore_list(&meta.ignore_attribute)?,
            citation: latin("citation", meta.citation.as_deref(), 1024)?,
        };
        Ok(checked)
    }

    /// The dataset's name, also used as the ARFF relation name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The default target attribute(s), comma-separated, if given.
    pub fn default_target_attribute(&self) -> Option<&str> {
        self.default_target_attribute.as_deref()
    }

    /// The attributes to ignore.
    pub fn ignore_attribute(&self) -> &[String] {
        &self.ignore_attribute
    }

    /// Writes the document, elements in the schema's order.
    pub fn to_xml(&self) -> String {
        let mut xml = OmlWriter::new("data_set_description");
        xml.element("name", &self.name);
        xml.element("description", &self.description);
        xml.element("format", "ARFF");
        xml.optional("creator", self.creator.as_deref());
        xml.optional("contributor", self.contributor.as_deref());
        xml.optional("collection_date", self.collection_date.as_deref());
        xml.optional("language", self.language.as_deref());
        xml.optional("licence", self.licence.as_deref());
        xml.optional(
            "default_target_attribute",
            self.default_target_attribute.as_deref(),
        );
        xml.each("ignore_attribute", &self.ignore_attribute);
        xml.optional("citation", self.citation.as_deref());
        xml.finish()
    }
}

/// A Basic Latin value, if given.
pub(crate) fn latin(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let Some(value) = tidy(value) else {
        return Ok(None);
    };
    rules::basic_latin(field, &value, max)?;
    Ok(Some(value))
}

/// A casual-string value, if given.
pub(crate) fn casual(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let Some(value) = tidy(value) else {
        return Ok(None);
    };
    rules::casual(field, &value, max)?;
    Ok(Some(value))
}

/// The ignored attributes: every comma-separated name of every item.
pub(crate) fn ignore_list(items: &[String]) -> Result<Vec<String>, FieldError> {
    let mut names = Vec::new();
    for name in items.iter().flat_map(|item| item.split(',')) {
        if let Some(name) = tidy(Some(name)) {
            rules::casual("ignore_attribute", &name, 128)?;
            names.push(name);
        }
    }
    Ok(names)
}

/// Text given as a string, a number, a boolean or `null`.
fn loose_text(field: &str, value: Option<&Value>) -> Result<Option<String>, FieldError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(Value::Bool(flag)) => Ok(Some(flag.to_string())),
        Some(_) => Err(FieldError::new(
            field,
            "must be text, not a list or an object",
        )),
    }
}

/// One text or a list of them.
fn loose_list(field: &str, value: Option<&Value>) -> Result<Vec<String>, FieldError> {
    let Some(Value::Array(items)) = value else {
        return Ok(loose_text(field, value)?.into_iter().collect());
    };

    let mut texts = Vec::new();
    for item in items {
        texts.extend(loose_text(field, Some(item))?);
    }
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::testing::{assert_invalid, assert_valid};

    fn metadata(json: serde_json::Value) -> DatasetMetadata {
        DatasetMetadata::from_json(json.to_string().as_bytes()).expect("metadata")
    }

    fn full() -> DatasetMetadata {
        metadata(serde_json::json!({
            "dataset_name": "iris_copy",
            "description": "Fisher's <iris> data & more",
            "creator": "R.A. Fisher",
            "contributor": "Michael Marshall",
            "collection_date": 1936,
            "licence": "Public",
            "language": "English",
            "def_tar_att": "class",
            "ignore_attribute": "id, row",
            "citation": "https://archive.ics.uci.edu/ml/citation_policy.html"
        }))
    }

    #[test]
    fn a_full_description_follows_the_schema() {
        let description = DatasetDescription::check(&full()).expect("valid");
        let xml = description.to_xml();

        assert!(xml.contains("<oml:collection_date>1936</oml:collection_date>"));
        assert!(xml.contains("&lt;iris&gt; data &amp; more"));
        assert!(xml.contains("<oml:ignore_attribute>id</oml:ignore_attribute>"));
        assert!(xml.contains("<oml:ignore_attribute>row</oml:ignore_attribute>"));
        assert_valid("data.upload", &xml);
    }

    #[test]
    fn a_minimal_description_follows_the_schema() {
        let meta = metadata(serde_json::json!({
            "dataset_name": "tiny", "description": "Two rows.",
            "creator": "", "licence": null, "ignore_attribute": ""
        }));
        let xml = DatasetDescription::check(&meta).expect("valid").to_xml();

        assert!(!xml.contains("creator"));
        assert!(!xml.contains("ignore_attribute"));
        assert_valid("data.upload", &xml);
    }

    #[test]
    fn the_metadata_file_must_be_a_json_object_of_texts() {
        let err = DatasetMetadata::from_json(b"name: iris").unwrap_err();
        assert!(
            err.to_string().starts_with("metadata is not valid JSON"),
            "{err}"
        );

        let err = DatasetMetadata::from_json(b"[1, 2]").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("metadata must be a JSON object"),
            "{err}"
        );

        let err = DatasetMetadata::from_json(br#"{"creator": {"a": 1}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "creator must be text, not a list or an object"
        );
    }

    #[test]
    fn the_name_and_description_are_required() {
        let err = DatasetDescription::check(&DatasetMetadata::default()).unwrap_err();
        assert_eq!(err.to_string(), "dataset_name is required");

        let meta = metadata(serde_json::json!({"dataset_name": "x"}));
        let err = DatasetDescription::check(&meta).unwrap_err();
        assert_eq!(err.to_string(), "description is required");
    }

    #[test]
    fn values_the_schema_refuses_are_refused_first() {
        let cases = [
            ("dataset_name", serde_json::json!("iris data")),
            ("dataset_name", serde_json::json!("a".repeat(129))),
            ("description", serde_json::json!("Données")),
            ("creator", serde_json::json!("Ines Müller")),
            ("language", serde_json::json!("Brazilian Portuguese")),
            ("ignore_attribute", serde_json::json!(["ok", "not ok"])),
        ];
        for (field, value) in cases {
            let mut json = serde_json::json!({"dataset_name": "d", "description": "x"});
            json[field] = value.clone();
            let err = DatasetDescription::check(&metadata(json.clone())).unwrap_err();
            assert_eq!(err.field, field, "{value}");

            // The schema refuses the same value: the check is not too strict.
            let mut unchecked = DatasetDescription::check(&metadata(serde_json::json!({
                "dataset_name": "d", "description": "x"
            })))
            .expect("valid");
            let text = value
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| "not ok".into());
            match field {
                "dataset_name" => unchecked.name = text,
                "description" => unchecked.description = text,
                "creator" => unchecked.creator = Some(text),
                "language" => unchecked.language = Some(text),
                _ => unchecked.ignore_attribute = vec![text],
            }
            assert_invalid("data.upload", &unchecked.to_xml());
        }
    }
}
