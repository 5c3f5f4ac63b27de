//! The layers of the design hold: each module uses only the layers below it.

use std::path::Path;

/// Which crate modules each layer may use (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("store", &["domain"]),
    ("config", &["domain"]),
    ("io", &["domain", "config"]),
    ("demo", &["domain"]),
    ("ops", &["domain", "store", "config", "io"]),
    ("app", &["domain", "config"]),
    ("ui", &["domain", "config", "app"]),
    ("cli", &["domain", "store", "config", "io", "ops", "demo"]),
    (
        "tui",
        &["domain", "store", "config", "io", "ops", "app", "ui", "cli"],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (layer, allowed) in ALLOWED {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "no files in {layer}");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + "crate::".len()..];
                    let used: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if used != *layer && !allowed.contains(&used.as_str()) {
                        broken.push(format!("{}:{}: {layer} uses {used}", f.display(), n + 1));
                    }
                }
                let no_terminal = matches!(
                    *layer,
                    "domain" | "store" | "config" | "io" | "ops" | "cli" | "app"
                );
                if no_terminal && (line.contains("ratatui::") || line.contains("crossterm::")) {
                    broken.push(format!(
                        "{}:{}: {layer} touches the terminal",
                        f.display(),
                        n + 1
                    ));
                }
                let no_sql = *layer != "store";
                if no_sql && line.contains("rusqlite::") {
                    broken.push(format!(
                        "{}:{}: {layer} uses SQLite directly",
                        f.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layer violations:\n{}",
        broken.join("\n")
    );
}
