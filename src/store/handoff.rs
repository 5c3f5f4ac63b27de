//! Escalations and field-sales feedback (SPEC §8): what the gate and the handoff export read
//! from the journal. Qualification itself is a lead column written through `mutate`.

use rusqlite::params;

use crate::domain::{LeadId, Ts};

use super::activity::SLOT;
use super::{Store, StoreError};

impl Store {
    /// The rep's escalations in [from, to): journal rows not undone and not done by another rep
    /// — from the 15-minute rollup when both ends fall on slot boundaries (a local week always
    /// does), else from the journal (which reads each escalation row of the range).
    pub fn escalations_between(&self, from: Ts, to: Ts) -> Result<u32, StoreError> {
        let (f, t) = (from.timestamp(), to.timestamp());
        let n: i64 = if f % SLOT == 0 && t % SLOT == 0 {
            self.conn
                .prepare_cached(
                    "SELECT coalesce(sum(n), 0) FROM activity_rollup
                     WHERE slot >= ?1 AND slot < ?2 AND kind = 'escalation'",
                )?
                .query_row(params![f / SLOT, t / SLOT], |r| r.get(0))?
        } else {
            self.conn
                .prepare_cached(
                    "SELECT count(*) FROM activities
                     WHERE kind = 'escalation' AND at >= ?1 AND at < ?2 AND undone = 0 AND by_other = 0",
                )?
                .query_row(params![f, t], |r| r.get(0))?
        };
        Ok(u32::try_from(n.max(0)).unwrap_or(u32::MAX))
    }

    /// Leads escalated at or after `since` (escalations not undone), oldest escalation first.
    pub fn escalated_since(&self, since: Ts) -> Result<Vec<LeadId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.lead_id FROM activities a JOIN leads l ON l.id = a.lead_id
             WHERE a.kind = 'escalation' AND a.at >= ?1 AND a.undone = 0
             GROUP BY a.lead_id ORDER BY min(a.at), a.lead_id",
        )?;
        let rows = stmt.query_map([since.timestamp()], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every handed-off lead (transferred ones left out), by id.
    pub fn handed_off_leads(&self) -> Result<Vec<LeadId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM leads WHERE stage = 'handed_off' AND transferred_to IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
