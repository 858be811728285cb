//! Columnar inputs (Parquet and Feather): their columns arrive typed.
//!
//! The Arrow type decides most attributes at once. Text columns are the
//! exception: the scan reads only those columns, collecting distinct values
//! to choose between NOMINAL and STRING. Dictionary (categorical) columns
//! become NOMINAL with the dictionary's values in the file's order.

pub(crate) mod feather;
pub(crate) mod parquet;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Schema};
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;

use crate::ConversionError;
use crate::error::Result;
use crate::plan::{ColumnPlan, DistinctValues, Shape, ensure_unique_names, shape_of};

/// The shape of every column of a schema, with the names checked.
pub(crate) fn shapes(schema: &Schema) -> Result<Vec<Shape>> {
    ensure_unique_names(schema.fields().iter().map(|f| f.name().as_str()))?;

    schema
        .fields()
        .iter()
        .map(|field| shape_of(field.name(), field.data_type()))
        .collect()
}

/// What the scan learns about the text columns of a columnar file.
pub(crate) struct TextScan {
    columns: Vec<TextColumn>,
}

struct TextColumn {
    index: usize,
    declared: bool,
    present: u64,
    distinct: DistinctValues,
}

impl TextScan {
    pub(crate) fn new(shapes: &[Shape], max_nominal_values: usize) -> Self {
        let columns = shapes
            .iter()
            .enumerate()
            .filter_map(|(index, shape)| match shape {
                Shape::Text { declared } => Some(TextColumn {
                    index,
                    declared: *declared,
                    present: 0,
                    distinct: DistinctValues::new(max_nominal_values),
                }),
                Shape::Fixed(_) => None,
            })
            .collect();

        Self { columns }
    }

    /// The indexes of the columns to read in the scan, in schema order.
    pub(crate) fn projection(&self) -> Vec<usize> {
        self.columns.iter().map(|column| column.index).collect()
    }

    /// Takes in a batch holding the projected columns, in order.
    pub(crate) fn observe(&mut self, batch: &RecordBatch) -> Result<()> {
        for (column, array) in self.columns.iter_mut().zip(batch.columns()) {
            column.observe(array)?;
        }
        Ok(())
    }

    /// Decides every column's plan.
    pub(crate) fn into_plans(self, schema: &Schema, shapes: Vec<Shape>) -> Vec<ColumnPlan> {
        let mut scanned = self.columns.into_iter().peekable();

        shapes
            .into_iter()
            .zip(schema.fields())
            .map(|(shape, field)| match shape {
                Shape::Fixed(plan) => plan,
                Shape::Text { .. } => match scanned.next() {
                    Some(column) => column.into_plan(field.name().clone()),
                    None => ColumnPlan::text(field.name().clone(), crate::ArffType::String),
                },
            })
            .collect()
    }
}

impl TextColumn {
    fn observe(&mut self, array: &ArrayRef) -> Result<()> {
        self.present += (array.len() - array.null_count()) as u64;
        if self.distinct.overflowed() {
            return Ok(());
        }

        let values = match array.as_any_dictionary_opt() {
            Some(dictionary) => dictionary.values().clone(),
            None => array.clone(),
        };
        let text = cast(&values, &DataType::Utf8)
            .map_err(|err| ConversionError::Internal(err.to_string()))?;
        let text = text
            .as_string_opt::<i32>()
            .ok_or_else(|| ConversionError::Internal("text cast gave no strings".into()))?;

        for value in text.iter().flatten() {
            self.distinct.insert(value);
        }
        Ok(())
    }

    fn into_plan(self, name: String) -> ColumnPlan {
        let kind = if self.declared {
            self.distinct.declared_type()
        } else {
            self.distinct.inferred_type(self.present)
        };
        ColumnPlan::text(name, kind)
    }
}

/// The message inside an Arrow error, without the error kind's prefix.
pub(crate) fn arrow_reason(err: &ArrowError) -> String {
    match err {
        ArrowError::ParseError(m)
        | ArrowError::IpcError(m)
        | ArrowError::InvalidArgumentError(m)
        | ArrowError::ComputeError(m)
        | ArrowError::NotYetImplemented(m)
        | ArrowError::SchemaError(m)
        | ArrowError::CastError(m)
        | ArrowError::ParquetError(m)
        | ArrowError::IoError(m, _) => m.clone(),
        other => other.to_string(),
    }
}
