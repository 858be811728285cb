//! The one error type of this crate.
//!
//! Each message is written for the person who uploaded the file: it says
//! what was wrong and, where it can, where in the file. A web handler can
//! send [`ConversionError::to_string`] as the body of a 400 reply when
//! [`ConversionError::is_user_error`] is true.

use std::io;

use crate::InputFormat;

/// Why a file could not be converted to ARFF or failed validation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConversionError {
    /// The file holds no bytes at all.
    #[error("the file is empty")]
    EmptyFile,

    /// A CSV file has a header line but no data rows.
    #[error("the CSV has only a header and no rows")]
    HeaderOnly,

    /// The file was read without trouble but holds no data rows.
    #[error("the {format} file has no rows")]
    NoRows {
        /// The format the file was read as.
        format: InputFormat,
    },

    /// A CSV row does not have as many fields as the header.
    #[error("line {line} has {found} fields but the header has {expected}")]
    RaggedRow {
        /// The line the row starts on, counting the header as line 1.
        line: u64,
        /// How many fields the row has.
        found: usize,
        /// How many fields the header has.
        expected: usize,
    },

    /// A CSV line holds bytes that are not UTF-8 text.
    #[error("line {line} is not valid UTF-8 text; save the file with UTF-8 encoding")]
    NotUtf8 {
        /// The line with the bad bytes.
        line: u64,
    },

    /// The CSV reader could not split the text into fields.
    #[error("the CSV could not be read near line {line}: {reason}")]
    MalformedCsv {
        /// The line where reading stopped.
        line: u64,
        /// What the reader found.
        reason: String,
    },

    /// Two columns carry the same name; ARFF needs distinct attribute names.
    #[error("two columns are both named '{name}'; every column needs its own name")]
    DuplicateColumn {
        /// The repeated name.
        name: String,
    },

    /// The file does not start the way a Parquet file must, or its footer is
    /// damaged.
    #[error("the file is not a valid Parquet file: {reason}")]
    InvalidParquet {
        /// What the Parquet reader reported.
        reason: String,
    },

    /// The file is not an Arrow IPC (Feather version 2) file.
    #[error("the file is not a valid Feather file: {reason}")]
    InvalidFeather {
        /// What the Arrow IPC reader reported.
        reason: String,
    },

    /// The file uses a compression codec this build cannot decode.
    #[error(
        "the {format} file is compressed with {codec}, which is not supported; \
         save it with Snappy or LZ4 compression, or none"
    )]
    UnsupportedCompression {
        /// The format of the file.
        format: InputFormat,
        /// The codec named by the file.
        codec: String,
    },

    /// The JSON text is well formed but not shaped as records.
    #[error("the JSON file must hold an array of objects or one object per line")]
    JsonShape,

    /// The JSON text is not well formed.
    #[error("the file is not valid JSON: {reason} (line {line}, column {column})")]
    InvalidJson {
        /// The line of the first error.
        line: usize,
        /// The column of the first error.
        column: usize,
        /// What the JSON parser expected.
        reason: String,
    },

    /// A JSON record holds a list or an object where a plain value belongs.
    #[error(
        "record {record} holds a list or an object in field '{field}'; \
         only flat records with plain values can be converted"
    )]
    NestedJson {
        /// The record's position in the file, starting at 1.
        record: u64,
        /// The field holding the nested value.
        field: String,
    },

    /// A column has a type ARFF has no way to store.
    #[error("column '{column}' holds {kind}, which ARFF cannot store")]
    UnsupportedColumn {
        /// The column's name.
        column: String,
        /// The kind of data, in words.
        kind: String,
    },

    /// An ARFF file breaks the format's rules.
    #[error("ARFF syntax error on line {line}: {reason}")]
    ArffSyntax {
        /// The offending line, starting at 1.
        line: u64,
        /// What is wrong with it.
        reason: String,
    },

    /// The file read differently the second time it was read.
    #[error("the file changed while it was being converted")]
    FileChanged,

    /// Reading the uploaded file failed for a reason outside the file's
    /// content.
    #[error("the uploaded file could not be read")]
    Read(#[source] io::Error),

    /// Writing the ARFF output failed.
    #[error("the ARFF output could not be written")]
    Write(#[source] io::Error),

    /// A fault inside the conversion, not caused by the file.
    #[error("the file could not be converted: {0}")]
    Internal(String),
}

impl ConversionError {
    /// Whether the error describes a problem with the uploaded file, as
    /// opposed to a fault of the server (I/O, an internal fault).
    ///
    /// User errors belong in a 400 reply with the message as it is; the
    /// others belong in a 500 reply and the logs.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            Self::Read(_) | Self::Write(_) | Self::Internal(_) | Self::FileChanged
        )
    }

    pub(crate) fn arff(line: u64, reason: impl Into<String>) -> Self {
        Self::ArffSyntax {
            line,
            reason: reason.into(),
        }
    }
}

/// The result type of this crate.
pub type Result<T, E = ConversionError> = std::result::Result<T, E>;
