//! Company sizes as ranges: `100〜499名`, `1,000+`, `50-99`, `250` (SPEC §10).

use super::lead::Employees;

/// Reads an employee count or range; `None` when the text holds no number.
pub fn parse_employees(text: &str) -> Option<Employees> {
    let t: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            ',' | '，' | '名' | '人' | ' ' | '　' => '\u{0}',
            c => c,
        })
        .filter(|c| *c != '\u{0}')
        .collect();
    let numbers: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let open_ended = t.contains('+')
        || t.contains('以')
        || t.contains('~') && numbers.len() == 1
        || t.contains('〜') && numbers.len() == 1;
    match numbers.as_slice() {
        [] => None,
        [n] if open_ended => Some(Employees {
            min: Some(*n),
            max: None,
        }),
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
