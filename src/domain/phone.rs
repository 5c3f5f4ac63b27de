//! Phone numbers to E.164 (SPEC §10) with libphonenumber's metadata (the `phonenumber` crate):
//! no hand-written numbering tables. Anything it cannot read stays raw text, marked invalid.

use phonenumber::PhoneNumber;
use phonenumber::country::Id;

/// Whether `text` is already in E.164 form (`+` and 7–15 digits, no leading zero): such text
/// skips the library (which costs microseconds a number).
pub fn is_e164(text: &str) -> bool {
    let Some(d) = text.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&d.len()) && !d.starts_with('0') && d.bytes().all(|b| b.is_ascii_digit())
}

/// The ISO 3166 country for a default-country setting ("JP", "us", "UK" …).
pub fn country_id(country: &str) -> Option<Id> {
    let upper = country.trim().to_ascii_uppercase();
    let upper = if upper == "UK" {
        "GB".to_owned()
    } else {
        upper
    };
    upper.parse().ok()
}

/// Folds full-width digits and signs to ASCII, drops bracketed notes with no digit in them
/// (`(代)`, `（代表）`, `(直通)`) and cuts Japanese extension markers the library does not
/// know (内線).
fn prepare(raw: &str) -> String {
    let folded: String = raw
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '＋' => '+',
            '－' | 'ー' | 'ｰ' | '―' | '‐' | '‑' | '‒' | '–' | '—' | '−' | '﹣' => {
                '-'
            }
            '（' => '(',
            '）' => ')',
            '　' => ' ',
            c => c,
        })
        .collect();
    // Notes with no digit go (`(代)`, `(直通)`); `(0)` and `(03)` are part of the number.
    let folded = super::text::drop_bracketed(&folded, |inside| {
        !inside.chars().any(|c| c.is_ascii_digit())
    });
    match folded.find("内線") {
        Some(i) => folded[..i].to_owned(),
        None => folded,
    }
}

/// Parses a number with the library; `None` when it is no number.
fn parse(raw: &str, country: Option<Id>) -> Option<PhoneNumber> {
    let text = prepare(raw);
    let text = text.trim();
    let text = match text.strip_prefix("00") {
        // International prefix used outside the NANP ("0044 …").
        Some(rest) if !rest.starts_with('0') && country != Some(Id::US) => format!("+{rest}"),
        _ => text.to_owned(),
    };
    phonenumber::parse(country, &text).ok()
}

/// E.164 text of a parsed number, when its length is plausible (7–15 digits, a national part
/// of at least 4).
fn e164(number: &PhoneNumber) -> Option<String> {
    let national = number.national();
    let zeros = "0".repeat(usize::from(national.zeros()));
    let text = format!("+{}{zeros}{}", number.code().value(), national.value());
    let national_len = zeros.len() + national.value().to_string().len();
    (is_e164(&text) && national_len >= 4).then_some(text)
}

/// Normalises a phone number to E.164, reading national numbers in `default_country`; `None`
/// when it is no number of that country's numbering plan (`12345`, a US number read as
/// Japanese, a digit too few), which would otherwise be dialled and matched on as real.
///
/// Validation walks the country's number patterns through the library's one shared regex
/// cache (≈ 2.5 µs a number, serialised across threads): an import of a million rows pays a
/// few seconds for it. Text already in E.164 is taken as written, without the library.
pub fn normalize_phone(raw: &str, default_country: &str) -> Option<String> {
    let trimmed = raw.trim();
    if is_e164(trimmed) {
        return Some(trimmed.to_owned());
    }
    let number = parse(trimmed, country_id(default_country))?;
    if !is_valid(&number) {
        return None;
    }
    e164(&number)
}

/// Numbers whose validity is remembered per thread before the memory is cleared.
const VALIDITY_MEMORY: usize = 1 << 16;

/// `phonenumber::is_valid`, remembered per thread by calling code, length and the first six
/// national digits. Validity follows the numbering plan: a number's type is decided by its
/// leading digits (area or mobile prefix, at most five in the plans this tool meets) and its
/// length, never by its last digits. The library's check takes ≈ 2.5 µs and a lock shared by
/// every thread; an import's numbers share a few thousand prefixes.
fn is_valid(number: &PhoneNumber) -> bool {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static KNOWN: RefCell<HashMap<(u16, u8, u8, u64), bool>> = RefCell::new(HashMap::new());
    }
    let national = number.national();
    let digits = national.value().to_string();
    let len = usize::from(national.zeros()) + digits.len();
    let head: u64 = digits
        .get(..6)
        .unwrap_or(&digits)
        .parse()
        .unwrap_or(u64::MAX);
    let key = (
        number.code().value(),
        national.zeros(),
        u8::try_from(len).unwrap_or(u8::MAX),
        head,
    );
    if let Some(known) = KNOWN.with(|k| k.borrow().get(&key).copied()) {
        return known;
    }
    let valid = phonenumber::is_valid(number);
    KNOWN.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= VALIDITY_MEMORY {
            k.clear();
        }
        k.insert(key, valid);
    });
    valid
}

/// The IANA zone of a country: its capital's, or its most populous zone.
fn zone_of_country(id: &str) -> Option<&'static str> {
    Some(match id {
        "JP" => "Asia/Tokyo",
        "US" => "America/New_York",
        "CA" => "America/Toronto",
        "GB" => "Europe/London",
        "IE" => "Europe/Dublin",
        "DE" => "Europe/Berlin",
        "FR" => "Europe/Paris",
        "IT" => "Europe/Rome",
        "ES" => "Europe/Madrid",
        "NL" => "Europe/Amsterdam",
        "BE" => "Europe/Brussels",
        "CH" => "Europe/Zurich",
        "AT" => "Europe/Vienna",
        "SE" => "Europe/Stockholm",
        "NO" => "Europe/Oslo",
        "DK" => "Europe/Copenhagen",
        "FI" => "Europe/Helsinki",
        "PL" => "Europe/Warsaw",
        "PT" => "Europe/Lisbon",
        "KR" => "Asia/Seoul",
        "CN" => "Asia/Shanghai",
        "TW" => "Asia/Taipei",
        "HK" => "Asia/Hong_Kong",
        "SG" => "Asia/Singapore",
        "MY" => "Asia/Kuala_Lumpur",
        "TH" => "Asia/Bangkok",
        "VN" => "Asia/Ho_Chi_Minh",
        "PH" => "Asia/Manila",
        "ID" => "Asia/Jakarta",
        "IN" => "Asia/Kolkata",
        "AE" => "Asia/Dubai",
        "AU" => "Australia/Sydney",
        "NZ" => "Pacific/Auckland",
        "BR" => "America/Sao_Paulo",
        "MX" => "America/Mexico_City",
        _ => return None,
    })
}

/// Calling codes that belong to one country (or one zone): no library call needed.
const SINGLE_COUNTRY_CODES: &[(&str, &str)] = &[
    ("81", "Asia/Tokyo"),
    ("1", "America/New_York"),
    ("44", "Europe/London"),
    ("49", "Europe/Berlin"),
    ("33", "Europe/Paris"),
    ("82", "Asia/Seoul"),
    ("86", "Asia/Shanghai"),
    ("886", "Asia/Taipei"),
    ("852", "Asia/Hong_Kong"),
    ("65", "Asia/Singapore"),
    ("91", "Asia/Kolkata"),
];

/// The time zone of a number's country, for the lead's time zone (SPEC §1). NANP numbers
/// (+1) all get New York's zone: which NANP country a number is in needs the library's
/// region patterns, and the calling window is checked in the lead's zone anyway.
pub fn timezone_for_number(e164: &str) -> Option<&'static str> {
    if !is_e164(e164) {
        return None;
    }
    let digits = &e164[1..];
    // The longest matching code wins (+886 before +8…).
    if let Some((_, zone)) = SINGLE_COUNTRY_CODES
        .iter()
        .filter(|(code, _)| digits.starts_with(code))
        .max_by_key(|(code, _)| code.len())
    {
        return Some(zone);
    }
    let number = phonenumber::parse(None, e164).ok()?;
    let id = number.country().id()?;
    zone_of_country(id.as_ref()).or_else(|| {
        // A NANP number whose area code the metadata could not place is still North American.
        (number.code().value() == 1).then_some("America/New_York")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_national_numbers_become_e164() {
        assert_eq!(
            normalize_phone("03-1234-5678", "JP").as_deref(),
            Some("+81312345678")
        );
        assert_eq!(
            normalize_phone("090-1111-2222", "JP").as_deref(),
            Some("+819011112222")
        );
        assert_eq!(
            normalize_phone("０３（１２３４）５６７８", "JP").as_deref(),
            Some("+81312345678")
        );
        assert_eq!(
            normalize_phone("+81 3-1234-5678", "JP").as_deref(),
            Some("+81312345678")
        );
    }

    #[test]
    fn other_countries_and_extensions() {
        assert_eq!(
            normalize_phone("(212) 555-0100", "US").as_deref(),
            Some("+12125550100")
        );
        assert_eq!(
            normalize_phone("+44 20 7946 0958", "JP").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            normalize_phone("0044 20 7946 0958", "JP").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            normalize_phone("03-1234-5678 内線 12", "JP").as_deref(),
            Some("+81312345678")
        );
        assert_eq!(
            normalize_phone("030 1234567", "DE").as_deref(),
            Some("+49301234567")
        );
    }

    #[test]
    fn text_that_is_no_number_stays_unnormalised() {
        assert_eq!(normalize_phone("call reception", "JP"), None);
        assert_eq!(normalize_phone("12", "JP"), None);
        assert_eq!(normalize_phone("", "JP"), None);
    }

    /// Digits that parse but are no number of the country's plan are not numbers: dialled,
    /// they would ring nobody (or somebody else); matched on, they would merge strangers.
    #[test]
    fn numbers_outside_the_numbering_plan_are_refused() {
        for raw in [
            "12345",          // too short for Japan
            "1-415-555-0134", // a US number read as Japanese
            "214.555.0153",   // the same, written with dots
            "0121 496 0766",  // a UK number read as Japanese
            "03-5555-012",    // a digit short
            "0312345678.0",   // a spreadsheet's number format
        ] {
            assert_eq!(normalize_phone(raw, "JP"), None, "{raw}");
        }
        for (raw, e164) in [
            ("0120-123-456", "+81120123456"),
            ("050-1234-5678", "+815012345678"),
            ("06-6123-4567", "+81661234567"),
        ] {
            assert_eq!(normalize_phone(raw, "JP").as_deref(), Some(e164), "{raw}");
        }
        assert_eq!(
            normalize_phone("0121 496 0766", "GB").as_deref(),
            Some("+441214960766")
        );
    }

    /// The remembered answer is the library's: numbers that share a prefix and differ in
    /// their last digits, across plans with short and long prefixes.
    #[test]
    fn remembered_validity_agrees_with_the_library() {
        let mut checked = 0;
        for (country, prefixes) in [
            (
                "JP",
                &[
                    "03-1234-",
                    "090-8765-",
                    "0120-12-",
                    "06-6123-",
                    "011-23-",
                    "0570-01-",
                ][..],
            ),
            (
                "US",
                &[
                    "(212) 555-",
                    "(505) 644-",
                    "(505) 640-",
                    "(730) 201-",
                    "(800) 555-",
                ][..],
            ),
            ("GB", &["020 7946 ", "0161 496 ", "07700 900"][..]),
        ] {
            for prefix in prefixes {
                for tail in (0..10_000).step_by(97) {
                    let raw = format!("{prefix}{tail:04}");
                    let Some(n) = parse(&raw, country_id(country)) else {
                        continue;
                    };
                    assert_eq!(is_valid(&n), phonenumber::is_valid(&n), "{country} {raw}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn e164_text_skips_the_library() {
        assert!(is_e164("+81312345678"));
        assert!(!is_e164("+81 3 1234 5678"));
        assert!(!is_e164("+0123456789"));
        assert_eq!(
            normalize_phone(" +81312345678 ", "US").as_deref(),
            Some("+81312345678")
        );
    }

    #[test]
    fn zones_follow_the_country() {
        assert_eq!(timezone_for_number("+81312345678"), Some("Asia/Tokyo"));
        assert_eq!(timezone_for_number("+442079460958"), Some("Europe/London"));
        assert_eq!(
            timezone_for_number("+12125550100"),
            Some("America/New_York")
        );
        assert_eq!(timezone_for_number("+4930123456"), Some("Europe/Berlin"));
        assert_eq!(timezone_for_number("not a number"), None);
    }
}
