//! Schema version 9: coarser levels of the KPI aggregates, so the Dashboard reads hundreds of
//! rows where it read hundreds of thousands (issue 7: its figures in 16 ms at 1M leads).
//!
//! - `activity_rollup_hour`, `activity_kpi_hour`: the 15-minute journal rollup and the per-row
//!   KPI facts summed per UTC hour. They are kept by triggers on the finer tables themselves
//!   (not on the journal), so which journal row counts for what is still decided in one place;
//!   a period's edges that are not whole hours (zones with a 30- or 45-minute offset) are read
//!   from the finer tables.
//! - `stl_days`, `stl_hours`: how many touched leads took how many window minutes to their first
//!   touch, by hand-over UTC day and hour, kept by triggers on `lead_kpi` (whose minutes the
//!   application stores), so a week's median is exact from about ten thousand rows instead of
//!   every lead's value.
//! - `stage_hours`: the stage-entry histogram per UTC hour beside `stage_days`, so finding a
//!   cutoff or the median inside a dense day walks one hour of the stage index, not the day.
//!   Its insert trigger is known to the bulk import (`store::import_bulk`).

/// Migration 8 → 9.
pub const V9: &str = r"
CREATE TABLE activity_rollup_hour (
    hour    INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (hour, kind, outcome)
) WITHOUT ROWID;

CREATE TRIGGER rollup_hour_insert AFTER INSERT ON activity_rollup
BEGIN
    INSERT INTO activity_rollup_hour (hour, kind, outcome, n)
    VALUES (NEW.slot / 4, NEW.kind, NEW.outcome, NEW.n)
    ON CONFLICT (hour, kind, outcome) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER rollup_hour_update AFTER UPDATE ON activity_rollup
BEGIN
    UPDATE activity_rollup_hour SET n = n - OLD.n
    WHERE hour = OLD.slot / 4 AND kind = OLD.kind AND outcome = OLD.outcome;
    INSERT INTO activity_rollup_hour (hour, kind, outcome, n)
    VALUES (NEW.slot / 4, NEW.kind, NEW.outcome, NEW.n)
    ON CONFLICT (hour, kind, outcome) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER rollup_hour_delete AFTER DELETE ON activity_rollup
BEGIN
    UPDATE activity_rollup_hour SET n = n - OLD.n
    WHERE hour = OLD.slot / 4 AND kind = OLD.kind AND outcome = OLD.outcome;
END;

CREATE TABLE activity_kpi_hour (
    metric TEXT NOT NULL,
    hour   INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (metric, hour)
) WITHOUT ROWID;

CREATE TRIGGER kpi_hour_insert AFTER INSERT ON activity_kpi
WHEN NEW.active = 1
BEGIN
    INSERT INTO activity_kpi_hour (metric, hour, n) VALUES (NEW.metric, NEW.at / 3600, 1)
    ON CONFLICT (metric, hour) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kpi_hour_update AFTER UPDATE ON activity_kpi
WHEN OLD.active IS NOT NEW.active OR OLD.metric IS NOT NEW.metric OR OLD.at IS NOT NEW.at
BEGIN
    UPDATE activity_kpi_hour SET n = n - 1
    WHERE OLD.active = 1 AND metric = OLD.metric AND hour = OLD.at / 3600;
    INSERT INTO activity_kpi_hour (metric, hour, n)
        SELECT NEW.metric, NEW.at / 3600, 1 WHERE NEW.active = 1
    ON CONFLICT (metric, hour) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kpi_hour_delete AFTER DELETE ON activity_kpi
WHEN OLD.active = 1
BEGIN
    UPDATE activity_kpi_hour SET n = n - 1 WHERE metric = OLD.metric AND hour = OLD.at / 3600;
END;

CREATE TABLE stl_days (
    day     INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, minutes)
) WITHOUT ROWID;

CREATE TABLE stl_hours (
    hour    INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (hour, minutes)
) WITHOUT ROWID;

CREATE TRIGGER stl_hist_insert AFTER INSERT ON lead_kpi
WHEN NEW.first_touch_at IS NOT NULL AND NEW.stl_minutes IS NOT NULL
BEGIN
    INSERT INTO stl_days (day, minutes, n) VALUES (NEW.handover_at / 86400, NEW.stl_minutes, 1)
    ON CONFLICT (day, minutes) DO UPDATE SET n = n + 1;
    INSERT INTO stl_hours (hour, minutes, n) VALUES (NEW.handover_at / 3600, NEW.stl_minutes, 1)
    ON CONFLICT (hour, minutes) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER stl_hist_update AFTER UPDATE ON lead_kpi
WHEN OLD.handover_at IS NOT NEW.handover_at OR OLD.stl_minutes IS NOT NEW.stl_minutes
  OR (OLD.first_touch_at IS NULL) IS NOT (NEW.first_touch_at IS NULL)
BEGIN
    UPDATE stl_days SET n = n - 1
    WHERE OLD.first_touch_at IS NOT NULL AND day = OLD.handover_at / 86400
      AND minutes = OLD.stl_minutes;
    UPDATE stl_hours SET n = n - 1
    WHERE OLD.first_touch_at IS NOT NULL AND hour = OLD.handover_at / 3600
      AND minutes = OLD.stl_minutes;
    INSERT INTO stl_days (day, minutes, n)
        SELECT NEW.handover_at / 86400, NEW.stl_minutes, 1
        WHERE NEW.first_touch_at IS NOT NULL AND NEW.stl_minutes IS NOT NULL
    ON CONFLICT (day, minutes) DO UPDATE SET n = n + 1;
    INSERT INTO stl_hours (hour, minutes, n)
        SELECT NEW.handover_at / 3600, NEW.stl_minutes, 1
        WHERE NEW.first_touch_at IS NOT NULL AND NEW.stl_minutes IS NOT NULL
    ON CONFLICT (hour, minutes) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER stl_hist_delete AFTER DELETE ON lead_kpi
WHEN OLD.first_touch_at IS NOT NULL AND OLD.stl_minutes IS NOT NULL
BEGIN
    UPDATE stl_days SET n = n - 1 WHERE day = OLD.handover_at / 86400 AND minutes = OLD.stl_minutes;
    UPDATE stl_hours SET n = n - 1 WHERE hour = OLD.handover_at / 3600 AND minutes = OLD.stl_minutes;
END;

CREATE TABLE stage_hours (
    stage TEXT NOT NULL,
    hour  INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (stage, hour)
) WITHOUT ROWID;

CREATE TRIGGER stage_hours_insert AFTER INSERT ON leads
WHEN NEW.transferred_to IS NULL
BEGIN
    INSERT INTO stage_hours (stage, hour, n) VALUES (NEW.stage, NEW.stage_entered_at / 3600, 1)
    ON CONFLICT (stage, hour) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER stage_hours_delete AFTER DELETE ON leads
WHEN OLD.transferred_to IS NULL
BEGIN
    UPDATE stage_hours SET n = n - 1 WHERE stage = OLD.stage AND hour = OLD.stage_entered_at / 3600;
END;

CREATE TRIGGER stage_hours_update AFTER UPDATE OF stage, stage_entered_at, transferred_to ON leads
WHEN OLD.stage IS NOT NEW.stage OR OLD.stage_entered_at IS NOT NEW.stage_entered_at
  OR OLD.transferred_to IS NOT NEW.transferred_to
BEGIN
    UPDATE stage_hours SET n = n - 1
    WHERE OLD.transferred_to IS NULL AND stage = OLD.stage AND hour = OLD.stage_entered_at / 3600;
    INSERT INTO stage_hours (stage, hour, n)
        SELECT NEW.stage, NEW.stage_entered_at / 3600, 1 WHERE NEW.transferred_to IS NULL
    ON CONFLICT (stage, hour) DO UPDATE SET n = n + 1;
END;

-- Backfill from the finer tables ----------------------------------------------------------

INSERT INTO activity_rollup_hour (hour, kind, outcome, n)
    SELECT slot / 4, kind, outcome, sum(n) FROM activity_rollup GROUP BY 1, 2, 3;
INSERT INTO activity_kpi_hour (metric, hour, n)
    SELECT metric, at / 3600, count(*) FROM activity_kpi WHERE active = 1 GROUP BY 1, 2;
INSERT INTO stl_hours (hour, minutes, n)
    SELECT handover_at / 3600, stl_minutes, count(*) FROM lead_kpi INDEXED BY lead_kpi_stl
    WHERE first_touch_at IS NOT NULL AND stl_minutes IS NOT NULL GROUP BY 1, 2;
INSERT INTO stl_days (day, minutes, n)
    SELECT hour / 24, minutes, sum(n) FROM stl_hours GROUP BY 1, 2;
INSERT INTO stage_hours (stage, hour, n)
    SELECT stage, stage_entered_at / 3600, count(*) FROM leads INDEXED BY leads_stage_age
    WHERE transferred_to IS NULL GROUP BY 1, 2;
";
