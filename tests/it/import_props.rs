//! Property tests: the cleaner never lets a control or bidi character through; the neutraliser
//! never leaves a formula trigger (numbers and E.164 phones aside); export → import round-trips
//! in both modes.

use std::io::Cursor;

use leadbench::config::Config;
use leadbench::domain::text::is_unsafe_char;
use leadbench::io::export::csv::{CsvEncoding, CsvExport, CsvOptions};
use leadbench::io::export::neutralise::neutralise;
use leadbench::io::import::{LeadFile, ParseOptions};
use leadbench::ops::import::{ImportOptions, import_file};
use leadbench::store::{ExportFilter, Store};
use proptest::prelude::*;

fn parse_options() -> ParseOptions {
    ImportOptions::new(&Config::default(), crate::support::now()).parse
}

fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap_or_else(|e| panic!("{e}"));
    }
    w.into_inner().unwrap_or_else(|e| panic!("{e}"))
}

/// Text with the characters that matter: controls, escapes, bidi, line breaks, formulas, kana.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9 ]{0,6}",
        Just("\u{1b}[31m".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{2067}".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{9b}".to_owned()),
        Just("\r\n".to_owned()),
        Just("\t".to_owned()),
        Just("=".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just(",".to_owned()),
        Just("山田".to_owned()),
        Just("ｶﾅ".to_owned()),
        "\\PC{0,3}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_cleaner_never_lets_a_control_or_bidi_character_through(cells in prop::collection::vec(nasty(), 6)) {
        let mut row = cells.clone();
        row[1] = "a@x.com".into();
        let rows = vec![
            vec!["name".to_owned(), "email".into(), "company".into(), "title".into(), "notes".into(), "Colour".into()],
            row,
        ];
        let bytes = csv_bytes(&rows);
        let len = bytes.len() as u64;
        let mut f = LeadFile::from_reader(Cursor::new(bytes), len, &parse_options())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        while let Some(chunk) = f.next_chunk(16).map_err(|e| TestCaseError::fail(e.to_string()))? {
            for lead in chunk.into_iter().flatten().map(|r| r.lead) {
                for s in [&lead.full_name, &lead.company, &lead.title, &lead.email, &lead.reading] {
                    prop_assert!(!s.chars().any(is_unsafe_char), "{s:?}");
                }
                prop_assert!(!lead.notes.chars().any(|c| c != '\n' && is_unsafe_char(c)), "{:?}", lead.notes);
                for v in lead.extra.values() {
                    prop_assert!(!v.chars().any(is_unsafe_char), "{v:?}");
                }
            }
        }
    }

    #[test]
    fn the_neutraliser_never_leaves_a_formula_trigger(cell in nasty()) {
        let out = neutralise(&cell);
        if let Some(c) = out.chars().next() {
            if ['=', '+', '-', '@', '\t', '\r', '\n'].contains(&c) {
                let number = out.trim_start_matches(['+', '-']).split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
                prop_assert!(number || leadbench::domain::phone::is_e164(&out), "{out:?}");
            }
        }
    }
}

fn export(store: &Store, raw: bool) -> Vec<u8> {
    let filter = ExportFilter::default();
    let (ext, extra) =
        leadbench::ops::export::export_keys(store, &filter).unwrap_or_else(|e| panic!("{e}"));
    let options = CsvOptions {
        raw,
        encoding: CsvEncoding::Utf8Bom,
        tz: chrono_tz::Asia::Tokyo,
    };
    let mut w = CsvExport::new(Vec::new(), options, ext, extra).unwrap_or_else(|e| panic!("{e}"));
    leadbench::ops::export::for_each_lead(
        store,
        &filter,
        |l| -> Result<(), leadbench::ops::OpsError> {
            w.write_lead(l).map_err(|e| {
                let problem = leadbench::ops::Problem::file(std::path::Path::new("export"), &e);
                leadbench::ops::OpsError::Invalid(problem)
            })
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    w.finish().unwrap_or_else(|e| panic!("{e}"))
}

/// The export without the leadbench_id column (ids differ between databases).
fn without_ids(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| {
            rec.unwrap_or_else(|e| panic!("{e}"))
                .iter()
                .skip(1)
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn import_bytes(
    store: &mut Store,
    dir: &std::path::Path,
    name: &str,
    bytes: &[u8],
) -> leadbench::ops::import::ImportReport {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
    let options = ImportOptions::new(&Config::default(), crate::support::now());
    import_file(store, &p, &options, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-z][a-z]{0,8}",
        Just("山田".to_owned()),
        Just("株式会社テスト".to_owned()),
        Just("=SUM(A1)".to_owned()),
        Just("-Corp".to_owned()),
        Just("@home".to_owned()),
        Just("'quoted".to_owned()),
        Just("a, \"b\"".to_owned()),
        Just("François Müller".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_round_trips_in_both_modes(
        rows in prop::collection::vec((text(), text(), text(), 0u32..3, 0u32..5, text(), any::<bool>()), 1..8),
        raw in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut csv_rows = vec![vec![
            "first_name".to_owned(), "last_name".into(), "company".into(), "email".into(), "phone".into(),
            "notes".into(), "status".into(), "Colour".into(), "Record ID".into(),
        ]];
        for (i, (first, last, company, phone, stage, extra, optout)) in rows.iter().enumerate() {
            let phone = match phone { 0 => String::new(), 1 => format!("03-1234-{:04}", i), _ => format!("+81 90 1111 {:04}", i) };
            let status = ["new", "ATTEMPTED_TO_CONTACT", "CONNECTED", "UNQUALIFIED", "mystery"][*stage as usize].to_owned();
            let _ = optout;
            csv_rows.push(vec![
                first.clone(), last.clone(), company.clone(), format!("p{i}@example.com"), phone,
                format!("{company}\nline two"), status, extra.clone(), format!("{}", 100 + i),
            ]);
        }
        let mut a = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        import_bytes(&mut a, dir.path(), "in.csv", &csv_bytes(&csv_rows));
        let first = export(&a, raw);
        let mut b = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let report = import_bytes(&mut b, dir.path(), "out.csv", &first);
        prop_assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        let second = export(&b, raw);
        prop_assert_eq!(without_ids(&first), without_ids(&second));
    }
}
