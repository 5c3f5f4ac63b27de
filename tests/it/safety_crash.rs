//! Crashes (SPEC §11): `kill -9` at random points of a large import and of a stream of call
//! logs. After every kill the file passes `PRAGMA integrity_check`, the import is all or
//! nothing, and every acknowledged write (the CLI exited 0) is there.
//!
//! CI: 5 kills of each kind; full (`LEADBENCH_SAFETY_FULL=1`): 50 of each. The kill points
//! come from a fixed seed, so a failure replays.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli::Sandbox;
use crate::safety_support::{Rng, count, figure, integrity, scale};

fn leadbench(sb: &Sandbox, args: &[&str]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("leadbench"));
    c.env_clear()
        .env("HOME", sb.dir.path())
        .env("XDG_CONFIG_HOME", sb.dir.path().join("cfg"))
        .env("LEADBENCH_NOW", "2026-11-27T01:00:00Z")
        .env("TZ", "UTC")
        .args(args)
        .arg("--db")
        .arg(sb.db())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Kills `child` with SIGKILL after `delay` unless it ended first; true when it exited 0
/// before the kill (an acknowledged write).
fn kill_after(mut child: Child, delay: Duration) -> bool {
    let deadline = Instant::now() + delay;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return status.success();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill(); // SIGKILL
    child.wait().is_ok_and(|s| s.success())
}

fn csv(dir: &Path, round: usize, rows: usize) -> std::path::PathBuf {
    let mut text = String::from("Full Name,Company,Email,Phone\n");
    for i in 0..rows {
        text.push_str(&format!(
            "Crash Lead {round}-{i},Crash Co {i},r{round}-{i}@crash.example,+1 212 555 {:04}\n",
            i % 10_000
        ));
    }
    let p = dir.join(format!("crash-{round}.csv"));
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    p
}

fn imported(sb: &Sandbox, round: usize) -> i64 {
    count(
        &sb.db(),
        &format!("SELECT count(*) FROM leads WHERE email LIKE 'r{round}-%@crash.example'"),
    )
}

#[test]
fn a_killed_import_is_all_or_nothing_and_the_file_stays_sound() {
    let kills = scale(5, 50);
    let rows = scale(1_500, 5_000);
    let sb = Sandbox::new();
    sb.demo(50);
    // Calibrate: how long a whole import takes here, so kills land inside it.
    let file = csv(sb.dir.path(), 0, rows);
    let started = Instant::now();
    let status = leadbench(&sb, &["import", &file.to_string_lossy()])
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    let full = started.elapsed();
    assert!(status.success());
    assert_eq!(imported(&sb, 0), rows as i64);
    let mut rng = Rng::new(0x0005_eed1);
    let (mut interrupted, mut completed, mut whole) = (0, 0, 0);
    for round in 1..=kills {
        let file = csv(sb.dir.path(), round, rows);
        let child = leadbench(&sb, &["import", &file.to_string_lossy()])
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let delay = Duration::from_millis(rng.range(5, full.as_millis() as u64 + 20));
        let acknowledged = kill_after(child, delay);
        assert_eq!(
            integrity(&sb.db()),
            "ok",
            "round {round}: integrity after the kill"
        );
        let n = imported(&sb, round);
        if acknowledged {
            completed += 1;
            assert_eq!(
                n, rows as i64,
                "round {round}: an acknowledged import is whole"
            );
        } else {
            interrupted += 1;
            whole += usize::from(n == rows as i64);
            assert!(
                n == 0 || n == rows as i64,
                "round {round}: half an import ({n} of {rows})"
            );
        }
    }
    figure("import_kills", kills);
    figure("import_kills_interrupted", interrupted);
    figure("import_kills_after_ack", completed);
    // Killed after the commit but before the exit: the import is there, whole.
    figure("import_kills_landed_whole_unacknowledged", whole);
    // The file still works for the next command.
    let (code, _, err) = sb.run(&["doctor"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn killed_call_logs_keep_every_acknowledged_write() {
    let kills = scale(5, 50);
    let sb = Sandbox::new();
    sb.demo(40);
    let ids: Vec<String> = sb
        .json(&["list", "--json"])
        .as_array()
        .map(|a| a.iter().map(|l| l["id"].to_string()).collect())
        .unwrap_or_default();
    let calls = |sb: &Sandbox| {
        count(
            &sb.db(),
            "SELECT count(*) FROM activities WHERE kind = 'call' AND undone = 0",
        )
    };
    let mut rng = Rng::new(0xca11);
    let mut acknowledged = calls(&sb);
    let mut written = 0;
    for round in 0..kills {
        // A stream of call logs; one of them, at random, is killed at a random moment.
        let victim = rng.range(0, 6);
        for j in 0..=victim {
            let id = &ids[(round * 7 + j as usize) % ids.len()];
            let child = leadbench(
                &sb,
                &["log-call", id, "no_answer", "--force", "--note", "stream"],
            )
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
            let delay = if j == victim {
                Duration::from_millis(rng.range(1, 120))
            } else {
                Duration::from_secs(30)
            };
            if kill_after(child, delay) {
                acknowledged += 1;
            }
            written += 1;
        }
        assert_eq!(integrity(&sb.db()), "ok", "round {round}");
        let now = calls(&sb);
        assert!(
            now == acknowledged || now == acknowledged + 1,
            "round {round}: {now} calls for {acknowledged} acknowledged"
        );
        // The killed one may have committed before it died: count what is there from now on.
        acknowledged = now;
    }
    figure("call_stream_kills", kills);
    figure("call_stream_writes", written);
}
