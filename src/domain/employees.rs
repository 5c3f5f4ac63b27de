//! Company sizes as ranges: `100〜499名`, `1,000+`, `50-99`, `250` (SPEC §10).

use super::lead::Employees;

/// Reads an employee count or range; `None` when the text holds no number. Upper bounds
/// (`50名以下`, `10人未満`, `under 10`, `-50`, `〜50`) and lower bounds (`1000名以上`, `1,000+`,
/// `over 500`, `50〜`) are told apart; `万` and `千` multiply (`1万人以上`).
pub fn parse_employees(text: &str) -> Option<Employees> {
    let t: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '～' | '〜' | '~' => '~',
            c => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | '名' | '人') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let numbers = numbers_in(&t);
    let has = |marks: &[&str]| marks.iter().any(|m| t.contains(m));
    let leading = t.starts_with(['-', '~', '<', '≦', '≤']);
    let trailing = t.ends_with(['~', '+']);
    match numbers.as_slice() {
        [] => None,
        [n] if has(&["未満", "under", "lessthan", "fewerthan", "<"]) => Some(Employees {
            min: None,
            max: Some(n.saturating_sub(1)),
        }),
        [n] if leading || has(&["以下", "upto", "まで", "≦", "≤"]) => Some(Employees {
            min: None,
            max: Some(*n),
        }),
        [n] if trailing || has(&["以上", "over", "morethan", "超", "≧", "≥", ">"]) => {
            Some(Employees {
                min: Some(*n),
                max: None,
            })
        }
        [n] => Some(Employees {
            min: Some(*n),
            max: Some(*n),
        }),
        [a, b, ..] => Some(Employees {
            min: Some(*a.min(b)),
            max: Some(*a.max(b)),
        }),
    }
}

/// The numbers in `t`, each multiplied by a `万`, `千` or `k` right after it. A dot followed
/// by a fraction and such a mark is a decimal (`2.5k`, `1.5万`); a dot followed by exactly
/// three digits and no mark is a thousands separator as Europe writes it (`1.000`, `10.000+`).
fn numbers_in(t: &str) -> Vec<u32> {
    let chars: Vec<char> = t.chars().collect();
    let digits_at = |from: usize| {
        chars[from.min(chars.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let value = |from: usize, len: usize| {
        chars[from..from + len]
            .iter()
            .filter_map(|c| c.to_digit(10))
            .fold(0u64, |n, d| {
                n.saturating_mul(10).saturating_add(u64::from(d))
            })
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let len = digits_at(i);
        if len == 0 {
            i += 1;
            continue;
        }
        let mut n = value(i, len) as f64;
        i += len;
        loop {
            let frac = if chars.get(i) == Some(&'.') {
                digits_at(i + 1)
            } else {
                0
            };
            let mark = chars.get(i + 1 + frac).copied();
            if frac > 0 && matches!(mark, Some('万' | '千' | 'k')) {
                n += value(i + 1, frac) as f64 / 10f64.powi(i32::try_from(frac).unwrap_or(0));
                i += 1 + frac;
                break;
            }
            if frac == 3 {
                n = n * 1000.0 + value(i + 1, 3) as f64;
                i += 4;
                continue;
            }
            // Another fraction (`2.5`): the whole number; the rest is skipped.
            if frac > 0 {
                i += 1 + frac;
            }
            break;
        }
        let times = match chars.get(i) {
            Some('万') => 10_000.0,
            Some('千' | 'k') => 1_000.0,
            _ => 1.0,
        };
        let n = (n * times).round();
        out.push(if n >= f64::from(u32::MAX) {
            u32::MAX
        } else {
            n as u32
        });
    }
    out
}

/// Shows a range the way a rep writes it.
pub fn format_employees(e: &Employees) -> String {
    match (e.min, e.max) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        (Some(a), None) => format!("{a}+"),
        (None, Some(b)) => format!("-{b}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(min: Option<u32>, max: Option<u32>) -> Option<Employees> {
        Some(Employees { min, max })
    }

    #[test]
    fn the_forms_real_exports_use() {
        assert_eq!(parse_employees("100〜499名"), r(Some(100), Some(499)));
        assert_eq!(parse_employees("1,000+"), r(Some(1000), None));
        assert_eq!(parse_employees("50-99"), r(Some(50), Some(99)));
        assert_eq!(parse_employees("250"), r(Some(250), Some(250)));
        assert_eq!(parse_employees("1000名以上"), r(Some(1000), None));
        assert_eq!(parse_employees("unknown"), None);
        assert_eq!(parse_employees("1,000～4,999名"), r(Some(1000), Some(4999)));
        assert_eq!(parse_employees("５０名以下"), r(None, Some(50)));
        assert_eq!(parse_employees("10人未満"), r(None, Some(9)));
        assert_eq!(parse_employees("under 10"), r(None, Some(9)));
        assert_eq!(parse_employees("〜50名"), r(None, Some(50)));
        assert_eq!(parse_employees("50名〜"), r(Some(50), None));
        assert_eq!(parse_employees("1万人以上"), r(Some(10_000), None));
        assert_eq!(parse_employees("5千〜1万名"), r(Some(5_000), Some(10_000)));
        assert_eq!(parse_employees("Over 500"), r(Some(500), None));
        assert_eq!(parse_employees("10,001+"), r(Some(10_001), None));
    }

    /// Decimals before a thousands mark, and dots as thousands separators.
    #[test]
    fn decimals_and_european_thousands() {
        assert_eq!(parse_employees("2.5k"), r(Some(2500), Some(2500)));
        assert_eq!(parse_employees("1.5万人"), r(Some(15_000), Some(15_000)));
        assert_eq!(parse_employees("1.000"), r(Some(1000), Some(1000)));
        assert_eq!(parse_employees("10.000+"), r(Some(10_000), None));
        assert_eq!(
            parse_employees("1.000.000"),
            r(Some(1_000_000), Some(1_000_000))
        );
        assert_eq!(parse_employees("1.000-4.999"), r(Some(1000), Some(4999)));
        assert_eq!(parse_employees("2.5"), r(Some(2), Some(2)));
    }

    #[test]
    fn every_range_prints_to_text_that_reads_back_the_same() {
        for (min, max) in [
            (Some(50), Some(99)),
            (Some(7), Some(7)),
            (Some(1000), None),
            (None, Some(49)),
        ] {
            let e = Employees { min, max };
            assert_eq!(parse_employees(&format_employees(&e)), Some(e));
        }
    }

    #[test]
    fn ranges_print_back() {
        assert_eq!(
            format_employees(&Employees {
                min: Some(50),
                max: Some(99)
            }),
            "50-99"
        );
        assert_eq!(
            format_employees(&Employees {
                min: Some(1000),
                max: None
            }),
            "1000+"
        );
    }
}
