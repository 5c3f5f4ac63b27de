//! Spreadsheet-safe cells (SPEC §10, OWASP "CSV injection"): a cell beginning with `=`, `+`,
//! `-`, `@`, tab, CR or LF gets a leading `'`, except plain numbers and E.164 phones. Import
//! removes that `'` again, so both modes round-trip.

use crate::domain::phone::is_e164;

/// The characters a spreadsheet reads as the start of a formula.
const TRIGGERS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// Whether a cell is a plain number (`-12`, `+3.5`, `42`).
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let mut parts = body.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a cell needs a leading `'`: it starts with a trigger (and is no number or E.164
/// phone), or it starts with a `'` that import would otherwise take for a neutraliser.
pub fn needs_neutralising(cell: &str) -> bool {
    match cell.chars().next() {
        Some(c) if TRIGGERS.contains(&c) => !is_plain_number(cell) && !is_e164(cell),
        Some('\'') => needs_neutralising(&cell[1..]),
        _ => false,
    }
}

/// The cell as written to a spreadsheet-safe CSV.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_neutralising(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`neutralise`] (import side).
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_neutralising(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_a_quote_numbers_and_phones_do_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("-12.5"), "-12.5");
        assert_eq!(neutralise("+81312345678"), "+81312345678");
        assert_eq!(neutralise("+81 3-1234-5678"), "'+81 3-1234-5678");
        assert_eq!(neutralise("山田"), "山田");
        assert_eq!(neutralise("'=x"), "''=x");
        assert_eq!(neutralise("'hello"), "'hello");
    }

    #[test]
    fn import_takes_the_quote_off_again() {
        for cell in [
            "=1+1",
            "'=x",
            "''=x",
            "-",
            "'hello",
            "+81312345678",
            "-5",
            "@a",
        ] {
            assert_eq!(unneutralise(&neutralise(cell)), cell, "{cell}");
        }
    }

    proptest::proptest! {
        #[test]
        fn no_formula_trigger_survives_except_numbers_and_phones(cell in ".*") {
            let out = neutralise(&cell);
            if let Some(c) = out.chars().next() {
                if TRIGGERS.contains(&c) {
                    proptest::prop_assert!(is_plain_number(&out) || is_e164(&out), "{out:?}");
                }
            }
            proptest::prop_assert_eq!(unneutralise(&out), cell.as_str());
        }
    }
}
