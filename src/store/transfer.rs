//! Transfer bundles (SPEC §9): the receiving side's insert of leads with their history,
//! marked as done by another rep so that it never counts in this rep's KPIs.

use rusqlite::{TransactionBehavior, params};

use crate::domain::{Activity, Lead, LeadId, NewActivity};

use super::{Store, StoreError};

impl Store {
    /// Inserts transferred leads with their journals (rows marked `by_other`) and one journal
    /// row per lead written by this rep (`arrival`), all in one transaction. Returns the new ids.
    pub fn insert_transferred(
        &mut self,
        leads: &[(Lead, Vec<Activity>)],
        arrival: &NewActivity,
    ) -> Result<Vec<LeadId>, StoreError> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(leads.len());
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO activities (lead_id, at, kind, outcome, note, data, undone, by_other)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
            )?;
            for (lead, history) in leads {
                let mut fresh = lead.clone();
                fresh.id = 0;
                let id = super::lead::insert_lead_tx(&tx, &mut fresh, &sc)?;
                for a in history {
                    stmt.execute(params![
                        id,
                        a.at.timestamp(),
                        a.kind.id(),
                        a.outcome,
                        a.note,
                        a.data.to_string(),
                        a.undone
                    ])?;
                }
                super::activity::append_tx(&tx, id, std::slice::from_ref(arrival))?;
                ids.push(id);
            }
        }
        tx.commit()?;
        Ok(ids)
    }
}
