//! Converts uploaded dataset files to ARFF, the format OpenML stores.
//!
//! [`convert_to_arff`] reads CSV, JSON, Parquet and Feather files as a
//! stream of Arrow record batches and writes ARFF; ARFF uploads are checked
//! with [`validate_arff`] and copied through.
//!
//! # Two passes, flat memory
//!
//! Every input is read twice. The first pass (the scan) reads the whole
//! file, checks it and decides each column's type from all of its values,
//! not a sample, keeping only a few counters and a bounded set of distinct
//! values per column. The second pass streams the rows in record batches
//! of [`ConvertOptions::batch_rows`] rows into the ARFF writer. Memory
//! therefore depends on the batch size and the number of columns, not on
//! the number of rows (a Parquet row group is read whole).
//!
//! # Types
//!
//! | column holds | ARFF attribute |
//! |---|---|
//! | whole numbers | `INTEGER` |
//! | other numbers (floats, decimals) | `REAL` |
//! | booleans (`true`/`false` in any case in text) | `{False,True}` |
//! | dictionary (categorical) text | nominal, the dictionary's labels in file order (same caps) |
//! | text with at most 100 distinct values of at most 256 bytes, each used twice on average | nominal, labels sorted |
//! | other text | `STRING` |
//! | dates `YYYY-MM-DD` | `DATE "yyyy-MM-dd"` |
//! | timestamps | `DATE "yyyy-MM-dd'T'HH:mm:ss"`, in UTC |
//! | nothing but missing values | `REAL` |
//!
//! Nulls, NaN and, in CSV cells and JSON strings, the [`MISSING_MARKERS`]
//! are written as `?`. Names and text values are single-quoted where ARFF
//! needs it. Timestamps are written in UTC to the whole second.
//!
//! Note: for CSV and JSON every content error is found by the scan, before
//! the first byte is written. For Parquet and Feather a damaged data page
//! can still surface while writing. On any error the output is incomplete
//! and must be discarded.
//!
//! # Example
//!
//! ```
//! use openml_front_arff::{InputFormat, convert_to_arff};
//!
//! let dir = tempfile::tempdir()?;
//! let csv = dir.path().join("toy.csv");
//! std::fs::write(&csv, "x,colour\n1,red\n2,red\n3,blue\n4,blue\n")?;
//!
//! let mut arff = Vec::new();
//! convert_to_arff(&csv, InputFormat::Csv, "toy", &mut arff, None)?;
//!
//! assert_eq!(
//!     String::from_utf8(arff)?,
//!     "@relation toy\n\n\
//!      @attribute x INTEGER\n\
//!      @attribute colour {blue,red}\n\n\
//!      @data\n1,red\n2,red\n3,blue\n4,blue\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod columnar;
mod convert;
mod error;
mod format;
mod plan;
mod quote;
mod text;
mod types;
mod validate;
mod writer;

pub use convert::{
    ConvertOptions, Progress, ProgressFn, Stage, convert_to_arff, convert_to_arff_with,
};
pub use error::ConversionError;
pub use format::InputFormat;
pub use text::cell::MISSING_MARKERS;
pub use types::{
    ArffSummary, ArffType, Attribute, BOOLEAN_LABELS, ConversionSummary, DATE_FORMAT,
    DATE_TIME_FORMAT,
};
pub use validate::validate_arff;
