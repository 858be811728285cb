//! JSON input: an array of objects, or one object per line.
//!
//! Each object is one row and each field one column, in the order fields
//! first appear in the file; a row without a field has it missing. Numbers
//! and booleans keep their type; strings are typed like CSV cells, so
//! `"2024-01-31"` makes a date and `"NA"` a missing value. Objects are read
//! one at a time, never the whole file.

use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, Read};
use std::path::Path;

use arrow::record_batch::RecordBatch;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::error::Category;

use super::builder::{ColumnBuilder, finish_batch, schema_of};
use super::open_text;
use super::stats::ColumnStats;
use crate::convert::{ConvertOptions, Reporter, Source};
use crate::error::Result;
use crate::plan::ColumnPlan;
use crate::{ConversionError, InputFormat};

/// A JSON file read in two passes.
pub(crate) struct JsonSource<'a> {
    path: &'a Path,
    options: &'a ConvertOptions,
    columns: HashMap<String, usize>,
}

impl<'a> JsonSource<'a> {
    pub(crate) fn new(path: &'a Path, options: &'a ConvertOptions) -> Self {
        Self {
            path,
            options,
            columns: HashMap::new(),
        }
    }
}

impl Source for JsonSource<'_> {
    fn scan(&mut self, reporter: &mut Reporter<'_>) -> Result<Vec<ColumnPlan>> {
        let batch_rows = self.options.batch_rows.max(1) as u64;
        let mut names = Vec::new();
        let mut stats = Vec::new();

        let rows = for_each_record(self.path, &mut |number, record| {
            for (field, value) in record.0 {
                let column = *self.columns.entry(field.clone()).or_insert_with(|| {
                    names.push(field.clone());
                    stats.push(ColumnStats::new(self.options.max_nominal_values));
                    names.len() - 1
                });

                stats[column]
                    .observe_json(&value)
                    .map_err(|_| ConversionError::NestedJson {
                        record: number,
                        field,
                    })?;
            }

            if number % batch_rows == 0 {
                reporter.advance(batch_rows as usize);
            }
            Ok(())
        })?;

        if rows == 0 {
            return Err(ConversionError::NoRows {
                format: InputFormat::Json,
            });
        }
        reporter.advance((rows % batch_rows) as usize);

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
        let batch_rows = self.options.batch_rows.max(1);
        let schema = schema_of(plans);
        let mut builders: Vec<_> = plans.iter().map(ColumnBuilder::for_plan).collect();
        let mut cells: Vec<Option<Value>> = vec![None; plans.len()];
        let mut pending = 0;

        for_each_record(self.path, &mut |_, record| {
            for (field, value) in record.0 {
                let column = self
                    .columns
                    .get(&field)
                    .ok_or(ConversionError::FileChanged)?;
                cells[*column] = Some(value);
            }
            for (builder, cell) in builders.iter_mut().zip(cells.iter_mut()) {
                builder.append_json(cell.take().as_ref())?;
            }

            pending += 1;
            if pending == batch_rows {
                sink(finish_batch(&schema, &mut builders)?)?;
                pending = 0;
            }
            Ok(())
        })?;

        if pending > 0 {
            sink(finish_batch(&schema, &mut builders)?)?;
        }
        Ok(())
    }
}

/// What is done with each record: it gets the record's number (from 1).
type EachRecord<'f> = dyn FnMut(u64, Record) -> Result<()> + 'f;

/// Calls `each` for every record of the file, returning how many there were.
fn for_each_record(path: &Path, each: &mut EachRecord<'_>) -> Result<u64> {
    let mut reader = open_text(path)?;

    match first_byte(&mut reader)? {
        None => Err(ConversionError::EmptyFile),
        Some(b'[') => records_in_array(reader, each),
        Some(b'{') => records_in_lines(reader, each),
        Some(_) => Err(ConversionError::JsonShape),
    }
}

/// The first byte that is not white space, left unread.
fn first_byte(reader: &mut impl BufRead) -> Result<Option<u8>> {
    loop {
        let buffer = reader.fill_buf().map_err(ConversionError::Read)?;
        if buffer.is_empty() {
            return Ok(None);
        }

        if let Some(byte) = buffer.iter().find(|b| !b.is_ascii_whitespace()) {
            return Ok(Some(*byte));
        }
        let length = buffer.len();
        reader.consume(length);
    }
}

fn records_in_array(reader: impl Read, each: &mut EachRecord<'_>) -> Result<u64> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let mut failure = None;
    let mut count = 0;

    let records = RecordArray {
        each,
        failure: &mut failure,
        count: &mut count,
    };
    let outcome = records
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());

    if let Some(err) = failure {
        return Err(err);
    }
    outcome.map_err(json_error)?;
    Ok(count)
}

fn records_in_lines(reader: impl Read, each: &mut EachRecord<'_>) -> Result<u64> {
    let mut count = 0;

    for record in serde_json::Deserializer::from_reader(reader).into_iter::<Record>() {
        count += 1;
        each(count, record.map_err(json_error)?)?;
    }
    Ok(count)
}

/// Says what is wrong with the JSON, and where.
fn json_error(err: serde_json::Error) -> ConversionError {
    match err.classify() {
        Category::Io => ConversionError::Read(err.into()),
        Category::Data => ConversionError::JsonShape,
        Category::Syntax | Category::Eof => {
            let text = err.to_string();
            let reason = text
                .rfind(" at line ")
                .map_or(text.as_str(), |end| &text[..end]);

            ConversionError::InvalidJson {
                line: err.line(),
                column: err.column(),
                reason: reason.to_owned(),
            }
        }
    }
}

/// One JSON object, with its fields in file order.
pub(crate) struct Record(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(0));

        while let Some(field) = map.next_entry::<String, Value>()? {
            fields.push(field);
        }
        Ok(Record(fields))
    }
}

/// Walks a top-level array, handing each record on as soon as it is read.
struct RecordArray<'s, 'f> {
    each: &'s mut EachRecord<'f>,
    failure: &'s mut Option<ConversionError>,
    count: &'s mut u64,
}

impl<'de> DeserializeSeed<'de> for RecordArray<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RecordArray<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of JSON objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(record) = seq.next_element::<Record>()? {
            *self.count += 1;

            if let Err(err) = (self.each)(*self.count, record) {
                *self.failure = Some(err);
                return Err(de::Error::custom("stopped by the record handler"));
            }
        }
        Ok(())
    }
}
