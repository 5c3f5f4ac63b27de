//! Country cells of exports (`Country`, `Country/Region`, `国`) to the ISO 3166 code the phone
//! parser reads national numbers in: a file of a Japanese rep may hold `(415) 555-0100` for a
//! lead in the United States, which the default country would misread as a Japanese number.

/// Names and codes as CRMs and people write them, folded as [`super::text::fold_label`]
/// folds them, with their ISO code.
const NAMES: &[(&str, &str)] = &[
    ("japan", "JP"),
    ("jpn", "JP"),
    ("日本", "JP"),
    ("日本国", "JP"),
    ("unitedstates", "US"),
    ("unitedstatesofamerica", "US"),
    ("usa", "US"),
    ("america", "US"),
    ("アメリカ", "US"),
    ("アメリカ合衆国", "US"),
    ("米国", "US"),
    ("canada", "CA"),
    ("カナダ", "CA"),
    ("unitedkingdom", "GB"),
    ("greatbritain", "GB"),
    ("england", "GB"),
    ("uk", "GB"),
    ("gbr", "GB"),
    ("イギリス", "GB"),
    ("英国", "GB"),
    ("germany", "DE"),
    ("deutschland", "DE"),
    ("deu", "DE"),
    ("ドイツ", "DE"),
    ("france", "FR"),
    ("fra", "FR"),
    ("フランス", "FR"),
    ("italy", "IT"),
    ("italia", "IT"),
    ("イタリア", "IT"),
    ("spain", "ES"),
    ("españa", "ES"),
    ("スペイン", "ES"),
    ("netherlands", "NL"),
    ("オランダ", "NL"),
    ("switzerland", "CH"),
    ("スイス", "CH"),
    ("sweden", "SE"),
    ("スウェーデン", "SE"),
    ("china", "CN"),
    ("chn", "CN"),
    ("中国", "CN"),
    ("中華人民共和国", "CN"),
    ("southkorea", "KR"),
    ("korea", "KR"),
    ("republicofkorea", "KR"),
    ("kor", "KR"),
    ("韓国", "KR"),
    ("大韓民国", "KR"),
    ("taiwan", "TW"),
    ("台湾", "TW"),
    ("hongkong", "HK"),
    ("香港", "HK"),
    ("singapore", "SG"),
    ("sgp", "SG"),
    ("シンガポール", "SG"),
    ("thailand", "TH"),
    ("タイ", "TH"),
    ("vietnam", "VN"),
    ("ベトナム", "VN"),
    ("philippines", "PH"),
    ("フィリピン", "PH"),
    ("indonesia", "ID"),
    ("インドネシア", "ID"),
    ("malaysia", "MY"),
    ("マレーシア", "MY"),
    ("india", "IN"),
    ("ind", "IN"),
    ("インド", "IN"),
    ("australia", "AU"),
    ("aus", "AU"),
    ("オーストラリア", "AU"),
    ("newzealand", "NZ"),
    ("ニュージーランド", "NZ"),
    ("brazil", "BR"),
    ("brasil", "BR"),
    ("ブラジル", "BR"),
    ("mexico", "MX"),
    ("méxico", "MX"),
    ("メキシコ", "MX"),
    ("unitedarabemirates", "AE"),
    ("uae", "AE"),
];

/// The ISO 3166 code of a country cell: a known name (English, Japanese, the local one) or
/// three-letter code, or any two-letter code; `None` when it names no country.
pub fn country_code(cell: &str) -> Option<String> {
    let folded = super::text::fold_label(cell);
    if let Some((_, code)) = NAMES.iter().find(|(name, _)| *name == folded) {
        return Some((*code).to_owned());
    }
    let upper = folded.to_ascii_uppercase();
    (upper.len() == 2 && super::phone::country_id(&upper).is_some()).then_some(upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_codes_and_japanese_names_give_the_iso_code() {
        for (cell, want) in [
            ("United States", Some("US")),
            ("U.S.A.", Some("US")),
            ("us", Some("US")),
            ("日本", Some("JP")),
            ("Ｊａｐａｎ", Some("JP")),
            ("United Kingdom", Some("GB")),
            ("UK", Some("GB")),
            ("DE", Some("DE")),
            ("ドイツ", Some("DE")),
            ("Atlantis", None),
            ("ZZ", None),
            ("", None),
        ] {
            assert_eq!(country_code(cell).as_deref(), want, "{cell}");
        }
    }
}
