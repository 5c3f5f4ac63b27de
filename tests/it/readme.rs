//! The README's key table comes from the keymap (set UPDATE_README=1 to regenerate it).

use leadbench::config::Config;

#[test]
fn the_readme_key_table_is_the_keymap() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = ("<!-- keys:start -->\n", "<!-- keys:end -->");
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md lacks the keys markers");
    };
    let table = Config::default().keys.markdown_table();
    let current = &readme[a + start.len()..b];
    if current != table {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{table}{}", &readme[..a + start.len()], &readme[b..]);
            std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{e}"));
        } else {
            panic!("README key table is out of date; run UPDATE_README=1 cargo test readme");
        }
    }
}

#[test]
fn the_example_config_is_what_config_init_writes_and_loads_to_the_defaults() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(text, leadbench::config::EXAMPLE_TOML);
    let loaded = Config::from_toml_str(&text, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, Config::default());
}
