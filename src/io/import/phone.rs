//! Phone cells to phones, and the two-core split of the per-row work: libphonenumber costs a
//! few microseconds a number, which dominates a large import (DESIGN, crates table).

use crate::domain::phone::normalize_phone;
use crate::domain::{Phone, PhoneKind};

/// The phones of one cell: several numbers may share a cell, separated by `;` (as leadbench
/// exports them), `/`, `,` or `、` (as people type them). Each keeps its text; one that cannot
/// be read is kept, marked invalid.
pub fn phones_from_cell(cell: &str, kind: PhoneKind, country: &str) -> Vec<Phone> {
    numbers_in_cell(cell)
        .into_iter()
        .map(|raw| {
            let number = normalize_phone(raw, country);
            Phone {
                invalid: number.is_none(),
                number,
                raw: raw.to_owned(),
                kind,
            }
        })
        .collect()
}

/// The numbers of a cell as written. A part too short to be a number on its own (`ext. 12`,
/// `/5679`) stays with the number before it.
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
        let digits = part.chars().filter(char::is_ascii_digit).count()
            + part.chars().filter(|c| ('０'..='９').contains(c)).count();
        match out.last_mut() {
            // Glued back: the whole span from the previous number's start.
            Some(prev) if digits < 6 && !part.trim().is_empty() => {
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

    #[test]
    fn the_parallel_map_keeps_the_order() {
        let v: Vec<u32> = (0..5000).collect();
        assert_eq!(
            map_parallel(&v, |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }
}
