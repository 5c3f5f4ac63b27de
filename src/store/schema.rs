//! Migrations on `PRAGMA user_version`. Append-only: never edit one that has shipped.

use rusqlite::Transaction;

/// Every migration, in order; migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    V1,
    super::schema_v2::V2,
    super::schema_v3::V3,
    super::schema_v4::V4,
    super::schema_v5::V5,
    super::schema_v6::V6,
    super::schema_v7::V7,
    super::schema_v8::V8,
    super::schema_v9::V9,
    super::schema_v10::V10,
    super::schema_v11::V11,
];

/// The schema version this binary writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The SQL of the migration from version `from` to `from + 1`.
pub fn sql(from: i64) -> Option<&'static str> {
    MIGRATIONS.get(usize::try_from(from).ok()?).copied()
}

/// Runs the migrations after `from` inside `tx`.
pub fn migrate(tx: &Transaction<'_>, from: i64) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(from).unwrap_or(0))
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    Ok(())
}

const V1: &str = r"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE leads (
    id                   INTEGER PRIMARY KEY,
    first_name           TEXT NOT NULL DEFAULT '',
    last_name            TEXT NOT NULL DEFAULT '',
    full_name            TEXT NOT NULL DEFAULT '',
    reading              TEXT NOT NULL DEFAULT '',
    company              TEXT NOT NULL DEFAULT '',
    department           TEXT NOT NULL DEFAULT '',
    title                TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    email_norm           TEXT,
    phone                TEXT,
    timezone             TEXT,
    industry             TEXT NOT NULL DEFAULT '',
    employees_min        INTEGER,
    employees_max        INTEGER,
    source               TEXT NOT NULL DEFAULT '',
    created_at           INTEGER,
    imported_at          INTEGER,
    handover_at          INTEGER NOT NULL,
    stage                TEXT NOT NULL CHECK (stage IN ('new','unreached','engaged','lost','handed_off')),
    stage_entered_at     INTEGER NOT NULL,
    attempts             INTEGER NOT NULL DEFAULT 0,
    last_touch_at        INTEGER,
    last_conversation_at INTEGER,
    last_engagement_at   INTEGER,
    alive_at             INTEGER NOT NULL,
    next_kind            TEXT,
    due_at               INTEGER,
    next_note            TEXT NOT NULL DEFAULT '',
    meeting_at           INTEGER,
    lost_reason          TEXT,
    reengage_on          TEXT,
    email_opt_out        INTEGER NOT NULL DEFAULT 0,
    do_not_call          INTEGER NOT NULL DEFAULT 0,
    tags                 TEXT NOT NULL DEFAULT '[]',
    external_ids         TEXT NOT NULL DEFAULT '{}',
    extra                TEXT NOT NULL DEFAULT '{}',
    notes                TEXT NOT NULL DEFAULT '',
    qualification        TEXT,
    sequence             TEXT,
    sequence_step        INTEGER NOT NULL DEFAULT 0,
    score                INTEGER NOT NULL DEFAULT 0,
    prio                 REAL NOT NULL,
    transferred_to       TEXT,
    batch_id             INTEGER,
    version              INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE phones (
    lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    pos     INTEGER NOT NULL,
    number  TEXT,
    raw     TEXT NOT NULL,
    kind    TEXT NOT NULL,
    invalid INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (lead_id, pos)
) WITHOUT ROWID;
CREATE INDEX phones_number ON phones(number) WHERE number IS NOT NULL;

CREATE TABLE activities (
    id       INTEGER PRIMARY KEY,
    lead_id  INTEGER REFERENCES leads(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    outcome  TEXT,
    note     TEXT NOT NULL DEFAULT '',
    data     TEXT NOT NULL DEFAULT '{}',
    undone   INTEGER NOT NULL DEFAULT 0,
    by_other INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX activities_lead ON activities(lead_id, at);
CREATE INDEX activities_kind_at ON activities(kind, at);

-- Queue orders (SPEC §3): by priority key within a stage, and by due time for the
-- overdue and due-today buckets. Transferred leads are out of every queue.
CREATE INDEX leads_queue ON leads(stage, prio DESC, id DESC) WHERE transferred_to IS NULL;
-- prio, transferred_to, timezone and next_kind ride along (the id is the rowid) so the due
-- buckets pick their page, and the morning line its counts, from the index alone.
CREATE INDEX leads_due ON leads(stage, due_at, prio, transferred_to, timezone, next_kind)
    WHERE due_at IS NOT NULL AND transferred_to IS NULL;
-- Lost leads by re-engage date (Today's last bucket, the top of the Lost view).
CREATE INDEX leads_reengage_queue ON leads(reengage_on, prio, stage, transferred_to, timezone, due_at)
    WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL;
-- The few distinct lead time zones, for the callable-now split.
CREATE INDEX leads_zone ON leads(timezone);
-- New leads by hand-over (the morning line: new since yesterday, over the speed-to-lead SLA).
CREATE INDEX leads_new_handover ON leads(handover_at) WHERE stage = 'new' AND transferred_to IS NULL;
CREATE INDEX leads_email ON leads(email_norm) WHERE email_norm IS NOT NULL;

-- Per-stage counts, maintained in the same transaction as every change by these triggers,
-- so the top bar never counts rows.
CREATE TABLE stage_counts (
    stage TEXT PRIMARY KEY,
    n     INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO stage_counts (stage, n) VALUES
    ('new', 0), ('unreached', 0), ('engaged', 0), ('lost', 0), ('handed_off', 0);

CREATE TRIGGER leads_count_insert AFTER INSERT ON leads
WHEN NEW.transferred_to IS NULL
BEGIN
    UPDATE stage_counts SET n = n + 1 WHERE stage = NEW.stage;
END;

CREATE TRIGGER leads_count_delete AFTER DELETE ON leads
WHEN OLD.transferred_to IS NULL
BEGIN
    UPDATE stage_counts SET n = n - 1 WHERE stage = OLD.stage;
END;

CREATE TRIGGER leads_count_update AFTER UPDATE OF stage, transferred_to ON leads
WHEN OLD.stage IS NOT NEW.stage OR OLD.transferred_to IS NOT NEW.transferred_to
BEGIN
    UPDATE stage_counts SET n = n - 1 WHERE stage = OLD.stage AND OLD.transferred_to IS NULL;
    UPDATE stage_counts SET n = n + 1 WHERE stage = NEW.stage AND NEW.transferred_to IS NULL;
END;

-- Journal counts per 15-minute slot (every real UTC offset is a multiple of 15 minutes, so a
-- local day is a whole number of slots), kept by triggers: today's dials and conversations
-- never count journal rows.
CREATE TABLE activity_rollup (
    slot    INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (slot, kind, outcome)
) WITHOUT ROWID;

CREATE TRIGGER activities_rollup_insert AFTER INSERT ON activities
WHEN NEW.undone = 0 AND NEW.by_other = 0
BEGIN
    INSERT INTO activity_rollup (slot, kind, outcome, n)
    VALUES (NEW.at / 900, NEW.kind, coalesce(NEW.outcome, ''), 1)
    ON CONFLICT (slot, kind, outcome) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER activities_rollup_undone AFTER UPDATE OF undone ON activities
WHEN OLD.undone IS NOT NEW.undone AND NEW.by_other = 0
BEGIN
    INSERT INTO activity_rollup (slot, kind, outcome, n)
    VALUES (NEW.at / 900, NEW.kind, coalesce(NEW.outcome, ''), CASE WHEN NEW.undone THEN -1 ELSE 1 END)
    ON CONFLICT (slot, kind, outcome) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER activities_rollup_delete AFTER DELETE ON activities
WHEN OLD.undone = 0 AND OLD.by_other = 0
BEGIN
    UPDATE activity_rollup SET n = n - 1
    WHERE slot = OLD.at / 900 AND kind = OLD.kind AND outcome = coalesce(OLD.outcome, '');
END;

-- The undo stack: one row per lead per undoable action; rows of one action share `grp`.
CREATE TABLE undo_log (
    id           INTEGER PRIMARY KEY,
    grp          INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    label        TEXT NOT NULL,
    lead_id      INTEGER NOT NULL,
    before       TEXT,
    after        TEXT,
    activity_ids TEXT NOT NULL DEFAULT '[]',
    state        TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone')),
    -- the lead's version while the action is in effect, and after it was undone (the guard)
    done_version   INTEGER,
    undone_version INTEGER
);
CREATE INDEX undo_log_grp ON undo_log(state, grp);
";
