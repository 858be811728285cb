//! Writing the ARFF header and the rows of Arrow record batches.
//!
//! Numbers are written in their shortest form that reads back to the same
//! value; NaN and nulls become `?`, infinities `Infinity` and `-Infinity`.
//! Dates are written as `yyyy-MM-dd` and timestamps as
//! `yyyy-MM-dd'T'HH:mm:ss` in UTC.
//!
//! Note: timestamps are written to the whole second; a fraction of a second
//! is dropped.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Date32Array, Float32Array, Float64Array, Int64Array,
    StringArray, UInt64Array,
};
use arrow::compute::cast;
use arrow::datatypes::{
    TimeUnit, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType,
};
use arrow::record_batch::RecordBatch;
use chrono::{Datelike, NaiveDate};

use crate::error::Result;
use crate::plan::{CellStyle, ColumnPlan};
use crate::types::BOOLEAN_LABELS;
use crate::{Attribute, ConversionError, ConversionSummary, quote};

/// Days from 0001-01-01 to 1970-01-01, as chrono counts them.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// How much text is gathered before it is handed to the output.
const FLUSH_AT_BYTES: usize = 64 * 1024;

/// Streams one ARFF file: the header first, then batches of rows.
pub(crate) struct ArffWriter<'a, W: Write> {
    out: BufWriter<&'a mut W>,
    plans: &'a [ColumnPlan],
    text: String,
    rows: u64,
}

impl<'a, W: Write> ArffWriter<'a, W> {
    /// Writes the header for `plans` and returns a writer for the rows.
    pub(crate) fn start(out: &'a mut W, relation: &str, plans: &'a [ColumnPlan]) -> Result<Self> {
        let mut writer = Self {
            out: BufWriter::with_capacity(FLUSH_AT_BYTES, out),
            plans,
            text: String::with_capacity(2 * FLUSH_AT_BYTES),
            rows: 0,
        };

        writer.write_header(relation)?;
        Ok(writer)
    }

    fn write_header(&mut self, relation: &str) -> Result<()> {
        self.text.push_str("@relation ");
        quote::push_name(&mut self.text, relation);
        self.text.push_str("\n\n");

        for attribute in self.attributes() {
            // Writing to a String cannot fail.
            let _ = writeln!(self.text, "{attribute}");
        }

        self.text.push_str("\n@data\n");
        self.drain()
    }

    /// Writes every row of `batch`, whose columns follow the plans.
    pub(crate) fn write_batch(&mut self, batch: &RecordBatch) -> Result<()> {
        let arrays = self.normalise(batch)?;
        let cells = arrays
            .iter()
            .zip(self.plans)
            .map(|(array, plan)| Cells::new(array, plan))
            .collect::<Result<Vec<_>>>()?;

        for row in 0..batch.num_rows() {
            self.write_row(&cells, row);
            if self.text.len() >= FLUSH_AT_BYTES {
                self.drain()?;
            }
        }

        self.rows += batch.num_rows() as u64;
        Ok(())
    }

    /// Flushes the output and says what was written.
    pub(crate) fn finish(mut self) -> Result<ConversionSummary> {
        self.drain()?;
        self.out.flush().map_err(ConversionError::Write)?;

        Ok(ConversionSummary {
            rows: self.rows,
            attributes: self.attributes().collect(),
        })
    }

    fn attributes(&self) -> impl Iterator<Item = Attribute> + use<'a, W> {
        self.plans.iter().map(|plan| Attribute {
            name: plan.name.clone(),
            kind: plan.kind.clone(),
        })
    }

    /// Casts each column to the type its plan writes from.
    fn normalise(&self, batch: &RecordBatch) -> Result<Vec<ArrayRef>> {
        if batch.num_columns() != self.plans.len() {
            return Err(ConversionError::FileChanged);
        }

        batch
            .columns()
            .iter()
            .zip(self.plans)
            .map(|(array, plan)| {
                if array.data_type() == &plan.target {
                    return Ok(array.clone());
                }
                cast(array, &plan.target).map_err(|err| {
                    ConversionError::Internal(format!("column '{}': {err}", plan.name))
                })
            })
            .collect()
    }

    fn write_row(&mut self, cells: &[Cells<'_>], row: usize) {
        for (i, column) in cells.iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            column.push(&mut self.text, row);
        }
        self.text.push('\n');
    }

    fn drain(&mut self) -> Result<()> {
        self.out
            .write_all(self.text.as_bytes())
            .map_err(ConversionError::Write)?;
        self.text.clear();
        Ok(())
    }
}

/// One column of a batch, downcast to the array type its style reads.
enum Cells<'a> {
    Missing,
    Integer(&'a Int64Array),
    Unsigned(&'a UInt64Array),
    Real32(&'a Float32Array),
    Real64(&'a Float64Array),
    NumericText(&'a StringArray),
    Boolean(&'a BooleanArray),
    Text(&'a StringArray),
    Date(&'a Date32Array),
    /// Raw timestamp values and how many of them make a second.
    Timestamp(&'a dyn Array, &'a [i64], i64),
}

impl<'a> Cells<'a> {
    fn new(array: &'a ArrayRef, plan: &ColumnPlan) -> Result<Self> {
        let cells = match plan.style {
            CellStyle::Missing => Some(Cells::Missing),
            CellStyle::Integer => downcast(array).map(Cells::Integer),
            CellStyle::Unsigned => downcast(array).map(Cells::Unsigned),
            CellStyle::Real32 => downcast(array).map(Cells::Real32),
            CellStyle::Real64 => downcast(array).map(Cells::Real64),
            CellStyle::NumericText => downcast(array).map(Cells::NumericText),
            CellStyle::Boolean => downcast(array).map(Cells::Boolean),
            CellStyle::Text => downcast(array).map(Cells::Text),
            CellStyle::Date => downcast(array).map(Cells::Date),
            CellStyle::Timestamp(unit) => timestamp_values(array, unit)
                .map(|(values, per_second)| Cells::Timestamp(array.as_ref(), values, per_second)),
        };

        cells.ok_or_else(|| {
            ConversionError::Internal(format!(
                "column '{}' holds {} where {} was planned",
                plan.name,
                array.data_type(),
                plan.target
            ))
        })
    }

    /// Appends the value of `row`, or `?` when it is missing.
    fn push(&self, out: &mut String, row: usize) {
        let written = match self {
            Cells::Missing => None,
            Cells::Integer(a) => a.is_valid(row).then(|| push_integer(out, a.value(row))),
            Cells::Unsigned(a) => a.is_valid(row).then(|| push_integer(out, a.value(row))),
            Cells::Real32(a) => a.is_valid(row).then(|| push_real(out, a.value(row))),
            Cells::Real64(a) => a.is_valid(row).then(|| push_real(out, a.value(row))),
            Cells::NumericText(a) => a.is_valid(row).then(|| out.push_str(a.value(row))),
            Cells::Boolean(a) => a
                .is_valid(row)
                .then(|| out.push_str(boolean_label(a.value(row)))),
            Cells::Text(a) => a
                .is_valid(row)
                .then(|| quote::push_value(out, a.value(row))),
            Cells::Date(a) => a.is_valid(row).then(|| push_date(out, a.value(row))),
            Cells::Timestamp(a, values, per_second) => a
                .is_valid(row)
                .then(|| push_timestamp(out, values[row].div_euclid(*per_second))),
        };

        if written.is_none() {
            out.push('?');
        }
    }
}

/// The raw values of a timestamp column and how many make a second.
fn timestamp_values(array: &ArrayRef, unit: TimeUnit) -> Option<(&[i64], i64)> {
    match unit {
        TimeUnit::Second => array
            .as_primitive_opt::<TimestampSecondType>()
            .map(|a| (a.values().as_ref(), 1)),
        TimeUnit::Millisecond => array
            .as_primitive_opt::<TimestampMillisecondType>()
            .map(|a| (a.values().as_ref(), 1_000)),
        TimeUnit::Microsecond => array
            .as_primitive_opt::<TimestampMicrosecondType>()
            .map(|a| (a.values().as_ref(), 1_000_000)),
        TimeUnit::Nanosecond => array
            .as_primitive_opt::<TimestampNanosecondType>()
            .map(|a| (a.values().as_ref(), 1_000_000_000)),
    }
}

fn downcast<T: 'static>(array: &ArrayRef) -> Option<&T> {
    array.as_any().downcast_ref::<T>()
}

fn push_integer(out: &mut String, value: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(value));
}

/// Writes a float in its shortest round-trip form, NaN as `?`.
fn push_real(out: &mut String, value: impl ryu::Float + Into<f64>) {
    let wide: f64 = value.into();

    if wide.is_nan() {
        out.push('?');
    } else if wide == f64::INFINITY {
        out.push_str("Infinity");
    } else if wide == f64::NEG_INFINITY {
        out.push_str("-Infinity");
    } else {
        out.push_str(ryu::Buffer::new().format_finite(value));
    }
}

fn boolean_label(value: bool) -> &'static str {
    BOOLEAN_LABELS[usize::from(value)]
}

fn push_date(out: &mut String, days: i32) {
    match date_from_days(i64::from(days)) {
        Some(date) => push_ymd(out, date),
        None => out.push('?'),
    }
}

fn push_timestamp(out: &mut String, seconds: i64) {
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);

    let Some(date) = date_from_days(days) else {
        out.push('?');
        return;
    };

    push_ymd(out, date);
    out.push('T');
    push_two_digits(out, second_of_day / 3600);
    out.push(':');
    push_two_digits(out, second_of_day / 60 % 60);
    out.push(':');
    push_two_digits(out, second_of_day % 60);
}

fn date_from_days(days: i64) -> Option<NaiveDate> {
    let from_ce = i32::try_from(days + UNIX_EPOCH_DAYS_FROM_CE).ok()?;
    NaiveDate::from_num_days_from_ce_opt(from_ce)
}

fn push_ymd(out: &mut String, date: NaiveDate) {
    let year = date.year();

    if (0..=9999).contains(&year) {
        push_two_digits(out, i64::from(year / 100));
        push_two_digits(out, i64::from(year % 100));
    } else {
        push_integer(out, year);
    }
    out.push('-');
    push_two_digits(out, i64::from(date.month()));
    out.push('-');
    push_two_digits(out, i64::from(date.day()));
}

/// Writes a number below 100 with two digits.
fn push_two_digits(out: &mut String, value: i64) {
    let digits = [b'0' + (value / 10 % 10) as u8, b'0' + (value % 10) as u8];
    out.push(char::from(digits[0]));
    out.push(char::from(digits[1]));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real(value: f64) -> String {
        let mut out = String::new();
        push_real(&mut out, value);
        out
    }

    #[test]
    fn reals_are_shortest_round_trip() {
        assert_eq!(real(0.1), "0.1");
        assert_eq!(real(2.0), "2.0");
        assert_eq!(real(1e21), "1e21");
        assert_eq!(real(1.5e-7), "1.5e-7");
        assert_eq!(real(f64::NAN), "?");
        assert_eq!(real(f64::NEG_INFINITY), "-Infinity");

        let mut single = String::new();
        push_real(&mut single, 0.1f32);
        assert_eq!(single, "0.1");
    }

    #[test]
    fn dates_and_timestamps_are_written_in_utc() {
        let mut out = String::new();
        push_date(&mut out, 0);
        out.push(' ');
        push_date(&mut out, -1);
        out.push(' ');
        push_timestamp(&mut out, 951_782_400 + 3723);
        out.push(' ');
        push_timestamp(&mut out, -1);
        out.push(' ');
        push_date(&mut out, -719_528);

        assert_eq!(
            out,
            "1970-01-01 1969-12-31 2000-02-29T01:02:03 1969-12-31T23:59:59 0000-01-01"
        );
    }
}
