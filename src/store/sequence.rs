//! What sequences read from the store: the configured definitions, a lead's enrolment time
//! and history (from the journal), and the leads a tick has to look at.

use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use crate::domain::sequence::SequenceDef;
use crate::domain::{Activity, LeadId, Ts};

use super::codec::ts;
use super::{Store, StoreError};

impl Store {
    /// Sets the configured sequences the stage-change hook reads (from the configuration, when
    /// the CLI or the TUI opens the store; none = nobody is enrolled automatically).
    pub fn set_sequences(&mut self, defs: Vec<SequenceDef>) {
        self.sequences = Arc::new(defs);
    }

    /// The sequences set with [`Store::set_sequences`].
    pub fn sequences(&self) -> Arc<Vec<SequenceDef>> {
        Arc::clone(&self.sequences)
    }

    /// When the lead's newest enrolment in `sequence` began (not undone).
    pub fn sequence_anchor(
        &self,
        lead_id: LeadId,
        sequence: &str,
    ) -> Result<Option<Ts>, StoreError> {
        let at: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT at FROM activities
                 WHERE lead_id = ?1 AND kind = 'schedule' AND outcome = 'enrol' AND undone = 0
                   AND json_extract(data, '$.sequence') = ?2
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![lead_id, sequence], |r| r.get(0))
            .optional()?;
        Ok(at.map(ts))
    }

    /// The sequence rows (`schedule` enrol/step/end) of a lead since `since`, oldest first.
    pub fn sequence_rows(&self, lead_id: LeadId, since: Ts) -> Result<Vec<Activity>, StoreError> {
        Ok(self
            .activities(lead_id)?
            .into_iter()
            .filter(|a| {
                a.at >= since
                    && !a.undone
                    && a.kind == crate::domain::ActivityKind::Schedule
                    && matches!(a.outcome.as_deref(), Some("enrol" | "step" | "end"))
            })
            .collect())
    }

    /// Lost leads whose re-engagement date has come and that are in no sequence.
    pub fn reengage_due(&self, today: NaiveDate, limit: usize) -> Result<Vec<LeadId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM leads INDEXED BY leads_reengage_due
             WHERE stage = 'lost' AND sequence IS NULL AND transferred_to IS NULL
               AND reengage_on IS NOT NULL AND reengage_on <= ?1
             ORDER BY reengage_on, id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![today.to_string(), limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Leads in sequence `name` whose next action is a mail due at `now`.
    pub fn sequence_mail_due(&self, name: &str, now: Ts) -> Result<Vec<LeadId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM leads INDEXED BY leads_sequence_mail
             WHERE sequence = ?1 AND next_kind = 'mail' AND due_at <= ?2 AND transferred_to IS NULL
             ORDER BY due_at, id",
        )?;
        let rows = stmt.query_map(params![name, now.timestamp()], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The field rep of the lead's newest escalation (the `field_rep` merge field).
    pub fn field_rep_of(&self, lead_id: LeadId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT json_extract(data, '$.to') FROM activities
                 WHERE lead_id = ?1 AND kind = 'escalation' AND undone = 0
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([lead_id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }
}
