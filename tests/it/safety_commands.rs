//! Lead data handed to other programs is one argument, never shell text (SPEC §11): a name or
//! address full of shell metacharacters runs nothing through `$EDITOR`, sendmail or the
//! password command. (`dial_command` is covered in pty.rs:
//! `dial_runs_the_dial_command_with_the_number_as_one_argument`.)

use std::path::Path;

use crate::cli::Sandbox;
use crate::pty::Tui;
use crate::safety_support::{REP, rep_config, script};

fn hostile_name(pwned: &Path) -> String {
    format!(
        "Evil $(touch {p}) `touch {p}`; touch {p} && touch {p} | touch {p} > {p}",
        p = pwned.display()
    )
}

/// A program that writes each argument on a line to `record`, and its input to `input`.
fn recorder(dir: &Path, name: &str, record: &Path, input: &Path) -> std::path::PathBuf {
    script(
        dir,
        name,
        &format!(
            "printf '%s\\n' \"$@\" > '{}'\nwhile IFS= read -r line; do printf '%s\\n' \"$line\"; done > '{}'\nprintf 'secret\\n'",
            record.display(),
            input.display()
        ),
    )
}

#[test]
fn the_password_command_runs_its_arguments_as_given_without_a_shell() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let pwned = dir.path().join("PWNED");
    let (record, input) = (dir.path().join("args"), dir.path().join("in"));
    let program = recorder(dir.path(), "pass", &record, &input);
    let hostile = format!("$(touch {}); touch {}", pwned.display(), pwned.display());
    let cfg = leadbench::config::SmtpConfig {
        password_env: String::new(),
        password_command: vec![program.display().to_string(), hostile.clone(), "a|b".into()],
        ..leadbench::config::SmtpConfig::default()
    };
    let got = leadbench::io::mail::smtp::password(&cfg, |_| None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.as_deref(), Some("secret"));
    assert_eq!(
        std::fs::read_to_string(&record).unwrap_or_default(),
        format!("{hostile}\na|b\n")
    );
    assert!(!pwned.exists(), "shell text ran");
}

#[test]
fn sendmail_gets_a_hostile_lead_as_data_never_as_shell_text() {
    let sb = Sandbox::new();
    sb.demo(3);
    let pwned = sb.dir.path().join("PWNED");
    let (record, input) = (sb.dir.path().join("args"), sb.dir.path().join("in"));
    let program = recorder(sb.dir.path(), "fake-sendmail", &record, &input);
    let cfg = sb.write(
        "sendmail.toml",
        &format!(
            "{REP}\n[mail]\ntransport = \"sendmail\"\nfrom = \"rep@example.com\"\n\n[mail.sendmail]\ncommand = \"{}\"\n",
            program.display()
        ),
    );
    let name = hostile_name(&pwned);
    let (code, _, err) = sb.run(&["add", "--name", &name, "--email", "evil+tag@example.com"]);
    assert_eq!(code, 0, "{err}");
    let out = sb
        .cmd()
        .args([
            "mail",
            "evil+tag@example.com",
            "first-follow-up.en",
            "--config",
        ])
        .arg(&cfg)
        .arg("--db")
        .arg(sb.db())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&record).unwrap_or_default(),
        "-i\n--\nevil+tag@example.com\n",
        "the recipient is one argument after --"
    );
    assert!(
        std::fs::read_to_string(&input)
            .unwrap_or_default()
            .contains("To:")
    );
    assert!(!pwned.exists(), "shell text ran");
}

#[test]
fn the_editor_gets_one_file_argument_and_the_hostile_text_inside_it() {
    let sb = Sandbox::new();
    sb.demo(3);
    rep_config(&sb);
    let pwned = sb.dir.path().join("PWNED");
    let (record, input) = (sb.dir.path().join("args"), sb.dir.path().join("copy"));
    // The "editor" records its arguments and copies the file it was given (shell built-ins
    // only: the pseudo-terminal has no PATH).
    let editor = script(
        sb.dir.path(),
        "editor",
        &format!(
            "printf '%s\\n' \"$@\" > '{}'\nwhile IFS= read -r line; do printf '%s\\n' \"$line\"; done < \"$1\" > '{}'",
            record.display(),
            input.display()
        ),
    );
    let name = hostile_name(&pwned);
    let (code, _, err) = sb.run(&["add", "--name", &name, "--email", "evil@example.com"]);
    assert_eq!(code, 0, "{err}");
    let db = sb.db().to_string_lossy().into_owned();
    let editor = editor.to_string_lossy().into_owned();
    let mut tui = Tui::start_env(&sb, &["--db", &db], &[("EDITOR", &editor)], 120, 35);
    tui.wait_text("Today");
    tui.send("2"); // New: the lead just added is at the top
    tui.wait_text("Evil");
    tui.send("e");
    tui.wait_for("the compose popup", |s| {
        s.contains("Subject") || s.contains("first-follow-up")
    });
    tui.send("E");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !input.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the editor did not run"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let args = std::fs::read_to_string(&record).unwrap_or_default();
    assert_eq!(args.lines().count(), 1, "one argument, the file: {args:?}");
    assert!(args.contains("leadbench-mail-"), "{args}");
    assert!(
        std::fs::read_to_string(&input)
            .unwrap_or_default()
            .contains("Subject")
    );
    assert!(!pwned.exists(), "shell text ran");
    tui.send("\u{1b}");
    tui.send("q");
    tui.wait_exit();
}
