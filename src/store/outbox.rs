//! The mail queue (SPEC §7 undo-send): mail waits here until it is due, and a sent mail is
//! recorded on its lead in the same transaction that removes it from the queue.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::domain::scoring::record_engagement;
use crate::domain::{Lead, LeadId, Ts};

use super::codec::ts;
use super::lead::{Change, read_lead, update_lead_tx};
use super::{Store, StoreError};

/// A claim older than this is taken to be from a process that died while sending.
const STALE_CLAIM_SECS: i64 = 600;

/// A mail about to be queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewQueuedMail {
    /// The lead it goes to.
    pub lead_id: LeadId,
    /// When it may leave.
    pub due_at: Ts,
    /// The template it was rendered from.
    pub template: String,
    /// The language of the template (`en`/`ja`).
    pub lang: String,
    /// The recipient.
    pub to: String,
    /// The rendered subject.
    pub subject: String,
    /// The rendered body.
    pub body: String,
    /// The sequence whose step it is, if any.
    pub sequence: Option<String>,
    /// Sent by a sequence without the rep (does not count as a rep touch).
    pub automatic: bool,
}

/// A mail in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    /// Queue id (`outbox cancel ID`).
    pub id: i64,
    /// Mail queued together (a bulk mail) share a batch.
    pub batch: i64,
    /// When it was queued.
    pub created_at: Ts,
    /// Failed sending attempts so far.
    pub attempts: u32,
    /// The last sending error.
    pub last_error: Option<String>,
    /// What was queued.
    pub mail: NewQueuedMail,
}

const COLUMNS: &str = "id, batch, created_at, attempts, last_error, lead_id, due_at, template, \
                       lang, to_addr, subject, body, sequence, automatic";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueuedMail> {
    Ok(QueuedMail {
        id: r.get(0)?,
        batch: r.get(1)?,
        created_at: ts(r.get(2)?),
        attempts: r.get(3)?,
        last_error: r.get(4)?,
        mail: NewQueuedMail {
            lead_id: r.get(5)?,
            due_at: ts(r.get(6)?),
            template: r.get(7)?,
            lang: r.get(8)?,
            to: r.get(9)?,
            subject: r.get(10)?,
            body: r.get(11)?,
            sequence: r.get(12)?,
            automatic: r.get(13)?,
        },
    })
}

impl Store {
    /// Queues mails as one batch; returns their ids.
    pub fn queue_mails(
        &mut self,
        mails: &[NewQueuedMail],
        now: Ts,
    ) -> Result<Vec<i64>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(mails.len());
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO mail_queue (lead_id, batch, created_at, due_at, template, lang, to_addr,
                     subject, body, sequence, automatic)
                 VALUES (?1, coalesce(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for m in mails {
                stmt.execute(params![
                    m.lead_id,
                    ids.first(),
                    now.timestamp(),
                    m.due_at.timestamp(),
                    m.template,
                    m.lang,
                    m.to,
                    m.subject,
                    m.body,
                    m.sequence,
                    m.automatic
                ])?;
                ids.push(tx.last_insert_rowid());
            }
        }
        if let Some(first) = ids.first() {
            tx.prepare_cached("UPDATE mail_queue SET batch = ?1 WHERE id = ?1")?
                .execute([first])?;
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Every queued mail, the next due first.
    pub fn queued_mails(&self) -> Result<Vec<QueuedMail>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM mail_queue ORDER BY due_at, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many mails wait in the queue.
    pub fn queued_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM mail_queue")?
            .query_row([], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// One queued mail.
    pub fn queued_mail(&self, id: i64) -> Result<Option<QueuedMail>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM mail_queue WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], from_row)
            .optional()?)
    }

    /// Mails due at `now` (every one when `all`) that no other process is sending.
    pub fn due_mails(&self, now: Ts, all: bool) -> Result<Vec<QueuedMail>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM mail_queue
             WHERE (?2 OR due_at <= ?1) AND (claimed_at IS NULL OR claimed_at < ?1 - {STALE_CLAIM_SECS})
             ORDER BY due_at, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![now.timestamp(), all], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Claims a queued mail for sending; false when it is gone or another process has it.
    pub fn claim_mail(&mut self, id: i64, now: Ts) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached(&format!(
                "UPDATE mail_queue SET claimed_at = ?2 WHERE id = ?1
             AND (claimed_at IS NULL OR claimed_at < ?2 - {STALE_CLAIM_SECS})"
            ))?
            .execute(params![id, now.timestamp()])?;
        Ok(n == 1)
    }

    /// Gives a claimed mail back after a failed attempt, with the error.
    pub fn release_mail(&mut self, id: i64, error: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE mail_queue SET claimed_at = NULL, attempts = attempts + 1, last_error = ?2
                 WHERE id = ?1",
            )?
            .execute(params![id, error])?;
        Ok(())
    }

    /// Removes a mail from the queue unless it is being sent; returns it.
    pub fn cancel_mail(&mut self, id: i64) -> Result<Option<QueuedMail>, StoreError> {
        let Some(m) = self.queued_mail(id)? else {
            return Ok(None);
        };
        let n = self
            .conn
            .prepare_cached("DELETE FROM mail_queue WHERE id = ?1 AND claimed_at IS NULL")?
            .execute([id])?;
        Ok((n == 1).then_some(m))
    }

    /// Drops a queued mail that must not leave (its lead opted out, or was deleted).
    pub fn drop_mail(&mut self, id: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM mail_queue WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Writes a sent mail on its lead (no undo entry: sent mail cannot be undone) and removes
    /// it from the queue, in one transaction.
    pub fn record_sent<E: From<StoreError>>(
        &mut self,
        queue_id: Option<i64>,
        id: LeadId,
        f: impl FnOnce(&Lead) -> Result<Change, E>,
    ) -> Result<Lead, E> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let before = read_lead(&tx, id)?.ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
        let mut change = f(&before)?;
        record_engagement(&mut change.lead, &change.activities);
        let after = update_lead_tx(&tx, &before, &change.lead, &sc)?;
        super::activity::append_tx(&tx, id, &change.activities)?;
        if let Some(q) = queue_id {
            tx.prepare_cached("DELETE FROM mail_queue WHERE id = ?1")
                .map_err(StoreError::from)?
                .execute([q])
                .map_err(StoreError::from)?;
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(after)
    }
}
