//! The required fields of `POST /bookmarks`, as types whose parse errors
//! name the field.
//!
//! poem-openapi refuses a missing or mistyped field with a message that
//! names the expected type (`Expected input type "integer_int64", found
//! null`) but not the field. poem-openapi starts a parse error with the
//! type's name, so these two types take the name of their field: the
//! messages read `failed to parse "id": the field is missing` and
//! `failed to parse "kind": expected text, found 7`. In the OpenAPI
//! document they keep the schema of a string and of a 64-bit integer.

use std::borrow::Cow;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use serde_json::Value;

/// The `kind` field: text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindField(pub String);

/// The `id` field: a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdField(pub i64);

fn missing<T: Type>() -> ParseError<T> {
    ParseError::custom("the field is missing")
}

fn mistyped<T: Type>(expected: &str, value: &Value) -> ParseError<T> {
    ParseError::custom(format!("expected {expected}, found {value}"))
}

impl Type for KindField {
    const IS_REQUIRED: bool = true;
    type RawValueType = String;
    type RawElementValueType = String;

    fn name() -> Cow<'static, str> {
        "kind".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema::new("string")))
    }

    fn as_raw_value(&self) -> Option<&String> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a String> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl ParseFromJSON for KindField {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value {
            None | Some(Value::Null) => Err(missing()),
            Some(Value::String(text)) => Ok(Self(text)),
            Some(other) => Err(mistyped("text", &other)),
        }
    }
}

impl ToJSON for KindField {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.0.clone()))
    }
}

impl Type for IdField {
    const IS_REQUIRED: bool = true;
    type RawValueType = i64;
    type RawElementValueType = i64;

    fn name() -> Cow<'static, str> {
        "id".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("integer", "int64")))
    }

    fn as_raw_value(&self) -> Option<&i64> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a i64> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl ParseFromJSON for IdField {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value {
            None | Some(Value::Null) => Err(missing()),
            Some(Value::Number(number)) => match number.as_i64() {
                Some(id) => Ok(Self(id)),
                None => Err(mistyped("a whole number", &Value::Number(number))),
            },
            Some(other) => Err(mistyped("a whole number", &other)),
        }
    }
}

impl ToJSON for IdField {
    fn to_json(&self) -> Option<Value> {
        Some(Value::from(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message<T: Type>(result: ParseResult<T>) -> String {
        result
            .map(|_| String::new())
            .unwrap_or_else(|err| err.into_message())
    }

    #[test]
    fn parse_errors_name_the_field() {
        let missing = message(IdField::parse_from_json(None));
        assert_eq!(missing, r#"failed to parse "id": the field is missing"#);
        let text = message(IdField::parse_from_json(Some(Value::from("sixty-one"))));
        assert_eq!(
            text,
            r#"failed to parse "id": expected a whole number, found "sixty-one""#
        );
        let fraction = message(IdField::parse_from_json(Some(Value::from(6.5))));
        assert_eq!(
            fraction,
            r#"failed to parse "id": expected a whole number, found 6.5"#
        );
        let number = message(KindField::parse_from_json(Some(Value::from(7))));
        assert_eq!(number, r#"failed to parse "kind": expected text, found 7"#);
        assert_eq!(
            IdField::parse_from_json(Some(Value::from(61))).ok(),
            Some(IdField(61))
        );
    }
}
