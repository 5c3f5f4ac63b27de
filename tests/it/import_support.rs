//! Helpers of the import and export tests: files generated in any encoding, CLI runs, dumps.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use encoding_rs::{EUC_JP, SHIFT_JIS, WINDOWS_1252};
use serde_json::Value;

use crate::cli::Sandbox;

/// Writes bytes to a file in the sandbox.
pub fn file(sb: &Sandbox, name: &str, bytes: &[u8]) -> PathBuf {
    let p = sb.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
    p
}

/// CSV text from rows (quoted where needed), lines ending with `eol`.
pub fn csv_text(rows: &[&[&str]], delimiter: char, eol: &str) -> String {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if c.contains([delimiter, '"', '\n', '\r']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        (*c).to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(&delimiter.to_string())
        })
        .map(|l| l + eol)
        .collect()
}

pub fn cp932(s: &str) -> Vec<u8> {
    let (b, _, bad) = SHIFT_JIS.encode(s);
    assert!(!bad, "test text not encodable in CP932");
    b.into_owned()
}

pub fn euc_jp(s: &str) -> Vec<u8> {
    EUC_JP.encode(s).0.into_owned()
}

pub fn windows_1252(s: &str) -> Vec<u8> {
    WINDOWS_1252.encode(s).0.into_owned()
}

/// UTF-16LE with a BOM: Excel's "Unicode text".
pub fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

pub fn utf8_bom(s: &str) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend_from_slice(s.as_bytes());
    out
}

/// `import FILE --json …`: (exit code, report).
pub fn import(sb: &Sandbox, path: &Path, args: &[&str]) -> (i32, Value) {
    let p = path.to_string_lossy().into_owned();
    let mut all = vec!["import", p.as_str(), "--json"];
    all.extend_from_slice(args);
    let (code, out, err) = sb.run(&all);
    let v = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{all:?}: exit {code}: {e}: {out} {err}"));
    (code, v)
}

/// Every lead (`list --json --all`).
pub fn leads(sb: &Sandbox) -> Vec<Value> {
    sb.json(&["list", "--json", "--all"])
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// `show --json` of the lead with this email.
pub fn show(sb: &Sandbox, email: &str) -> Value {
    sb.json(&["show", email, "--json"])
}

/// The lines of the rejects of a report.
pub fn rejected_lines(report: &Value) -> Vec<u64> {
    report["rejected"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["line"].as_u64()).collect())
        .unwrap_or_default()
}

/// A deterministic dump of what a revert must restore: leads, phones, journal, memberships,
/// counters.
pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for sql in [
        "SELECT * FROM leads ORDER BY id",
        "SELECT * FROM phones ORDER BY lead_id, pos",
        "SELECT * FROM activities ORDER BY id",
        "SELECT * FROM stage_counts ORDER BY stage",
        "SELECT * FROM lead_groups ORDER BY lead_id, grp",
        "SELECT * FROM lead_tags ORDER BY lead_id, tag",
        "SELECT * FROM activity_rollup WHERE n <> 0 ORDER BY slot, kind, outcome",
    ] {
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        out.push_str(sql);
        out.push('\n');
        for row in rows {
            out.push_str(&row.unwrap_or_else(|e| panic!("{e}")).join("|"));
            out.push('\n');
        }
    }
    out
}

pub fn find<'a>(leads: &'a [Value], email: &str) -> &'a Value {
    leads
        .iter()
        .find(|l| l["email"] == email)
        .unwrap_or_else(|| panic!("no lead {email}"))
}
