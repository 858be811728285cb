//! What each column becomes: its ARFF type and the Arrow type its values
//! are written from.

use std::collections::HashSet;

use arrow::compute::can_cast_types;
use arrow::datatypes::{DataType, TimeUnit};

use crate::error::Result;
use crate::types::{DATE_FORMAT, DATE_TIME_FORMAT};
use crate::{ArffType, ConversionError};

/// How the writer turns one column's Arrow values into ARFF text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellStyle {
    /// Every value is missing (an Arrow `Null` column).
    Missing,
    /// Signed integers, read as `Int64`.
    Integer,
    /// Unsigned 64-bit integers, read as `UInt64`.
    Unsigned,
    /// Single-precision floats, read as `Float32`.
    Real32,
    /// Double-precision floats, read as `Float64`.
    Real64,
    /// Numbers that Arrow prints exactly (decimals), read as `Utf8`.
    NumericText,
    /// Booleans, written as the labels `False` and `True`.
    Boolean,
    /// Text, read as `Utf8` and quoted where needed.
    Text,
    /// Days, read as `Date32`.
    Date,
    /// Instants, read as `Timestamp` in the given unit.
    Timestamp(TimeUnit),
}

/// The decision for one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnPlan {
    /// The attribute name.
    pub name: String,
    /// The declared ARFF type.
    pub kind: ArffType,
    /// How values are written.
    pub style: CellStyle,
    /// The Arrow type the writer reads; batches are cast to it when needed.
    pub target: DataType,
}

impl ColumnPlan {
    pub(crate) fn new(name: String, kind: ArffType, style: CellStyle, target: DataType) -> Self {
        Self {
            name,
            kind,
            style,
            target,
        }
    }

    /// A text column, with the type its values decided.
    pub(crate) fn text(name: String, kind: ArffType) -> Self {
        Self::new(name, kind, CellStyle::Text, DataType::Utf8)
    }
}

/// What an Arrow column type tells about the ARFF attribute before any
/// value is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The type alone decides the attribute.
    Fixed(ColumnPlan),
    /// Text whose distinct values decide between NOMINAL and STRING;
    /// `declared` is true for dictionary (categorical) columns.
    Text { declared: bool },
}

/// Maps an Arrow column type to its ARFF attribute.
pub(crate) fn shape_of(name: &str, data_type: &DataType) -> Result<Shape> {
    let fixed = |kind, style, target| {
        Ok(Shape::Fixed(ColumnPlan::new(
            name.to_owned(),
            kind,
            style,
            target,
        )))
    };

    match data_type {
        DataType::Null => fixed(ArffType::Real, CellStyle::Missing, DataType::Null),
        DataType::Boolean => fixed(ArffType::boolean(), CellStyle::Boolean, DataType::Boolean),
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => fixed(ArffType::Integer, CellStyle::Integer, DataType::Int64),
        DataType::UInt64 => fixed(ArffType::Integer, CellStyle::Unsigned, DataType::UInt64),
        DataType::Float16 | DataType::Float32 => {
            fixed(ArffType::Real, CellStyle::Real32, DataType::Float32)
        }
        DataType::Float64 => fixed(ArffType::Real, CellStyle::Real64, DataType::Float64),
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => fixed(ArffType::Real, CellStyle::NumericText, DataType::Utf8),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            Ok(Shape::Text { declared: false })
        }
        DataType::Dictionary(_, values) if is_text(values) => Ok(Shape::Text { declared: true }),
        DataType::Dictionary(_, values) => shape_of(name, values),
        DataType::Date32 | DataType::Date64 => fixed(
            ArffType::Date(Some(DATE_FORMAT.to_owned())),
            CellStyle::Date,
            DataType::Date32,
        ),
        DataType::Timestamp(unit, _) => fixed(
            ArffType::Date(Some(DATE_TIME_FORMAT.to_owned())),
            CellStyle::Timestamp(*unit),
            data_type.clone(),
        ),
        DataType::Time32(_) | DataType::Time64(_) | DataType::Duration(_)
            if can_cast_types(data_type, &DataType::Utf8) =>
        {
            fixed(ArffType::String, CellStyle::Text, DataType::Utf8)
        }
        other => Err(ConversionError::UnsupportedColumn {
            column: name.to_owned(),
            kind: describe(other),
        }),
    }
}

fn is_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

/// Names a type ARFF cannot hold in words a data scientist knows.
fn describe(data_type: &DataType) -> String {
    let words = match data_type {
        DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_) => "binary data",
        DataType::List(_)
        | DataType::LargeList(_)
        | DataType::ListView(_)
        | DataType::LargeListView(_)
        | DataType::FixedSizeList(..) => "lists",
        DataType::Struct(_) => "nested records",
        DataType::Map(..) => "maps",
        DataType::Union(..) => "unions of types",
        DataType::Interval(_) => "intervals",
        other => return format!("values of type {other}"),
    };
    words.to_owned()
}

/// Fails when two columns share a name.
pub(crate) fn ensure_unique_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let mut seen = HashSet::new();

    for name in names {
        if !seen.insert(name) {
            return Err(ConversionError::DuplicateColumn {
                name: name.to_owned(),
            });
        }
    }
    Ok(())
}

/// The longest text, in bytes, that can be a nominal label; a column with
/// a longer value is STRING. With the cap on distinct values, this bounds
/// the memory the scan keeps for a column.
pub(crate) const MAX_LABEL_BYTES: usize = 256;

/// The distinct values of a text column, in order of first appearance, up
/// to a cap.
#[derive(Debug, Clone)]
pub(crate) struct DistinctValues {
    values: Vec<String>,
    seen: HashSet<String>,
    cap: usize,
    overflowed: bool,
}

impl DistinctValues {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            values: Vec::new(),
            seen: HashSet::new(),
            cap,
            overflowed: false,
        }
    }

    /// Adds a value; past the cap, or on a value too long to be a label,
    /// the values are dropped for good.
    pub(crate) fn insert(&mut self, value: &str) {
        if self.overflowed || self.seen.contains(value) {
            return;
        }

        if self.values.len() == self.cap || value.len() > MAX_LABEL_BYTES {
            self.overflowed = true;
            self.values = Vec::new();
            self.seen = HashSet::new();
            return;
        }

        self.values.push(value.to_owned());
        self.seen.insert(value.to_owned());
    }

    /// Whether the cap was passed, so further values change nothing.
    pub(crate) fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// The type of a text column whose values were inferred from its
    /// content: NOMINAL with sorted labels when there are at most `cap`
    /// distinct values and each appears twice on average, STRING otherwise.
    pub(crate) fn inferred_type(self, non_missing: u64) -> ArffType {
        let repeats = (self.values.len() as u64) * 2 <= non_missing;

        if self.overflowed || self.values.is_empty() || !repeats {
            return ArffType::String;
        }

        let mut labels = self.values;
        labels.sort_unstable();
        ArffType::Nominal(labels)
    }

    /// The type of a dictionary (categorical) column: NOMINAL with its
    /// labels in the file's order, or STRING past the cap.
    pub(crate) fn declared_type(self) -> ArffType {
        if self.overflowed || self.values.is_empty() {
            return ArffType::String;
        }
        ArffType::Nominal(self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distinct(values: &[&str], cap: usize) -> DistinctValues {
        let mut set = DistinctValues::new(cap);
        for value in values {
            set.insert(value);
        }
        set
    }

    #[test]
    fn repeated_values_become_sorted_labels() {
        let set = distinct(&["b", "a", "b", "a"], 10);

        assert_eq!(
            set.inferred_type(4),
            ArffType::Nominal(vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn mostly_unique_values_stay_text() {
        let set = distinct(&["a", "b", "c", "a"], 10);

        assert_eq!(set.inferred_type(4), ArffType::String);
    }

    #[test]
    fn more_values_than_the_cap_stay_text() {
        let set = distinct(&["a", "b", "c", "a", "b", "c"], 2);

        assert_eq!(set.clone().inferred_type(6), ArffType::String);
        assert_eq!(set.declared_type(), ArffType::String);
    }

    #[test]
    fn a_value_too_long_for_a_label_makes_the_column_text() {
        let long = "x".repeat(MAX_LABEL_BYTES + 1);
        let set = distinct(&["a", "a", &long, "a"], 10);

        assert_eq!(set.inferred_type(4), ArffType::String);
    }

    #[test]
    fn declared_labels_keep_their_order() {
        let set = distinct(&["low", "high", "medium"], 10);

        assert_eq!(
            set.declared_type(),
            ArffType::Nominal(vec!["low".into(), "high".into(), "medium".into()])
        );
    }

    #[test]
    fn arrow_types_map_to_arff_types() {
        let kind = |dt: DataType| match shape_of("c", &dt) {
            Ok(Shape::Fixed(plan)) => Some(plan.kind),
            _ => None,
        };

        assert_eq!(kind(DataType::Int32), Some(ArffType::Integer));
        assert_eq!(kind(DataType::Float32), Some(ArffType::Real));
        assert_eq!(kind(DataType::Boolean), Some(ArffType::boolean()));
        assert_eq!(
            kind(DataType::Date32),
            Some(ArffType::Date(Some(DATE_FORMAT.into())))
        );
        assert_eq!(
            shape_of("c", &DataType::LargeUtf8).ok(),
            Some(Shape::Text { declared: false })
        );
        let categorical = DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8));
        assert_eq!(
            shape_of("c", &categorical).ok(),
            Some(Shape::Text { declared: true })
        );
    }

    #[test]
    fn binary_columns_are_refused_by_name() {
        let err = shape_of("photo", &DataType::Binary)
            .err()
            .map(|e| e.to_string());

        assert_eq!(
            err.as_deref(),
            Some("column 'photo' holds binary data, which ARFF cannot store")
        );
    }
}
