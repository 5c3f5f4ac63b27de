//! The Dashboard end to end: the real binary reads its figures on a thread of its own, so the
//! switch draws at once and the KPI figures follow; keys keep working meanwhile.

use crate::cli::Sandbox;
use crate::pty::Tui;

#[test]
fn the_dashboard_figures_arrive_from_the_reader_and_the_view_stays_live() {
    let sb = Sandbox::new();
    sb.demo(200);
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 100, 30);
    tui.wait_text("Today");
    tui.send("7");
    // Only the full Dashboard (the reader's figures) draws the field-sales capacity line.
    tui.wait_text("escalations this week");
    // Leaving and coming back shows the last figures at once and refreshes them.
    tui.send("1");
    tui.wait_for("the Today view", |s| !s.contains("escalations this week"));
    tui.send("7");
    tui.wait_text("escalations this week");
    tui.send("q");
    assert!(tui.wait_exit());
    assert!(!tui.alternate_screen());
}
