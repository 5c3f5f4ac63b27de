//! The Dashboard's figures, read on a thread of their own with its own connection: switching
//! to the view and its refresh on the tick never wait for the KPI queries (tens of ms on a
//! file of a million leads). The view shows the last figures (or the maintained counts) until
//! the new ones arrive a moment later.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::app::Msg;
use crate::config::Config;
use crate::domain::Ts;
use crate::store::Store;

/// A running reader thread and whether a read is outstanding.
#[derive(Debug)]
pub struct DashboardReader {
    requests: Sender<Ts>,
    results: Receiver<Msg>,
    pending: bool,
}

impl DashboardReader {
    /// Starts the reader on the database at `db`. The thread ends when the reader is dropped.
    pub fn start(db: PathBuf, config: Config) -> DashboardReader {
        let (requests, incoming) = channel();
        let (outgoing, results) = channel();
        std::thread::spawn(move || serve(&db, &config, &incoming, &outgoing));
        DashboardReader {
            requests,
            results,
            pending: false,
        }
    }

    /// Asks for the figures at `now`, unless a read is already under way (its figures are
    /// at most a moment old when they arrive). False when the thread is gone.
    pub fn request(&mut self, now: Ts) -> bool {
        if self.pending {
            return true;
        }
        self.pending = self.requests.send(now).is_ok();
        self.pending
    }

    /// The figures (or the error) that arrived since the last turn.
    pub fn poll(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        loop {
            match self.results.try_recv() {
                Ok(m) => {
                    self.pending = false;
                    out.push(m);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.pending = false;
                    break;
                }
            }
        }
        out
    }
}

fn serve(db: &std::path::Path, config: &Config, requests: &Receiver<Ts>, results: &Sender<Msg>) {
    // A read-write connection: the first read computes speed-to-lead minutes and keeps them.
    let store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            let _ = results.send(Msg::Failed(e.to_string()));
            return;
        }
    };
    while let Ok(mut now) = requests.recv() {
        // Requests that queued up meanwhile want the same figures: answer the latest once.
        while let Ok(later) = requests.try_recv() {
            now = later;
        }
        let msg = match super::dashboard::load(&store, config, now) {
            Ok(view) => Msg::Dashboard(Box::new(view)),
            Err(e) => Msg::Failed(e.to_string()),
        };
        if results.send(msg).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn wait(reader: &mut DashboardReader) -> Vec<Msg> {
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
    fn a_request_is_answered_once_with_the_figures_and_a_pending_one_is_not_repeated() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("lb.db");
        drop(Store::open(&db).unwrap_or_else(|e| panic!("{e}")));
        let mut reader = DashboardReader::start(db, Config::default());
        let now = chrono::Utc::now();
        assert!(reader.request(now));
        // Asked again before the answer: the read under way answers both.
        assert!(reader.request(now));
        let got = wait(&mut reader);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(matches!(got[0], Msg::Dashboard(_)), "{got:?}");
        std::thread::sleep(Duration::from_millis(50));
        assert!(reader.poll().is_empty(), "no second answer");
        // After the answer, a new request reads again.
        assert!(reader.request(now));
        assert_eq!(wait(&mut reader).len(), 1);
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
        let mut reader = DashboardReader::start(db, Config::default());
        let _ = reader.request(chrono::Utc::now());
        let got = wait(&mut reader);
        assert!(matches!(got.first(), Some(Msg::Failed(_))), "{got:?}");
    }
}
