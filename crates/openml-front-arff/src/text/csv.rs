//! CSV input: a header line of column names, then one row a line.
//!
//! The delimiter is the most frequent of comma, semicolon and tab on the
//! header line (comma when there is none). Fields may be double-quoted,
//! with `""` for a quote inside. Cells that are empty or hold one of
//! [`MISSING_MARKERS`](super::cell::MISSING_MARKERS) (after trimming
//! spaces) are missing. Column names are trimmed.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use arrow::record_batch::RecordBatch;
use csv::{ErrorKind, StringRecord};

use super::builder::{ColumnBuilder, finish_batch, schema_of};
use super::open_text;
use super::stats::ColumnStats;
use crate::ConversionError;
use crate::convert::{ConvertOptions, Reporter, Source};
use crate::error::Result;
use crate::plan::{ColumnPlan, ensure_unique_names};

/// The delimiters a CSV upload may use, in order of preference.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// A CSV file read in two passes.
pub(crate) struct CsvSource<'a> {
    path: &'a Path,
    options: &'a ConvertOptions,
    delimiter: u8,
}

impl<'a> CsvSource<'a> {
    pub(crate) fn new(path: &'a Path, options: &'a ConvertOptions) -> Self {
        Self {
            path,
            options,
            delimiter: b',',
        }
    }

    fn reader(&self) -> Result<csv::Reader<BufReader<File>>> {
        let file = open_text(self.path)?;

        Ok(csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(true)
            .from_reader(file))
    }

    fn header(reader: &mut csv::Reader<BufReader<File>>) -> Result<Vec<String>> {
        let header = reader.headers().map_err(|err| csv_error(err, 0))?;
        if header.is_empty() {
            return Err(ConversionError::EmptyFile);
        }

        let names: Vec<String> = header.iter().map(|name| name.trim().to_owned()).collect();
        ensure_unique_names(names.iter().map(String::as_str))?;
        Ok(names)
    }
}

impl Source for CsvSource<'_> {
    fn scan(&mut self, reporter: &mut Reporter<'_>) -> Result<Vec<ColumnPlan>> {
        self.delimiter = sniff_delimiter(&mut open_text(self.path)?)?;

        let mut reader = self.reader()?;
        let names = Self::header(&mut reader)?;
        let mut stats = vec![ColumnStats::new(self.options.max_nominal_values); names.len()];
        let mut record = StringRecord::new();
        let batch_rows = self.options.batch_rows.max(1);
        let mut rows = 0;

        while read_record(&mut reader, &mut record, names.len())? {
            for (column, cell) in stats.iter_mut().zip(record.iter()) {
                column.observe_text(cell);
            }

            rows += 1;
            if rows % batch_rows == 0 {
                reporter.advance(batch_rows);
            }
        }

        if rows == 0 {
            return Err(ConversionError::HeaderOnly);
        }
        reporter.advance(rows % batch_rows);

        Ok(names
            .into_iter()
            .zip(stats)
            .map(|(name, column)| column.into_plan(name))
            .collect())
    }

    fn stream(
        &mut self,
        plans: &[ColumnPlan],
        sink: &mut dyn FnMut(RecordBatch) -> Result<()>,
    ) -> Result<()> {
        let mut reader = self.reader()?;
        Self::header(&mut reader)?;

        let schema = schema_of(plans);
        let mut builders: Vec<_> = plans.iter().map(ColumnBuilder::for_plan).collect();
        let mut record = StringRecord::new();
        let batch_rows = self.options.batch_rows.max(1);
        let mut pending = 0;

        while read_record(&mut reader, &mut record, plans.len())? {
            for (builder, cell) in builders.iter_mut().zip(record.iter()) {
                builder.append_text(cell)?;
            }

            pending += 1;
            if pending == batch_rows {
                sink(finish_batch(&schema, &mut builders)?)?;
                pending = 0;
            }
        }

        if pending > 0 {
            sink(finish_batch(&schema, &mut builders)?)?;
        }
        Ok(())
    }
}

/// Reads the next record, returning false at the end of the file.
fn read_record(
    reader: &mut csv::Reader<BufReader<File>>,
    record: &mut StringRecord,
    columns: usize,
) -> Result<bool> {
    reader
        .read_record(record)
        .map_err(|err| csv_error(err, columns))
}

/// Picks the delimiter that occurs most often on the first line, outside
/// double quotes.
fn sniff_delimiter(file: &mut BufReader<File>) -> Result<u8> {
    let head = file.fill_buf().map_err(ConversionError::Read)?;
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;

    for &byte in head {
        if byte == b'\n' && !quoted {
            break;
        }
        if byte == b'"' {
            quoted = !quoted;
        } else if let Some(i) = DELIMITERS.iter().position(|&d| d == byte && !quoted) {
            counts[i] += 1;
        }
    }

    let best = (0..DELIMITERS.len())
        .rev()
        .max_by_key(|&i| counts[i])
        .filter(|&i| counts[i] > 0)
        .map_or(b',', |i| DELIMITERS[i]);
    Ok(best)
}

/// Says what went wrong in words, with the line it went wrong on.
fn csv_error(err: csv::Error, columns: usize) -> ConversionError {
    let line = err.position().map_or(0, csv::Position::line);
    let reason = err.to_string();

    match err.into_kind() {
        ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => ConversionError::RaggedRow {
            line: pos.map_or(line, |p| p.line()),
            found: usize::try_from(len).unwrap_or(usize::MAX),
            expected: usize::try_from(expected_len).unwrap_or(columns),
        },
        ErrorKind::Utf8 { pos, .. } => ConversionError::NotUtf8 {
            line: pos.map_or(line, |p| p.line()),
        },
        ErrorKind::Io(err) => ConversionError::Read(err),
        _ => ConversionError::MalformedCsv { line, reason },
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn sniff(text: &str) -> u8 {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(text.as_bytes()).expect("write");
        let mut reader = BufReader::new(File::open(file.path()).expect("open"));
        sniff_delimiter(&mut reader).expect("sniff")
    }

    #[test]
    fn the_most_frequent_delimiter_on_the_header_wins() {
        assert_eq!(sniff("a,b,c\n1;2;3;4;5\n"), b',');
        assert_eq!(sniff("a;b;c\n"), b';');
        assert_eq!(sniff("a\tb\tc,d\n"), b'\t');
        assert_eq!(sniff("\"x,y\";b\n"), b';');
        assert_eq!(sniff("single\n"), b',');
    }
}
