//! The real binary in a pseudo-terminal: type keys, read the screen, check the database.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use crate::cli::Sandbox;

/// A running leadbench in a pseudo-terminal, its screen parsed by vt100.
pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Tui {
    pub fn start(sb: &Sandbox, args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::start_env(sb, args, &[], cols, rows)
    }

    /// [`Tui::start`] with extra environment variables.
    pub fn start_env(
        sb: &Sandbox,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Tui {
        let bin = assert_cmd::cargo::cargo_bin("leadbench");
        Tui::start_program(sb, &bin.to_string_lossy(), args, env, cols, rows)
    }

    /// Any program (a shell wrapping leadbench) in the pseudo-terminal, with the sandbox's
    /// environment; `LEADBENCH` holds the binary's path.
    pub fn start_program(
        sb: &Sandbox,
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("LEADBENCH", assert_cmd::cargo::cargo_bin("leadbench"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.env("HOME", sb.dir.path());
        cmd.env("XDG_CONFIG_HOME", sb.dir.path().join("cfg"));
        cmd.env("XDG_DATA_HOME", sb.dir.path().join("share"));
        cmd.env("LEADBENCH_NOW", "2026-11-27T01:00:00Z");
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("TZ", "UTC");
        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("{e}"));
        drop(pair.slave);
        let mut reader = pair
            .master
            .try_clone_reader()
            .unwrap_or_else(|e| panic!("{e}"));
        let writer = pair.master.take_writer().unwrap_or_else(|e| panic!("{e}"));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = p.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut r) = r.lock() {
                    r.extend_from_slice(&buf[..n]);
                }
            }
        });
        Tui {
            parser,
            raw,
            writer,
            child,
        }
    }

    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Whether the program left the cursor hidden.
    pub fn cursor_hidden(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().hide_cursor())
            .unwrap_or(false)
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    /// The process id of the program started.
    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap_or_else(|| panic!("no pid"))
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Waits (polling, with a deadline) until the screen satisfies `pred`.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if pred(&s) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_text(&self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        self.writer.flush().unwrap_or_else(|e| panic!("{e}"));
    }

    /// Waits for the process to end; returns its exit success.
    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader drain the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.success();
            }
            assert!(
                Instant::now() < deadline,
                "leadbench did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN)
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn stage_and_calls(sb: &Sandbox, id: i64) -> (String, i64) {
    let c = rusqlite::Connection::open(sb.db()).unwrap_or_else(|e| panic!("{e}"));
    let stage: String = c
        .query_row("SELECT stage FROM leads WHERE id = ?1", [id], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    let calls: i64 = c
        .query_row(
            "SELECT count(*) FROM activities WHERE lead_id = ?1 AND kind = 'call' AND undone = 0",
            [id],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    (stage, calls)
}

/// The first row of the New view, read the same way the TUI orders it.
fn top_new_lead(sb: &Sandbox) -> (i64, String) {
    let leads = sb.json(&["list", "--json", "--stage", "new"]);
    let l = &leads[0];
    (
        l["id"].as_i64().unwrap_or_default(),
        l["full_name"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn logging_a_call_with_c_n_moves_the_lead_and_q_leaves_the_alternate_screen() {
    let sb = Sandbox::new();
    sb.demo(120);
    let (id, name) = top_new_lead(&sb);
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 100, 30);
    tui.wait_text("Today");
    assert!(tui.alternate_screen());
    tui.send("2"); // the New view
    let family = name.split_whitespace().next().unwrap_or(&name).to_owned();
    tui.wait_text(&family);
    tui.send("c");
    tui.wait_for("the call popup", |s| s.contains("no answer"));
    tui.send("n");
    tui.wait_for("the note prompt", |s| s.contains("Enter"));
    tui.send("\r");
    tui.wait_text("Logged");
    assert_eq!(stage_and_calls(&sb, id), ("unreached".to_owned(), 1));
    // Undo puts it back; redo logs it again.
    tui.send("u");
    tui.wait_text("Undid");
    assert_eq!(stage_and_calls(&sb, id), ("new".to_owned(), 0));
    tui.send("\u{12}"); // Ctrl-r
    tui.wait_text("Redid");
    assert_eq!(stage_and_calls(&sb, id), ("unreached".to_owned(), 1));
    tui.send("q");
    assert!(tui.wait_exit());
    assert!(!tui.alternate_screen(), "the alternate screen was not left");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        raw.contains("\u{1b}[?1049l"),
        "no leave-alternate-screen sequence"
    );
}

#[test]
fn ctrl_c_quits_at_once_and_restores_the_terminal() {
    let sb = Sandbox::new();
    sb.demo(30);
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 80, 24);
    tui.wait_text("Today");
    tui.send("c");
    tui.send("\u{3}");
    assert!(tui.wait_exit());
    assert!(!tui.alternate_screen());
}

fn signal(tui: &Tui, sig: &str) {
    let pid = tui.child.process_id().unwrap_or_else(|| panic!("no pid"));
    let status = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for sig in ["-TERM", "-HUP"] {
        let sb = Sandbox::new();
        sb.demo(20);
        let db = sb.db().to_string_lossy().into_owned();
        let mut tui = Tui::start(&sb, &["--db", &db], 80, 24);
        tui.wait_text("Today");
        assert!(tui.alternate_screen());
        signal(&tui, sig);
        tui.wait_exit();
        assert!(
            !tui.alternate_screen(),
            "{sig}: the alternate screen was not left"
        );
        let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
        assert!(
            raw.ends_with("\u{1b}[?1049l") || raw.contains("\u{1b}[?1049l"),
            "{sig}: no leave sequence"
        );
    }
}

fn calls_logged(sb: &Sandbox) -> i64 {
    let c = rusqlite::Connection::open(sb.db()).unwrap_or_else(|e| panic!("{e}"));
    c.query_row(
        "SELECT count(*) FROM activities WHERE kind = 'call' AND undone = 0 AND at >= 1795740000",
        [],
        |r| r.get(0),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_rep_works_three_leads_of_today_with_c_and_outcome_keys() {
    let sb = Sandbox::new();
    sb.demo(200);
    let before = calls_logged(&sb);
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 100, 30);
    tui.wait_text("Today");
    for (i, outcome) in ["n", "v", "b"].iter().enumerate() {
        tui.send("c");
        tui.wait_for("the call popup", |s| s.contains("voicemail"));
        tui.send(outcome);
        tui.wait_for("the details", |s| {
            !s.contains("voicemail") || s.contains("Enter")
        });
        tui.send("\r");
        // Outside a lead's calling window the TUI asks first; answer yes.
        std::thread::sleep(Duration::from_millis(150));
        if tui.screen().contains("anyway") {
            tui.send("y");
        }
        tui.wait_for("the call logged", |_| {
            calls_logged(&sb) == before + i as i64 + 1
        });
    }
    tui.send("q");
    assert!(tui.wait_exit());
}

#[test]
fn dial_runs_the_dial_command_with_the_number_as_one_argument() {
    let sb = Sandbox::new();
    sb.demo(5);
    let record = sb.dir.path().join("dialled.txt");
    let pwned = sb.dir.path().join("PWNED");
    let script = sb.write(
        "dial.sh",
        &format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            record.display()
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let cfg = sb.write(
        "dial.toml",
        &format!(
            "[calling]\ndial_command = [\"{}\", \"tel:{{phone}}; touch {}\"]\n",
            script.display(),
            pwned.display()
        ),
    );
    let hostile = format!("Dial Target $(touch {})", pwned.display());
    let (code, _, err) = sb.run(&[
        "add",
        "--name",
        &hostile,
        "--phone",
        "03-1234-5678",
        "--email",
        "dial@example.com",
    ]);
    assert_eq!(code, 0, "{err}");
    let db = sb.db().to_string_lossy().into_owned();
    let cfg = cfg.to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db, "--config", &cfg], 100, 30);
    tui.wait_text("Today");
    tui.send("2"); // New: the lead just added is at the top (newest hand-over)
    tui.wait_text("Dial Target");
    tui.send("C");
    tui.wait_for("the dialing popup", |s| s.contains("☎"));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !record.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the dial command did not run"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    let args = std::fs::read_to_string(&record).unwrap_or_default();
    assert_eq!(
        args,
        format!("tel:+81312345678; touch {}\n", pwned.display()),
        "one argument: the template with the E.164 number, no shell"
    );
    assert!(!pwned.exists(), "shell text ran");
    tui.send("n");
    tui.send("\r");
    tui.wait_text("Logged");
    let l = sb.json(&["show", "dial@example.com", "--json"]);
    let call = l["activities"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["kind"] == "call").cloned());
    assert!(
        call.is_some_and(|c| c["data"]["duration"].is_u64()),
        "duration logged"
    );
    tui.send("q");
    assert!(tui.wait_exit());
}

#[test]
fn i_imports_a_file_off_the_ui_thread_and_shows_the_result() {
    let sb = Sandbox::new();
    sb.demo(10);
    let csv = sb.write(
        "fair.csv",
        "氏名,会社名,メールアドレス,電話番号\r\n山田 太郎,山田商事株式会社,taro@example.jp,03-1234-5678\r\n,,,\r\n鈴木 花子,鈴木工業,hanako@example.jp,090-1111-2222\r\n",
    );
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 100, 30);
    tui.wait_text("Today");
    tui.send("i");
    tui.wait_text("CSV");
    tui.send(&csv.to_string_lossy());
    tui.send("\r");
    tui.wait_for("the import report", |s| s.contains("imported 2"));
    assert!(tui.screen().contains("line 3"), "{}", tui.screen());
    tui.send(" "); // any key closes the report
    tui.send("q");
    assert!(tui.wait_exit());
    let l = sb.json(&["show", "taro@example.jp", "--json"]);
    assert_eq!(l["phone"], "+81312345678");
}

#[test]
fn equals_merges_the_two_marked_leads_and_u_undoes_it() {
    let sb = Sandbox::new();
    sb.demo(5);
    for (name, email) in [
        ("Merge One", "one@example.com"),
        ("Merge Two", "two@example.com"),
    ] {
        assert_eq!(
            sb.run(&[
                "add",
                "--name",
                name,
                "--email",
                email,
                "--phone",
                "+12125550100"
            ])
            .0,
            0
        );
    }
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 100, 30);
    tui.wait_text("Today");
    tui.send("2");
    tui.wait_text("Merge Two");
    tui.send("  "); // mark the top two rows (the two leads just added)
    tui.wait_text("2 marked");
    tui.send("=");
    tui.wait_text("Merge");
    tui.send("y");
    tui.wait_text("Merged");
    let count = |sb: &Sandbox| sb.json(&["list", "--json"]).as_array().map_or(0, Vec::len);
    let merged = count(&sb);
    tui.send("u");
    tui.wait_text("Undid");
    assert_eq!(count(&sb), merged + 1, "undo brings the merged lead back");
    tui.send("q");
    assert!(tui.wait_exit());
}

/// The README's first command: `--demo` opens the TUI on a temporary database filled with
/// demo leads in every stage (written by the bulk load), and quits cleanly.
#[test]
fn the_demo_flag_opens_a_filled_temporary_database_and_quits_cleanly() {
    let sb = Sandbox::new();
    let mut tui = Tui::start(&sb, &["--demo"], 100, 30);
    tui.wait_text("Today");
    assert!(tui.alternate_screen());
    tui.send("2"); // the New view: the demo has new leads in it
    tui.wait_for("a demo lead in the New view", |s| {
        s.contains("株式会社") || s.contains("Inc") || s.contains("Ltd") || s.contains("LLC")
    });
    tui.send("q");
    assert!(tui.wait_exit());
    assert!(!tui.alternate_screen(), "the alternate screen was not left");
}
