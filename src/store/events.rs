//! Engagement events imported from marketing automation: each an `event` journal row on its
//! lead, whose engagement counts and last engagement time follow (they feed its value).

use std::collections::BTreeMap;

use rusqlite::TransactionBehavior;

use crate::domain::scoring::record_engagement;
use crate::domain::{LeadId, NewActivity};

use super::lead::{read_lead, update_lead_tx};
use super::{Store, StoreError};

impl Store {
    /// Records events on their leads in one transaction; returns how many were recorded (events
    /// of a lead removed meanwhile are not).
    pub fn record_events(&mut self, events: Vec<(LeadId, NewActivity)>) -> Result<u64, StoreError> {
        let sc = self.scorer();
        let mut by_lead: BTreeMap<LeadId, Vec<NewActivity>> = BTreeMap::new();
        for (id, a) in events {
            by_lead.entry(id).or_default().push(a);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut recorded = 0;
        for (id, activities) in by_lead {
            let Some(before) = read_lead(&tx, id)? else {
                continue;
            };
            let mut after = before.clone();
            record_engagement(&mut after, &activities);
            update_lead_tx(&tx, &before, &after, &sc)?;
            super::activity::append_tx(&tx, id, &activities)?;
            recorded += activities.len() as u64;
        }
        tx.commit()?;
        Ok(recorded)
    }
}
