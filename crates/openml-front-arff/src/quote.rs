//! Writing names and text values so that ARFF readers get them back intact.
//!
//! A value is written bare when a reader would read the same text back, and
//! in single quotes otherwise. Inside quotes a backslash escapes `\`, `'`,
//! and the line breaks and tabs that would otherwise split the line.

/// Appends a relation or attribute name, quoted where needed.
///
/// Names follow the value rules and, in addition, are quoted unless they
/// start with a letter, as the ARFF format asks of names.
pub(crate) fn push_name(out: &mut String, name: &str) {
    let starts_with_letter = name.chars().next().is_some_and(char::is_alphabetic);

    if starts_with_letter && !needs_quotes(name) {
        out.push_str(name);
    } else {
        push_quoted(out, name);
    }
}

/// Appends a text value (a nominal label or a string), quoted where needed.
pub(crate) fn push_value(out: &mut String, value: &str) {
    if needs_quotes(value) {
        push_quoted(out, value);
    } else {
        out.push_str(value);
    }
}

/// Whether a bare value would be misread: empty, the missing marker `?`, a
/// leading `@` (a keyword), or a character that separates, quotes or starts
/// a comment.
fn needs_quotes(value: &str) -> bool {
    value.is_empty()
        || value == "?"
        || value.starts_with('@')
        || value.bytes().any(|byte| {
            matches!(
                byte,
                b' ' | b',' | b'\'' | b'"' | b'%' | b'{' | b'}' | b'\\'
            ) || byte < 0x20
                || byte == 0x7f
        })
}

fn push_quoted(out: &mut String, value: &str) {
    out.push('\'');

    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }

    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> String {
        let mut out = String::new();
        push_value(&mut out, s);
        out
    }

    fn name(s: &str) -> String {
        let mut out = String::new();
        push_name(&mut out, s);
        out
    }

    #[test]
    fn plain_values_stay_bare() {
        assert_eq!(value("male"), "male");
        assert_eq!(value("Iris-setosa"), "Iris-setosa");
        assert_eq!(value("3rd"), "3rd");
        assert_eq!(value("café"), "café");
    }

    #[test]
    fn values_that_would_be_misread_are_quoted() {
        assert_eq!(value(""), "''");
        assert_eq!(value("?"), "'?'");
        assert_eq!(value("New York, NY"), "'New York, NY'");
        assert_eq!(value("a b"), "'a b'");
        assert_eq!(value("50%"), "'50%'");
        assert_eq!(value("{x}"), "'{x}'");
        assert_eq!(value("@data"), "'@data'");
        assert_eq!(value("say \"hi\""), "'say \"hi\"'");
    }

    #[test]
    fn quotes_backslashes_and_breaks_are_escaped() {
        assert_eq!(value("O'Brien"), r"'O\'Brien'");
        assert_eq!(value(r"C:\temp"), r"'C:\\temp'");
        assert_eq!(value("two\nlines\tand\r"), r"'two\nlines\tand\r'");
    }

    #[test]
    fn names_must_start_with_a_letter() {
        assert_eq!(name("sepallength"), "sepallength");
        assert_eq!(name("home.dest"), "home.dest");
        assert_eq!(name("1st"), "'1st'");
        assert_eq!(name("_id"), "'_id'");
        assert_eq!(name("petal width"), "'petal width'");
        assert_eq!(name(""), "''");
    }
}
