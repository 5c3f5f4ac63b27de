//! The re-engage lane (schema 10): the lost leads whose re-engage date has come, in key order,
//! so the top of the re-engage bucket is a short walk however many lost leads there are.
//!
//! `reengage_due` is set, by triggers on every write, for the lost leads whose date is on or
//! before the swept day kept in `meta.reengage_swept`. The day moves with
//! [`Store::sweep_reengage`], which flips the flags of the dates between the old day and the
//! new in the same transaction. A reader may use the lane when its day is not past the swept
//! day (the lane then holds every due lead, and the page checks the date on the entry).

use chrono::NaiveDate;
use rusqlite::TransactionBehavior;

use super::{Store, StoreError};

const SWEPT: &str = "reengage_swept";

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Store {
    /// Whether the lane holds every lead due for re-engagement on `today`.
    pub(super) fn reengage_lane_ready(&self, today: NaiveDate) -> Result<bool, StoreError> {
        Ok(self
            .meta(SWEPT)?
            .is_some_and(|swept| swept.as_str() >= day_text(today).as_str()))
    }

    /// Moves the lane to `today`: flags the lost leads whose re-engage date the calendar has
    /// passed since the last sweep (or clears them when the clock went back). One meta read
    /// when the lane is already on `today`; a read-only store leaves the lane as it is.
    pub fn sweep_reengage(&self, today: NaiveDate) -> Result<(), StoreError> {
        let day = day_text(today);
        let swept = self.meta(SWEPT)?;
        if swept.as_deref() == Some(day.as_str()) || self.is_read_only() {
            return Ok(());
        }
        let swept = swept.unwrap_or_default();
        let (low, high) = if swept.as_str() <= day.as_str() {
            (swept, day.clone())
        } else {
            (day.clone(), swept)
        };
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        // The meta row first: the triggers of any write after this read the new day.
        super::meta::write_meta(&tx, SWEPT, &day)?;
        tx.prepare_cached(
            "UPDATE leads INDEXED BY leads_reengage_queue SET reengage_due = (reengage_on <= ?3)
             WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL
               AND reengage_on > ?1 AND reengage_on <= ?2",
        )?
        .execute([low.as_str(), high.as_str(), day.as_str()])?;
        tx.commit()?;
        Ok(())
    }
}
