//! The phone normaliser (`src/domain/phone.rs`): no panic, and what it returns is E.164.
#![no_main]

use leadbench::domain::phone::{is_e164, normalize_phone, timezone_for_number};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (country, raw) = text.split_at(text.char_indices().nth(2).map_or(text.len(), |(i, _)| i));
    for c in [country, "JP", "US", ""] {
        if let Some(n) = normalize_phone(raw, c) {
            assert!(is_e164(&n), "{raw:?} → {n:?}");
            let _ = timezone_for_number(&n);
        }
    }
});
