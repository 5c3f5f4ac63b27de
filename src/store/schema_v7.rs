//! Schema version 7: faster due buckets and lead-scoped journal lookups.
//!
//! The key indexes carry the due time and zone (and the columns of their own WHERE clause,
//! which the planner does not count as covered otherwise), so a dense due bucket (thousands of overdue
//! leads) pages by walking the key order and filtering on the index alone, instead of sorting
//! the whole due range for every page; Today's open stages get a key index of their own for
//! the same walk. `store::queue` picks the walk or the range per page.
//!
//! Without statistics the planner preferred `activities_kind_at` for "this lead's latest stage
//! row", walking every stage row of the file backwards from now until it met the lead: tens of
//! milliseconds per logged conversation on a 100k-lead file. The unary `+` keeps `kind` out of
//! index selection, so the lookup seeks `activities_lead (lead_id, at)` and reads a handful of
//! rows, whatever the statistics say.

/// Migration 6 → 7.
pub const V7: &str = r"
DROP INDEX leads_queue;
CREATE INDEX leads_queue ON leads(stage, prio DESC, id DESC, due_at, timezone, transferred_to)
    WHERE transferred_to IS NULL;
CREATE INDEX leads_open_queue ON leads(prio DESC, id DESC, due_at, timezone, stage, transferred_to)
    WHERE transferred_to IS NULL AND stage IN ('new', 'unreached', 'engaged');

DROP TRIGGER kpi_lost_conversation_insert;

CREATE TRIGGER kpi_lost_conversation_insert AFTER INSERT ON activities
WHEN NEW.undone = 0 AND NEW.by_other = 0 AND NEW.lead_id IS NOT NULL
  AND (NEW.kind = 'inbound' OR (NEW.kind = 'call'
       AND coalesce(NEW.outcome, '') IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call')))
BEGIN
    INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
        SELECT NEW.id, NEW.lead_id, 'lost_conversation', NEW.at
        WHERE coalesce(
            (SELECT CASE WHEN json_valid(data) THEN json_extract(data, '$.to') END FROM activities
             WHERE lead_id = NEW.lead_id AND +kind = 'stage' AND undone = 0 AND id < NEW.id
               AND at <= NEW.at
             ORDER BY at DESC, id DESC LIMIT 1),
            (SELECT CASE WHEN stage = 'lost' AND stage_entered_at < NEW.at THEN 'lost' END
             FROM leads WHERE id = NEW.lead_id)) = 'lost';
END;
";
