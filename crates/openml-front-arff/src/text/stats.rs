//! What the scan learns about one text column.

use serde_json::Value;

use super::cell::{self, Candidates, TypedKind};
use crate::ArffType;
use crate::plan::{CellStyle, ColumnPlan, DistinctValues};
use crate::types::{DATE_FORMAT, DATE_TIME_FORMAT};
use arrow::datatypes::{DataType, TimeUnit};

/// The kinds a column's values fit, how many are present, and its distinct
/// values up to the nominal cap.
#[derive(Debug, Clone)]
pub(crate) struct ColumnStats {
    candidates: Candidates,
    present: u64,
    distinct: DistinctValues,
}

/// A JSON value that is a list or an object.
#[derive(Debug)]
pub(crate) struct NestedValue;

impl ColumnStats {
    pub(crate) fn new(max_nominal_values: usize) -> Self {
        Self {
            candidates: Candidates::ALL,
            present: 0,
            distinct: DistinctValues::new(max_nominal_values),
        }
    }

    /// Takes in one cell of text; missing markers count as missing.
    pub(crate) fn observe_text(&mut self, raw: &str) {
        let trimmed = raw.trim();
        if cell::is_missing(trimmed) {
            return;
        }

        self.present += 1;
        if !self.candidates.is_empty() {
            self.candidates = self.candidates.narrow(trimmed);
        }
        self.distinct.insert(raw);
    }

    /// Takes in one JSON value: strings as text cells, numbers and
    /// booleans as themselves.
    pub(crate) fn observe_json(&mut self, value: &Value) -> Result<(), NestedValue> {
        let fits = match value {
            Value::Null => return Ok(()),
            Value::String(text) => {
                self.observe_text(text);
                return Ok(());
            }
            Value::Bool(_) => Candidates::JSON_BOOLEAN,
            Value::Number(n) if n.is_i64() => Candidates::JSON_INTEGER,
            Value::Number(_) => Candidates::JSON_REAL,
            Value::Array(_) | Value::Object(_) => return Err(NestedValue),
        };

        self.present += 1;
        self.candidates = self.candidates.and(fits);
        self.distinct.insert(&value.to_string());
        Ok(())
    }

    /// Decides the column's plan from everything seen.
    pub(crate) fn into_plan(self, name: String) -> ColumnPlan {
        if self.present == 0 {
            return ColumnPlan::new(name, ArffType::Real, CellStyle::Missing, DataType::Null);
        }

        let (kind, style, target) = match self.candidates.best() {
            Some(TypedKind::Boolean) => {
                (ArffType::boolean(), CellStyle::Boolean, DataType::Boolean)
            }
            Some(TypedKind::Integer) => (ArffType::Integer, CellStyle::Integer, DataType::Int64),
            Some(TypedKind::Real) => (ArffType::Real, CellStyle::Real64, DataType::Float64),
            Some(TypedKind::Date) => (
                ArffType::Date(Some(DATE_FORMAT.to_owned())),
                CellStyle::Date,
                DataType::Date32,
            ),
            Some(TypedKind::Timestamp) => (
                ArffType::Date(Some(DATE_TIME_FORMAT.to_owned())),
                CellStyle::Timestamp(TimeUnit::Second),
                DataType::Timestamp(TimeUnit::Second, None),
            ),
            None => return ColumnPlan::text(name, self.distinct.inferred_type(self.present)),
        };

        ColumnPlan::new(name, kind, style, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(cells: &[&str]) -> ArffType {
        let mut stats = ColumnStats::new(10);
        for cell in cells {
            stats.observe_text(cell);
        }
        stats.into_plan("c".into()).kind
    }

    #[test]
    fn missing_cells_do_not_decide_the_type() {
        assert_eq!(plan_of(&["1", "", "NA", " ? ", "3"]), ArffType::Integer);
        assert_eq!(plan_of(&["", "NA"]), ArffType::Real);
    }

    #[test]
    fn text_with_repeats_is_nominal() {
        assert_eq!(
            plan_of(&["red", "blue", "red", "blue", "1", "1"]),
            ArffType::Nominal(vec!["1".into(), "blue".into(), "red".into()])
        );
        assert_eq!(plan_of(&["Anna", "Bert", "Carl"]), ArffType::String);
    }

    #[test]
    fn json_numbers_and_text_mix_into_text() {
        let mut stats = ColumnStats::new(10);
        for value in [
            serde_json::json!(1),
            serde_json::json!(2.5),
            serde_json::json!("3"),
        ] {
            assert!(stats.observe_json(&value).is_ok());
        }
        assert_eq!(stats.clone().into_plan("c".into()).kind, ArffType::Real);

        assert!(stats.observe_json(&serde_json::json!(true)).is_ok());
        assert_eq!(stats.into_plan("c".into()).kind, ArffType::String);
    }

    #[test]
    fn nested_json_is_refused() {
        let mut stats = ColumnStats::new(10);

        assert!(stats.observe_json(&serde_json::json!([1])).is_err());
    }
}
