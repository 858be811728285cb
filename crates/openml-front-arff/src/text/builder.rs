//! Building Arrow arrays from text cells, following a column's plan.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, NullArray,
    StringBuilder, TimestampSecondBuilder,
};
use arrow::datatypes::{Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use serde_json::Value;

use super::cell;
use crate::ConversionError;
use crate::error::Result;
use crate::plan::{CellStyle, ColumnPlan};

/// Gathers one column of a batch.
pub(crate) enum ColumnBuilder {
    Missing(usize),
    Boolean(BooleanBuilder),
    Integer(Int64Builder),
    Real(Float64Builder),
    Date(Date32Builder),
    Timestamp(TimestampSecondBuilder),
    Text(StringBuilder),
}

impl ColumnBuilder {
    /// A builder for the array type the plan's writer reads.
    pub(crate) fn for_plan(plan: &ColumnPlan) -> Self {
        match plan.style {
            CellStyle::Boolean => Self::Boolean(BooleanBuilder::new()),
            CellStyle::Integer => Self::Integer(Int64Builder::new()),
            CellStyle::Real64 => Self::Real(Float64Builder::new()),
            CellStyle::Date => Self::Date(Date32Builder::new()),
            CellStyle::Timestamp(_) => Self::Timestamp(TimestampSecondBuilder::new()),
            CellStyle::Text => Self::Text(StringBuilder::new()),
            // The scan of a text file plans no other style than these and
            // Missing.
            _ => Self::Missing(0),
        }
    }

    /// Appends one cell of text; missing markers append a null.
    ///
    /// The scan has checked that every cell fits the plan, so a cell that
    /// does not means the file changed in between.
    pub(crate) fn append_text(&mut self, raw: &str) -> Result<()> {
        let trimmed = raw.trim();
        if cell::is_missing(trimmed) {
            self.append_missing();
            return Ok(());
        }

        let fits = match self {
            Self::Missing(_) => false,
            Self::Boolean(b) => append_parsed(b, cell::parse_boolean(trimmed)),
            Self::Integer(b) => append_parsed(b, cell::parse_integer(trimmed)),
            Self::Real(b) => append_parsed(b, cell::parse_real(trimmed)),
            Self::Date(b) => append_parsed(b, cell::parse_date(trimmed)),
            Self::Timestamp(b) => append_parsed(b, cell::parse_timestamp(trimmed)),
            Self::Text(b) => {
                b.append_value(raw);
                true
            }
        };

        fits.then_some(()).ok_or(ConversionError::FileChanged)
    }

    /// Appends one JSON value, or a null for an absent field.
    pub(crate) fn append_json(&mut self, value: Option<&Value>) -> Result<()> {
        let fits = match (self, value) {
            (this, None | Some(Value::Null)) => {
                this.append_missing();
                true
            }
            (this, Some(Value::String(text))) => return this.append_text(text),
            (Self::Boolean(b), Some(Value::Bool(v))) => append_parsed(b, Some(*v)),
            (Self::Integer(b), Some(Value::Number(n))) => append_parsed(b, n.as_i64()),
            (Self::Real(b), Some(Value::Number(n))) => append_parsed(b, n.as_f64()),
            (Self::Text(b), Some(value @ (Value::Number(_) | Value::Bool(_)))) => {
                b.append_value(value.to_string());
                true
            }
            _ => false,
        };

        fits.then_some(()).ok_or(ConversionError::FileChanged)
    }

    fn append_missing(&mut self) {
        match self {
            Self::Missing(count) => *count += 1,
            Self::Boolean(b) => b.append_null(),
            Self::Integer(b) => b.append_null(),
            Self::Real(b) => b.append_null(),
            Self::Date(b) => b.append_null(),
            Self::Timestamp(b) => b.append_null(),
            Self::Text(b) => b.append_null(),
        }
    }

    /// Takes the gathered values as an array, leaving the builder empty.
    pub(crate) fn finish(&mut self) -> ArrayRef {
        match self {
            Self::Missing(count) => Arc::new(NullArray::new(std::mem::take(count))),
            Self::Boolean(b) => Arc::new(b.finish()),
            Self::Integer(b) => Arc::new(b.finish()),
            Self::Real(b) => Arc::new(b.finish()),
            Self::Date(b) => Arc::new(b.finish()),
            Self::Timestamp(b) => Arc::new(b.finish()),
            Self::Text(b) => Arc::new(b.finish()),
        }
    }
}

/// The schema of the batches built for `plans`.
pub(crate) fn schema_of(plans: &[ColumnPlan]) -> SchemaRef {
    let fields: Vec<Field> = plans
        .iter()
        .map(|plan| Field::new(&plan.name, plan.target.clone(), true))
        .collect();

    Arc::new(Schema::new(fields))
}

/// Turns the builders' contents into a record batch.
pub(crate) fn finish_batch(
    schema: &SchemaRef,
    builders: &mut [ColumnBuilder],
) -> Result<RecordBatch> {
    let columns = builders.iter_mut().map(ColumnBuilder::finish).collect();

    RecordBatch::try_new(schema.clone(), columns)
        .map_err(|err| ConversionError::Internal(err.to_string()))
}

/// Appends a parsed value, reporting whether there was one.
fn append_parsed<B: AppendValue<T>, T>(builder: &mut B, value: Option<T>) -> bool {
    match value {
        Some(value) => {
            builder.append(value);
            true
        }
        None => false,
    }
}

/// The `append_value` that Arrow's typed builders share.
trait AppendValue<T> {
    fn append(&mut self, value: T);
}

impl AppendValue<bool> for BooleanBuilder {
    fn append(&mut self, value: bool) {
        self.append_value(value);
    }
}

impl<P: arrow::datatypes::ArrowPrimitiveType> AppendValue<P::Native>
    for arrow::array::PrimitiveBuilder<P>
{
    fn append(&mut self, value: P::Native) {
        self.append_value(value);
    }
}
