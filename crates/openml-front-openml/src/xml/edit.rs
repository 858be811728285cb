//! `oml:data_edit_parameters`: the changes sent to `data/edit`.
//!
//! Only fields with a value are sent; an empty value means "leave as it
//! is". The attributes that change what a model learns from
//! (`default_target_attribute`, `row_id_attribute`, `ignore_attribute`)
//! are sent only when the user owns the dataset; OpenML would refuse them
//! from anyone else (error 1065).

use super::OmlWriter;
use super::dataset::{casual, ignore_list, latin};
use super::rules::{self, FieldError, tidy};

/// The edit form's fields, named as the React app sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditFields {
    /// What the data is.
    pub description: Option<String>,
    /// Who made the data.
    pub creator: Option<String>,
    /// When the data was collected.
    pub date: Option<String>,
    /// How to cite the data.
    pub citation: Option<String>,
    /// The language of the data.
    pub language: Option<String>,
    /// Where the original data lives.
    pub original_data_url: Option<String>,
    /// A paper about the data.
    pub paper_url: Option<String>,
    /// The default target attribute (owners only).
    pub default_target_attribute: Option<String>,
    /// Attributes to ignore, comma-separated (owners only).
    pub ignore_attribute: Option<String>,
    /// The row id attribute (owners only).
    pub row_id_attribute: Option<String>,
}

impl EditFields {
    /// Whether any field that only the owner may change has a value.
    pub fn has_owner_fields(&self) -> bool {
        [
            &self.default_target_attribute,
            &self.ignore_attribute,
            &self.row_id_attribute,
        ]
        .into_iter()
        .any(|value| tidy(value.as_deref()).is_some())
    }
}

/// Checked edit parameters, ready to be written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditParameters {
    description: Option<String>,
    creator: Option<String>,
    collection_date: Option<String>,
    language: Option<String>,
    default_target_attribute: Option<String>,
    row_id_attribute: Option<String>,
    ignore_attribute: Vec<String>,
    citation: Option<String>,
    original_data_url: Option<String>,
    paper_url: Option<String>,
}

impl EditParameters {
    /// Applies the schema's rules to the fields with a value. The owner's
    /// fields are left out unless `owner` is true.
    pub fn check(fields: &EditFields, owner: bool) -> Result<Self, FieldError> {
        let mut params = Self {
            description: latin("description", fields.description.as_deref(), 16384)?,
            creator: latin("creator", fields.creator.as_deref(), 128)?,
            collection_date: latin("date", fields.date.as_deref(), 128)?,
            language: casual("language", fields.language.as_deref(), 128)?,
            citation: latin("citation", fields.citation.as_deref(), 1024)?,
            original_data_url: address("original_data_url", fields.original_data_url.as_deref())?,
            paper_url: address("paper_url", fields.paper_url.as_deref())?,
            ..Self::default()
        };

        if owner {
            params.default_target_attribute = casual(
                "default_target_attribute",
                fields.default_target_attribute.as_deref(),
                1024,
            )?;
            params.row_id_attribute =
                casual("row_id_attribute", fields.row_id_attribute.as_deref(), 128)?;
            params.ignore_attribute = ignore_list(fields.ignore_attribute.as_slice())?;
        }
        Ok(params)
    }

    /// Whether nothing would be changed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Writes the document, elements in the schema's order.
    pub fn to_xml(&self) -> String {
        let mut xml = OmlWriter::new("data_edit_parameters");
        xml.optional("description", self.description.as_deref());
        xml.optional("creator", self.creator.as_deref());
        xml.optional("collection_date", self.collection_date.as_deref());
        xml.optional("language", self.language.as_deref());
        xml.optional(
            "default_target_attribute",
            self.default_target_attribute.as_deref(),
        );
        xml.optional("row_id_attribute", self.row_id_attribute.as_deref());
        xml.each("ignore_attribute", &self.ignore_attribute);
        xml.optional("citation", self.citation.as_deref());
        xml.optional("original_data_url", self.original_data_url.as_deref());
        xml.optional("paper_url", self.paper_url.as_deref());
        xml.finish()
    }
}

fn address(field: &str, value: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(value) = tidy(value) else {
        return Ok(None);
    };
    rules::uri(field, &value)?;
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::testing::assert_valid;

    fn every_field() -> EditFields {
        EditFields {
            description: Some("New text".into()),
            creator: Some("R.A. Fisher".into()),
            date: Some("1936".into()),
            citation: Some("Fisher (1936)".into()),
            language: Some("English".into()),
            original_data_url: Some("https://archive.ics.uci.edu/ml/datasets/Iris".into()),
            paper_url: Some("https://example.org/paper.pdf".into()),
            default_target_attribute: Some("class".into()),
            ignore_attribute: Some("id,row".into()),
            row_id_attribute: Some("id".into()),
        }
    }

    #[test]
    fn an_owner_sends_every_field_in_the_schemas_order() {
        let xml = EditParameters::check(&every_field(), true)
            .expect("valid")
            .to_xml();

        assert!(xml.contains("<oml:row_id_attribute>id</oml:row_id_attribute>"));
        assert!(xml.contains("<oml:ignore_attribute>row</oml:ignore_attribute>"));
        assert_valid("data.edit", &xml);
    }

    #[test]
    fn others_never_send_the_owners_fields() {
        let xml = EditParameters::check(&every_field(), false)
            .expect("valid")
            .to_xml();

        assert!(!xml.contains("default_target_attribute"));
        assert!(!xml.contains("row_id_attribute"));
        assert!(!xml.contains("ignore_attribute"));
        assert!(xml.contains("<oml:description>New text</oml:description>"));
        assert_valid("data.edit", &xml);
    }

    #[test]
    fn empty_values_are_not_sent() {
        let fields = EditFields {
            description: Some(String::new()),
            creator: Some("  ".into()),
            citation: Some("Cite me".into()),
            ..EditFields::default()
        };
        let params = EditParameters::check(&fields, true).expect("valid");
        let xml = params.to_xml();

        assert!(!xml.contains("description"));
        assert!(!xml.contains("creator"));
        assert_valid("data.edit", &xml);
        assert!(
            EditParameters::check(&EditFields::default(), true)
                .expect("valid")
                .is_empty()
        );
    }

    #[test]
    fn bad_values_name_the_request_field() {
        let fields = EditFields {
            date: Some("été 1936".into()),
            ..EditFields::default()
        };
        let err = EditParameters::check(&fields, false).unwrap_err();
        assert_eq!(err.field, "date");

        let fields = EditFields {
            paper_url: Some("see the paper".into()),
            ..EditFields::default()
        };
        assert_eq!(
            EditParameters::check(&fields, false).unwrap_err().field,
            "paper_url"
        );
    }
}
