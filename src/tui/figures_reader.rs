//! The figures that follow the clock (Today's count and the morning line every few seconds,
//! the stuck counts and field-sales capacity, the Dashboard), read on a thread of their own
//! with its own connection: the tick and switching to the Dashboard never wait for those
//! queries (tens of ms on a file of a million leads). The screen keeps the last figures until
//! the new ones arrive a moment later.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::app::{Effect, Msg};
use crate::config::Config;
use crate::domain::Ts;
use crate::store::Store;

/// Page cache of the figures thread's connection, in MiB.
const FIGURES_CACHE_MIB: u32 = 8;

/// A running reader thread and the reads it has not answered yet.
#[derive(Debug)]
pub struct FiguresReader {
    requests: Sender<(Effect, Ts)>,
    results: Receiver<(Effect, Vec<Msg>)>,
    pending: Vec<Effect>,
}

impl FiguresReader {
    /// Starts the reader on the database at `db` (read-only when the session is: then nothing
    /// it computes is stored). The thread ends when the reader is dropped.
    pub fn start(db: PathBuf, config: Config, read_only: bool) -> FiguresReader {
        let (requests, incoming) = channel();
        let (outgoing, results) = channel();
        std::thread::spawn(move || serve(&db, &config, read_only, &incoming, &outgoing));
        FiguresReader {
            requests,
            results,
            pending: Vec::new(),
        }
    }

    /// Asks for `effect`'s figures at `now`, unless the same read is already under way (its
    /// figures are at most a moment old when they arrive). False when the thread is gone.
    pub fn request(&mut self, effect: Effect, now: Ts) -> bool {
        if self.pending.contains(&effect) {
            return true;
        }
        if self.requests.send((effect.clone(), now)).is_err() {
            return false;
        }
        self.pending.push(effect);
        true
    }

    /// The figures (or errors) that arrived since the last turn.
    pub fn poll(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        loop {
            match self.results.try_recv() {
                Ok((effect, msgs)) => {
                    self.pending.retain(|p| *p != effect);
                    out.extend(msgs);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.pending.clear();
                    break;
                }
            }
        }
        out
    }
}

fn serve(
    db: &std::path::Path,
    config: &Config,
    read_only: bool,
    requests: &Receiver<(Effect, Ts)>,
    results: &Sender<(Effect, Vec<Msg>)>,
) {
    // Read-write unless the session is read-only: the Dashboard's first read computes
    // speed-to-lead minutes and keeps them for the next (a read-only one keeps them in memory).
    let opened = if read_only {
        Store::open_read_only(db)
    } else {
        Store::open(db)
    };
    let store = match opened {
        // The aggregates it reads are small: a small cache keeps the session's memory low.
        Ok(s) => {
            let _ = s.set_cache_mib(FIGURES_CACHE_MIB);
            s
        }
        Err(e) => {
            let _ = results.send((Effect::LoadDashboard, vec![Msg::Failed(e.to_string())]));
            return;
        }
    };
    while let Ok((effect, now)) = requests.recv() {
        let msgs = super::runtime::clock_figures(&store, config, &effect, now)
            .unwrap_or_else(|e| vec![Msg::Failed(e.to_string())]);
        if results.send((effect, msgs)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn wait(reader: &mut FiguresReader) -> Vec<Msg> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got = reader.poll();
            if !got.is_empty() || Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_read_is_answered_once_and_a_pending_one_is_not_repeated() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("lb.db");
        drop(Store::open(&db).unwrap_or_else(|e| panic!("{e}")));
        let mut reader = FiguresReader::start(db, Config::default(), false);
        let now = chrono::Utc::now();
        assert!(reader.request(Effect::LoadDashboard, now));
        // Asked again before the answer: the read under way answers both.
        assert!(reader.request(Effect::LoadDashboard, now));
        let got = wait(&mut reader);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(matches!(got[0], Msg::Dashboard(_)), "{got:?}");
        std::thread::sleep(Duration::from_millis(50));
        assert!(reader.poll().is_empty(), "no second answer");
        // After the answer, a new request reads again; other reads run alongside.
        assert!(reader.request(Effect::LoadDashboard, now));
        assert!(reader.request(Effect::LoadTodayCount, now));
        let mut got = wait(&mut reader);
        std::thread::sleep(Duration::from_millis(50));
        got.extend(reader.poll());
        assert!(
            got.iter().any(|m| matches!(m, Msg::Dashboard(_))),
            "{got:?}"
        );
        assert!(
            got.iter().any(|m| matches!(m, Msg::TodayCount { .. })),
            "{got:?}"
        );
    }

    /// A `--read-only` session's reader computes the Dashboard (speed-to-lead minutes
    /// included) without writing a byte to the file.
    #[test]
    fn a_read_only_session_reads_the_figures_without_changing_the_file() {
        use crate::domain::{ActivityKind, Lead, NewActivity, Stage};
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("lb.db");
        let now = chrono::Utc::now();
        {
            let mut store = Store::open(&db).unwrap_or_else(|e| panic!("{e}"));
            let lead = Lead {
                last_name: "山田".into(),
                email: "yamada@example.jp".into(),
                stage: Stage::Unreached,
                handover_at: now - chrono::Duration::hours(30),
                stage_entered_at: now - chrono::Duration::hours(30),
                ..Lead::default()
            };
            // A first touch whose speed-to-lead minutes are not computed yet.
            let call = NewActivity::new(ActivityKind::Call, now - chrono::Duration::hours(2));
            store
                .insert_lead(&lead, &[call], "add")
                .unwrap_or_else(|e| panic!("{e}"));
            let _ = store.checkpoint();
        }
        let bytes = || std::fs::read(&db).unwrap_or_else(|e| panic!("{e}"));
        let before = bytes();
        let mut reader = FiguresReader::start(db.clone(), Config::default(), true);
        assert!(reader.request(Effect::LoadDashboard, now));
        let got = wait(&mut reader);
        assert!(matches!(got.first(), Some(Msg::Dashboard(_))), "{got:?}");
        drop(reader);
        std::thread::sleep(Duration::from_millis(50));
        assert!(before == bytes(), "the file changed");
        let wal = dir.path().join("lb.db-wal");
        assert!(
            std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
            "the reader wrote to the journal"
        );
    }

    #[test]
    fn a_file_that_cannot_be_opened_is_reported_not_hung_on() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("not-a-db");
        std::fs::write(
            &db,
            b"this is not a database file at all, not even close........",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut reader = FiguresReader::start(db, Config::default(), false);
        let _ = reader.request(Effect::LoadDashboard, chrono::Utc::now());
        let got = wait(&mut reader);
        assert!(matches!(got.first(), Some(Msg::Failed(_))), "{got:?}");
    }
}
