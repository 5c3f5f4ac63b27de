//! Schema version 5: KPI aggregates, stagnation indexes, team reports and transfers (SPEC §9).
//!
//! Everything here is kept by triggers in the transaction that changes the lead or appends the
//! journal row, and backfilled from existing data by this migration:
//!
//! - `lead_kpi`: per lead, the first rep-initiated touch (a call, or a mail that is not an
//!   automatic sequence mail) and the last dial. `stl_minutes` (minutes inside the calling
//!   window, which needs time zones and holidays) is filled by the application on first read
//!   and cleared whenever its inputs change.
//! - `activity_kpi`: one row per journal row that counts for a KPI the 15-minute rollup cannot
//!   tell (re-engagements, feedback, conversations with lost leads, meetings from lost leads),
//!   with its metric decided once, so undo and redo only flip `active`.
//! - `call_hour_rollup`: dials and connects per 15-minute slot and lead time zone, for
//!   `connect_rate_by_hour` in the lead's local day.
//! - `stage_days`, `reengage_days`, `stage_scores`: per-stage histograms (entry day, re-engage
//!   date, score and next action) for median age, aging, over-SLA counts and snapshot KPIs.

/// Migration 4 → 5.
pub const V5: &str = r"
CREATE INDEX leads_stage_age ON leads(stage, stage_entered_at, handover_at) WHERE transferred_to IS NULL;
CREATE INDEX leads_reengage ON leads(stage, reengage_on) WHERE transferred_to IS NULL AND reengage_on IS NOT NULL;
CREATE INDEX leads_handover ON leads(handover_at);

CREATE TABLE lead_kpi (
    lead_id        INTEGER PRIMARY KEY,
    handover_at    INTEGER NOT NULL,
    tz             TEXT,
    first_touch_at INTEGER,
    stl_minutes    INTEGER,
    last_dial_at   INTEGER
);
CREATE INDEX lead_kpi_stl ON lead_kpi(handover_at, stl_minutes) WHERE first_touch_at IS NOT NULL;
CREATE INDEX lead_kpi_stl_todo ON lead_kpi(handover_at) WHERE first_touch_at IS NOT NULL AND stl_minutes IS NULL;
CREATE INDEX lead_kpi_dial ON lead_kpi(last_dial_at) WHERE last_dial_at IS NOT NULL;

CREATE TABLE activity_kpi (
    activity_id INTEGER PRIMARY KEY,
    lead_id     INTEGER,
    metric      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    aux         INTEGER,
    active      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activity_kpi_metric ON activity_kpi(metric, at, aux) WHERE active = 1;
CREATE INDEX activity_kpi_lead ON activity_kpi(lead_id, metric, at);

CREATE TABLE call_hour_rollup (
    slot     INTEGER NOT NULL,
    tz       TEXT NOT NULL,
    dials    INTEGER NOT NULL,
    connects INTEGER NOT NULL,
    PRIMARY KEY (slot, tz)
) WITHOUT ROWID;

CREATE TABLE stage_flow_rollup (
    slot       INTEGER NOT NULL,
    from_stage TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (from_stage, slot)
) WITHOUT ROWID;

CREATE TABLE stage_days (
    stage TEXT NOT NULL,
    day   INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (stage, day)
) WITHOUT ROWID;

CREATE TABLE reengage_days (
    day TEXT PRIMARY KEY,
    n   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE stage_scores (
    stage    TEXT NOT NULL,
    score    INTEGER NOT NULL,
    has_next INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (stage, score, has_next)
) WITHOUT ROWID;

-- Lead histograms ---------------------------------------------------------------------------

CREATE TRIGGER kpi_leads_insert AFTER INSERT ON leads
WHEN NEW.transferred_to IS NULL
BEGIN
    INSERT INTO stage_days (stage, day, n) VALUES (NEW.stage, NEW.stage_entered_at / 86400, 1)
    ON CONFLICT (stage, day) DO UPDATE SET n = n + 1;
    INSERT INTO reengage_days (day, n) SELECT NEW.reengage_on, 1
        WHERE NEW.stage = 'lost' AND NEW.reengage_on IS NOT NULL
    ON CONFLICT (day) DO UPDATE SET n = n + 1;
    INSERT INTO stage_scores (stage, score, has_next, n)
        VALUES (NEW.stage, NEW.score, NEW.due_at IS NOT NULL, 1)
    ON CONFLICT (stage, score, has_next) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kpi_leads_delete AFTER DELETE ON leads
BEGIN
    UPDATE stage_days SET n = n - 1
    WHERE OLD.transferred_to IS NULL AND stage = OLD.stage AND day = OLD.stage_entered_at / 86400;
    UPDATE reengage_days SET n = n - 1
    WHERE OLD.transferred_to IS NULL AND OLD.stage = 'lost' AND day = OLD.reengage_on;
    UPDATE stage_scores SET n = n - 1
    WHERE OLD.transferred_to IS NULL AND stage = OLD.stage AND score = OLD.score
      AND has_next = (OLD.due_at IS NOT NULL);
    DELETE FROM lead_kpi WHERE lead_id = OLD.id;
END;

CREATE TRIGGER kpi_leads_update AFTER UPDATE ON leads
WHEN OLD.stage IS NOT NEW.stage OR OLD.stage_entered_at IS NOT NEW.stage_entered_at
  OR OLD.transferred_to IS NOT NEW.transferred_to OR OLD.reengage_on IS NOT NEW.reengage_on
  OR OLD.score IS NOT NEW.score OR (OLD.due_at IS NULL) IS NOT (NEW.due_at IS NULL)
BEGIN
    UPDATE stage_days SET n = n - 1
    WHERE OLD.transferred_to IS NULL AND stage = OLD.stage AND day = OLD.stage_entered_at / 86400;
    UPDATE reengage_days SET n = n - 1
    WHERE OLD.transferred_to IS NULL AND OLD.stage = 'lost' AND day = OLD.reengage_on;
    UPDATE stage_scores SET n = n - 1
    WHERE OLD.transferred_to IS NULL AND stage = OLD.stage AND score = OLD.score
      AND has_next = (OLD.due_at IS NOT NULL);
    INSERT INTO stage_days (stage, day, n)
        SELECT NEW.stage, NEW.stage_entered_at / 86400, 1 WHERE NEW.transferred_to IS NULL
    ON CONFLICT (stage, day) DO UPDATE SET n = n + 1;
    INSERT INTO reengage_days (day, n) SELECT NEW.reengage_on, 1
        WHERE NEW.transferred_to IS NULL AND NEW.stage = 'lost' AND NEW.reengage_on IS NOT NULL
    ON CONFLICT (day) DO UPDATE SET n = n + 1;
    INSERT INTO stage_scores (stage, score, has_next, n)
        SELECT NEW.stage, NEW.score, NEW.due_at IS NOT NULL, 1 WHERE NEW.transferred_to IS NULL
    ON CONFLICT (stage, score, has_next) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kpi_leads_handover AFTER UPDATE ON leads
WHEN OLD.handover_at IS NOT NEW.handover_at OR OLD.timezone IS NOT NEW.timezone
BEGIN
    UPDATE lead_kpi SET handover_at = NEW.handover_at, tz = NEW.timezone, stl_minutes = NULL
    WHERE lead_id = NEW.id;
END;

-- First touch and last dial -----------------------------------------------------------------

CREATE TRIGGER kpi_touch_insert AFTER INSERT ON activities
WHEN NEW.undone = 0 AND NEW.by_other = 0 AND NEW.lead_id IS NOT NULL
  AND (NEW.kind = 'call' OR (NEW.kind = 'mail'
       AND coalesce(CASE WHEN json_valid(NEW.data) THEN json_extract(NEW.data, '$.auto') END, 0) = 0))
BEGIN
    INSERT INTO lead_kpi (lead_id, handover_at, tz, first_touch_at, last_dial_at)
        SELECT id, handover_at, timezone, NEW.at, CASE WHEN NEW.kind = 'call' THEN NEW.at END
        FROM leads WHERE id = NEW.lead_id
    ON CONFLICT (lead_id) DO UPDATE SET
        first_touch_at = CASE WHEN first_touch_at IS NULL OR excluded.first_touch_at < first_touch_at
                              THEN excluded.first_touch_at ELSE first_touch_at END,
        stl_minutes = CASE WHEN first_touch_at IS NULL OR excluded.first_touch_at < first_touch_at
                           THEN NULL ELSE stl_minutes END,
        last_dial_at = CASE WHEN excluded.last_dial_at IS NOT NULL
                             AND (last_dial_at IS NULL OR excluded.last_dial_at > last_dial_at)
                            THEN excluded.last_dial_at ELSE last_dial_at END;
END;

CREATE TRIGGER kpi_touch_undone AFTER UPDATE OF undone ON activities
WHEN OLD.undone IS NOT NEW.undone AND NEW.by_other = 0 AND NEW.lead_id IS NOT NULL
  AND NEW.kind IN ('call', 'mail')
BEGIN
    INSERT OR IGNORE INTO lead_kpi (lead_id, handover_at, tz)
        SELECT id, handover_at, timezone FROM leads WHERE id = NEW.lead_id;
    UPDATE lead_kpi SET
        first_touch_at = (SELECT min(at) FROM activities
            WHERE lead_id = NEW.lead_id AND undone = 0 AND by_other = 0
              AND (kind = 'call' OR (kind = 'mail'
                   AND coalesce(CASE WHEN json_valid(data) THEN json_extract(data, '$.auto') END, 0) = 0))),
        stl_minutes = NULL,
        last_dial_at = (SELECT max(at) FROM activities
            WHERE lead_id = NEW.lead_id AND undone = 0 AND by_other = 0 AND kind = 'call')
    WHERE lead_id = NEW.lead_id;
END;

-- Dials and connects by the lead's time zone ------------------------------------------------

CREATE TRIGGER kpi_call_hour_insert AFTER INSERT ON activities
WHEN NEW.kind = 'call' AND NEW.undone = 0 AND NEW.by_other = 0
BEGIN
    INSERT INTO call_hour_rollup (slot, tz, dials, connects)
    VALUES (NEW.at / 900, coalesce((SELECT timezone FROM leads WHERE id = NEW.lead_id), ''), 1,
            coalesce(NEW.outcome, '') IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call'))
    ON CONFLICT (slot, tz) DO UPDATE SET dials = dials + 1, connects = connects + excluded.connects;
END;

CREATE TRIGGER kpi_call_hour_undone AFTER UPDATE OF undone ON activities
WHEN NEW.kind = 'call' AND OLD.undone IS NOT NEW.undone AND NEW.by_other = 0
BEGIN
    INSERT INTO call_hour_rollup (slot, tz, dials, connects)
    VALUES (NEW.at / 900, coalesce((SELECT timezone FROM leads WHERE id = NEW.lead_id), ''),
            CASE WHEN NEW.undone THEN -1 ELSE 1 END,
            (coalesce(NEW.outcome, '') IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call'))
              * CASE WHEN NEW.undone THEN -1 ELSE 1 END)
    ON CONFLICT (slot, tz) DO UPDATE SET dials = dials + excluded.dials,
        connects = connects + excluded.connects;
END;

CREATE TRIGGER kpi_call_hour_delete AFTER DELETE ON activities
WHEN OLD.kind = 'call' AND OLD.undone = 0 AND OLD.by_other = 0
BEGIN
    UPDATE call_hour_rollup SET dials = dials - 1,
        connects = connects - (coalesce(OLD.outcome, '') IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call'))
    WHERE slot = OLD.at / 900
      AND tz = coalesce((SELECT timezone FROM leads WHERE id = OLD.lead_id), '');
END;

-- Stage moves per slot (outflow for the pile-up forecast) ---------------------------------

CREATE TRIGGER kpi_flow_insert AFTER INSERT ON activities
WHEN NEW.kind = 'stage' AND NEW.undone = 0 AND NEW.by_other = 0 AND json_valid(NEW.data)
  AND json_extract(NEW.data, '$.from') IS NOT NULL
BEGIN
    INSERT INTO stage_flow_rollup (slot, from_stage, n)
    VALUES (NEW.at / 900, json_extract(NEW.data, '$.from'), 1)
    ON CONFLICT (from_stage, slot) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kpi_flow_undone AFTER UPDATE OF undone ON activities
WHEN NEW.kind = 'stage' AND OLD.undone IS NOT NEW.undone AND NEW.by_other = 0
  AND json_valid(NEW.data) AND json_extract(NEW.data, '$.from') IS NOT NULL
BEGIN
    INSERT INTO stage_flow_rollup (slot, from_stage, n)
    VALUES (NEW.at / 900, json_extract(NEW.data, '$.from'), CASE WHEN NEW.undone THEN -1 ELSE 1 END)
    ON CONFLICT (from_stage, slot) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER kpi_flow_delete AFTER DELETE ON activities
WHEN OLD.kind = 'stage' AND OLD.undone = 0 AND OLD.by_other = 0 AND json_valid(OLD.data)
BEGIN
    UPDATE stage_flow_rollup SET n = n - 1
    WHERE from_stage = json_extract(OLD.data, '$.from') AND slot = OLD.at / 900;
END;

-- Per-row KPI facts -------------------------------------------------------------------------

CREATE TRIGGER kpi_reengaged_insert AFTER INSERT ON activities
WHEN NEW.kind = 'stage' AND NEW.undone = 0 AND NEW.by_other = 0 AND json_valid(NEW.data)
  AND json_extract(NEW.data, '$.from') = 'lost'
BEGIN
    INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
        SELECT NEW.id, NEW.lead_id, 'reengaged', NEW.at
        WHERE json_extract(NEW.data, '$.to') = 'engaged';
    -- The conversation that moved the lead out of lost was written just before this row.
    INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
        SELECT id, lead_id, 'lost_conversation', at FROM activities
        WHERE lead_id = NEW.lead_id AND at = NEW.at AND id < NEW.id AND undone = 0 AND by_other = 0
          AND (kind = 'inbound' OR (kind = 'call'
               AND outcome IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call')));
    -- So was a meeting booked on that call.
    INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at, aux)
        SELECT id, lead_id, 'meeting_from_lost', at, NEW.at FROM activities
        WHERE json_extract(NEW.data, '$.to') = 'engaged'
          AND lead_id = NEW.lead_id AND at = NEW.at AND id < NEW.id AND undone = 0
          AND by_other = 0 AND kind = 'meeting' AND outcome = 'booked';
END;

CREATE TRIGGER kpi_feedback_insert AFTER INSERT ON activities
WHEN NEW.kind = 'feedback' AND NEW.undone = 0 AND NEW.by_other = 0
BEGIN
    INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
        SELECT NEW.id, NEW.lead_id, m, NEW.at FROM (SELECT coalesce(NEW.outcome,
            CASE WHEN json_valid(NEW.data) THEN coalesce(json_extract(NEW.data, '$.result'),
                 json_extract(NEW.data, '$.outcome')) END) AS m)
        WHERE m IN ('accepted', 'rejected');
END;

CREATE TRIGGER kpi_lost_conversation_insert AFTER INSERT ON activities
WHEN NEW.undone = 0 AND NEW.by_other = 0 AND NEW.lead_id IS NOT NULL
  AND (NEW.kind = 'inbound' OR (NEW.kind = 'call'
       AND coalesce(NEW.outcome, '') IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call')))
BEGIN
    INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
        SELECT NEW.id, NEW.lead_id, 'lost_conversation', NEW.at
        WHERE coalesce(
            (SELECT CASE WHEN json_valid(data) THEN json_extract(data, '$.to') END FROM activities
             WHERE lead_id = NEW.lead_id AND kind = 'stage' AND undone = 0 AND id < NEW.id
               AND at <= NEW.at
             ORDER BY at DESC, id DESC LIMIT 1),
            (SELECT CASE WHEN stage = 'lost' AND stage_entered_at < NEW.at THEN 'lost' END
             FROM leads WHERE id = NEW.lead_id)) = 'lost';
END;

CREATE TRIGGER kpi_meeting_insert AFTER INSERT ON activities
WHEN NEW.kind = 'meeting' AND NEW.outcome = 'booked' AND NEW.undone = 0 AND NEW.by_other = 0
BEGIN
    INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at, aux)
        SELECT NEW.id, NEW.lead_id, 'meeting_from_lost', NEW.at, r FROM
            (SELECT max(at) AS r FROM activity_kpi
             WHERE lead_id = NEW.lead_id AND metric = 'reengaged' AND active = 1 AND at <= NEW.at)
        WHERE r IS NOT NULL;
END;

CREATE TRIGGER kpi_activity_undone AFTER UPDATE OF undone ON activities
WHEN OLD.undone IS NOT NEW.undone
BEGIN
    UPDATE activity_kpi SET active = (NEW.undone = 0) WHERE activity_id = NEW.id;
END;

CREATE TRIGGER kpi_activity_delete AFTER DELETE ON activities
BEGIN
    DELETE FROM activity_kpi WHERE activity_id = OLD.id;
END;

-- Backfill ----------------------------------------------------------------------------------

INSERT INTO stage_days (stage, day, n)
    SELECT stage, stage_entered_at / 86400, count(*) FROM leads WHERE transferred_to IS NULL
    GROUP BY 1, 2;
INSERT INTO reengage_days (day, n)
    SELECT reengage_on, count(*) FROM leads
    WHERE transferred_to IS NULL AND stage = 'lost' AND reengage_on IS NOT NULL GROUP BY 1;
INSERT INTO stage_scores (stage, score, has_next, n)
    SELECT stage, score, due_at IS NOT NULL, count(*) FROM leads WHERE transferred_to IS NULL
    GROUP BY 1, 2, 3;

INSERT INTO lead_kpi (lead_id, handover_at, tz, first_touch_at, last_dial_at)
    SELECT l.id, l.handover_at, l.timezone, t.ft, t.ld FROM (
        SELECT lead_id,
               min(CASE WHEN kind = 'call' OR coalesce(CASE WHEN json_valid(data)
                        THEN json_extract(data, '$.auto') END, 0) = 0 THEN at END) AS ft,
               max(CASE WHEN kind = 'call' THEN at END) AS ld
        FROM activities
        WHERE kind IN ('call', 'mail') AND undone = 0 AND by_other = 0 AND lead_id IS NOT NULL
        GROUP BY lead_id) AS t
    JOIN leads AS l ON l.id = t.lead_id;

INSERT INTO call_hour_rollup (slot, tz, dials, connects)
    SELECT a.at / 900, coalesce(l.timezone, ''), count(*),
           sum(coalesce(a.outcome, '') IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call'))
    FROM activities AS a JOIN leads AS l ON l.id = a.lead_id
    WHERE a.kind = 'call' AND a.undone = 0 AND a.by_other = 0
    GROUP BY 1, 2;

INSERT INTO stage_flow_rollup (slot, from_stage, n)
    SELECT at / 900, json_extract(data, '$.from'), count(*) FROM activities
    WHERE kind = 'stage' AND undone = 0 AND by_other = 0 AND json_valid(data)
      AND json_extract(data, '$.from') IS NOT NULL
    GROUP BY 1, 2;

INSERT INTO activity_kpi (activity_id, lead_id, metric, at, active)
    SELECT id, lead_id, 'reengaged', at, 1 FROM activities
    WHERE kind = 'stage' AND by_other = 0 AND undone = 0 AND json_valid(data)
      AND json_extract(data, '$.from') = 'lost' AND json_extract(data, '$.to') = 'engaged';

INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
    SELECT id, lead_id, m, at FROM (
        SELECT id, lead_id, at, coalesce(outcome, CASE WHEN json_valid(data) THEN
               coalesce(json_extract(data, '$.result'), json_extract(data, '$.outcome')) END) AS m
        FROM activities WHERE kind = 'feedback' AND undone = 0 AND by_other = 0)
    WHERE m IN ('accepted', 'rejected');

INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
    SELECT a.id, a.lead_id, 'lost_conversation', a.at FROM activities AS a
    WHERE a.undone = 0 AND a.by_other = 0 AND a.lead_id IS NOT NULL
      AND (a.kind = 'inbound' OR (a.kind = 'call'
           AND a.outcome IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call')))
      AND ((SELECT CASE WHEN json_valid(s.data) THEN json_extract(s.data, '$.to') END
            FROM activities AS s
            WHERE s.lead_id = a.lead_id AND s.kind = 'stage' AND s.undone = 0 AND s.id < a.id
              AND s.at <= a.at
            ORDER BY s.at DESC, s.id DESC LIMIT 1) = 'lost'
        OR EXISTS (SELECT 1 FROM activity_kpi AS k JOIN activities AS s ON s.id = k.activity_id
            WHERE k.lead_id = a.lead_id AND k.metric = 'reengaged' AND k.at = a.at AND s.id > a.id));

INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at, aux)
    SELECT id, lead_id, 'meeting_from_lost', at, r FROM (
        SELECT m.id, m.lead_id, m.at,
               (SELECT max(k.at) FROM activity_kpi AS k
                WHERE k.lead_id = m.lead_id AND k.metric = 'reengaged' AND k.at <= m.at) AS r
        FROM activities AS m
        WHERE m.kind = 'meeting' AND m.outcome = 'booked' AND m.undone = 0 AND m.by_other = 0)
    WHERE r IS NOT NULL;
";
