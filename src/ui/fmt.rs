//! Formatting helpers: safe text, widths, counts, ages and clock times.

use chrono::Duration;
use chrono_tz::Tz;

use crate::domain::i18n::TextKey;
use crate::domain::text::{display_width, sanitize_line, truncate_to_width};
use crate::domain::{Lang, Ts};

/// Lead data made safe and cut to `max` cells.
pub(super) fn safe(s: &str, max: usize) -> String {
    let t = truncate_to_width(&sanitize_line(s), max);
    // `Robert Brown …` reads better as `Robert Brown…`.
    match t.strip_suffix('…') {
        Some(head) if head.ends_with(' ') => format!("{}…", head.trim_end()),
        _ => t,
    }
}

/// `s` cut to `w` cells and padded with spaces to exactly `w` cells (left-aligned).
pub(super) fn pad_right(s: &str, w: usize) -> String {
    let t = truncate_to_width(s, w);
    let fill = w.saturating_sub(display_width(&t));
    format!("{t}{}", " ".repeat(fill))
}

/// `s` cut to `w` cells and padded with spaces to exactly `w` cells (right-aligned).
pub(super) fn pad_left(s: &str, w: usize) -> String {
    let t = truncate_to_width(s, w);
    let fill = w.saturating_sub(display_width(&t));
    format!("{}{t}", " ".repeat(fill))
}

/// `1,204`: a count with thousands separators.
pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count in at most five cells: `999`, `1.2k`, `12.3k`, `123k`, `1.2M` (cut, never rounded up).
pub(super) fn abbreviate(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")];
    for (size, unit) in UNITS {
        if n >= size {
            let tenths = n / (size / 10);
            return if tenths >= 1000 {
                format!("{}{unit}", tenths / 10)
            } else {
                format!("{}.{}{unit}", tenths / 10, tenths % 10)
            };
        }
    }
    n.to_string()
}

/// An age in a few cells: `45m`, `5h`, `3d`, `2mo`, `3y` (Japanese units in Japanese).
pub(super) fn age(d: Duration, lang: Lang) -> String {
    let minutes = d.num_minutes().max(0);
    let hours = minutes / 60;
    let days = hours / 24;
    let (n, unit) = if minutes < 60 {
        (minutes, lang.text(TextKey::UiFmtUnitMinutes))
    } else if hours < 48 {
        (hours, lang.text(TextKey::UiFmtUnitHours))
    } else if days < 60 {
        (days, lang.text(TextKey::UiFmtUnitDays))
    } else if days < 730 {
        (days / 30, lang.text(TextKey::UiFmtUnitMonths))
    } else {
        (days / 365, lang.text(TextKey::UiFmtUnitYears))
    };
    format!("{n}{unit}")
}

/// The widest [`age`] in a language, with a one-cell mark in front.
pub(super) fn age_width(lang: Lang) -> usize {
    1 + display_width(&age(Duration::days(729), lang))
        .max(display_width(&age(Duration::hours(47), lang)))
}

/// `HH:MM` in a zone.
pub(super) fn hm(at: Ts, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// Dates further than this from now show their year: `12/01` typed in December means next
/// December, and without the year it reads as last week.
const WITHOUT_YEAR_DAYS: i64 = 180;

fn near(at: Ts, now: Ts) -> bool {
    (at - now).num_days().abs() <= WITHOUT_YEAR_DAYS
}

/// `MM/DD` in a zone, `YY/MM/DD` when far from `now`.
pub(super) fn md(at: Ts, now: Ts, tz: Tz) -> String {
    let f = if near(at, now) { "%m/%d" } else { "%y/%m/%d" };
    at.with_timezone(&tz).format(f).to_string()
}

/// `MM/DD HH:MM` in a zone, `YYYY/MM/DD HH:MM` when far from `now`.
pub(super) fn md_hm(at: Ts, now: Ts, tz: Tz) -> String {
    let f = if near(at, now) {
        "%m/%d %H:%M"
    } else {
        "%Y/%m/%d %H:%M"
    };
    at.with_timezone(&tz).format(f).to_string()
}

/// A value to one decimal, in at most five cells for any sane value.
pub(super) fn value(v: f64) -> String {
    if v >= 999.95 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_abbreviate_without_rounding_up() {
        assert_eq!(abbreviate(999), "999");
        assert_eq!(abbreviate(1234), "1.2k");
        assert_eq!(abbreviate(12_345), "12.3k");
        assert_eq!(abbreviate(99_999), "99.9k");
        assert_eq!(abbreviate(123_456), "123k");
        assert_eq!(abbreviate(1_234_567), "1.2M");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn ages_pick_a_unit() {
        assert_eq!(age(Duration::minutes(45), Lang::En), "45m");
        assert_eq!(age(Duration::hours(5), Lang::En), "5h");
        assert_eq!(age(Duration::days(3), Lang::En), "3d");
        assert_eq!(age(Duration::days(65), Lang::En), "2mo");
        assert_eq!(age(Duration::days(65), Lang::Ja), "2ヶ月");
        assert_eq!(age(Duration::minutes(-5), Lang::En), "0m");
    }

    #[test]
    fn padding_counts_cells_not_characters() {
        assert_eq!(pad_right("山田", 6), "山田  ");
        assert_eq!(pad_left("山田", 5), " 山田");
        assert_eq!(display_width(&pad_right("山田太郎", 5)), 5);
    }
}
