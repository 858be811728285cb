//! ARFF attribute types and the summaries that conversion and validation
//! return.

use std::fmt;

use crate::quote;

/// The date format written for date columns.
pub const DATE_FORMAT: &str = "yyyy-MM-dd";

/// The date format written for timestamp columns (UTC, whole seconds).
pub const DATE_TIME_FORMAT: &str = "yyyy-MM-dd'T'HH:mm:ss";

/// The labels written for boolean columns, in this order.
pub const BOOLEAN_LABELS: [&str; 2] = ["False", "True"];

/// The type of an ARFF attribute, as declared on its `@attribute` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArffType {
    /// `NUMERIC`: any number.
    Numeric,
    /// `REAL`: a number; ARFF readers treat it as `NUMERIC`.
    Real,
    /// `INTEGER`: a whole number; ARFF readers treat it as `NUMERIC`.
    Integer,
    /// `STRING`: free text.
    String,
    /// `DATE`, with the Java date pattern the values follow, if one is given.
    Date(Option<String>),
    /// A nominal attribute, `{a,b,c}`, with its labels in declared order.
    Nominal(Vec<String>),
}

impl ArffType {
    /// Whether values of this type must be numbers.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Self::Numeric | Self::Real | Self::Integer)
    }

    /// The type written for boolean columns: `{False,True}`.
    pub fn boolean() -> Self {
        Self::Nominal(BOOLEAN_LABELS.map(str::to_owned).to_vec())
    }
}

impl fmt::Display for ArffType {
    /// Writes the type as it appears after the name on an `@attribute`
    /// line, for example `REAL`, `DATE "yyyy-MM-dd"` or `{no,yes}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Numeric => f.write_str("NUMERIC"),
            Self::Real => f.write_str("REAL"),
            Self::Integer => f.write_str("INTEGER"),
            Self::String => f.write_str("STRING"),
            Self::Date(None) => f.write_str("DATE"),
            Self::Date(Some(format)) => write_date(f, format),
            Self::Nominal(labels) => write_labels(f, labels),
        }
    }
}

fn write_date(f: &mut fmt::Formatter<'_>, format: &str) -> fmt::Result {
    if format.contains('"') {
        let mut quoted = String::new();
        quote::push_value(&mut quoted, format);
        write!(f, "DATE {quoted}")
    } else {
        write!(f, "DATE \"{format}\"")
    }
}

fn write_labels(f: &mut fmt::Formatter<'_>, labels: &[String]) -> fmt::Result {
    let mut out = String::from("{");

    for (i, label) in labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        quote::push_value(&mut out, label);
    }

    out.push('}');
    f.write_str(&out)
}

/// One attribute (column) of an ARFF file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute's name, unquoted.
    pub name: String,
    /// The attribute's type.
    pub kind: ArffType,
}

impl fmt::Display for Attribute {
    /// Writes the full `@attribute` line, without the line break.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut name = String::new();
        quote::push_name(&mut name, &self.name);
        write!(f, "@attribute {name} {}", self.kind)
    }
}

/// What a conversion wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionSummary {
    /// The number of data rows written.
    pub rows: u64,
    /// The attributes declared in the header, in column order.
    pub attributes: Vec<Attribute>,
}

/// What a valid ARFF file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArffSummary {
    /// The name on the `@relation` line, unquoted.
    pub relation: String,
    /// The declared attributes, in order.
    pub attributes: Vec<Attribute>,
    /// The number of data rows, dense and sparse.
    pub rows: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, kind: ArffType) -> String {
        Attribute {
            name: name.to_owned(),
            kind,
        }
        .to_string()
    }

    #[test]
    fn attribute_lines_read_like_weka_writes_them() {
        assert_eq!(line("age", ArffType::Real), "@attribute age REAL");
        assert_eq!(
            line("home dest", ArffType::String),
            "@attribute 'home dest' STRING"
        );
        assert_eq!(
            line("born", ArffType::Date(Some(DATE_FORMAT.to_owned()))),
            "@attribute born DATE \"yyyy-MM-dd\""
        );
        assert_eq!(
            line("seen", ArffType::Date(Some(DATE_TIME_FORMAT.to_owned()))),
            "@attribute seen DATE \"yyyy-MM-dd'T'HH:mm:ss\""
        );
        assert_eq!(
            line("alive", ArffType::boolean()),
            "@attribute alive {False,True}"
        );
        assert_eq!(
            line(
                "city",
                ArffType::Nominal(vec!["Ghent".into(), "New York".into()])
            ),
            "@attribute city {Ghent,'New York'}"
        );
    }
}
