//! Schema version 10: filtered views and the re-engage bucket served from index entries alone
//! (issue 4: a filter switch in 5 ms at a million leads).
//!
//! - The re-engage lane. Lost leads whose re-engage date has come sit at the bottom of the key
//!   order (they were lost long ago), so finding the top of that bucket walked nearly every
//!   lost lead. `reengage_due` marks the lost leads whose date is on or before the day of the
//!   last sweep (`meta.reengage_swept`), and `leads_reengage_lane` holds just them in key
//!   order. The flag follows every write by triggers that read the swept day, and
//!   `Store::sweep_reengage` moves the day (and the flags of the dates it passes) as the
//!   calendar turns; a reader whose day is past the sweep falls back to the older plans.
//! - The filter fields' key indexes carry what a filtered page checks (the due time, the
//!   re-engage date and the other field), and the group and tag membership rows copy those
//!   columns from their lead, so a filtered walk tests index entries instead of reading rows.

/// Migration 9 → 10.
pub const V10: &str = r"
ALTER TABLE leads ADD COLUMN reengage_due INTEGER NOT NULL DEFAULT 0;

INSERT INTO meta (key, value) VALUES ('reengage_swept', date('now'))
ON CONFLICT (key) DO UPDATE SET value = excluded.value;

UPDATE leads SET reengage_due = 1
WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL
  AND reengage_on <= date('now');

CREATE INDEX leads_reengage_lane
    ON leads(prio DESC, id DESC, due_at, timezone, reengage_on, grade, source, stage, transferred_to, reengage_due)
    WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_due = 1;

CREATE TRIGGER leads_reengage_lane_insert AFTER INSERT ON leads
WHEN NEW.stage = 'lost' AND NEW.transferred_to IS NULL AND NEW.reengage_on IS NOT NULL
  AND NEW.reengage_on <= (SELECT value FROM meta WHERE key = 'reengage_swept')
BEGIN
    UPDATE leads SET reengage_due = 1 WHERE id = NEW.id;
END;

CREATE TRIGGER leads_reengage_lane_update AFTER UPDATE OF stage, transferred_to, reengage_on ON leads
WHEN NEW.reengage_due IS NOT (NEW.stage = 'lost' AND NEW.transferred_to IS NULL
  AND NEW.reengage_on IS NOT NULL
  AND NEW.reengage_on <= coalesce((SELECT value FROM meta WHERE key = 'reengage_swept'), ''))
BEGIN
    UPDATE leads SET reengage_due = (NEW.stage = 'lost' AND NEW.transferred_to IS NULL
        AND NEW.reengage_on IS NOT NULL
        AND NEW.reengage_on <= coalesce((SELECT value FROM meta WHERE key = 'reengage_swept'), ''))
    WHERE id = NEW.id;
END;

DROP INDEX leads_grade_queue;
CREATE INDEX leads_grade_queue
    ON leads(grade, stage, prio DESC, id DESC, due_at, reengage_on, source, transferred_to)
    WHERE transferred_to IS NULL;
DROP INDEX leads_source_queue;
CREATE INDEX leads_source_queue
    ON leads(source, stage, prio DESC, id DESC, due_at, reengage_on, grade, transferred_to)
    WHERE transferred_to IS NULL;
DROP INDEX leads_reengage_queue;
CREATE INDEX leads_reengage_queue
    ON leads(reengage_on, prio, stage, transferred_to, timezone, due_at, grade, source)
    WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL;
DROP INDEX leads_due;
CREATE INDEX leads_due ON leads(stage, due_at, prio, transferred_to, timezone, next_kind, grade, source)
    WHERE due_at IS NOT NULL AND transferred_to IS NULL;

ALTER TABLE lead_groups ADD COLUMN due_at INTEGER;
ALTER TABLE lead_groups ADD COLUMN reengage_on TEXT;
ALTER TABLE lead_groups ADD COLUMN grade TEXT NOT NULL DEFAULT '';
ALTER TABLE lead_groups ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE lead_tags ADD COLUMN due_at INTEGER;
ALTER TABLE lead_tags ADD COLUMN reengage_on TEXT;
ALTER TABLE lead_tags ADD COLUMN grade TEXT NOT NULL DEFAULT '';
ALTER TABLE lead_tags ADD COLUMN source TEXT NOT NULL DEFAULT '';
DROP INDEX lead_groups_queue;
DROP INDEX lead_tags_queue;
UPDATE lead_groups SET (due_at, reengage_on, grade, source) =
    (SELECT l.due_at, l.reengage_on, l.grade, l.source FROM leads l WHERE l.id = lead_groups.lead_id);
UPDATE lead_tags SET (due_at, reengage_on, grade, source) =
    (SELECT l.due_at, l.reengage_on, l.grade, l.source FROM leads l WHERE l.id = lead_tags.lead_id);
CREATE INDEX lead_groups_queue ON lead_groups(grp, stage, prio DESC, lead_id DESC, due_at, reengage_on, grade, source);
CREATE INDEX lead_tags_queue ON lead_tags(tag, stage, prio DESC, lead_id DESC, due_at, reengage_on, grade, source);

-- The filter fields' sizes per stage, which pick the index a filtered walk follows (the
-- smallest range). Kept by triggers on the membership rows and on the lead's grade, source,
-- stage and transfer.
CREATE TABLE facet_counts (
    field TEXT NOT NULL CHECK (field IN ('group', 'tag', 'grade', 'source')),
    value TEXT NOT NULL,
    stage TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (field, value, stage)
) WITHOUT ROWID;

INSERT INTO facet_counts (field, value, stage, n)
SELECT 'group', grp, stage, count(*) FROM lead_groups GROUP BY grp, stage;
INSERT INTO facet_counts (field, value, stage, n)
SELECT 'tag', tag, stage, count(*) FROM lead_tags GROUP BY tag, stage;
INSERT INTO facet_counts (field, value, stage, n)
SELECT 'grade', grade, stage, count(*) FROM leads WHERE transferred_to IS NULL GROUP BY grade, stage;
INSERT INTO facet_counts (field, value, stage, n)
SELECT 'source', source, stage, count(*) FROM leads WHERE transferred_to IS NULL GROUP BY source, stage;

CREATE TRIGGER lead_groups_facet_insert AFTER INSERT ON lead_groups
BEGIN
    INSERT INTO facet_counts (field, value, stage, n) VALUES ('group', NEW.grp, NEW.stage, 1)
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER lead_groups_facet_delete AFTER DELETE ON lead_groups
BEGIN
    UPDATE facet_counts SET n = n - 1 WHERE field = 'group' AND value = OLD.grp AND stage = OLD.stage;
END;
CREATE TRIGGER lead_groups_facet_update AFTER UPDATE OF grp, stage ON lead_groups
WHEN OLD.grp IS NOT NEW.grp OR OLD.stage IS NOT NEW.stage
BEGIN
    UPDATE facet_counts SET n = n - 1 WHERE field = 'group' AND value = OLD.grp AND stage = OLD.stage;
    INSERT INTO facet_counts (field, value, stage, n) VALUES ('group', NEW.grp, NEW.stage, 1)
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER lead_tags_facet_insert AFTER INSERT ON lead_tags
BEGIN
    INSERT INTO facet_counts (field, value, stage, n) VALUES ('tag', NEW.tag, NEW.stage, 1)
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER lead_tags_facet_delete AFTER DELETE ON lead_tags
BEGIN
    UPDATE facet_counts SET n = n - 1 WHERE field = 'tag' AND value = OLD.tag AND stage = OLD.stage;
END;
CREATE TRIGGER lead_tags_facet_update AFTER UPDATE OF tag, stage ON lead_tags
WHEN OLD.tag IS NOT NEW.tag OR OLD.stage IS NOT NEW.stage
BEGIN
    UPDATE facet_counts SET n = n - 1 WHERE field = 'tag' AND value = OLD.tag AND stage = OLD.stage;
    INSERT INTO facet_counts (field, value, stage, n) VALUES ('tag', NEW.tag, NEW.stage, 1)
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER leads_facet_insert AFTER INSERT ON leads
WHEN NEW.transferred_to IS NULL
BEGIN
    INSERT INTO facet_counts (field, value, stage, n) VALUES ('grade', NEW.grade, NEW.stage, 1)
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
    INSERT INTO facet_counts (field, value, stage, n) VALUES ('source', NEW.source, NEW.stage, 1)
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER leads_facet_delete AFTER DELETE ON leads
WHEN OLD.transferred_to IS NULL
BEGIN
    UPDATE facet_counts SET n = n - 1
    WHERE (field, value, stage) IN (VALUES ('grade', OLD.grade, OLD.stage), ('source', OLD.source, OLD.stage));
END;
CREATE TRIGGER leads_facet_update AFTER UPDATE OF stage, grade, source, transferred_to ON leads
WHEN OLD.stage IS NOT NEW.stage OR OLD.grade IS NOT NEW.grade OR OLD.source IS NOT NEW.source
  OR OLD.transferred_to IS NOT NEW.transferred_to
BEGIN
    UPDATE facet_counts SET n = n - 1
    WHERE OLD.transferred_to IS NULL
      AND (field, value, stage) IN (VALUES ('grade', OLD.grade, OLD.stage), ('source', OLD.source, OLD.stage));
    INSERT INTO facet_counts (field, value, stage, n)
        SELECT 'grade', NEW.grade, NEW.stage, 1 WHERE NEW.transferred_to IS NULL
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
    INSERT INTO facet_counts (field, value, stage, n)
        SELECT 'source', NEW.source, NEW.stage, 1 WHERE NEW.transferred_to IS NULL
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
END;
";
