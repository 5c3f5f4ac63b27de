//! The CSV importer on any bytes: no panic, and no row with a control or bidi character.
#![no_main]

use std::io::Cursor;

use leadbench::config::Config;
use leadbench::domain::text::is_unsafe_char;
use leadbench::io::import::LeadFile;
use leadbench::ops::import::ImportOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = chrono::DateTime::from_timestamp(1_795_740_000, 0).unwrap_or_default();
    let opts = ImportOptions::new(&Config::default(), now).parse;
    let Ok(mut file) = LeadFile::from_reader(Cursor::new(data.to_vec()), data.len() as u64, &opts)
    else {
        return;
    };
    while let Ok(Some(chunk)) = file.next_chunk(64) {
        for row in chunk.into_iter().flatten() {
            let lead = row.lead;
            for s in [&lead.full_name, &lead.company, &lead.email, &lead.title] {
                assert!(!s.chars().any(is_unsafe_char), "{s:?}");
            }
        }
    }
});
