//! The parsers that read what others wrote — the CSV importer, the date parser, the template
//! renderer, the phone normaliser and the config loader — never panic on any input, and what
//! they return keeps its promises. The same entry points are fuzzed by `fuzz/` on nightly;
//! these property versions run on stable in CI. Crashes found by fuzzing are pinned below as
//! regression cases.

use std::io::Cursor;
use std::path::Path;

use chrono_tz::Tz;
use leadbench::config::Config;
use leadbench::domain::phone::{is_e164, normalize_phone};
use leadbench::domain::text::is_unsafe_char;
use leadbench::domain::{template, when};
use leadbench::io::import::LeadFile;
use leadbench::ops::import::ImportOptions;
use proptest::prelude::*;

/// Feeds bytes to the importer as a whole file; returns how many rows it produced.
fn import_bytes(bytes: &[u8]) -> Result<usize, TestCaseError> {
    let opts = ImportOptions::new(&Config::default(), crate::support::now()).parse;
    let len = bytes.len() as u64;
    let Ok(mut f) = LeadFile::from_reader(Cursor::new(bytes.to_vec()), len, &opts) else {
        return Ok(0);
    };
    let mut n = 0;
    while let Ok(Some(chunk)) = f.next_chunk(64) {
        for row in chunk.into_iter().flatten() {
            let lead = row.lead;
            for s in [&lead.full_name, &lead.company, &lead.email, &lead.title] {
                prop_assert!(!s.chars().any(is_unsafe_char), "{s:?}");
            }
            n += 1;
        }
    }
    Ok(n)
}

/// CSV-shaped bytes: headers leadbench knows, separators, quotes, line breaks and garbage.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"name,email,phone,company\n".to_vec()),
        Just("氏名\tメールアドレス\t電話番号\r\n".as_bytes().to_vec()),
        Just(b"\"".to_vec()),
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"a@x.com".to_vec()),
        Just(b"+81 3-1234-5678".to_vec()),
        Just(b"\x1b]0;x\x07".to_vec()),
        prop::collection::vec(any::<u8>(), 0..12),
        "[a-zA-Z0-9 ]{0,8}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Text shaped like what the date parser sees, plus anything.
fn whenish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,5}",
        Just("/".to_owned()),
        Just("-".to_owned()),
        Just(":".to_owned()),
        Just(" ".to_owned()),
        Just("+".to_owned()),
        Just("tomorrow".to_owned()),
        Just("明日".to_owned()),
        Just("mon".to_owned()),
        Just("d".to_owned()),
        Just("w".to_owned()),
        Just("h".to_owned()),
        "\\PC{0,3}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn the_importer_never_panics_and_returns_clean_rows(bytes in csvish()) {
        import_bytes(&bytes)?;
    }

    #[test]
    fn the_importer_never_panics_on_raw_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        import_bytes(&bytes)?;
    }

    #[test]
    fn the_date_parser_never_panics(text in whenish(), secs in 0i64..4_000_000_000) {
        let now = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
        for tz in [Tz::Asia__Tokyo, Tz::America__New_York, Tz::UTC] {
            let _ = when::parse_when(&text, now, tz);
        }
        let _ = when::parse_date(&text);
        let _ = when::parse_offset(&text);
    }

    #[test]
    fn the_template_renderer_never_panics(text in "(\\PC|\\{|\\}|\\||\\+){0,60}", value in "\\PC{0,10}") {
        let _ = template::parse(&text);
        let _ = template::render(&text, &|f: &str| (f.len() % 2 == 0).then(|| value.clone()));
    }

    #[test]
    fn the_phone_normaliser_never_panics_and_returns_e164(
        raw in "[0-9+()\\- .#x*]{0,24}|\\PC{0,12}",
        country in "[A-Z]{0,3}|JP|US|GB",
    ) {
        if let Some(n) = normalize_phone(&raw, &country) {
            prop_assert!(is_e164(&n), "{raw:?} → {n:?}");
        }
    }

    #[test]
    fn the_config_loader_never_panics_on_any_text(text in "\\PC{0,200}") {
        let _ = Config::from_toml_str(&text, Path::new("fuzz.toml"));
    }

    #[test]
    fn the_config_loader_never_panics_on_a_damaged_example(at in 0usize..20_000, byte in any::<u8>(), cut in 0usize..20_000) {
        let example = include_str!("../../config.example.toml");
        let mut bytes = example.as_bytes().to_vec();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(cut.max(at + 1));
        let text = String::from_utf8_lossy(&bytes);
        let _ = Config::from_toml_str(&text, Path::new("fuzz.toml"));
    }
}
