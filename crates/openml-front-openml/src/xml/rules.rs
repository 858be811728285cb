//! The value rules of OpenML's upload schemas, checked before sending.
//!
//! The schemas know four kinds of text:
//!
//! - casual strings (`casual_string128`, ...): letters, digits and `_-.(),`,
//!   no spaces; dataset names, languages, attribute names;
//! - system strings (`system_string64`, ...): letters, digits and `_-.`;
//!   tags;
//! - Basic Latin text (`basic_latin1024`, ...): any ASCII character;
//!   descriptions, creators, citations;
//! - URIs (`xs:anyURI`).
//!
//! Each has a length limit (1 to N characters). Every check returns a
//! [`FieldError`] that names the field, as the user sent it, and the rule.

/// A value that breaks a rule of OpenML's schemas.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {problem}")]
pub struct FieldError {
    /// The field, named as in the request (`dataset_name`, `date`, ...).
    pub field: String,
    /// What is wrong, as the end of a sentence that starts with the field.
    pub problem: String,
}

impl FieldError {
    /// A broken rule of `field`.
    pub fn new(field: &str, problem: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            problem: problem.into(),
        }
    }

    /// A required field that is missing or empty.
    pub fn required(field: &str) -> Self {
        Self::new(field, "is required")
    }
}

/// Trims a value, turns `\r\n` and `\r` into `\n` (as an XML parser
/// would), and treats an empty result as no value.
pub fn tidy(value: Option<&str>) -> Option<String> {
    let trimmed = value?.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(trimmed.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Letters, digits and `_-.(),` only, 1 to `max` characters.
pub fn casual(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    length(field, value, max)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_-.(),".contains(c);
    match value.chars().find(|c| !allowed(*c)) {
        None => Ok(()),
        Some(bad) => Err(FieldError::new(
            field,
            format!(
                "may only hold letters, digits and the characters _-.(), with no spaces; \
                 it holds {}",
                describe(bad)
            ),
        )),
    }
}

/// Letters, digits and `_-.` only, 1 to `max` characters.
pub fn system(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    length(field, value, max)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_-.".contains(c);
    match value.chars().find(|c| !allowed(*c)) {
        None => Ok(()),
        Some(bad) => Err(FieldError::new(
            field,
            format!(
                "may only hold letters, digits and the characters _-. with no spaces; \
                 it holds {}",
                describe(bad)
            ),
        )),
    }
}

/// Basic Latin (ASCII) characters only, 1 to `max` characters.
pub fn basic_latin(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    length(field, value, max)?;
    xml_text(field, value)?;
    match value.chars().find(|c| !c.is_ascii()) {
        None => Ok(()),
        Some(bad) => Err(FieldError::new(
            field,
            format!(
                "may only hold Basic Latin (ASCII) characters, as OpenML requires; \
                 it holds {}",
                describe(bad)
            ),
        )),
    }
}

/// An address: no spaces or control characters.
pub fn uri(field: &str, value: &str) -> Result<(), FieldError> {
    length(field, value, 2048)?;
    xml_text(field, value)?;
    match value.chars().find(|c| c.is_whitespace()) {
        None => Ok(()),
        Some(bad) => Err(FieldError::new(
            field,
            format!(
                "must be a web address without spaces; it holds {}",
                describe(bad)
            ),
        )),
    }
}

/// Any text an XML document can carry, 1 to `max` characters.
pub fn text(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    length(field, value, max)?;
    xml_text(field, value)
}

fn length(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    let count = value.chars().count();
    if count == 0 {
        return Err(FieldError::required(field));
    }
    if count > max {
        return Err(FieldError::new(
            field,
            format!("may be at most {max} characters long; it has {count}"),
        ));
    }
    Ok(())
}

/// Refuses characters XML 1.0 cannot hold (most control characters).
fn xml_text(field: &str, value: &str) -> Result<(), FieldError> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    match value.chars().find(|c| !allowed(*c)) {
        None => Ok(()),
        Some(bad) => Err(FieldError::new(
            field,
            format!("holds {}, which cannot be sent", describe(bad)),
        )),
    }
}

/// Names a character so that invisible ones can be seen.
fn describe(c: char) -> String {
    if c == ' ' {
        "a space".to_string()
    } else if c.is_control() || c.is_whitespace() {
        format!("the character U+{:04X}", u32::from(c))
    } else {
        format!("'{c}' (U+{:04X})", u32::from(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casual_strings_refuse_spaces_and_name_the_field() {
        assert!(casual("dataset_name", "iris_(v2),x.y-z", 128).is_ok());

        let err = casual("dataset_name", "my data", 128).unwrap_err();
        assert_eq!(err.field, "dataset_name");
        assert!(
            err.to_string().starts_with("dataset_name may only hold"),
            "{err}"
        );
        assert!(err.to_string().contains("a space"), "{err}");
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        assert!(casual("dataset_name", &"a".repeat(128), 128).is_ok());
        let err = casual("dataset_name", &"a".repeat(129), 128).unwrap_err();
        assert!(err.problem.contains("at most 128"), "{err}");
        assert_eq!(casual("x", "", 128).unwrap_err().problem, "is required");
    }

    #[test]
    fn basic_latin_refuses_other_letters() {
        assert!(basic_latin("description", "Plain text, with (punctuation)!\n", 100).is_ok());
        let err = basic_latin("creator", "Ines Müller", 128).unwrap_err();
        assert!(err.to_string().contains("'ü'"), "{err}");
        assert!(err.to_string().contains("ASCII"), "{err}");
    }

    #[test]
    fn control_characters_are_refused() {
        let err = basic_latin("description", "a\u{1}b", 100).unwrap_err();
        assert!(err.problem.contains("U+0001"), "{err}");
        assert!(text("target_name", "a\u{0}", 10).is_err());
    }

    #[test]
    fn system_strings_refuse_commas() {
        assert!(system("tag", "study_14.v-2", 64).is_ok());
        assert!(system("tag", "a,b", 64).is_err());
    }

    #[test]
    fn addresses_refuse_spaces() {
        assert!(uri("paper_url", "https://example.org/paper?id=1").is_ok());
        assert!(uri("paper_url", "https://example.org/a paper").is_err());
    }

    #[test]
    fn tidy_trims_and_unifies_line_ends() {
        assert_eq!(tidy(Some("  a\r\nb\rc ")), Some("a\nb\nc".to_string()));
        assert_eq!(tidy(Some("   ")), None);
        assert_eq!(tidy(None), None);
    }
}
