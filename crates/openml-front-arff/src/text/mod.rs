//! Text inputs (CSV and JSON): their cells are typed by this crate.
//!
//! Both passes use the same rules: the scan narrows each column to the
//! types every value fits, and the stream parses the values with the same
//! functions, so the whole file decides a column's type, not a sample.

pub(crate) mod builder;
pub(crate) mod cell;
pub(crate) mod csv;
pub(crate) mod json;
pub(crate) mod stats;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::ConversionError;
use crate::convert::open;
use crate::error::Result;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Opens a text file for buffered reading, past a UTF-8 byte order mark.
pub(crate) fn open_text(path: &Path) -> Result<BufReader<File>> {
    let mut reader = BufReader::with_capacity(256 * 1024, open(path)?);
    let head = reader.fill_buf().map_err(ConversionError::Read)?;

    if head.starts_with(UTF8_BOM) {
        reader.consume(UTF8_BOM.len());
    }
    Ok(reader)
}
