//! The guide in `docs/src` checked against the code, so that it cannot
//! drift from it:
//!
//! - the table of `configuration.md` lists every configuration key, with
//!   its real default, its environment variable and the old `.env` names
//!   that set it, and no key that does not exist;
//! - every `OPENML_FRONT_...` variable and every dotted key the guide names
//!   exists, and every TOML example of the guide loads;
//! - every page with Rust examples is compiled by the doc tests (see the
//!   `guide_*` modules in `lib.rs`), and every example that cannot be
//!   compiled there quotes a file of the repository line by line;
//! - every link between pages, and every `#anchor`, leads somewhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use serde_json::Value;

use super::{AppConfig, ENV_PREFIX, Settings, legacy};

/// The configuration reference, compiled in so that the test names it.
const REFERENCE: &str = include_str!("../../../../docs/src/configuration.md");

/// The library root, which includes each guide page with Rust examples.
const LIB_RS: &str = include_str!("../lib.rs");

/// The header of the table of every key.
const KEYS_HEADER: &str = "| key | default | environment variable | old .env name | meaning |";

/// The header of the table of the plugins' keys.
const PLUGIN_KEYS_HEADER: &str = "| plugin key | default | environment variable | meaning |";

/// Sections that only the guide's own examples declare; their keys are not
/// in any table.
const EXAMPLE_SECTIONS: &[&str] = &["greeter", "greetings"];

/// One row of a table, as cells, with its line number (from 1).
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// A fenced code block: its info string (`rust,no_run`), first line and text.
struct Block {
    info: String,
    line: usize,
    text: String,
}

/// One page of the guide.
struct Page {
    name: String,
    text: String,
}

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pages() -> Vec<Page> {
    let dir = repository_root().join("docs/src");
    let mut pages: Vec<Page> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| Page {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&path).expect("a readable page"),
        })
        .collect();
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    pages
}

/// The rows of the table under `header`, which must be in `text`.
fn table(text: &str, header: &str) -> Vec<Row> {
    let mut lines = text
        .lines()
        .enumerate()
        .skip_while(|(_, line)| line.trim() != header);
    let (header_index, _) = lines
        .next()
        .unwrap_or_else(|| panic!("no table with the header {header}"));
    let columns = header.matches('|').count() - 1;

    let (_, separator) = lines.next().expect("a separator line under the header");
    assert!(
        separator.starts_with("|---"),
        "line {}: expected |---|",
        header_index + 2
    );

    lines
        .take_while(|(_, line)| line.starts_with('|'))
        .map(|(index, line)| {
            let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
            let cells: Vec<String> = inner
                .split('|')
                .map(|cell| cell.trim().to_string())
                .collect();
            assert_eq!(
                cells.len(),
                columns,
                "line {}: expected {columns} cells: {line}",
                index + 1
            );
            Row {
                line: index + 1,
                cells,
            }
        })
        .collect()
}

/// The texts of the code spans (`...`) in `text`.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The content of a cell that is one code span, such as `` `7200` ``.
fn single_code_span(cell: &str) -> Option<&str> {
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.contains('`')).then_some(inner)
}

fn fenced_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;

    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match (open.take(), trimmed.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    line: index + 1,
                    text: String::new(),
                });
            }
            (Some(block), Some(_)) => blocks.push(block),
            (Some(mut block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
                open = Some(block);
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "a code block is not closed");
    blocks
}

/// The text outside fenced code blocks.
fn prose(text: &str) -> String {
    let mut inside = false;
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
        } else if !inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Every leaf of the default configuration as a dotted key. Lists are
/// leaves; unset optional keys are leaves whose value is `null`.
fn default_leaves() -> BTreeMap<String, Value> {
    fn walk(value: &Value, prefix: &str, out: &mut BTreeMap<String, Value>) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                for (key, inner) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(inner, &path, out);
                }
            }
            leaf => {
                out.insert(prefix.to_string(), leaf.clone());
            }
        }
    }

    let json = serde_json::to_value(AppConfig::default()).expect("the defaults serialize");
    let mut leaves = BTreeMap::new();
    walk(&json, "", &mut leaves);
    leaves
}

/// The value of a TOML literal such as `"text"`, `7200` or `["a", "b"]`.
fn toml_literal(literal: &str) -> Result<Value, String> {
    Figment::from(Toml::string(&format!("value = {literal}")))
        .extract_inner::<Value>("value")
        .map_err(|err| err.to_string())
}

/// The variable that sets `key`.
fn env_name(key: &str) -> String {
    format!("{ENV_PREFIX}{}", key.to_uppercase().replace('.', "__"))
}

/// The keys the guide may name: the configuration's and the plugins'.
fn known_keys() -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = default_leaves().into_keys().collect();
    for row in table(REFERENCE, PLUGIN_KEYS_HEADER) {
        let key = single_code_span(&row.cells[0]).unwrap_or_else(|| {
            panic!(
                "configuration.md:{}: the key must be in backticks",
                row.line
            )
        });
        keys.insert(key.to_string());
    }
    keys
}

/// Whether `name` is a known key or a section holding known keys.
fn is_key_or_section(name: &str, keys: &BTreeSet<String>) -> bool {
    keys.contains(name) || keys.iter().any(|key| key.starts_with(&format!("{name}.")))
}

#[test]
fn every_key_is_documented_with_its_real_default() {
    let leaves = default_leaves();
    let rows = table(REFERENCE, KEYS_HEADER);

    let mut documented = BTreeSet::new();
    for row in &rows {
        let at = format!("configuration.md:{}", row.line);
        let key = single_code_span(&row.cells[0])
            .unwrap_or_else(|| panic!("{at}: the key must be in backticks"));
        assert!(
            documented.insert(key.to_string()),
            "{at}: `{key}` is listed twice"
        );

        let Some(real) = leaves.get(key) else {
            panic!("{at}: `{key}` is not a configuration key");
        };
        let default = &row.cells[1];
        if default == "none" {
            assert_eq!(
                real,
                &Value::Null,
                "{at}: `{key}` has a default, {real}, not none"
            );
        } else {
            let literal = single_code_span(default).unwrap_or_else(|| {
                panic!("{at}: the default must be `none` or a TOML value in backticks")
            });
            let written = toml_literal(literal)
                .unwrap_or_else(|err| panic!("{at}: {literal} is not TOML: {err}"));
            assert_eq!(
                &written, real,
                "{at}: the default of `{key}` is {real}, not {literal}"
            );
        }
        assert!(!row.cells[4].is_empty(), "{at}: say what `{key}` means");
    }

    let missing: Vec<&String> = leaves
        .keys()
        .filter(|key| !documented.contains(*key))
        .collect();
    assert!(
        missing.is_empty(),
        "configuration.md does not document {missing:?}"
    );
}

#[test]
fn environment_variables_follow_the_keys() {
    for row in table(REFERENCE, KEYS_HEADER)
        .iter()
        .chain(&table(REFERENCE, PLUGIN_KEYS_HEADER))
    {
        let key = single_code_span(&row.cells[0]).expect("a key in backticks");
        let expected = format!("`{}`", env_name(key));
        assert_eq!(
            row.cells[2], expected,
            "configuration.md:{}: the variable of `{key}`",
            row.line
        );
    }
}

#[test]
fn old_names_are_documented_on_the_keys_they_set() {
    let mut documented = BTreeSet::new();

    for row in table(REFERENCE, KEYS_HEADER) {
        let key = single_code_span(&row.cells[0]).expect("a key in backticks");
        for name in code_spans(&row.cells[3]) {
            let at = format!("configuration.md:{}", row.line);
            assert!(
                legacy::LEGACY_NAMES.contains(&name),
                "{at}: `{name}` is not an old name this crate reads"
            );

            let sets: Vec<String> = legacy::translate(name, "1")
                .into_iter()
                .map(|(key, _)| key)
                .collect();
            assert!(
                sets.iter().any(|set| set == key),
                "{at}: `{name}` sets {sets:?}, not `{key}`"
            );
            documented.insert(name.to_string());
        }
    }

    let missing: Vec<&&str> = legacy::LEGACY_NAMES
        .iter()
        .filter(|name| !documented.contains(**name))
        .collect();
    assert!(
        missing.is_empty(),
        "configuration.md does not document the old names {missing:?}"
    );
}

#[test]
fn toml_examples_in_the_guide_load() {
    let sections: BTreeSet<String> = known_keys()
        .iter()
        .map(|key| key.split('.').next().unwrap_or_default().to_string())
        .collect();

    for page in pages() {
        for block in fenced_blocks(&page.text)
            .iter()
            .filter(|block| block.info == "toml")
        {
            let at = format!("{}:{}", page.name, block.line);
            let parsed: Value = Figment::from(Toml::string(&block.text))
                .extract()
                .unwrap_or_else(|err| panic!("{at}: not valid TOML: {err}"));

            // Manifests and other files than the configuration are only
            // checked for their syntax.
            let top: Vec<&String> = parsed
                .as_object()
                .map(|map| map.keys().collect())
                .unwrap_or_default();
            if top.iter().any(|key| !sections.contains(*key)) {
                continue;
            }
            let figment = Figment::from(Serialized::defaults(AppConfig::default()))
                .merge(Toml::string(&block.text));
            if let Err(err) = Settings::from_figment(figment) {
                panic!("{at}: this configuration does not load: {err}");
            }
        }
    }
}

#[test]
fn keys_and_variables_named_in_the_guide_exist() {
    let keys = known_keys();
    let sections: BTreeSet<&str> = keys
        .iter()
        .filter_map(|key| key.split('.').next())
        .collect();

    for page in pages() {
        for (index, line) in page.text.lines().enumerate() {
            let at = format!("{}:{}", page.name, index + 1);
            for (start, _) in line.match_indices(ENV_PREFIX) {
                let rest = &line[start + ENV_PREFIX.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                    .unwrap_or(rest.len());
                let name = &rest[..end];
                // The test suites' own variables are not configuration.
                if name.is_empty() || name.starts_with("TEST_") {
                    continue;
                }
                let key = name.to_ascii_lowercase().replace("__", ".");
                if EXAMPLE_SECTIONS.contains(&key.split('.').next().unwrap_or_default()) {
                    continue;
                }
                assert!(
                    is_key_or_section(&key, &keys),
                    "{at}: {ENV_PREFIX}{name} sets no key (`{key}`)"
                );
            }
        }

        let text = prose(&page.text);
        for span in code_spans(&text) {
            let looks_like_key = span.contains('.')
                && span
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
                && sections.contains(span.split('.').next().unwrap_or_default());
            let host_name =
                span.ends_with(".org") || span.ends_with(".com") || span.contains("example");
            if looks_like_key && !host_name {
                assert!(
                    is_key_or_section(span, &keys),
                    "{}: `{span}` is not a configuration key",
                    page.name
                );
            }
        }
    }
}

#[test]
fn every_page_with_rust_examples_is_compiled() {
    for page in pages() {
        let compiled = fenced_blocks(&page.text)
            .iter()
            .any(|block| block.info.starts_with("rust") && !block.info.contains("ignore"));
        if compiled {
            let included = format!("docs/src/{}\")]", page.name);
            assert!(
                LIB_RS.contains(&included),
                "{} has Rust examples, but lib.rs does not include it in a `guide_*` module",
                page.name
            );
        }
    }
}

#[test]
fn uncompiled_rust_examples_quote_real_files() {
    for page in pages() {
        for block in fenced_blocks(&page.text)
            .iter()
            .filter(|block| block.info == "rust,ignore")
        {
            let at = format!("{}:{}", page.name, block.line);
            let mut lines = block.text.lines();
            let source = lines
                .next()
                .and_then(|first| first.strip_prefix("// "))
                .unwrap_or_else(|| {
                    panic!("{at}: start the example with `// <path of the file it quotes>`")
                });
            let path = repository_root().join(source);
            let file = std::fs::read_to_string(&path)
                .unwrap_or_else(|err| panic!("{at}: {source}: {err}"));

            // Each quoted line must come in the file, in the same order.
            let mut file_lines = file.lines().map(str::trim);
            for quoted in lines
                .map(str::trim)
                .filter(|line| !line.is_empty() && *line != "// ...")
            {
                assert!(
                    file_lines.any(|line| line == quoted),
                    "{at}: `{quoted}` is not in {source} (or not in this order)"
                );
            }
        }
    }
}

/// The id mdBook gives a heading.
fn heading_id(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn links_between_pages_resolve() {
    let pages = pages();
    let anchors: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|page| {
            let ids = prose(&page.text)
                .lines()
                .filter_map(|line| line.strip_prefix('#'))
                .map(|heading| heading_id(heading.trim_start_matches('#').trim()))
                .collect();
            (page.name.as_str(), ids)
        })
        .collect();

    for page in &pages {
        let summary = page.name == "SUMMARY.md";
        if !summary {
            let listed = format!("]({})", page.name);
            let in_summary = pages
                .iter()
                .any(|p| p.name == "SUMMARY.md" && p.text.contains(&listed));
            assert!(in_summary, "{} is not in SUMMARY.md", page.name);
        }

        let text = prose(&page.text);
        for (start, _) in text.match_indices("](") {
            let target = &text[start + 2..];
            let target = &target[..target.find(')').unwrap_or(target.len())];
            if target.contains("://") {
                continue;
            }

            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            let file = if file.is_empty() {
                page.name.as_str()
            } else {
                file
            };
            let ids = anchors
                .get(file)
                .unwrap_or_else(|| panic!("{} links to {file}, which is not a page", page.name));
            assert!(
                anchor.is_empty() || ids.contains(anchor),
                "{} links to {file}#{anchor}, which has no such heading",
                page.name
            );
        }
    }
}
