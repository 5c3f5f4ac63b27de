//! Export: files 0600 via a temporary file, UTF-8 with BOM or CP932 (failing with the rows it
//! cannot encode), JSON and JSON Lines, filters; Japanese text survives import → show → export →
//! import byte for byte.

use crate::cli::Sandbox;
use crate::import_support::*;

const JA: &str = "氏名,会社名,メールアドレス,電話番号,備考\r\n山田 太郎,山田商事株式会社,taro@example.jp,03-1234-5678,\"一行目\r\n二行目\"\r\n鈴木 花子,株式会社～テスト,hanako@example.jp,090-1111-2222,\r\n";

#[test]
fn japanese_text_survives_import_show_export_import_byte_for_byte() {
    let sb = Sandbox::new();
    let original = cp932(JA);
    let p = file(&sb, "ja.csv", &original);
    import(&sb, &p, &[]);
    assert_eq!(
        show(&sb, "hanako@example.jp")["company"],
        "株式会社～テスト"
    );
    let out = sb.dir.path().join("out.csv");
    let (code, _, err) = sb.run(&[
        "export",
        "--encoding",
        "cp932",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    let exported = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));
    for cell in [
        "山田 太郎",
        "山田商事株式会社",
        "株式会社～テスト",
        "鈴木 花子",
    ] {
        let bytes = cp932(cell);
        assert!(
            exported.windows(bytes.len()).any(|w| w == bytes.as_slice()),
            "{cell} not byte for byte in the CP932 export"
        );
        assert!(original.windows(bytes.len()).any(|w| w == bytes.as_slice()));
    }
    // And back in: a fresh database gets the same text.
    let sb2 = Sandbox::new();
    let (code, report) = import(&sb2, &out, &[]);
    assert_eq!(code, 0, "{report}");
    for email in ["taro@example.jp", "hanako@example.jp"] {
        let (a, b) = (show(&sb, email), show(&sb2, email));
        for k in ["full_name", "company", "notes", "phone", "stage"] {
            assert_eq!(a[k], b[k], "{email} {k}");
        }
        // Phones go out as E.164 (a national number would be read back in the importing
        // rep's country): the numbers and kinds come back, the text as the number.
        let numbers = |l: &serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value)> {
            l["phones"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| (p["number"].clone(), p["kind"].clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(numbers(&a), numbers(&b), "{email} phones");
    }
}

#[test]
fn csv_export_is_private_with_a_bom_and_neutralised() {
    let sb = Sandbox::new();
    let p = file(
        &sb,
        "f.csv",
        "email,company,phone\na@x.com,=1+1,+81312345678\nb@x.com,-5,\n".as_bytes(),
    );
    import(&sb, &p, &[]);
    let out = sb.dir.path().join("out.csv");
    let (code, _, err) = sb.run(&["export", "-o", &out.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600);
    }
    let bytes = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains(",'=1+1,"), "{text}");
    assert!(
        text.contains(",+81312345678,"),
        "E.164 stays a phone: {text}"
    );
    assert!(text.contains(",-5,"), "a number stays a number: {text}");
    let (_, raw, _) = sb.run(&["export", "--raw"]);
    assert!(raw.contains(",=1+1,"), "{raw}");
    // No temporary file is left next to the export.
    let leftovers: Vec<_> = std::fs::read_dir(sb.dir.path())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".leadbench-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn cp932_export_fails_listing_the_rows_it_cannot_encode() {
    let sb = Sandbox::new();
    let p = file(
        &sb,
        "u.csv",
        "email,name\nok@x.com,山田 太郎\nemoji@x.com,Party 🎉\nkanji@x.com,𠮷野家\n".as_bytes(),
    );
    import(&sb, &p, &[]);
    let out = sb.dir.path().join("out.csv");
    let (code, _, err) = sb.run(&[
        "export",
        "--encoding",
        "cp932",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("Party"), "{err}");
    assert!(err.contains("𠮷野家"), "{err}");
    assert!(!err.contains("山田"), "{err}");
    assert!(!out.exists(), "nothing is written when the export fails");
}

#[test]
fn json_and_json_lines_with_filters() {
    let sb = Sandbox::new();
    let p = file(
        &sb,
        "s.csv",
        "email,status,colour\na@x.com,new,red\nb@x.com,CONNECTED,\nc@x.com,UNQUALIFIED,\n"
            .as_bytes(),
    );
    import(&sb, &p, &[]);
    let all = sb.json(&["export", "--format", "json"]);
    let arr = all.as_array().cloned().unwrap_or_default();
    assert_eq!(arr.len(), 3);
    assert_eq!(find(&arr, "a@x.com")["extra"]["colour"], "red");
    for key in [
        "id",
        "full_name",
        "company",
        "phones",
        "stage",
        "score",
        "grade",
        "created_at",
    ] {
        assert!(arr[0].get(key).is_some(), "{key}");
    }
    let (code, lines, _) = sb.run(&["export", "--format", "jsonl", "--stage", "engaged"]);
    assert_eq!(code, 0);
    let rows: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["email"], "b@x.com");
}

/// More rows than the two-thread export holds in flight: to stdout (written on the thread that
/// holds stdout's lock) and to a file (formatted on a second thread) it writes the same bytes.
#[test]
fn a_large_export_to_stdout_and_to_a_file_is_the_same() {
    let sb = Sandbox::new();
    let mut csv = String::from("Name,Email,Phone,Region\r\n");
    for n in 0..6000 {
        csv.push_str(&format!(
            "Lead {n},lead{n}@example.com,03-1234-{:04},=R{}\r\n",
            n % 10_000,
            n % 7
        ));
    }
    let p = file(&sb, "many.csv", csv.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    let (code, stdout, err) = sb.run(&["export"]);
    assert_eq!(code, 0, "{err}");
    let out = sb.dir.path().join("many-out.csv");
    let (code, _, err) = sb.run(&["export", "-o", &out.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stdout, written);
    assert_eq!(written.matches("\r\n").count(), 6001);
    assert!(written.contains(",'=R3\r\n"), "extra fields neutralised");
}

/// A national number goes out in E.164: read back by a rep in another country (or the default
/// Japan) it is still the same number, never a Japanese number with the same digits.
#[test]
fn phones_go_out_in_e164_and_come_back_as_the_same_numbers() {
    let sb = Sandbox::new();
    let p = file(
        &sb,
        "de.csv",
        "Vorname,Nachname,E-Mail,Telefon,Land\r\nLena,Koch,lena@koch.de,0171 1234567,DE\r\n"
            .as_bytes(),
    );
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(show(&sb, "lena@koch.de")["phone"], "+491711234567");
    let out = sb.dir.path().join("out.csv");
    for raw in [false, true] {
        let mut args = vec!["export", "-o"];
        let path = out.to_string_lossy().into_owned();
        args.push(&path);
        if raw {
            args.push("--raw");
        }
        let (code, _, err) = sb.run(&args);
        assert_eq!(code, 0, "{err}");
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(text.contains(",+491711234567,"), "raw {raw}: {text}");
        let sb2 = Sandbox::new();
        let (code, report) = import(&sb2, &out, &[]);
        assert_eq!(code, 0, "{report}");
        assert_eq!(show(&sb2, "lena@koch.de")["phone"], "+491711234567");
    }
}
