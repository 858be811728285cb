//! Checking an uploaded ARFF file line by line.
//!
//! The checks follow what Weka's ARFF reader accepts: a `@relation` line,
//! `@attribute` lines (NUMERIC, REAL, INTEGER, STRING, DATE with an
//! optional format, and nominal `{a,b,'c d'}`), a `@data` line, then rows.
//! Rows are dense (`1.5,red,?`) or sparse (`{0 1.5, 2 red}`). Values are
//! bare or in single or double quotes with backslash escapes; `?` is a
//! missing value; `%` starts a comment outside quotes. Keywords and type
//! names are case-insensitive.
//!
//! Note: DATE values are not checked against their format, and relational
//! attributes and instance weights (`{w}` after a row) are refused.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::BufRead;

use crate::error::Result;
use crate::{ArffSummary, ArffType, Attribute, ConversionError};

/// Checks an ARFF file and says what it holds.
///
/// Every problem is reported with its line number, for example
/// "ARFF syntax error on line 12: the row has 3 values but there are 5
/// attributes". Memory does not grow with the number of rows.
///
/// ```
/// use openml_front_arff::validate_arff;
///
/// let arff = "@relation toy\n@attribute x NUMERIC\n@attribute y {a,b}\n@data\n1,a\n?,b\n";
/// let summary = validate_arff(arff.as_bytes())?;
/// assert_eq!(summary.rows, 2);
///
/// let broken = "@relation toy\n@attribute x NUMERIC\n@data\n1,2\n";
/// let err = validate_arff(broken.as_bytes()).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "ARFF syntax error on line 4: the row has 2 values but there are 1 attributes"
/// );
/// # Ok::<(), openml_front_arff::ConversionError>(())
/// ```
pub fn validate_arff(input: impl BufRead) -> Result<ArffSummary> {
    let mut lines = Lines::new(input);

    let relation = read_relation(&mut lines)?;
    let attributes = read_attributes(&mut lines)?;
    let rows = read_rows(&mut lines, &attributes)?;

    Ok(ArffSummary {
        relation,
        attributes,
        rows,
    })
}

fn read_relation(lines: &mut Lines<impl BufRead>) -> Result<String> {
    let Some((line, text)) = lines.next()? else {
        return Err(match lines.number {
            0 => ConversionError::EmptyFile,
            last => ConversionError::arff(last, "the file has no @relation line"),
        });
    };

    let mut scanner = Scanner::new(text);
    if !scanner.word().eq_ignore_ascii_case("@relation") {
        let reason = format!("expected the @relation line, found '{}'", excerpt(text));
        return Err(ConversionError::arff(line, reason));
    }

    let name = scanner.name().map_err(|r| ConversionError::arff(line, r))?;
    scanner
        .expect_end()
        .map_err(|r| ConversionError::arff(line, r))?;
    Ok(name)
}

fn read_attributes(lines: &mut Lines<impl BufRead>) -> Result<Vec<Attribute>> {
    let mut attributes: Vec<Attribute> = Vec::new();
    let mut names = HashSet::new();

    loop {
        let Some((line, text)) = lines.next()? else {
            let reason = "the file ends before the @data line";
            return Err(ConversionError::arff(lines.number, reason));
        };

        let mut scanner = Scanner::new(text);
        let keyword = scanner.word().to_ascii_lowercase();
        let fail = |reason: String| ConversionError::arff(line, reason);

        match keyword.as_str() {
            "@attribute" => {
                let attribute = read_attribute(&mut scanner).map_err(fail)?;
                if !names.insert(attribute.name.clone()) {
                    return Err(fail(format!(
                        "attribute '{}' is declared twice",
                        attribute.name
                    )));
                }
                attributes.push(attribute);
            }
            "@data" if attributes.is_empty() => {
                return Err(fail("@data comes before any @attribute line".into()));
            }
            "@data" => {
                scanner.expect_end().map_err(fail)?;
                return Ok(attributes);
            }
            _ => {
                let reason = format!("expected @attribute or @data, found '{}'", excerpt(text));
                return Err(fail(reason));
            }
        }
    }
}

fn read_attribute(scanner: &mut Scanner<'_>) -> Result<Attribute, String> {
    let name = scanner.name()?;
    scanner.skip_space();

    let kind = if scanner.peek() == Some(b'{') {
        ArffType::Nominal(scanner.labels()?)
    } else {
        let word = scanner.word();
        match word.to_ascii_lowercase().as_str() {
            "numeric" => ArffType::Numeric,
            "real" => ArffType::Real,
            "integer" => ArffType::Integer,
            "string" => ArffType::String,
            "date" => ArffType::Date(scanner.optional_format()?),
            "relational" => return Err("relational attributes are not supported".into()),
            "" => return Err(format!("attribute '{name}' has no type")),
            _ => return Err(format!("unknown attribute type '{word}'")),
        }
    };

    scanner.expect_end()?;
    Ok(Attribute { name, kind })
}

/// How the values of one attribute are checked.
enum Check {
    Number,
    Label(HashSet<String>),
    Anything,
}

impl Check {
    fn of(kind: &ArffType) -> Self {
        match kind {
            kind if kind.is_numeric() => Self::Number,
            ArffType::Nominal(labels) => Self::Label(labels.iter().cloned().collect()),
            _ => Self::Anything,
        }
    }
}

fn read_rows(lines: &mut Lines<impl BufRead>, attributes: &[Attribute]) -> Result<u64> {
    let checks: Vec<(&Attribute, Check)> =
        attributes.iter().map(|a| (a, Check::of(&a.kind))).collect();
    let mut rows = 0;

    while let Some((line, text)) = lines.next()? {
        check_row(text, &checks).map_err(|r| ConversionError::arff(line, r))?;
        rows += 1;
    }
    Ok(rows)
}

fn check_row(text: &str, checks: &[(&Attribute, Check)]) -> Result<(), String> {
    let mut scanner = Scanner::new(text);

    if scanner.peek() == Some(b'{') {
        check_sparse_row(&mut scanner, checks)
    } else {
        check_dense_row(&mut scanner, checks)
    }
}

fn check_dense_row(
    scanner: &mut Scanner<'_>,
    checks: &[(&Attribute, Check)],
) -> Result<(), String> {
    let mut count = 0;

    loop {
        let token = scanner.value(b",")?;
        if let Some((attribute, check)) = checks.get(count) {
            check_value(attribute, check, &token)?;
        }
        count += 1;

        if !scanner.eat(b',') {
            scanner.expect_end()?;
            break;
        }
    }

    if count != checks.len() {
        return Err(format!(
            "the row has {count} values but there are {} attributes",
            checks.len()
        ));
    }
    Ok(())
}

fn check_sparse_row(
    scanner: &mut Scanner<'_>,
    checks: &[(&Attribute, Check)],
) -> Result<(), String> {
    scanner.eat(b'{');
    if scanner.eat(b'}') {
        return scanner.expect_end();
    }

    let mut last = None;
    loop {
        let index = scanner.index(checks.len())?;
        if last.is_some_and(|last| index <= last) {
            return Err("the indexes of a sparse row must increase".into());
        }
        last = Some(index);

        let (attribute, check) = &checks[index];
        check_value(attribute, check, &scanner.value(b",}")?)?;

        if scanner.eat(b'}') {
            return scanner.expect_end();
        }
        if !scanner.eat(b',') {
            return Err("expected ',' or '}' in the sparse row".into());
        }
    }
}

fn check_value(attribute: &Attribute, check: &Check, token: &Token<'_>) -> Result<(), String> {
    let Token::Value(value) = token else {
        return Ok(());
    };

    match check {
        Check::Number if value.trim().parse::<f64>().is_err() => Err(format!(
            "'{}' is not a number, but attribute '{}' is {}",
            excerpt(value),
            attribute.name,
            attribute.kind
        )),
        Check::Label(labels) if !labels.contains(value.as_ref()) => Err(format!(
            "'{}' is not one of the labels declared for attribute '{}'",
            excerpt(value),
            attribute.name
        )),
        _ => Ok(()),
    }
}

/// The start of a text, for quoting it in a message.
fn excerpt(text: &str) -> Cow<'_, str> {
    const LIMIT: usize = 40;

    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => Cow::Owned(format!("{}...", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// The lines of the input that are neither blank nor comments.
struct Lines<R> {
    input: R,
    buffer: Vec<u8>,
    /// The number of the last line read, from 1.
    number: u64,
}

impl<R: BufRead> Lines<R> {
    fn new(input: R) -> Self {
        Self {
            input,
            buffer: Vec::new(),
            number: 0,
        }
    }

    /// The next line with content, trimmed, and its number.
    fn next(&mut self) -> Result<Option<(u64, &str)>> {
        loop {
            self.buffer.clear();
            let read = self
                .input
                .read_until(b'\n', &mut self.buffer)
                .map_err(ConversionError::Read)?;
            if read == 0 {
                return Ok(None);
            }

            self.number += 1;
            if self.number == 1 && self.buffer.starts_with(b"\xEF\xBB\xBF") {
                self.buffer.drain(..3);
            }

            let content = self.buffer.trim_ascii();
            if !content.is_empty() && !content.starts_with(b"%") {
                break;
            }
        }

        let number = self.number;
        std::str::from_utf8(self.buffer.trim_ascii())
            .map(|text| Some((number, text)))
            .map_err(|_| ConversionError::arff(number, "the line is not valid UTF-8 text"))
    }
}

/// A value read from a line.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    /// `?`, not quoted.
    Missing,
    /// Any other value, unquoted and unescaped.
    Value(Cow<'a, str>),
}

/// Reads names, keywords and values from one line.
struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<u8> {
        self.rest().bytes().next()
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// Skips space, then consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Whether only space or a comment is left.
    fn at_end(&mut self) -> bool {
        self.skip_space();
        matches!(self.peek(), None | Some(b'%'))
    }

    fn expect_end(&mut self) -> Result<(), String> {
        if self.at_end() {
            return Ok(());
        }
        Err(format!("unexpected text '{}'", excerpt(self.rest())))
    }

    /// The text up to the next white space.
    fn word(&mut self) -> &'a str {
        self.skip_space();
        let rest = self.rest();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());

        self.pos += end;
        &rest[..end]
    }

    /// A relation or attribute name: quoted, or bare up to white space.
    fn name(&mut self) -> Result<String, String> {
        self.skip_space();

        match self.peek() {
            Some(quote @ (b'\'' | b'"')) => self.quoted(quote).map(Cow::into_owned),
            None | Some(b'%') => Err("the name is missing".into()),
            Some(_) => Ok(self.word().to_owned()),
        }
    }

    /// A nominal attribute's labels, `{a, b, 'c d'}`.
    fn labels(&mut self) -> Result<Vec<String>, String> {
        self.eat(b'{');
        if self.eat(b'}') {
            return Err("the list of labels is empty".into());
        }

        let mut labels = Vec::new();
        let mut seen = HashSet::new();
        loop {
            let label = match self.value(b",}")? {
                Token::Missing => {
                    return Err("? cannot be a label; write '?' to mean the text".into());
                }
                Token::Value(label) => label.into_owned(),
            };
            if !seen.insert(label.clone()) {
                return Err(format!("label '{}' appears twice", excerpt(&label)));
            }
            labels.push(label);

            if self.eat(b'}') {
                return Ok(labels);
            }
            if !self.eat(b',') {
                return Err("expected ',' or '}' in the list of labels".into());
            }
        }
    }

    /// A DATE attribute's optional format.
    fn optional_format(&mut self) -> Result<Option<String>, String> {
        if self.at_end() {
            return Ok(None);
        }

        match self.value(b"")? {
            Token::Missing => Err("? is not a date format".into()),
            Token::Value(format) => Ok(Some(format.into_owned())),
        }
    }

    /// A sparse row's attribute index, below `count`.
    fn index(&mut self, count: usize) -> Result<usize, String> {
        self.skip_space();
        let rest = self.rest();
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());

        let index: usize = rest[..end]
            .parse()
            .map_err(|_| format!("expected an attribute index, found '{}'", excerpt(rest)))?;
        self.pos += end;

        if index >= count {
            return Err(format!(
                "attribute index {index} is out of range; there are {count} attributes"
            ));
        }
        Ok(index)
    }

    /// A value that ends at one of `stops`, a comment or the end of line.
    fn value(&mut self, stops: &[u8]) -> Result<Token<'a>, String> {
        self.skip_space();

        match self.peek() {
            Some(quote @ (b'\'' | b'"')) => self.quoted(quote).map(Token::Value),
            _ => self.bare(stops),
        }
    }

    fn bare(&mut self, stops: &[u8]) -> Result<Token<'a>, String> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| c == '%' || (c.is_ascii() && stops.contains(&(c as u8))))
            .unwrap_or(rest.len());
        self.pos += end;

        let value = rest[..end].trim_end();
        if value.is_empty() {
            return Err(
                "a value is empty; write ? for a missing value or '' for empty text".into(),
            );
        }
        if let Some(bad) = value
            .chars()
            .find(|c| c.is_whitespace() || "'\"{}".contains(*c))
        {
            let what = if bad.is_whitespace() {
                "a space".to_owned()
            } else {
                format!("{bad}")
            };
            return Err(format!(
                "the value '{}' holds {what}; put it in quotes",
                excerpt(value)
            ));
        }

        Ok(match value {
            "?" => Token::Missing,
            _ => Token::Value(Cow::Borrowed(value)),
        })
    }

    /// A value in `quote` characters, with backslash escapes resolved.
    fn quoted(&mut self, quote: u8) -> Result<Cow<'a, str>, String> {
        let body = &self.rest()[1..];
        let mut value = String::new();
        let mut chars = body.char_indices();

        while let Some((i, c)) = chars.next() {
            if c == char::from(quote) {
                self.pos += 1 + i + 1;
                return Ok(Cow::Owned(value));
            }
            if c != '\\' {
                value.push(c);
                continue;
            }

            match chars.next() {
                Some((_, escaped)) => value.push(unescape(escaped)),
                None => break,
            }
        }

        Err("a quoted value is not closed on this line".into())
    }
}

fn unescape(c: char) -> char {
    match c {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'b' => '\u{8}',
        'f' => '\u{c}',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "@relation toy\n\
        @attribute n NUMERIC\n\
        @attribute colour {red,'dark blue'}\n\
        @attribute note STRING\n\
        @data\n";

    fn check(rows: &str) -> std::result::Result<u64, String> {
        let text = format!("{HEADER}{rows}");
        validate_arff(text.as_bytes())
            .map(|summary| summary.rows)
            .map_err(|err| err.to_string())
    }

    #[test]
    fn dense_rows_with_quotes_comments_and_missing_values_pass() {
        let rows = "1,red,plain\n\
            % a comment line\n\
            \n\
            -2.5e3 , 'dark blue' , 'it\\'s' \n\
            ?,?,?\n\
            3,\"dark blue\",'O\\'Brien, \\\\ \"x\"' % trailing comment\n";

        assert_eq!(check(rows), Ok(4));
    }

    #[test]
    fn sparse_rows_pass() {
        assert_eq!(check("{0 1, 2 'x y'}\n{}\n{1 red}\n"), Ok(3));
    }

    #[test]
    fn wrong_rows_name_their_line() {
        assert_eq!(
            check("1,red,a\n1,red\n"),
            Err(
                "ARFF syntax error on line 7: the row has 2 values but there are 3 attributes"
                    .into()
            )
        );
        assert_eq!(
            check("x,red,a\n"),
            Err(
                "ARFF syntax error on line 6: 'x' is not a number, but attribute 'n' is NUMERIC"
                    .into()
            )
        );
        assert_eq!(
            check("1,green,a\n"),
            Err("ARFF syntax error on line 6: 'green' is not one of the labels declared for attribute 'colour'".into())
        );
        assert_eq!(
            check("1,red,'open\n"),
            Err("ARFF syntax error on line 6: a quoted value is not closed on this line".into())
        );
        assert_eq!(
            check("1,red,two words\n"),
            Err("ARFF syntax error on line 6: the value 'two words' holds a space; put it in quotes".into())
        );
        assert_eq!(
            check("1,red,\n"),
            Err("ARFF syntax error on line 6: a value is empty; write ? for a missing value or '' for empty text".into())
        );
        assert_eq!(
            check("{3 1}\n"),
            Err("ARFF syntax error on line 6: attribute index 3 is out of range; there are 3 attributes".into())
        );
        assert_eq!(
            check("{1 red, 0 1}\n"),
            Err("ARFF syntax error on line 6: the indexes of a sparse row must increase".into())
        );
    }

    #[test]
    fn header_mistakes_name_their_line() {
        let err = |text: &str| {
            validate_arff(text.as_bytes())
                .map_err(|e| e.to_string())
                .err()
        };

        assert_eq!(err(""), Some("the file is empty".into()));
        assert_eq!(
            err("% only a comment\n"),
            Some("ARFF syntax error on line 1: the file has no @relation line".into())
        );
        assert_eq!(
            err("@attribute a NUMERIC\n"),
            Some("ARFF syntax error on line 1: expected the @relation line, found '@attribute a NUMERIC'".into())
        );
        assert_eq!(
            err("@relation r\n@attribute a NUMBER\n@data\n"),
            Some("ARFF syntax error on line 2: unknown attribute type 'NUMBER'".into())
        );
        assert_eq!(
            err("@relation r\n@attribute a {x,y,x}\n@data\n"),
            Some("ARFF syntax error on line 2: label 'x' appears twice".into())
        );
        assert_eq!(
            err("@relation r\n@attribute a REAL\n@attribute a REAL\n@data\n"),
            Some("ARFF syntax error on line 3: attribute 'a' is declared twice".into())
        );
        assert_eq!(
            err("@relation r\n@data\n"),
            Some("ARFF syntax error on line 2: @data comes before any @attribute line".into())
        );
        assert_eq!(
            err("@relation r\n@attribute a REAL\n"),
            Some("ARFF syntax error on line 2: the file ends before the @data line".into())
        );
    }

    #[test]
    fn declarations_are_read_in_any_case() {
        let text = "@RELATION 'my data'\n\
            @ATTRIBUTE 'a b' real\n\
            @Attribute when DATE \"yyyy-MM-dd HH:mm\"\n\
            @attribute kind { x , 'y z' }\n\
            @DATA\n\
            1,'2020-01-01 10:00',x\n";
        let summary = validate_arff(text.as_bytes()).expect("valid");

        assert_eq!(summary.relation, "my data");
        assert_eq!(
            summary.attributes,
            vec![
                Attribute {
                    name: "a b".into(),
                    kind: ArffType::Real
                },
                Attribute {
                    name: "when".into(),
                    kind: ArffType::Date(Some("yyyy-MM-dd HH:mm".into()))
                },
                Attribute {
                    name: "kind".into(),
                    kind: ArffType::Nominal(vec!["x".into(), "y z".into()])
                },
            ]
        );
    }
}
