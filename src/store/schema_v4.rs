//! Schema version 4: the mail queue and sequences (SPEC §7).

/// Migration 3 → 4.
///
/// `mail_queue` holds mail waiting to leave (undo-send, `--queue`, bulk mail): the rendered
/// subject and body the rep confirmed, until the transport took it. A claim (`claimed_at`)
/// keeps two processes (the TUI's tick and `outbox flush`) from sending one mail twice.
/// Sequence history lives in the journal; two partial indexes serve the per-tick checks:
/// lost leads due for re-engagement, and leads whose next action is a sequence mail.
pub const V4: &str = r"
CREATE TABLE mail_queue (
    id          INTEGER PRIMARY KEY,
    lead_id     INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    batch       INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    template    TEXT NOT NULL,
    lang        TEXT NOT NULL,
    to_addr     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    sequence    TEXT,
    automatic   INTEGER NOT NULL DEFAULT 0,
    claimed_at  INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX mail_queue_due ON mail_queue(due_at);
CREATE INDEX mail_queue_lead ON mail_queue(lead_id);

CREATE INDEX leads_reengage_due ON leads(reengage_on)
    WHERE stage = 'lost' AND sequence IS NULL AND transferred_to IS NULL AND reengage_on IS NOT NULL;
CREATE INDEX leads_sequence_mail ON leads(sequence, due_at)
    WHERE sequence IS NOT NULL AND next_kind = 'mail';
";
