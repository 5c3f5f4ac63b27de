//! The configuration loader on any text: an error with a place, never a panic.
#![no_main]

use std::path::Path;

use leadbench::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = Config::from_toml_str(&text, Path::new("fuzz.toml"));
});
