use super::*;
use crate::domain::{Lead, Phone, PhoneKind};

fn lead() -> Lead {
    Lead {
        first_name: "大輔".into(),
        last_name: "中野".into(),
        full_name: "中野 大輔".into(),
        reading: "ナカノ ダイスケ".into(),
        company: "東和工業株式会社".into(),
        email: "nakano.daisuke@towa-kogyo.example".into(),
        phones: vec![Phone {
            number: Some("+81312345678".into()),
            raw: "03-1234-5678".into(),
            kind: PhoneKind::Main,
            invalid: false,
        }],
        ..Lead::default()
    }
}

fn hit(q: &str) -> bool {
    Query::parse(q).matches(&search_doc(&lead()))
}

#[test]
fn japanese_queries_of_any_length_match_substrings() {
    for q in [
        "中",
        "野",
        "中野",
        "野大",
        "中野大輔",
        "中野 大輔",
        "工業",
        "株式会社",
        "業株",
    ] {
        assert!(hit(q), "{q}");
    }
    for q in ["山", "中大", "工株"] {
        assert!(!hit(q), "{q}");
    }
}

#[test]
fn kana_readings_match_in_hiragana_and_katakana() {
    assert!(hit("なかの"));
    assert!(hit("ナカノ"));
    assert!(hit("だいすけ"));
    assert!(!hit("なかむら"));
}

#[test]
fn half_width_katakana_readings_match_full_width_and_hiragana_queries() {
    let mut l = lead();
    l.reading = "ﾅｶﾉ ﾀﾞｲｽｹ".into();
    let doc = search_doc(&l);
    for q in ["ナカノ", "ダイスケ", "だいすけ", "ﾀﾞｲ", "ノダ"] {
        assert!(Query::parse(q).matches(&doc), "{q}");
    }
    // The voiced mark is composed, not a token of its own: タイ is not ダイ.
    assert!(!Query::parse("タイス").matches(&doc));
}

#[test]
fn english_words_and_email_match_by_prefix_case_insensitively() {
    assert!(hit("Nakano"));
    assert!(hit("naka"));
    assert!(hit("towa-kogyo"));
    assert!(hit("nakano.daisuke@towa"));
    assert!(hit("ＮＡＫＡＮＯ"), "full-width letters");
    assert!(!hit("akano"));
}

#[test]
fn phone_numbers_in_national_and_international_form() {
    for q in [
        "03-1234-5678",
        "0312345678",
        "+81312345678",
        "+81 3-1234-5678",
        "03-1234",
        "5678",
    ] {
        assert!(hit(q), "{q}");
    }
    assert!(!hit("03-9999"));
    assert_eq!(
        national_digits("+12125550100").as_deref(),
        Some("2125550100")
    );
    assert_eq!(
        national_digits("+442079460958").as_deref(),
        Some("02079460958")
    );
}

#[test]
fn accents_fold_and_the_fts_expression_quotes_every_term() {
    let mut l = lead();
    l.full_name = "Chloé Mitchell".into();
    let doc = search_doc(&l);
    assert!(Query::parse("chloe").matches(&doc));
    assert!(Query::parse("CHLOÉ mit").matches(&doc));
    assert_eq!(Query::parse("中野 nak").fts(), "\"中 野\" \"nak\"*");
    assert!(Query::parse("  -- ").is_empty());
}
