//! The date parser (`src/domain/when.rs`) on any text, in several zones and at any "now".
#![no_main]

use chrono_tz::Tz;
use leadbench::domain::when;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((head, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let secs = i64::from(u32::from_le_bytes(*head));
    let now = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    let text = String::from_utf8_lossy(rest);
    for tz in [Tz::Asia__Tokyo, Tz::America__New_York, Tz::Australia__Lord_Howe, Tz::UTC] {
        let _ = when::parse_when(&text, now, tz);
    }
    let _ = when::parse_date(&text);
    let _ = when::parse_offset(&text);
});
