//! The catalogues, embedded in the binary and parsed once on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::TextKey;
use crate::domain::Lang;

/// One language's texts, indexed by [`TextKey::index`].
struct Catalogue {
    texts: Vec<Option<String>>,
}

impl Catalogue {
    /// Parses a catalogue; a file that does not parse yields an empty catalogue (every lookup
    /// then falls back), since the UI must come up even so — the tests reject such a file.
    fn parse(source: &str) -> Catalogue {
        let mut flat = HashMap::new();
        if let Ok(table) = toml::from_str::<toml::Table>(source) {
            flatten("", &table, &mut flat);
        }
        let texts = TextKey::ALL
            .iter()
            .map(|k| flat.remove(k.id()).filter(|t: &String| !t.is_empty()))
            .collect();
        Catalogue { texts }
    }
}

/// Turns nested tables into dotted keys: `[ui.table] name = "Name"` → `ui.table.name`.
fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out),
            _ => {}
        }
    }
}

/// The catalogue file of a language, as shipped.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../../assets/i18n/en.toml"),
        Lang::Ja => include_str!("../../../assets/i18n/ja.toml"),
    }
}

static EN: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::parse(source(Lang::En)));
static JA: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::parse(source(Lang::Ja)));

/// The text of `key` in `lang` exactly as the catalogue has it: `None` when missing or empty.
pub fn lookup(lang: Lang, key: TextKey) -> Option<&'static str> {
    let catalogue: &'static Catalogue = match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    };
    catalogue.texts.get(key.index())?.as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_tables_become_dotted_keys() {
        let c = Catalogue::parse("[stage.label]\nnew = \"Fresh\"\n");
        assert_eq!(
            c.texts[TextKey::StageLabelNew.index()].as_deref(),
            Some("Fresh")
        );
        assert_eq!(c.texts[TextKey::StageLabelLost.index()], None);
    }

    #[test]
    fn a_broken_file_yields_an_empty_catalogue() {
        let c = Catalogue::parse("this is = = not toml");
        assert!(c.texts.iter().all(Option::is_none));
    }
}
