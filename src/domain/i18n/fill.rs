//! `{name}` placeholders in catalogue texts. Word order differs between languages, so a text
//! that embeds a figure or a name carries it as a placeholder rather than being glued together
//! from pieces.

use std::collections::BTreeSet;
use std::fmt::{Display, Write};

/// Replaces each `{name}` in `text` with the matching argument; an unknown placeholder stays as
/// written, so a catalogue mistake shows up on screen instead of failing.
pub fn fill(text: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_end = after.find('}').filter(|&e| is_name(&after[..e]));
        match name_end.and_then(|e| args.iter().find(|(n, _)| *n == &after[..e]).map(|a| (e, a))) {
            Some((e, (_, value))) => {
                let _ = write!(out, "{value}");
                rest = &after[e + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names a text uses.
pub fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(e) = after.find('}').filter(|&e| is_name(&after[..e])) {
            names.insert(&after[..e]);
        }
        rest = after;
    }
    names
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name_in_any_order() {
        let n = 3;
        let s = fill("{who} has {n} leads", &[("n", &n), ("who", &"山田")]);
        assert_eq!(s, "山田 has 3 leads");
    }

    #[test]
    fn unknown_placeholders_and_lone_braces_stay() {
        assert_eq!(fill("{x} {} {", &[]), "{x} {} {");
    }

    #[test]
    fn placeholders_lists_the_names() {
        let p: Vec<_> = placeholders("{a}件 {b} {} {a}").into_iter().collect();
        assert_eq!(p, ["a", "b"]);
    }
}
