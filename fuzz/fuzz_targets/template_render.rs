//! The template parser and renderer (`src/domain/template.rs`) on any text.
#![no_main]

use leadbench::domain::template;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = template::parse(&text);
    let _ = template::render(&text, &|field: &str| match field.len() % 3 {
        0 => None,
        1 => Some(String::new()),
        _ => Some(field.repeat(2)),
    });
});
