//! Schema version 2: import batches (SPEC §10) and lead merges.

/// Migration 1 → 2.
pub const V2: &str = r"
-- One row per import: what `import --list` shows and `import --revert` undoes.
CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    file        TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    imported    INTEGER NOT NULL,
    merged      INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    activity_id INTEGER,
    reverted_at INTEGER
);

-- Existing leads an import merged rows into: the lead before (JSON), and the version the
-- import left, so a revert restores it exactly and refuses when it was worked since.
CREATE TABLE import_merges (
    batch_id      INTEGER NOT NULL REFERENCES import_batches(id),
    lead_id       INTEGER NOT NULL,
    before        TEXT NOT NULL,
    after_version INTEGER NOT NULL,
    PRIMARY KEY (batch_id, lead_id)
) WITHOUT ROWID;

CREATE INDEX leads_batch ON leads(batch_id) WHERE batch_id IS NOT NULL;

-- `merge LEAD LEAD` moves the removed lead's journal rows to the kept one. The moves are
-- listed here against the undo entry that removed the lead, so that undo (which re-inserts
-- the lead) moves them back and redo (which deletes it again) moves them over again: the
-- generic undo engine needs to know nothing about merges.
CREATE TABLE merge_moves (
    undo_id     INTEGER NOT NULL,
    activity_id INTEGER NOT NULL,
    from_lead   INTEGER NOT NULL,
    to_lead     INTEGER NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (undo_id, activity_id)
) WITHOUT ROWID;
CREATE INDEX merge_moves_from ON merge_moves(from_lead) WHERE active = 1;

CREATE TRIGGER merge_moves_on_delete BEFORE DELETE ON leads
WHEN EXISTS (SELECT 1 FROM merge_moves WHERE from_lead = OLD.id AND active = 1)
BEGIN
    UPDATE activities SET lead_id =
        (SELECT to_lead FROM merge_moves WHERE from_lead = OLD.id AND active = 1 LIMIT 1)
    WHERE lead_id = OLD.id;
    UPDATE merge_moves SET active = 0 WHERE from_lead = OLD.id AND active = 1;
END;

CREATE TRIGGER merge_moves_on_undo AFTER UPDATE OF state ON undo_log
WHEN NEW.state = 'undone' AND OLD.state = 'done'
    AND EXISTS (SELECT 1 FROM merge_moves WHERE undo_id = NEW.id)
BEGIN
    UPDATE activities SET lead_id = NEW.lead_id
    WHERE id IN (SELECT activity_id FROM merge_moves WHERE undo_id = NEW.id);
    UPDATE merge_moves SET active = 1 WHERE undo_id = NEW.id;
END;

CREATE TRIGGER merge_moves_forget AFTER DELETE ON undo_log
BEGIN
    DELETE FROM merge_moves WHERE undo_id = OLD.id;
END;
";
