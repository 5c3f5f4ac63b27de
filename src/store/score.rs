//! The scorer every lead write applies, and `rescore` in batches (SPEC §3).
//!
//! Every row write (insert, update, undo, bulk) goes through [`Scorer::derive`], which sets the
//! score and derives the priority key, grade, groups and search text stored with it; group and
//! tag memberships are rewritten in the same transaction. So score, key and groups follow every
//! write without any use case having to remember them.

use std::sync::Arc;

use rusqlite::{ToSql, Transaction, TransactionBehavior, params};

use crate::domain::group::groups_of;
use crate::domain::priority::priority_key;
use crate::domain::scoring::{Grade, Rules, Scored, Thresholds};
use crate::domain::search::search_doc;
use crate::domain::{Lead, LeadId};

use super::codec::{self, LEAD_COLUMNS};
use super::rescore_bulk;
use super::{Store, StoreError};

/// Leads per rescore transaction: big enough to be fast, small enough that a TUI write waiting
/// for the lock waits well under a second.
const BATCH: usize = 20_000;

/// What the write path needs to score: the half-life and the rules.
#[derive(Debug, Clone)]
pub(super) struct Scorer {
    half_life_days: f64,
    rules: Option<Arc<Rules>>,
}

/// What a lead row stores besides the lead's own fields.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Derived {
    /// The priority key.
    pub prio: f64,
    /// The grade.
    pub grade: Grade,
    /// Group names in config order.
    pub groups: Vec<String>,
    /// Normalised search tokens.
    pub search_doc: String,
}

impl Scorer {
    /// Scores `lead` in place (without rules its score stays as given) and derives the rest.
    pub(super) fn derive(&self, lead: &mut Lead) -> Derived {
        let search_doc = search_doc(lead);
        self.derive_with_doc(lead, search_doc)
    }

    /// [`Scorer::derive`] with the search text given (a rescore keeps the stored one: rules
    /// do not change it).
    fn derive_with_doc(&self, lead: &mut Lead, search_doc: String) -> Derived {
        let (grade, groups) = match &self.rules {
            Some(rules) => {
                let s = rules.score(lead);
                lead.score = s.score;
                let groups = groups_of(&rules.groups, lead, &s)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                (s.grade, groups)
            }
            None => (Thresholds::default().grade(lead.score), Vec::new()),
        };
        Derived {
            prio: priority_key(lead.score, lead.alive_at(), self.half_life_days),
            grade,
            groups,
            search_doc,
        }
    }
}

/// What a write changed of the columns the group and tag membership rows copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Memberships {
    /// A new lead: write its rows.
    Fresh,
    /// Nothing they copy changed: leave them.
    Unchanged,
    /// Only what the rows copy for the filtered pages moved (stage, key, due time, re-engage
    /// date, grade, source): update the rows in place.
    Keys,
    /// The groups, tags or transfer changed: replace the rows.
    Sets,
}

impl Memberships {
    /// From the names of the lead columns a write changed.
    pub(super) fn from_changed<'a>(columns: impl IntoIterator<Item = &'a str>) -> Memberships {
        let mut out = Memberships::Unchanged;
        for c in columns {
            match c {
                "groups" | "tags" | "transferred_to" => return Memberships::Sets,
                c if MEMBERSHIP_COPIES.contains(&c) => out = Memberships::Keys,
                _ => {}
            }
        }
        out
    }
}

/// The lead columns each group and tag membership row copies, so a filtered page is picked
/// from the membership index alone (schema 10). Writes keep them by these names, and
/// [`Store::membership_drift`](super::Store::membership_drift) checks them.
pub(super) const MEMBERSHIP_COPIES: [&str; 6] =
    ["stage", "prio", "due_at", "reengage_on", "grade", "source"];

/// Brings a lead's group and tag membership rows (none for a transferred lead: it is out of
/// every queue) in line with the lead, doing only what `change` needs: each row is an index
/// entry in the filtered queues, so rewriting them on every call would cost every write.
pub(super) fn sync_memberships_tx(
    tx: &Transaction<'_>,
    id: LeadId,
    lead: &Lead,
    derived: &Derived,
    change: Memberships,
) -> Result<(), StoreError> {
    // The copied values, in the order of `MEMBERSHIP_COPIES`.
    let due_at = lead.next_action.as_ref().map(|n| n.due_at.timestamp());
    let reengage_on = lead.reengage_on.map(|d| d.format("%Y-%m-%d").to_string());
    let copies: [&dyn ToSql; 6] = [
        &lead.stage.id(),
        &derived.prio,
        &due_at,
        &reengage_on,
        &derived.grade.id(),
        &lead.source,
    ];
    match change {
        Memberships::Unchanged => return Ok(()),
        Memberships::Keys => {
            let set: Vec<String> = MEMBERSHIP_COPIES
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 2))
                .collect();
            let mut values: Vec<&dyn ToSql> = vec![&id];
            values.extend(copies);
            for table in ["lead_groups", "lead_tags"] {
                tx.prepare_cached(&format!(
                    "UPDATE {table} SET {} WHERE lead_id = ?1",
                    set.join(", ")
                ))?
                .execute(values.as_slice())?;
            }
            return Ok(());
        }
        Memberships::Sets => {
            tx.prepare_cached("DELETE FROM lead_groups WHERE lead_id = ?1")?
                .execute([id])?;
            tx.prepare_cached("DELETE FROM lead_tags WHERE lead_id = ?1")?
                .execute([id])?;
        }
        Memberships::Fresh => {}
    }
    if lead.transferred_to.is_some() {
        return Ok(());
    }
    // Built once: every insert of a lead (a million in a bulk load) goes through here.
    static INSERTS: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let inserts = INSERTS.get_or_init(|| {
        let columns = MEMBERSHIP_COPIES.join(", ");
        let marks: Vec<String> = (3..3 + MEMBERSHIP_COPIES.len())
            .map(|i| format!("?{i}"))
            .collect();
        [("lead_groups", "grp"), ("lead_tags", "tag")].map(|(table, col)| {
            format!(
                "INSERT OR IGNORE INTO {table} (lead_id, {col}, {columns}) VALUES (?1, ?2, {})",
                marks.join(", ")
            )
        })
    });
    for (sql, values) in inserts.iter().zip([&derived.groups, &lead.tags]) {
        if values.is_empty() {
            continue;
        }
        let mut stmt = tx.prepare_cached(sql)?;
        for v in values {
            let mut row: Vec<&dyn ToSql> = vec![&id, v];
            row.extend(copies);
            stmt.execute(row.as_slice())?;
        }
    }
    Ok(())
}

/// What a rescore did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RescoreReport {
    /// Leads read.
    pub leads: u64,
    /// Leads whose score, key, grade, groups or search text changed (and were rewritten).
    pub changed: u64,
}

impl Store {
    /// Sets the scoring and group rules every lead write applies from now on (the CLI and the
    /// TUI set them from the configuration when they open the store).
    pub fn set_scoring(&mut self, rules: Arc<Rules>) {
        self.rules = Some(rules);
    }

    /// The rules set with [`Store::set_scoring`].
    pub fn scoring(&self) -> Option<&Rules> {
        self.rules.as_deref()
    }

    /// A lead's score explained and its groups (primary first), with the rules set; `None`
    /// without rules.
    pub fn explain(&self, lead: &Lead) -> Option<(Scored, Vec<String>)> {
        let rules = self.rules.as_deref()?;
        let s = rules.score(lead);
        let groups = groups_of(&rules.groups, lead, &s)
            .into_iter()
            .map(str::to_owned)
            .collect();
        Some((s, groups))
    }

    pub(super) fn scorer(&self) -> Scorer {
        Scorer {
            half_life_days: self.half_life_days,
            rules: self.rules.clone(),
        }
    }

    /// Whether the file still needs its first rescore (set by the migration to schema 3).
    pub fn rescore_needed(&self) -> Result<bool, StoreError> {
        Ok(self.meta("rescore_needed")?.is_some())
    }

    /// Recomputes score, priority key, grade, groups and search text of every lead with the
    /// rules set, in batches of 20,000 leads (one transaction each), rewriting only the leads
    /// that changed — all of them, memberships included, when `full` or after the migration.
    /// On a file of 100,000 leads or more where a quarter of the first batch would change, the
    /// changed leads are written in bulk instead (see [`Store::rescore_in_bulk`]): one
    /// transaction that holds the file for its duration (40 s at a million leads, where the
    /// batches took four minutes). `progress(done, total)` is called after each batch.
    pub fn rescore(
        &mut self,
        full: bool,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<RescoreReport, StoreError> {
        let full = full || self.rescore_needed()?;
        let sc = self.scorer();
        let report = self.rescore_batches(full, &sc, &mut progress)?;
        self.conn
            .execute("DELETE FROM meta WHERE key = 'rescore_needed'", [])?;
        Ok(report)
    }

    /// [`Store::rescore`] for a file where most leads change: every lead is read and scored
    /// as there, then the changed ones are written in bulk (see `rescore_bulk`), all in one
    /// transaction. `rescore` takes this path by itself for a large file when at least a
    /// quarter of its first batch of leads would change.
    pub fn rescore_in_bulk(
        &mut self,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<RescoreReport, StoreError> {
        if self.rescore_needed()? {
            return self.rescore(true, progress);
        }
        let sc = self.scorer();
        let total = self.lead_total()?;
        let mut report = RescoreReport::default();
        self.rescore_all_in_bulk(&sc, total, &mut report, &mut progress)?;
        Ok(report)
    }

    fn lead_total(&self) -> Result<u64, StoreError> {
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    fn rescore_batches(
        &mut self,
        full: bool,
        sc: &Scorer,
        progress: &mut impl FnMut(u64, u64),
    ) -> Result<RescoreReport, StoreError> {
        let total = self.lead_total()?;
        let mut report = RescoreReport::default();
        if !full && total >= BULK_FROM_LEADS && self.most_change(sc)? {
            self.rescore_all_in_bulk(sc, total, &mut report, progress)?;
            return Ok(report);
        }
        let mut last: LeadId = 0;
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(batch) = next_batch(&tx, &mut last)? else {
                break;
            };
            let read = batch.len() as u64;
            for (mut lead, stored, stored_score) in batch {
                let Some(derived) = rederive(sc, full, &mut lead, &stored, stored_score) else {
                    continue;
                };
                // Only the columns that moved: an unchanged search text must not churn the
                // search index, an unchanged key must not move the queue index entries.
                let mut set: Vec<(&str, rusqlite::types::Value)> = Vec::new();
                if full || stored_score != lead.score {
                    set.push(("score", lead.score.into()));
                }
                if full || stored.prio != derived.prio {
                    set.push(("prio", derived.prio.into()));
                }
                if full || stored.grade != derived.grade {
                    set.push(("grade", derived.grade.id().to_owned().into()));
                }
                if full || stored.groups != derived.groups {
                    set.push(("groups", groups_json(&derived.groups).into()));
                }
                if full || stored.search_doc != derived.search_doc {
                    set.push(("search_doc", derived.search_doc.clone().into()));
                }
                let assignments: Vec<String> = set
                    .iter()
                    .enumerate()
                    .map(|(i, (c, _))| format!("{c} = ?{}", i + 2))
                    .collect();
                let mut values: Vec<rusqlite::types::Value> = vec![lead.id.into()];
                values.extend(set.iter().map(|(_, v)| v.clone()));
                tx.prepare_cached(&format!(
                    "UPDATE leads SET {} WHERE id = ?1",
                    assignments.join(", ")
                ))?
                .execute(rusqlite::params_from_iter(values))?;
                let change = if full {
                    Memberships::Sets
                } else {
                    Memberships::from_changed(set.iter().map(|(c, _)| *c))
                };
                sync_memberships_tx(&tx, lead.id, &lead, &derived, change)?;
                report.changed += 1;
            }
            tx.commit()?;
            report.leads += read;
            progress(report.leads, total.max(report.leads));
        }
        Ok(report)
    }

    /// Whether at least a quarter of the first batch of leads would change: on a large file,
    /// moving index entries one lead at a time then costs minutes where a rebuild costs
    /// seconds. Reads and scores the batch, writes nothing.
    fn most_change(&mut self, sc: &Scorer) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let batch = read_batch(&tx, 0)?;
        let read = batch.len();
        let changed = batch
            .into_iter()
            .filter_map(|(mut lead, stored, score)| rederive(sc, false, &mut lead, &stored, score))
            .count();
        Ok(read > 0 && changed * 4 >= read)
    }

    /// Scores every lead and writes the changed ones in bulk, in one transaction.
    fn rescore_all_in_bulk(
        &mut self,
        sc: &Scorer,
        total: u64,
        report: &mut RescoreReport,
        progress: &mut impl FnMut(u64, u64),
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        rescore_bulk::begin(&tx)?;
        let mut last: LeadId = 0;
        loop {
            let Some(batch) = next_batch(&tx, &mut last)? else {
                break;
            };
            let read = batch.len() as u64;
            for (mut lead, stored, stored_score) in batch {
                let Some(derived) = rederive(sc, false, &mut lead, &stored, stored_score) else {
                    continue;
                };
                rescore_bulk::add(
                    &tx,
                    &rescore_bulk::Rescored {
                        lead: &lead,
                        old_score: stored_score,
                        prio: derived.prio,
                        grade: derived.grade.id(),
                        old_grade: stored.grade.id(),
                        groups: groups_json(&derived.groups),
                    },
                )?;
            }
            report.leads += read;
            // Short of the end until the rows are written: that takes as long again.
            progress(report.leads.min(total.saturating_sub(1)), total);
        }
        report.changed += rescore_bulk::apply(&tx)?;
        tx.commit()?;
        progress(report.leads, total.max(report.leads));
        Ok(())
    }
}

/// Leads from which a rescore may write in bulk.
const BULK_FROM_LEADS: u64 = 100_000;

/// The lead's derived values under the rules when anything stored differs (always when
/// `full`), with its score set in place. The search text follows the lead's own fields, not
/// the rules: only a full rescore (after the normalisation changed) recomputes it.
fn rederive(
    sc: &Scorer,
    full: bool,
    lead: &mut Lead,
    stored: &Derived,
    stored_score: i64,
) -> Option<Derived> {
    let derived = if full {
        sc.derive(lead)
    } else {
        sc.derive_with_doc(lead, stored.search_doc.clone())
    };
    (full || *stored != derived || stored_score != lead.score).then_some(derived)
}

fn groups_json(groups: &[String]) -> String {
    serde_json::to_string(groups).unwrap_or_else(|_| "[]".into())
}

type BatchRow = (Lead, Derived, i64);

/// The batch after `*last`, moving `*last` to its last lead; `None` past the last lead.
fn next_batch(
    tx: &Transaction<'_>,
    last: &mut LeadId,
) -> Result<Option<Vec<BatchRow>>, StoreError> {
    let batch = read_batch(tx, *last)?;
    Ok(batch.last().map(|(lead, _, _)| lead.id).map(|id| {
        *last = id;
        batch
    }))
}

/// The next batch of leads after `after` by id, with phones and what their rows store.
fn read_batch(tx: &Transaction<'_>, after: LeadId) -> Result<Vec<BatchRow>, StoreError> {
    let sql = format!(
        "SELECT {LEAD_COLUMNS}, prio, grade, groups, search_doc FROM leads
         WHERE id > ?1 ORDER BY id LIMIT ?2"
    );
    // The stored derived columns follow the lead columns.
    let base = LEAD_COLUMNS.split(',').count();
    let mut stmt = tx.prepare_cached(&sql)?;
    let mut rows: Vec<BatchRow> = stmt
        .query_map(params![after, BATCH as i64], |r| {
            let lead = codec::lead_from_row(r)?;
            let score = lead.score;
            let groups: String = r.get(base + 2)?;
            let grade: String = r.get(base + 1)?;
            Ok((
                lead,
                Derived {
                    prio: r.get(base)?,
                    grade: Grade::from_id(&grade).unwrap_or_default(),
                    groups: serde_json::from_str(&groups).unwrap_or_default(),
                    search_doc: r.get(base + 3)?,
                },
                score,
            ))
        })?
        .collect::<Result<_, _>>()?;
    super::lead::attach_phones(tx, &mut rows, |r| &mut r.0)?;
    Ok(rows)
}
