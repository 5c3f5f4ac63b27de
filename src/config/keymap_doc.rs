//! The README's key table, generated from the keymap so the docs never drift from the keys.

use crate::domain::Lang;

use super::{Keymap, Layer};

impl Keymap {
    /// A Markdown table of every binding, layer by layer (the README's "Keys" section).
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| layer | keys | action |\n|---|---|---|\n");
        for layer in [Layer::Global, Layer::List, Layer::Popup, Layer::Form] {
            for (action, keys) in self.bindings(layer) {
                if keys.is_empty() {
                    continue;
                }
                let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    layer.id(),
                    keys.join(" "),
                    action.describe(Lang::En)
                ));
            }
        }
        out
    }
}
