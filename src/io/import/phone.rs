//! Phone cells to phones, and the two-core split of the per-row work: libphonenumber costs a
//! few microseconds a number, which dominates a large import (DESIGN, crates table).

use crate::domain::phone::normalize_phone;
use crate::domain::{Phone, PhoneKind};

/// The phones of one cell: several numbers may share a cell, separated by `;` (as leadbench
/// exports them), `/`, `,` or `、` (as people type them). Each keeps its text; one that cannot
/// be read is kept, marked invalid.
pub fn phones_from_cell(cell: &str, kind: PhoneKind, country: &str) -> Vec<Phone> {
    cell.split([';', '/', '／', ',', '、'])
        .map(str::trim)
        .filter(|raw| !raw.is_empty())
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
