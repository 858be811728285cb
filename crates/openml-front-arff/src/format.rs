//! The file formats an upload may arrive in.

use std::fmt;
use std::path::Path;

/// The format of an uploaded dataset file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Comma-, semicolon- or tab-separated text with a header line.
    Csv,
    /// ARFF text; it is validated and then copied through unchanged.
    Arff,
    /// A JSON array of objects, or one JSON object per line.
    Json,
    /// An Apache Parquet file.
    Parquet,
    /// A Feather (version 2) file, that is an Arrow IPC file.
    Feather,
}

impl InputFormat {
    /// Every format, in the order they are listed to users.
    pub const ALL: [InputFormat; 5] = [
        Self::Csv,
        Self::Arff,
        Self::Json,
        Self::Parquet,
        Self::Feather,
    ];

    /// Picks the format from a file name's extension, ignoring case.
    ///
    /// ```
    /// use openml_front_arff::InputFormat;
    ///
    /// assert_eq!(InputFormat::from_file_name("iris.CSV"), Some(InputFormat::Csv));
    /// assert_eq!(InputFormat::from_file_name("data.feather"), Some(InputFormat::Feather));
    /// assert_eq!(InputFormat::from_file_name("notes.txt"), None);
    /// ```
    pub fn from_file_name(name: &str) -> Option<InputFormat> {
        let extension = Path::new(name).extension()?.to_str()?;

        Self::ALL
            .into_iter()
            .find(|format| format.extension().eq_ignore_ascii_case(extension))
    }

    /// The file name extension of the format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Arff => "arff",
            Self::Json => "json",
            Self::Parquet => "parquet",
            Self::Feather => "feather",
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Csv => "CSV",
            Self::Arff => "ARFF",
            Self::Json => "JSON",
            Self::Parquet => "Parquet",
            Self::Feather => "Feather",
        };
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_the_format_in_any_case() {
        assert_eq!(InputFormat::from_file_name("a.csv"), Some(InputFormat::Csv));
        assert_eq!(
            InputFormat::from_file_name("a.ARFF"),
            Some(InputFormat::Arff)
        );
        assert_eq!(
            InputFormat::from_file_name("a.Json"),
            Some(InputFormat::Json)
        );
        assert_eq!(
            InputFormat::from_file_name("dir.v2/a.parquet"),
            Some(InputFormat::Parquet)
        );
        assert_eq!(
            InputFormat::from_file_name("a.FEATHER"),
            Some(InputFormat::Feather)
        );
    }

    #[test]
    fn other_names_have_no_format() {
        assert_eq!(InputFormat::from_file_name("a.tar.gz"), None);
        assert_eq!(InputFormat::from_file_name("csv"), None);
        assert_eq!(InputFormat::from_file_name(".csv"), None);
        assert_eq!(InputFormat::from_file_name(""), None);
    }
}
