//! The keymap: `[keys.global]`, `[keys.list]`, `[keys.popup]`, `[keys.form]` merged over the
//! defaults embedded from `config.example.toml` (SPEC §5).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::EXAMPLE_TOML;
use super::action::{Action, Layer, unknown_action};
use super::error::key_segment;
use super::key::Key;

/// The keys written for one action: `action = "key"` or `action = ["key", …]` (`[]` unbinds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The action id as written.
    pub action: Spanned<String>,
    /// The key strings as written.
    pub keys: Vec<Spanned<String>>,
}

/// One `[keys.<layer>]` table, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LayerBindings(pub Vec<Binding>);

/// `[keys]`: the user's bindings per layer, as written (spans kept for error lines).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeysConfig {
    /// `[keys.global]`.
    pub global: LayerBindings,
    /// `[keys.list]`.
    pub list: LayerBindings,
    /// `[keys.popup]`.
    pub popup: LayerBindings,
    /// `[keys.form]`.
    pub form: LayerBindings,
}

impl KeysConfig {
    /// The bindings of a layer.
    pub fn layer(&self, layer: Layer) -> &LayerBindings {
        match layer {
            Layer::Global => &self.global,
            Layer::List => &self.list,
            Layer::Popup => &self.popup,
            Layer::Form => &self.form,
        }
    }
}

/// The value of one binding: a key string or an array of them, each with its span.
struct KeyList(Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A single string arrives through `Spanned` so it keeps its span too.
        let value = Spanned::<StringOrList>::deserialize(d)?;
        let span = value.span();
        Ok(KeyList(match value.into_inner() {
            StringOrList::One(s) => vec![Spanned::new(span, s)],
            StringOrList::Many(list) => list,
        }))
    }
}

enum StringOrList {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for StringOrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StringOrList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key such as \"j\" or a list such as [\"j\", \"down\"]")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StringOrList, E> {
                Ok(StringOrList::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringOrList, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = seq.next_element::<Spanned<String>>()? {
                    keys.push(k);
                }
                Ok(StringOrList::Many(keys))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for LayerBindings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LayerBindings;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of `action = \"key\"` or `action = [\"key\", …]`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LayerBindings, A::Error> {
                let mut out = Vec::new();
                while let Some(action) = map.next_key::<Spanned<String>>()? {
                    let KeyList(keys) = map.next_value()?;
                    out.push(Binding { action, keys });
                }
                // The deserializer hands keys over sorted by name; keep the file's order.
                out.sort_by_key(|b: &Binding| b.action.span().start);
                Ok(LayerBindings(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A keymap error: the dotted key (`keys.list.mark`), where it stands, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// The dotted key, e.g. `keys.list.mark`.
    pub key: String,
    /// The byte span in the configuration text.
    pub span: Range<usize>,
    /// What is wrong.
    pub msg: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.msg)
    }
}

impl std::error::Error for KeymapError {}

/// The resolved bindings of one layer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct LayerMap {
    /// Every action of the layer in [`Action::ALL`] order, with its keys (maybe none).
    actions: Vec<(Action, Vec<Key>)>,
    /// Key → action.
    index: BTreeMap<Key, Action>,
}

impl LayerMap {
    fn empty(layer: Layer) -> Self {
        LayerMap {
            actions: Action::ALL
                .iter()
                .filter(|a| a.belongs_to(layer))
                .map(|a| (*a, Vec::new()))
                .collect(),
            index: BTreeMap::new(),
        }
    }

    fn slot(&mut self, action: Action) -> Option<&mut Vec<Key>> {
        self.actions
            .iter_mut()
            .find(|(a, _)| *a == action)
            .map(|(_, keys)| keys)
    }

    fn reindex(&mut self) {
        self.index = self
            .actions
            .iter()
            .flat_map(|(a, keys)| keys.iter().map(move |k| (*k, *a)))
            .collect();
    }
}

/// Which action a key triggers in each layer, and which keys an action has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    layers: [LayerMap; 4],
}

impl Default for Keymap {
    /// The built-in keymap (the `[keys.*]` tables of `config.example.toml`).
    fn default() -> Self {
        builtin().clone()
    }
}

/// The `[keys]` tables of the embedded example file.
pub(crate) fn builtin_keys() -> KeysConfig {
    #[derive(Deserialize)]
    struct KeysOnly {
        #[serde(default)]
        keys: KeysConfig,
    }
    toml::from_str::<KeysOnly>(EXAMPLE_TOML)
        .map(|k| k.keys)
        .unwrap_or_default()
}

fn builtin() -> &'static Keymap {
    static BUILTIN: OnceLock<Keymap> = OnceLock::new();
    // The example file is tested to resolve without errors, so the fallback never shows.
    BUILTIN.get_or_init(|| {
        Keymap::empty()
            .merged(&builtin_keys())
            .unwrap_or_else(|_| Keymap::empty())
    })
}

impl Keymap {
    /// A keymap without any binding.
    pub fn empty() -> Keymap {
        Keymap {
            layers: Layer::ALL.map(LayerMap::empty),
        }
    }

    /// The built-in keymap with the user's bindings merged over it.
    ///
    /// # Errors
    /// The first bad binding in file order; see [`Keymap::merged`].
    pub fn from_config(user: &KeysConfig) -> Result<Keymap, KeymapError> {
        builtin().merged(user)
    }

    /// This keymap with `user` merged over it: a user binding replaces the action's keys and
    /// takes its keys away from any other action of the same layer. Errors: an unknown action,
    /// an action bound in a layer it does not belong to, an unreadable key, and one key bound to
    /// two actions by the user in one layer.
    ///
    /// # Errors
    /// The first of those in file order (the smallest span).
    pub fn merged(&self, user: &KeysConfig) -> Result<Keymap, KeymapError> {
        let mut out = self.clone();
        let mut errors = Vec::new();
        for layer in Layer::ALL {
            if let Err(e) = out.layers[layer.index()].merge(layer, user.layer(layer)) {
                errors.push(e);
            }
        }
        match errors.into_iter().min_by_key(|e| e.span.start) {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// The action a key triggers in a layer.
    pub fn action(&self, layer: Layer, key: &Key) -> Option<Action> {
        self.layers[layer.index()]
            .index
            .get(&key.normalized())
            .copied()
    }

    /// The first layer of `stack` (top first) that binds the key, with the action.
    pub fn route(&self, stack: &[Layer], key: &Key) -> Option<(Layer, Action)> {
        stack
            .iter()
            .find_map(|l| self.action(*l, key).map(|a| (*l, a)))
    }

    /// The keys of an action in a layer (empty when unbound).
    pub fn keys(&self, layer: Layer, action: Action) -> &[Key] {
        self.layers[layer.index()]
            .actions
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// The keys of an action for a hint, e.g. `j/↓`; empty when unbound.
    pub fn keys_label(&self, layer: Layer, action: Action) -> String {
        self.keys(layer, action)
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The bound actions of a layer with their keys, in [`Action::ALL`] order.
    pub fn bindings(&self, layer: Layer) -> impl Iterator<Item = (Action, &[Key])> + '_ {
        self.layers[layer.index()]
            .actions
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .map(|(a, keys)| (*a, keys.as_slice()))
    }

    /// Actions of a layer left without a key (e.g. after the user took their keys away).
    pub fn unbound(&self, layer: Layer) -> Vec<Action> {
        self.layers[layer.index()]
            .actions
            .iter()
            .filter(|(_, keys)| keys.is_empty())
            .map(|(a, _)| *a)
            .collect()
    }
}

impl LayerMap {
    fn merge(&mut self, layer: Layer, user: &LayerBindings) -> Result<(), KeymapError> {
        let path = |action: &str| format!("keys.{}.{}", layer.id(), key_segment(action));
        // Read and check every user binding first.
        let mut parsed: Vec<(Action, Vec<Key>)> = Vec::new();
        let mut taken: BTreeMap<Key, Action> = BTreeMap::new();
        for b in &user.0 {
            let name = b.action.get_ref();
            let err = |span: Range<usize>, msg: String| KeymapError {
                key: path(name),
                span,
                msg,
            };
            let action =
                Action::from_id(name).ok_or_else(|| err(b.action.span(), unknown_action(name)))?;
            if !action.belongs_to(layer) {
                let homes: Vec<String> = action
                    .layers()
                    .iter()
                    .map(|l| format!("[keys.{l}]"))
                    .collect();
                return Err(err(
                    b.action.span(),
                    format!(
                        "`{name}` cannot be bound in [keys.{layer}]; it belongs in {}",
                        homes.join(" or ")
                    ),
                ));
            }
            let mut keys: Vec<Key> = Vec::new();
            for k in &b.keys {
                let key: Key = k
                    .get_ref()
                    .parse()
                    .map_err(|e| err(k.span(), format!("{e}")))?;
                if let Some(other) = taken.get(&key).filter(|o| **o != action) {
                    return Err(err(
                        k.span(),
                        format!(
                            "`{key}` is bound twice in [keys.{layer}]: to `{other}` and to `{name}`"
                        ),
                    ));
                }
                taken.insert(key, action);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            parsed.push((action, keys));
        }
        // Then apply them: each replaces its action's keys and takes its keys from the others.
        for (action, keys) in parsed {
            for (_, other) in &mut self.actions {
                other.retain(|k| !keys.contains(k));
            }
            if let Some(slot) = self.slot(action) {
                *slot = keys;
            }
        }
        self.reindex();
        Ok(())
    }
}
