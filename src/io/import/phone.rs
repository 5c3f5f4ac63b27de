//! Phone cells to phones, and the two-core split of the per-row work: libphonenumber costs a
//! few microseconds a number, which dominates a large import (DESIGN, crates table).

use crate::domain::phone::normalize_phone;
use crate::domain::{Phone, PhoneKind};

/// The phones of one cell: several numbers may share a cell, separated by `;` (as leadbench
/// exports them), `/`, `,` or `、` (as people type them), or only by a space (a line break in
/// the cell, cleaned to one, or `or`). Each keeps its text; one that cannot be read is kept,
/// marked invalid.
pub fn phones_from_cell(cell: &str, kind: PhoneKind, country: &str) -> Vec<Phone> {
    let mut out = Vec::new();
    for raw in numbers_in_cell(cell) {
        read_part(raw, kind, country, &mut out);
    }
    out
}

/// One part of a cell as one phone, or two when only a space parts two numbers.
fn read_part(raw: &str, kind: PhoneKind, country: &str, out: &mut Vec<Phone>) {
    let phone = |raw: &str, number: Option<String>| Phone {
        invalid: number.is_none(),
        number,
        raw: raw.to_owned(),
        kind,
    };
    if let Some(number) = normalize_phone(raw, country) {
        out.push(phone(raw, Some(number)));
        return;
    }
    // A note after the number without brackets (`03-1234-5678 平日のみ`): the number is read
    // from the text up to its last digit, the note stays in the raw text.
    if let Some(number) = normalize_phone(number_core(raw), country) {
        out.push(phone(raw, Some(number)));
        return;
    }
    // Two numbers parted by a space (a line break in the cell) or a word (`or`, `または`):
    // only when both halves read as numbers. Parts that fail are rare; a short cell's spaces
    // are few.
    if raw.len() <= 96 {
        for (i, _) in raw.match_indices(char::is_whitespace) {
            let (left, right) = (raw[..i].trim(), raw[i..].trim());
            let (Some(a), Some(b)) = (
                normalize_phone(number_core(left), country),
                normalize_phone(number_core(right), country),
            ) else {
                continue;
            };
            out.push(phone(left, Some(a)));
            out.push(phone(right, Some(b)));
            return;
        }
    }
    out.push(phone(raw, None));
}

/// The text of `part` from its first digit (or `+`, `(`) to its last digit: a number with the
/// words around it left out.
fn number_core(part: &str) -> &str {
    let start = part
        .find(|c: char| {
            c.is_ascii_digit() || matches!(c, '+' | '(' | '＋' | '（') || is_wide_digit(c)
        })
        .unwrap_or(part.len());
    let end = part
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_digit() || is_wide_digit(*c))
        .map_or(start, |(i, c)| i + c.len_utf8());
    part.get(start..end.max(start)).unwrap_or_default()
}

fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// The numbers of a cell as written. A part too short to be a number on its own (`ext. 12`,
/// `/5679`) stays with the number before it; a part without any digit (`未記入`, `TBD`) is a
/// note of its own, never glued to a number it would spoil.
fn numbers_in_cell(cell: &str) -> Vec<&str> {
    const SEPARATORS: [char; 5] = [';', '/', '／', ',', '、'];
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut parts = cell
        .match_indices(SEPARATORS)
        .map(|(i, s)| (i, i + s.len()));
    loop {
        let (end, next) = parts.next().unwrap_or((cell.len(), cell.len()));
        let part = &cell[start..end];
        let digits = part
            .chars()
            .filter(|c| c.is_ascii_digit() || is_wide_digit(*c))
            .count();
        match out.last_mut() {
            // Glued back: the whole span from the previous number's start.
            Some(prev) if (1..6).contains(&digits) => {
                let from = prev.as_ptr() as usize - cell.as_ptr() as usize;
                *prev = cell[from..end].trim();
            }
            _ if !part.trim().is_empty() => out.push(part.trim()),
            _ => {}
        }
        if end == cell.len() {
            return out;
        }
        start = next;
    }
}

/// Below this many items a second thread costs more than it saves.
const PARALLEL_MIN: usize = 512;

/// Maps `items` in order, on two threads when there are enough of them.
pub fn map_parallel<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    if items.len() < PARALLEL_MIN {
        return items.iter().map(&f).collect();
    }
    let (left, right) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let f = &f;
        let handle = scope.spawn(move || right.iter().map(f).collect::<Vec<U>>());
        let mut out: Vec<U> = left.iter().map(f).collect();
        match handle.join() {
            Ok(rest) => out.extend(rest),
            // The worker panicked (a bug, never user data): do its half here instead.
            Err(_) => out.extend(right.iter().map(f)),
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_may_hold_several_numbers() {
        let p = phones_from_cell("03-1234-5678; +81 90 1111 2222 ;", PhoneKind::Main, "JP");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].number.as_deref(), Some("+81312345678"));
        assert_eq!(p[0].raw, "03-1234-5678");
        assert_eq!(p[1].number.as_deref(), Some("+819011112222"));
        let ext = phones_from_cell("03-1234-5676, ext. 12", PhoneKind::Main, "JP");
        assert_eq!(ext.len(), 1);
        assert_eq!(ext[0].raw, "03-1234-5676, ext. 12");
        assert_eq!(ext[0].number.as_deref(), Some("+81312345676"));
        let half = phones_from_cell("090ｰ1234ｰ5677", PhoneKind::Mobile, "JP");
        assert_eq!(half[0].number.as_deref(), Some("+819012345677"));
        let typed = phones_from_cell("090 1234 5678 / 03-1234-5672(代)", PhoneKind::Main, "JP");
        let numbers: Vec<_> = typed.iter().map(|p| p.number.as_deref()).collect();
        assert_eq!(numbers, [Some("+819012345678"), Some("+81312345672")]);
        assert_eq!(typed[1].raw, "03-1234-5672(代)");
        let bad = phones_from_cell("reception", PhoneKind::Main, "JP");
        assert!(bad[0].invalid && bad[0].number.is_none());
    }

    fn numbers(cell: &str) -> Vec<(Option<String>, String)> {
        phones_from_cell(cell, PhoneKind::Main, "JP")
            .into_iter()
            .map(|p| (p.number, p.raw))
            .collect()
    }

    /// Cells as business-card services and hand-kept sheets write them: a second line, a note
    /// after the number, a placeholder beside it.
    #[test]
    fn notes_and_second_lines_do_not_spoil_a_number() {
        let some = |n: &str, raw: &str| (Some(n.to_owned()), raw.to_owned());
        assert_eq!(
            numbers("03-1111-2222 090-2222-3333"),
            [
                some("+81311112222", "03-1111-2222"),
                some("+819022223333", "090-2222-3333")
            ]
        );
        assert_eq!(
            numbers("03-1111-2222 or 090-2222-3333"),
            [
                some("+81311112222", "03-1111-2222"),
                some("+819022223333", "or 090-2222-3333")
            ]
        );
        assert_eq!(
            numbers("03-1234-5678 平日のみ"),
            [some("+81312345678", "03-1234-5678 平日のみ")]
        );
        assert_eq!(
            numbers("06-8883-9334; 未記入"),
            [
                some("+81688839334", "06-8883-9334"),
                (None, "未記入".to_owned())
            ]
        );
        assert_eq!(
            numbers("03-1111-2222; TBD"),
            [
                some("+81311112222", "03-1111-2222"),
                (None, "TBD".to_owned())
            ]
        );
        // One number with spaces stays one number.
        assert_eq!(
            numbers("03 1234 5678"),
            [some("+81312345678", "03 1234 5678")]
        );
    }

    #[test]
    fn the_parallel_map_keeps_the_order() {
        let v: Vec<u32> = (0..5000).collect();
        assert_eq!(
            map_parallel(&v, |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }
}
