//! The terminal is given back as it was on every way out (SPEC §11): quit, Ctrl-C, an error,
//! a panic, SIGTERM and SIGHUP. leadbench runs under a shell in a pseudo-terminal; after it
//! ends the shell prints `stty -a`, so the test reads the terminal's modes as the rep's shell
//! would find them, besides the raw bytes and the screen.

use std::time::{Duration, Instant};

use crate::cli::Sandbox;
use crate::pty::Tui;

/// How leadbench is made to end.
enum Ending {
    Keys(&'static str),
    Fault(&'static str),
    Signal(&'static str),
}

/// The leadbench process under the wrapping shell.
fn child_of(pid: u32) -> u32 {
    let path = format!("/proc/{pid}/task/{pid}/children");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if let Some(child) = text.split_whitespace().next().and_then(|c| c.parse().ok()) {
            return child;
        }
        assert!(Instant::now() < deadline, "no child of {pid}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn end_and_inspect(ending: &Ending) -> (Tui, String) {
    let sb = Sandbox::new();
    sb.demo(20);
    let db = sb.db().to_string_lossy().into_owned();
    let fault = match ending {
        Ending::Fault(f) => *f,
        _ => "",
    };
    let mut tui = Tui::start_program(
        &sb,
        "/bin/sh",
        &[
            "-c",
            "\"$LEADBENCH\" --db \"$1\"; echo \"EXIT:$?\"; stty -a; echo DONE",
            "sh",
            &db,
        ],
        &[("LEADBENCH_FAULT", fault), ("PATH", "/usr/bin:/bin")],
        120,
        40,
    );
    if !matches!(ending, Ending::Fault(_)) {
        tui.wait_text("Today");
        assert!(tui.alternate_screen());
    }
    match ending {
        Ending::Keys(k) => tui.send(k),
        Ending::Signal(sig) => {
            let pid = child_of(tui.pid());
            let ok = std::process::Command::new("kill")
                .args([*sig, &pid.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "kill {sig}");
        }
        Ending::Fault(_) => {}
    }
    tui.wait_text("DONE");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    (tui, raw)
}

fn assert_restored(name: &str, tui: &Tui, raw: &str) {
    assert!(
        !tui.alternate_screen(),
        "{name}: still on the alternate screen"
    );
    assert!(!tui.cursor_hidden(), "{name}: the cursor is still hidden");
    assert!(
        raw.contains("\u{1b}[?1049h"),
        "{name}: never entered the alternate screen"
    );
    let left = raw
        .rfind("\u{1b}[?1049l")
        .unwrap_or_else(|| panic!("{name}: no leave sequence"));
    let entered = raw.rfind("\u{1b}[?1049h").unwrap_or(0);
    assert!(
        left > entered,
        "{name}: the last switch was into the alternate screen"
    );
    let stty = &raw[raw.find("EXIT:").unwrap_or(0)..];
    let tokens: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            tokens.contains(&mode) && !tokens.contains(&format!("-{mode}").as_str()),
            "{name}: terminal mode {mode} not restored:\n{stty}"
        );
    }
}

#[test]
fn q_and_ctrl_c_give_the_terminal_back_with_its_modes() {
    for (name, keys) in [("q", "q"), ("Ctrl-C", "\u{3}")] {
        let (tui, raw) = end_and_inspect(&Ending::Keys(keys));
        assert_restored(name, &tui, &raw);
        assert!(raw.contains("EXIT:0"), "{name}: {raw:?}");
    }
}

#[test]
fn a_panic_restores_the_terminal_before_its_message_prints() {
    let (tui, raw) = end_and_inspect(&Ending::Fault("panic"));
    assert_restored("panic", &tui, &raw);
    let left = raw.rfind("\u{1b}[?1049l").unwrap_or(usize::MAX);
    let message = raw
        .find("injected fault")
        .unwrap_or_else(|| panic!("no panic message: {raw:?}"));
    assert!(
        message > left,
        "the panic message was printed on the alternate screen"
    );
    assert!(!raw.contains("EXIT:0"), "a panic must not exit 0");
}

#[test]
fn an_error_restores_the_terminal_and_then_names_the_error() {
    let (tui, raw) = end_and_inspect(&Ending::Fault("error"));
    assert_restored("error", &tui, &raw);
    let left = raw.rfind("\u{1b}[?1049l").unwrap_or(usize::MAX);
    let message = raw
        .find("leadbench: injected fault")
        .unwrap_or_else(|| panic!("no error message: {raw:?}"));
    assert!(
        message > left,
        "the error was printed on the alternate screen"
    );
    assert!(raw.contains("EXIT:1"), "{raw:?}");
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back_with_its_modes() {
    for sig in ["-TERM", "-HUP"] {
        let (tui, raw) = end_and_inspect(&Ending::Signal(sig));
        assert_restored(sig, &tui, &raw);
    }
}
