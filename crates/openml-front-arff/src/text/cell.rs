//! Reading one cell of text: missing markers, and the types its text fits.
//!
//! The same functions decide a column's type while scanning and parse its
//! values while writing, so a value that passed the scan always parses.

use chrono::{Datelike, NaiveDate};

/// Cell texts (after trimming spaces) that mean "missing" in CSV cells and
/// JSON strings.
pub const MISSING_MARKERS: [&str; 9] = ["", "?", "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null"];

/// Days from 0001-01-01 to 1970-01-01, as chrono counts them.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

const BOOLEAN: u8 = 1;
const INTEGER: u8 = 1 << 1;
const REAL: u8 = 1 << 2;
const DATE: u8 = 1 << 3;
const TIMESTAMP: u8 = 1 << 4;

/// Whether a trimmed cell text means "missing".
pub(crate) fn is_missing(trimmed: &str) -> bool {
    MISSING_MARKERS.contains(&trimmed)
}

/// The typed kinds a column of text can turn out to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypedKind {
    Boolean,
    Integer,
    Real,
    Date,
    Timestamp,
}

/// The set of typed kinds every value seen so far fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidates(u8);

impl Candidates {
    /// Before any value is seen, every kind is possible.
    pub(crate) const ALL: Candidates = Candidates(BOOLEAN | INTEGER | REAL | DATE | TIMESTAMP);

    /// What a JSON integer fits.
    pub(crate) const JSON_INTEGER: Candidates = Candidates(INTEGER | REAL);

    /// What a JSON number with a fraction or exponent fits.
    pub(crate) const JSON_REAL: Candidates = Candidates(REAL);

    /// What a JSON `true` or `false` fits.
    pub(crate) const JSON_BOOLEAN: Candidates = Candidates(BOOLEAN);

    /// Keeps the kinds that a trimmed, non-missing text also fits.
    ///
    /// Only the kinds still possible are tried, so a column of free text
    /// stops costing parse attempts after its first few values.
    pub(crate) fn narrow(self, text: &str) -> Candidates {
        let mut kept = 0;

        if self.has(BOOLEAN) && parse_boolean(text).is_some() {
            kept |= BOOLEAN;
        }
        if self.has(INTEGER) && parse_integer(text).is_some() {
            kept |= INTEGER;
        }
        if self.has(REAL) && parse_real(text).is_some() {
            kept |= REAL;
        }
        if self.has(DATE) && parse_date(text).is_some() {
            kept |= DATE;
        }
        if self.has(TIMESTAMP) && parse_timestamp(text).is_some() {
            kept |= TIMESTAMP;
        }

        Candidates(kept)
    }

    /// Keeps the kinds that are in both sets.
    pub(crate) fn and(self, other: Candidates) -> Candidates {
        Candidates(self.0 & other.0)
    }

    /// The narrowest kind left, or `None` when the column is text.
    pub(crate) fn best(self) -> Option<TypedKind> {
        [
            (BOOLEAN, TypedKind::Boolean),
            (INTEGER, TypedKind::Integer),
            (REAL, TypedKind::Real),
            (DATE, TypedKind::Date),
            (TIMESTAMP, TypedKind::Timestamp),
        ]
        .into_iter()
        .find(|(bit, _)| self.has(*bit))
        .map(|(_, kind)| kind)
    }

    /// Whether no typed kind is left.
    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// `true` or `false` in any case.
pub(crate) fn parse_boolean(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A whole number that fits in 64 bits, with an optional sign.
pub(crate) fn parse_integer(text: &str) -> Option<i64> {
    text.parse().ok()
}

/// A decimal number, possibly with an exponent, or an infinity.
///
/// Words such as `nan` or `Infinity` that Rust would also parse are only
/// taken for the spellings of infinity that numeric tools write.
pub(crate) fn parse_real(text: &str) -> Option<f64> {
    let unsigned = text.trim_start_matches(['+', '-']);
    let is_infinity = unsigned.eq_ignore_ascii_case("inf") || unsigned == "Infinity";

    if !is_infinity && !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }

    text.parse().ok()
}

/// A date as `YYYY-MM-DD`, as days since 1970-01-01.
pub(crate) fn parse_date(text: &str) -> Option<i32> {
    let date = date_part(text.as_bytes())?;

    (text.len() == 10).then(|| days_since_epoch(date))
}

/// A date and time as `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|±HH[:MM]]`,
/// or a bare date (taken as midnight), as seconds since 1970-01-01 UTC.
///
/// A time without a zone is taken as UTC; a fraction of a second is
/// dropped.
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let days = i64::from(days_since_epoch(date_part(bytes)?));

    if bytes.len() == 10 {
        return Some(days * 86_400);
    }
    if !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }

    let (seconds_of_day, rest) = time_part(&bytes[11..])?;
    let offset = zone_offset(rest)?;

    Some(days * 86_400 + seconds_of_day - offset)
}

fn date_part(bytes: &[u8]) -> Option<NaiveDate> {
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }

    let year = digits(bytes, 0, 4)?;
    let month = digits(bytes, 5, 2)?;
    let day = digits(bytes, 8, 2)?;

    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

fn days_since_epoch(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
}

/// Reads `HH:MM[:SS[.fraction]]`, returning the seconds of the day and the
/// bytes after the time.
fn time_part(bytes: &[u8]) -> Option<(i64, &[u8])> {
    if bytes.len() < 5 || bytes[2] != b':' {
        return None;
    }

    let hours = digits(bytes, 0, 2)?;
    let minutes = digits(bytes, 3, 2)?;
    let (seconds, mut rest) = match bytes.get(5) {
        Some(b':') => (digits(bytes, 6, 2)?, bytes.get(8..)?),
        _ => (0, &bytes[5..]),
    };

    if let Some(fraction) = rest.strip_prefix(b".") {
        let digit_count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digit_count == 0 {
            return None;
        }
        rest = &fraction[digit_count..];
    }

    if hours > 23 || minutes > 59 || seconds > 60 {
        return None;
    }

    let seconds_of_day = i64::from(hours * 3600 + minutes * 60 + seconds);
    Some((seconds_of_day, rest))
}

/// Reads an optional zone suffix, returning its offset from UTC in seconds.
fn zone_offset(bytes: &[u8]) -> Option<i64> {
    let sign = match bytes.first() {
        None => return Some(0),
        Some(b'Z' | b'z') if bytes.len() == 1 => return Some(0),
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(_) => return None,
    };

    let hours = digits(bytes, 1, 2)?;
    let minutes = match bytes.len() {
        3 => 0,
        5 => digits(bytes, 3, 2)?,
        6 if bytes[3] == b':' => digits(bytes, 4, 2)?,
        _ => return None,
    };

    Some(sign * i64::from(hours * 3600 + minutes * 60))
}

/// The number written by `count` ASCII digits starting at `start`.
fn digits(bytes: &[u8], start: usize, count: usize) -> Option<u32> {
    let slice = bytes.get(start..start + count)?;

    slice.iter().try_fold(0u32, |value, &b| {
        b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(values: &[&str]) -> Option<TypedKind> {
        values
            .iter()
            .fold(Candidates::ALL, |c, v| c.narrow(v))
            .best()
    }

    #[test]
    fn columns_get_the_narrowest_kind_all_values_fit() {
        assert_eq!(kind_of(&["1", "-2", "+3"]), Some(TypedKind::Integer));
        assert_eq!(kind_of(&["1", "2.5", "1e3"]), Some(TypedKind::Real));
        assert_eq!(kind_of(&["true", "FALSE"]), Some(TypedKind::Boolean));
        assert_eq!(kind_of(&["2024-02-29"]), Some(TypedKind::Date));
        assert_eq!(
            kind_of(&["2024-02-29", "2024-03-01 10:00"]),
            Some(TypedKind::Timestamp)
        );
        assert_eq!(kind_of(&["1", "two"]), None);
        assert_eq!(kind_of(&["true", "1"]), None);
        assert_eq!(kind_of(&["2023-02-29"]), None);
    }

    #[test]
    fn words_that_rust_reads_as_numbers_are_not_numbers() {
        assert_eq!(parse_real("Nan"), None);
        assert_eq!(parse_real("infinity"), None);
        assert_eq!(parse_real("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_real("Infinity"), Some(f64::INFINITY));
        assert_eq!(parse_real(".5"), Some(0.5));
    }

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1969-12-31"), Some(-1));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("2000-3-01"), None);
        assert_eq!(parse_date("2000-03-01T00:00"), None);
    }

    #[test]
    fn timestamps_are_read_in_utc() {
        assert_eq!(parse_timestamp("1970-01-02"), Some(86_400));
        assert_eq!(parse_timestamp("1970-01-01T01:02:03"), Some(3723));
        assert_eq!(parse_timestamp("1970-01-01 01:02:03.999"), Some(3723));
        assert_eq!(parse_timestamp("1970-01-01T01:02"), Some(3720));
        assert_eq!(parse_timestamp("1970-01-01T01:00:00Z"), Some(3600));
        assert_eq!(parse_timestamp("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_timestamp("1970-01-01T00:00:00-0130"), Some(5400));
        assert_eq!(parse_timestamp("1970-01-01T24:00:00"), None);
        assert_eq!(parse_timestamp("1970-01-01T01:00:00 UTC"), None);
        assert_eq!(parse_timestamp("1970-01-01T01:00:00."), None);
    }

    #[test]
    fn missing_markers_are_recognised() {
        for marker in MISSING_MARKERS {
            assert!(is_missing(marker));
        }
        assert!(!is_missing("None"));
        assert!(!is_missing("0"));
    }
}
