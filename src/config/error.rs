//! Configuration errors that name the file, the line and the key, and the locator that finds them.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

/// A configuration error: what is wrong, and where (file, 1-based line, dotted key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The configuration file.
    pub path: PathBuf,
    /// The 1-based line, or 0 when the error concerns the whole file (it cannot be read).
    pub line: usize,
    /// The dotted key, e.g. `rules.retry_busy` or `rules.lost_reasons[1].id`; empty when unknown.
    pub key: String,
    /// What is wrong.
    pub msg: String,
}

impl fmt::Display for ConfigError {
    /// `{path}:{line}: {key}: {msg}`; the line and key parts are left out when not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if !self.key.is_empty() {
            write!(f, ": {}", self.key)?;
        }
        write!(f, ": {}", self.msg)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// An error about the whole file (it cannot be read).
    pub fn file(path: &Path, msg: impl Into<String>) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            line: 0,
            key: String::new(),
            msg: msg.into(),
        }
    }

    /// Turns a TOML parse or deserialisation error into one that names the line and the key.
    pub(crate) fn from_toml(path: &Path, locator: &Locator<'_>, err: &toml::de::Error) -> Self {
        let msg = err.message().trim().to_string();
        let Some(span) = err.span() else {
            return ConfigError {
                path: path.to_path_buf(),
                line: 0,
                key: String::new(),
                msg,
            };
        };
        let line = locator.line_of(span.start);
        let mut key = locator
            .node_at(span.start)
            .map_or_else(|| locator.guess_key(span.start), |n| n.path.clone());
        if let Some(field) = quoted_after(&msg, "missing field ") {
            key = join_key(&key, &field);
        }
        ConfigError {
            path: path.to_path_buf(),
            line,
            key,
            msg,
        }
    }

    /// An error about `key`, placed on the line where the key stands (or its nearest parent).
    pub(crate) fn at_key(
        path: &Path,
        locator: &Locator<'_>,
        key: &str,
        msg: impl Into<String>,
    ) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            line: locator.line_of_key(key),
            key: key.to_string(),
            msg: msg.into(),
        }
    }

    /// An error about `key` at a byte offset of the text.
    pub(crate) fn at_offset(
        path: &Path,
        locator: &Locator<'_>,
        offset: usize,
        key: &str,
        msg: impl Into<String>,
    ) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            line: locator.line_of(offset),
            key: key.to_string(),
            msg: msg.into(),
        }
    }
}

/// The text between the first pair of backticks after `prefix`, e.g. the field of
/// "missing field `id`".
fn quoted_after(msg: &str, prefix: &str) -> Option<String> {
    let rest = msg.strip_prefix(prefix)?.strip_prefix('`')?;
    let end = rest.find('`')?;
    Some(rest[..end].to_string())
}

fn join_key(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{}", key_segment(child))
    }
}

/// A key as it is written in a dotted path: bare when it can be, quoted otherwise.
pub(crate) fn key_segment(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// One key (or array element) of the document with where it stands.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The dotted path, e.g. `rules.lost_reasons[1].id`.
    pub path: String,
    /// The span of the key itself; `None` for array elements.
    pub key: Option<Range<usize>>,
    /// The span of the value (for a `[table]` header: the header).
    pub value: Range<usize>,
}

/// Finds lines and dotted keys in a TOML text: by byte offset (for parse errors) and by key (for
/// errors found after parsing).
#[derive(Debug)]
pub(crate) struct Locator<'a> {
    text: &'a str,
    nodes: Vec<Node>,
}

impl<'a> Locator<'a> {
    /// Indexes every key of `text`; a text that does not parse gets an empty index.
    pub fn new(text: &'a str) -> Self {
        let mut nodes = Vec::new();
        if let Ok(table) = DeTable::parse(text) {
            walk_table(table.get_ref(), "", &mut nodes);
        }
        Locator { text, nodes }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        let prefix = self.text.as_bytes().get(..end).unwrap_or_default();
        prefix.iter().filter(|b| **b == b'\n').count() + 1
    }

    /// The most specific key at a byte offset: a key span wins, then the smallest value span.
    pub fn node_at(&self, offset: usize) -> Option<&Node> {
        let contains = |r: &Range<usize>| r.start <= offset && offset < r.end.max(r.start + 1);
        if let Some(n) = self
            .nodes
            .iter()
            .filter(|n| n.key.as_ref().is_some_and(contains))
            .min_by_key(|n| n.key.as_ref().map_or(usize::MAX, ExactSizeIterator::len))
        {
            return Some(n);
        }
        self.nodes
            .iter()
            .filter(|n| contains(&n.value))
            .min_by_key(|n| (n.value.len(), usize::MAX - n.path.len()))
    }

    /// The node of a dotted key, if the text has it.
    pub fn find(&self, key: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.path == key)
    }

    /// The line of a dotted key; else of its nearest parent that the text has; else 1.
    pub fn line_of_key(&self, key: &str) -> usize {
        let mut probe = key;
        loop {
            if let Some(n) = self.find(probe) {
                let start = n.key.as_ref().map_or(n.value.start, |k| k.start);
                return self.line_of(start);
            }
            match probe.rfind(['.', '[']) {
                Some(cut) if cut > 0 => probe = &probe[..cut],
                _ => return 1,
            }
        }
    }

    /// For text that does not parse: the last `[header]` above the offset joined with the key at
    /// the start of its line.
    pub fn guess_key(&self, offset: usize) -> String {
        let end = offset.min(self.text.len());
        let before = self.text.get(..end).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = self.text[line_start..].lines().next().unwrap_or_default();
        let header = before[..line_start]
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))
            .map(|l| l.trim_matches(['[', ']']).trim().to_string())
            .unwrap_or_default();
        let key = line
            .split_once('=')
            .map(|(k, _)| k.trim().to_string())
            .unwrap_or_default();
        match (header.is_empty(), key.is_empty()) {
            (_, true) => header,
            (true, false) => key,
            (false, false) => format!("{header}.{key}"),
        }
    }
}

fn walk_table(table: &DeTable<'_>, prefix: &str, out: &mut Vec<Node>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key_segment(key.get_ref())
        } else {
            format!("{prefix}.{}", key_segment(key.get_ref()))
        };
        out.push(Node {
            path: path.clone(),
            key: Some(key.span()),
            value: value.span(),
        });
        walk_value(value.get_ref(), &path, out);
    }
}

fn walk_value(value: &DeValue<'_>, path: &str, out: &mut Vec<Node>) {
    match value {
        DeValue::Table(t) => walk_table(t, path, out),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                let item_path = format!("{path}[{i}]");
                out.push(Node {
                    path: item_path.clone(),
                    key: None,
                    value: item.span(),
                });
                walk_value(item.get_ref(), &item_path, out);
            }
        }
        _ => {}
    }
}
