//! Shared helpers for the integration tests.
#![allow(dead_code)]

use chrono::{Duration, TimeZone, Utc};
use leadbench::domain::{Lead, Phone, PhoneKind, Stage, Ts};

/// A fixed "now" for tests: Friday 2026-11-27 10:00 in Tokyo.
pub fn now() -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A lead in a stage with one Japanese phone and an email.
pub fn lead(n: i64, stage: Stage) -> Lead {
    let at = now() - Duration::days(n % 30);
    Lead {
        first_name: "太郎".into(),
        last_name: format!("山田{n}"),
        company: format!("山田商事{n}株式会社"),
        email: format!("taro{n}@example.jp"),
        phones: vec![Phone {
            number: Some(format!("+8131234{n:04}")),
            raw: format!("03-1234-{n:04}"),
            kind: PhoneKind::Main,
            invalid: false,
        }],
        timezone: Some("Asia/Tokyo".into()),
        handover_at: at,
        stage_entered_at: at,
        stage,
        version: 1,
        ..Lead::default()
    }
}

/// The message of a plain key press (no modifier), as the terminal would send it.
pub fn key_msg(code: leadbench::config::KeyCode) -> leadbench::app::Msg {
    leadbench::app::Msg::Key(
        leadbench::config::Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
        .normalized(),
    )
}
