//! Finding files made earlier that may still hold a forgotten lead's data (SPEC §11): backups,
//! exports, handoff summaries, outbox mail and transfer bundles that leadbench wrote next to the
//! database or into its configured directories. The database cannot erase those; the rep is
//! told where they are.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are listed without being read (a scan must stay quick).
const MAX_SCANNED_BYTES: u64 = 256 * 1024 * 1024;

/// How deep below each directory the scan goes (the handoff directory has one folder per day).
const MAX_DEPTH: usize = 2;

/// Regular files under `dirs` (not those in `skip`) whose bytes contain any of `needles`.
/// Needles shorter than three bytes are ignored: they would match everywhere.
pub fn files_holding(dirs: &[PathBuf], skip: &[PathBuf], needles: &[String]) -> Vec<PathBuf> {
    let needles: Vec<&[u8]> = needles
        .iter()
        .map(|n| n.trim().as_bytes())
        .filter(|n| n.len() >= 3)
        .collect();
    let mut found = Vec::new();
    if needles.is_empty() {
        return found;
    }
    let mut seen = std::collections::BTreeSet::new();
    for dir in dirs {
        walk(dir, 0, &mut |path| {
            if skip.iter().any(|s| s == path) || !seen.insert(path.to_path_buf()) {
                return;
            }
            if holds_any(path, &needles) {
                found.push(path.to_path_buf());
            }
        });
    }
    found.sort();
    found
}

fn walk(dir: &Path, depth: usize, visit: &mut impl FnMut(&Path)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_file() => visit(&path),
            Ok(t) if t.is_dir() && depth < MAX_DEPTH => walk(&path, depth + 1, visit),
            _ => {}
        }
    }
}

fn holds_any(path: &Path, needles: &[&[u8]]) -> bool {
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    if file
        .metadata()
        .map_or(true, |m| m.len() > MAX_SCANNED_BYTES)
    {
        // Unreadable or too large to read now: list it, it may hold the data.
        return true;
    }
    let mut bytes = Vec::new();
    if file
        .take(MAX_SCANNED_BYTES)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return true;
    }
    needles
        .iter()
        .any(|n| bytes.windows(n.len()).any(|w| w == *n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_only_files_that_hold_a_needle() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sub = dir.path().join("2026-11-27");
        fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
        let hit = sub.join("summary.md");
        fs::write(&hit, "Contact: taro@example.jp").unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.path().join("other.md"), "nothing here").unwrap_or_else(|e| panic!("{e}"));
        let skipped = dir.path().join("lb.db");
        fs::write(&skipped, "taro@example.jp").unwrap_or_else(|e| panic!("{e}"));
        let found = files_holding(
            &[dir.path().to_path_buf()],
            &[skipped],
            &["taro@example.jp".into(), "x".into()],
        );
        assert_eq!(found, vec![hit]);
    }
}
