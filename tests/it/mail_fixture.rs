//! Shared pieces of the mail tests: a configuration, a store with sequences, a fake transport.

use std::path::Path;

use chrono::TimeZone;
use leadbench::config::Config;
use leadbench::domain::{LeadId, Ts};
use leadbench::io::mail::{Delivered, Outgoing, Transport, TransportError};
use leadbench::ops;
use leadbench::store::Store;

/// Friday 2026-11-27 10:00 in Tokyo.
pub fn now() -> Ts {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 27, 1, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A configuration for a rep in Tokyo mailing in `lang`, plus `extra` TOML.
pub fn config(dir: &Path, lang: &str, extra: &str) -> Config {
    let text = format!(
        "[rep]\nname = \"佐藤 花子\"\nemail = \"hanako@example.co.jp\"\nsignature = \"佐藤 花子\\nインサイドセールス部\"\n\n\
         [ui]\nlanguage = \"{lang}\"\n\n[mail]\noutbox_dir = \"{}\"\nsend_delay_secs = 20\nbcc = [\"log@crm.example.com\"]\n{extra}",
        dir.join("outbox").display()
    );
    Config::from_toml_str(&text, &dir.join("config.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// A store in `dir` with the configuration's sequences installed.
pub fn store(dir: &Path, config: &Config) -> Store {
    let mut s = Store::open(&dir.join("lb.db")).unwrap_or_else(|e| panic!("{e}"));
    ops::sequence::install(&mut s, config);
    s
}

/// Adds a lead from field pairs.
pub fn add(store: &mut Store, config: &Config, fields: &[(&str, &str)]) -> LeadId {
    let fields: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    ops::add_lead(store, &config.policy(), &fields, "JP", now()).unwrap_or_else(|e| panic!("{e}"))
}

/// 山田 太郎 of 山田商事株式会社, in Tokyo.
pub fn add_yamada(store: &mut Store, config: &Config) -> LeadId {
    add(
        store,
        config,
        &[
            ("first_name", "太郎"),
            ("last_name", "山田"),
            ("company", "山田商事株式会社"),
            ("email", "taro@yamada.example.jp"),
            ("phone", "03-1234-5678"),
        ],
    )
}

/// A transport that keeps what it was given (and fails on demand).
#[derive(Debug, Default)]
pub struct FakeTransport {
    pub sent: Vec<Outgoing>,
    pub fail: bool,
}

impl Transport for FakeTransport {
    fn name(&self) -> &'static str {
        "fake"
    }

    fn send(&mut self, mail: &Outgoing) -> Result<Delivered, TransportError> {
        if self.fail {
            return Err(TransportError::Build("down".into()));
        }
        self.sent.push(mail.clone());
        Ok(Delivered {
            message_id: mail.message_id.clone(),
            path: None,
        })
    }
}

pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}
