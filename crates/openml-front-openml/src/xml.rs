//! The XML documents sent to OpenML, and the replies read back.
//!
//! Each builder checks its values against the rules of OpenML's upload
//! schema (`openml.*.xsd`) before it writes anything, and names the field
//! and the rule it broke, so a refusal reaches the user as a 400 with a
//! clear message instead of an OpenML error 131 after the upload. Elements
//! are written in the order the schema's sequence demands.

pub mod dataset;
pub mod edit;
pub mod reply;
pub mod rules;
pub mod study;
pub mod task;

pub use rules::FieldError;

/// The namespace of every OpenML document.
pub const NAMESPACE: &str = "http://openml.org/openml";

/// Writes one `oml:` document into a string; text and attribute values are
/// escaped.
pub(crate) struct OmlWriter {
    out: String,
    root: &'static str,
}

impl OmlWriter {
    /// Opens the document with its root element `oml:{root}`.
    pub(crate) fn new(root: &'static str) -> Self {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!("<oml:{root} xmlns:oml=\"{NAMESPACE}\">\n"));
        Self { out, root }
    }

    /// Writes `<oml:{name}>text</oml:{name}>`.
    pub(crate) fn element(&mut self, name: &str, text: &str) {
        let text = quick_xml::escape::escape(text);
        self.out
            .push_str(&format!("  <oml:{name}>{text}</oml:{name}>\n"));
    }

    /// Writes the element when there is a value.
    pub(crate) fn optional(&mut self, name: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.element(name, text);
        }
    }

    /// Writes one element per value.
    pub(crate) fn each(&mut self, name: &str, texts: &[String]) {
        for text in texts {
            self.element(name, text);
        }
    }

    /// Writes `<oml:{name} {attribute}="value">text</oml:{name}>`.
    pub(crate) fn element_with_attribute(
        &mut self,
        name: &str,
        attribute: (&str, &str),
        text: &str,
    ) {
        let (key, value) = attribute;
        let value = quick_xml::escape::escape(value);
        let text = quick_xml::escape::escape(text);
        self.out.push_str(&format!(
            "  <oml:{name} {key}=\"{value}\">{text}</oml:{name}>\n"
        ));
    }

    /// Writes a wrapper element holding one `<oml:{item}>` per number.
    pub(crate) fn list(&mut self, name: &str, item: &str, numbers: &[u32]) {
        self.out.push_str(&format!("  <oml:{name}>\n"));
        for number in numbers {
            self.out
                .push_str(&format!("    <oml:{item}>{number}</oml:{item}>\n"));
        }
        self.out.push_str(&format!("  </oml:{name}>\n"));
    }

    /// Closes the root element and returns the document.
    pub(crate) fn finish(mut self) -> String {
        self.out.push_str(&format!("</oml:{}>\n", self.root));
        self.out
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Validates documents with `xmllint` against the schemas in the shared
    //! fixtures.

    use std::path::PathBuf;
    use std::process::Command;

    /// The folder of OpenML's upload schemas.
    fn xsd_dir() -> PathBuf {
        openml_front_core::testing::fixtures_dir(env!("CARGO_MANIFEST_DIR")).join("openml-api/xsd")
    }

    /// Checks `document` against `openml.{schema}.xsd`. Returns `false`
    /// (after saying so) when xmllint is not installed.
    pub(crate) fn assert_valid(schema: &str, document: &str) -> bool {
        let Some(outcome) = validate(schema, document) else {
            println!("note: xmllint is not installed; the {schema} document was not validated");
            return false;
        };
        if let Err(report) = outcome {
            panic!("the document breaks openml.{schema}.xsd:\n{report}\n{document}");
        }
        true
    }

    /// Checks that `document` breaks `openml.{schema}.xsd`.
    pub(crate) fn assert_invalid(schema: &str, document: &str) {
        if let Some(outcome) = validate(schema, document) {
            assert!(outcome.is_err(), "the schema accepted:\n{document}");
        }
    }

    fn validate(schema: &str, document: &str) -> Option<Result<(), String>> {
        let dir = tempfile::tempdir().ok()?;
        let file = dir.path().join("document.xml");
        std::fs::write(&file, document).ok()?;

        let xsd = xsd_dir().join(format!("openml.{schema}.xsd"));
        let output = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&file)
            .output()
            .ok()?;
        if output.status.success() {
            Some(Ok(()))
        } else {
            Some(Err(String::from_utf8_lossy(&output.stderr).into_owned()))
        }
    }
}
