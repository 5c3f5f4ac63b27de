//! Schema version 3: scoring, groups, tags and search (SPEC §3, §4).
//!
//! Backfill: engagement counts are recounted from the journal here, in SQL. Score, grade,
//! groups and the search text need the configuration's rules, which SQL does not have: the
//! migration leaves `meta.rescore_needed` set, and the first command that opens the file with a
//! configuration (CLI or TUI) runs `rescore` before anything else (as `leadbench rescore` does).

/// Migration 2 → 3.
pub const V3: &str = r"
-- Engagement events counted by kind (JSON object), so points per kind can change without
-- reading the journal again; grade and groups as last scored; the normalised search text.
ALTER TABLE leads ADD COLUMN engagement TEXT NOT NULL DEFAULT '{}';
ALTER TABLE leads ADD COLUMN grade TEXT NOT NULL DEFAULT 'D';
ALTER TABLE leads ADD COLUMN groups TEXT NOT NULL DEFAULT '[]';
ALTER TABLE leads ADD COLUMN search_doc TEXT NOT NULL DEFAULT '';

UPDATE leads SET engagement = coalesce((
    SELECT json_group_object(k, n) FROM (
        SELECT CASE WHEN a.kind IN ('call', 'inbound') THEN 'conversation'
                    WHEN a.kind = 'reply' THEN 'reply'
                    ELSE lower(coalesce(nullif(trim(a.outcome), ''), 'other')) END AS k,
               count(*) AS n
        FROM activities a
        WHERE a.lead_id = leads.id AND a.undone = 0
          AND (a.kind IN ('inbound', 'reply', 'event')
               OR (a.kind = 'call' AND a.outcome IN
                   ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call')))
        GROUP BY k)), '{}');

-- Group and tag memberships of queued (not transferred) leads, with the lead's stage and
-- priority key copied in, so a filtered queue page is a range scan in key order. The write
-- path keeps them in step with the lead row in the same transaction.
CREATE TABLE lead_groups (
    lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    grp     TEXT NOT NULL,
    stage   TEXT NOT NULL,
    prio    REAL NOT NULL,
    PRIMARY KEY (lead_id, grp)
) WITHOUT ROWID;
CREATE INDEX lead_groups_queue ON lead_groups(grp, stage, prio DESC, lead_id DESC);

CREATE TABLE lead_tags (
    lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    stage   TEXT NOT NULL,
    prio    REAL NOT NULL,
    PRIMARY KEY (lead_id, tag)
) WITHOUT ROWID;
CREATE INDEX lead_tags_queue ON lead_tags(tag, stage, prio DESC, lead_id DESC);

-- Filtered queues by grade and by source, in key order.
CREATE INDEX leads_grade_queue ON leads(grade, stage, prio DESC, id DESC) WHERE transferred_to IS NULL;
CREATE INDEX leads_source_queue ON leads(source, stage, prio DESC, id DESC) WHERE transferred_to IS NULL;

-- Search (SPEC §4). `search_doc` holds normalised tokens (kana folded, CJK characters one token
-- each, phone numbers in national and international digits); the FTS5 index over it serves
-- selective queries, and this index — every lead by key with its tokens — serves queries that
-- match many leads: walking it in key order finds the first 200 matches after a few thousand
-- entries instead of sorting a large match set.
CREATE INDEX leads_prio_search ON leads(prio DESC, id DESC, search_doc);
-- The key by id, so the priority of a match set is read without visiting wide lead rows.
CREATE INDEX leads_id_prio ON leads(id, prio);

CREATE VIRTUAL TABLE lead_search USING fts5(
    search_doc, content = 'leads', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2'
);
-- Deleted and replaced tokens leave the file at once (forget, SPEC §11), not at the next merge.
INSERT INTO lead_search (lead_search, rank) VALUES ('secure-delete', 1);
CREATE TRIGGER leads_search_insert AFTER INSERT ON leads WHEN NEW.search_doc <> ''
BEGIN
    INSERT INTO lead_search (rowid, search_doc) VALUES (NEW.id, NEW.search_doc);
END;
CREATE TRIGGER leads_search_delete AFTER DELETE ON leads WHEN OLD.search_doc <> ''
BEGIN
    INSERT INTO lead_search (lead_search, rowid, search_doc) VALUES ('delete', OLD.id, OLD.search_doc);
END;
CREATE TRIGGER leads_search_update AFTER UPDATE OF search_doc ON leads
WHEN OLD.search_doc IS NOT NEW.search_doc
BEGIN
    INSERT INTO lead_search (lead_search, rowid, search_doc)
        SELECT 'delete', OLD.id, OLD.search_doc WHERE OLD.search_doc <> '';
    INSERT INTO lead_search (rowid, search_doc)
        SELECT NEW.id, NEW.search_doc WHERE NEW.search_doc <> '';
END;

-- Saved filters (named views).
CREATE TABLE saved_views (
    name       TEXT PRIMARY KEY,
    filter     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

INSERT INTO meta (key, value) SELECT 'rescore_needed', 'v3' WHERE EXISTS (SELECT 1 FROM leads)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
";
