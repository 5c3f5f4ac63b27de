//! Search across all stages (SPEC §4): the first matches by priority key, with the total.
//!
//! Two index-served paths, picked per query by how many leads match:
//! - few matches (≤ [`SEARCH_COUNT_CAP`]): the FTS5 index gives the matching ids, their keys come
//!   from the narrow `(id, prio)` index, and SQLite sorts that small set;
//! - many matches: walking `leads_prio_search` (every lead by key, with its tokens) and testing
//!   each entry finds the first matches after about `limit / share` entries — a few thousand —
//!   where sorting the whole match set would read it all.
//!
//! The total is counted from the FTS5 index up to the cap; above it the result says so.

use rusqlite::params;

use crate::domain::LeadId;
use crate::domain::queue::{Bucket, LeadSummary};
use crate::domain::search::Query;

use super::queue::{SUMMARY_COLUMNS, summary_from_row};
use super::{Store, StoreError};

/// Totals are counted up to this many matches; above it `SearchResult::capped` is set.
pub const SEARCH_COUNT_CAP: u64 = 10_000;

/// Entries the key-order walk may test before it hands over to sorting the match set (it only
/// runs when more than the cap match, so this is reached only by matches bunched at low keys).
const WALK_BUDGET: usize = 200_000;

/// The first matches by key among a set of ids given as a JSON array.
const TOP_BY_KEY: &str = "SELECT id FROM leads INDEXED BY leads_id_prio
     WHERE id IN (SELECT value FROM json_each(?1))
     ORDER BY prio DESC, id DESC LIMIT ?2";

/// The result of a search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResult {
    /// The first matches by priority key (highest first, ties by id).
    pub rows: Vec<LeadSummary>,
    /// How many leads match, counted up to [`SEARCH_COUNT_CAP`].
    pub total: u64,
    /// True when more than [`SEARCH_COUNT_CAP`] match (`total` is then the cap).
    pub capped: bool,
}

impl Store {
    /// Searches name, reading, company, e-mail and phones of every lead (all stages, transferred
    /// ones included) as the rep types; returns the first `limit` matches by key and the total.
    pub fn search(&self, text: &str, limit: usize) -> Result<SearchResult, StoreError> {
        let query = Query::parse(text);
        if query.is_empty() {
            return Ok(SearchResult::default());
        }
        let fts = query.fts();
        // The match set up to the cap, read once: it gives the total and, when small, the
        // set to sort (a phrase of common Japanese characters — 株式会社… — costs tens of ms
        // to evaluate at a million leads; evaluating it twice was the slowest keystroke).
        let matched: Vec<LeadId> = self
            .conn
            .prepare_cached("SELECT rowid FROM lead_search WHERE lead_search MATCH ?1 LIMIT ?2")?
            .query_map(params![fts, SEARCH_COUNT_CAP as i64 + 1], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let counted = matched.len() as u64;
        let capped = counted > SEARCH_COUNT_CAP;
        let lim = i64::try_from(limit).unwrap_or(i64::MAX);
        let ids = if counted == 0 || limit == 0 {
            Vec::new()
        } else if capped {
            match self.walk_by_key(&query, limit)? {
                Some(ids) => ids,
                None => self.sorted_matches(&fts, lim)?,
            }
        } else {
            self.top_by_key(&matched, lim)?
        };
        Ok(SearchResult {
            rows: self.summaries(&ids)?,
            total: counted.min(SEARCH_COUNT_CAP),
            capped,
        })
    }

    /// The first `limit` of `ids` by key, their keys read from the narrow `(id, prio)` index.
    fn top_by_key(&self, ids: &[LeadId], limit: i64) -> Result<Vec<LeadId>, StoreError> {
        let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let mut stmt = self.conn.prepare_cached(TOP_BY_KEY)?;
        let rows = stmt.query_map(params![json, limit], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The matching ids sorted by key (when the key-order walk gave up on a large match set).
    fn sorted_matches(&self, fts: &str, limit: i64) -> Result<Vec<LeadId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM leads INDEXED BY leads_id_prio
             WHERE id IN (SELECT rowid FROM lead_search WHERE lead_search MATCH ?1)
             ORDER BY prio DESC, id DESC LIMIT ?2",
        )?;
        let ids = stmt.query_map(params![fts, limit], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Walks every lead in key order testing its tokens; `None` when the budget ran out first.
    fn walk_by_key(&self, query: &Query, limit: usize) -> Result<Option<Vec<LeadId>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, search_doc FROM leads INDEXED BY leads_prio_search ORDER BY prio DESC, id DESC",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::with_capacity(limit);
        let mut seen = 0usize;
        while let Some(r) = rows.next()? {
            seen += 1;
            if seen > WALK_BUDGET {
                return Ok(None);
            }
            let doc = r.get_ref(1)?.as_str().unwrap_or("");
            if query.matches(doc) {
                out.push(r.get(0)?);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(Some(out))
    }

    /// Table rows of leads, in the order of `ids`.
    fn summaries(&self, ids: &[LeadId]) -> Result<Vec<LeadSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM leads WHERE id = ?1"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt
                .query_map([id], |r| summary_from_row(r, Bucket::Rest))?
                .next()
            {
                out.push(row?);
            }
        }
        Ok(out)
    }

    /// `EXPLAIN QUERY PLAN` of the search statements (after `ANALYZE`), for tests that hold
    /// search to its indexes.
    pub fn explain_search_plans(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.conn.execute_batch("ANALYZE")?;
        let stmts = [
            (
                "matched",
                "SELECT rowid FROM lead_search WHERE lead_search MATCH 'x' LIMIT 10",
            ),
            (
                "top",
                &TOP_BY_KEY.replace("?1", "'[1, 2]'").replace("?2", "200"),
            ),
            (
                "sorted",
                "SELECT id FROM leads INDEXED BY leads_id_prio
                 WHERE id IN (SELECT rowid FROM lead_search WHERE lead_search MATCH 'x')
                 ORDER BY prio DESC, id DESC LIMIT 200",
            ),
            (
                "walk",
                "SELECT id, search_doc FROM leads INDEXED BY leads_prio_search ORDER BY prio DESC, id DESC",
            ),
        ];
        let mut out = Vec::new();
        for (name, sql) in stmts {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let plan: Vec<String> = stmt
                .query_map([], |r| r.get::<_, String>(3))?
                .collect::<Result<_, _>>()?;
            out.push((name.to_owned(), plan.join("; ")));
        }
        Ok(out)
    }
}
