//! Phone numbers to E.164 (SPEC §10). A small rule set for the countries leadbench's users call
//! most; anything it cannot read stays as raw text and is marked invalid.

/// Country calling codes for the default-country setting (ISO 3166 alpha-2).
fn calling_code(country: &str) -> Option<&'static str> {
    Some(match country.to_ascii_uppercase().as_str() {
        "JP" => "81",
        "US" | "CA" => "1",
        "GB" | "UK" => "44",
        "DE" => "49",
        "FR" => "33",
        "KR" => "82",
        "CN" => "86",
        "TW" => "886",
        "SG" => "65",
        "AU" => "61",
        "IN" => "91",
        _ => return None,
    })
}

/// Normalises a phone number to E.164, reading national numbers in `default_country`.
pub fn normalize_phone(raw: &str, default_country: &str) -> Option<String> {
    let text: String = raw
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '＋' => '+',
            c => c,
        })
        .collect();
    // Cut an extension ("ext. 12", "内線12", "x12").
    let main = ["ext", "内線", "x", "#"]
        .iter()
        .filter_map(|m| text.to_lowercase().find(m))
        .min()
        .map_or(text.as_str(), |i| &text[..i]);
    let plus = main.trim_start().starts_with('+') || main.trim_start().starts_with("00");
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    let national_ok = |d: &str| (6..=15).contains(&d.len());
    if plus {
        let d = digits.strip_prefix("00").unwrap_or(&digits);
        return national_ok(d).then(|| format!("+{d}"));
    }
    let code = calling_code(default_country)?;
    if code == "1" {
        let d = digits
            .strip_prefix('1')
            .filter(|d| d.len() == 10)
            .unwrap_or(&digits);
        return (d.len() == 10).then(|| format!("+1{d}"));
    }
    let national = digits.strip_prefix('0')?;
    (national_ok(national) && national.len() >= 8).then(|| format!("+{code}{national}"))
}

/// The country a number's calling code belongs to, for the lead's time zone (SPEC §1).
pub fn timezone_for_number(e164: &str) -> Option<&'static str> {
    let d = e164.strip_prefix('+')?;
    let zones: [(&str, &str); 10] = [
        ("81", "Asia/Tokyo"),
        ("44", "Europe/London"),
        ("49", "Europe/Berlin"),
        ("33", "Europe/Paris"),
        ("82", "Asia/Seoul"),
        ("86", "Asia/Shanghai"),
        ("886", "Asia/Taipei"),
        ("65", "Asia/Singapore"),
        ("61", "Australia/Sydney"),
        ("1", "America/New_York"),
    ];
    zones
        .iter()
        .find(|(c, _)| d.starts_with(c))
        .map(|(_, z)| *z)
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
            normalize_phone("03-1234-5678 内線 12", "JP").as_deref(),
            Some("+81312345678")
        );
    }

    #[test]
    fn text_that_is_no_number_stays_unnormalised() {
        assert_eq!(normalize_phone("call reception", "JP"), None);
        assert_eq!(normalize_phone("12", "JP"), None);
    }

    #[test]
    fn zones_follow_the_calling_code() {
        assert_eq!(timezone_for_number("+81312345678"), Some("Asia/Tokyo"));
        assert_eq!(timezone_for_number("+442079460958"), Some("Europe/London"));
    }
}
