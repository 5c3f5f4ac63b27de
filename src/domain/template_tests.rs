use proptest::prelude::*;

use super::*;

fn fields(name: &str) -> Option<String> {
    match name {
        "first_name" => Some("Jane".into()),
        "company" => Some("Acme".into()),
        "title" => Some(String::new()),
        n if MERGE_FIELDS.contains(&n) => Some(String::new()),
        _ => None,
    }
}

#[test]
fn a_template_file_parses_front_matter_and_body() {
    let t = parse(
        "+++\nname = \"First\"\nsubject = \"Hello {{first_name}}\"\nstages = [\"new\", \"unreached\"]\n+++\n\nHi {{first_name}}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.name, "First");
    assert_eq!(t.subject, "Hello {{first_name}}");
    assert_eq!(t.stages, vec![Stage::New, Stage::Unreached]);
    assert_eq!(t.body, "Hi {{first_name}}\n");
}

#[test]
fn bad_front_matter_is_an_error_with_a_line() {
    assert!(parse("Hello").is_err());
    assert!(parse("+++\nsubject = \"x\"\n").is_err());
    let e = parse("+++\nsubject = \"x\"\ncolour = 1\n+++\nbody").err();
    assert!(e.is_some_and(|e| e.msg.contains("colour")));
    let e = parse("+++\nsubject = \"x\"\nstages = [\"won\"]\n+++\nbody").err();
    assert!(e.is_some_and(|e| e.msg.contains("won")));
}

#[test]
fn fallbacks_take_the_first_non_empty_alternative() {
    assert_eq!(
        render("Hi {{ title | first_name }}", &fields)
            .ok()
            .as_deref(),
        Some("Hi Jane")
    );
    assert_eq!(
        render("Hi {{title|\"there\"}}", &fields).ok().as_deref(),
        Some("Hi there")
    );
    assert_eq!(
        render("{{\"{{\"}} and {{\"a \\\"q\\\" |}}\"}}", &fields)
            .ok()
            .as_deref(),
        Some("{{ and a \"q\" |}}")
    );
}

#[test]
fn an_unknown_field_blocks_and_is_named_even_behind_a_fallback() {
    let e = render("Hi {{first_name|frist_name}}\n{{shoe}}", &fields).err();
    assert_eq!(
        e,
        Some(vec![
            Problem::Unknown {
                field: "frist_name".into(),
                line: 1
            },
            Problem::Unknown {
                field: "shoe".into(),
                line: 2
            },
        ])
    );
}

#[test]
fn an_empty_field_blocks_and_is_named() {
    let e = render("a\nb {{title|department}}", &fields).err();
    assert_eq!(
        e,
        Some(vec![Problem::Empty {
            field: "title".into(),
            line: 2
        }])
    );
}

#[test]
fn malformed_placeholders_are_syntax_problems() {
    for bad in [
        "{{",
        "{{first_name",
        "{{|}}",
        "{{a b}}",
        "{{\"open}}",
        "{{ }}",
    ] {
        let e = render(bad, &fields).err();
        assert!(
            e.is_some_and(|p| p.iter().any(|p| matches!(p, Problem::Syntax { .. }))),
            "{bad}"
        );
    }
}

proptest! {
    #[test]
    fn rendering_never_panics(s in "\\PC{0,200}") {
        let _ = render(&s, &fields);
        let _ = parse(&s);
    }

    #[test]
    fn rendering_never_panics_on_brace_soup(s in "[{}|\"\\\\a-z_. \n]{0,80}") {
        let _ = render(&s, &fields);
    }

    #[test]
    fn unknown_fields_never_pass_silently(
        pre in "[a-z ]{0,10}",
        name in "[a-z_]{1,12}",
        known in prop::sample::select(MERGE_FIELDS),
        unknown_first in any::<bool>(),
    ) {
        prop_assume!(!MERGE_FIELDS.contains(&name.as_str()));
        let text = if unknown_first {
            format!("{pre}{{{{{name}|{known}}}}}")
        } else {
            format!("{pre}{{{{{known}|{name}|\"x\"}}}}")
        };
        let r = render(&text, &fields);
        let named = r.as_ref().err().is_some_and(|p| {
            p.iter().any(|p| *p == Problem::Unknown { field: name.clone(), line: 1 })
        });
        prop_assert!(named, "{text} gave {r:?}");
    }

    #[test]
    fn a_rendered_text_holds_no_placeholder_of_a_known_field(
        parts in prop::collection::vec(
            prop_oneof![
                "[a-z ,.]{0,8}".prop_map(|s| s),
                prop::sample::select(vec!["{{first_name}}", "{{company}}", "{{title|company}}"])
                    .prop_map(str::to_owned),
            ],
            0..8,
        )
    ) {
        let text: String = parts.concat();
        let out = render(&text, &fields);
        prop_assert!(out.as_ref().is_ok_and(|o| !o.contains("{{")), "{text} → {out:?}");
    }
}

#[test]
fn an_empty_rep_field_says_where_the_configuration_sets_it() {
    let p = Problem::Empty {
        field: "rep.name".into(),
        line: 3,
    };
    let en = p.text(Lang::En);
    assert!(
        en.contains("`rep.name`") && en.contains("[rep]") && en.contains("name"),
        "{en}"
    );
    let ja = p.text(Lang::Ja);
    assert!(ja.contains("[rep]") && ja.contains("config.toml"), "{ja}");
    let lead_field = Problem::Empty {
        field: "title".into(),
        line: 1,
    }
    .text(Lang::En);
    assert!(!lead_field.contains("config.toml"), "{lead_field}");
}
