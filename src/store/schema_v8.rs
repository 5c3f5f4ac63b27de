//! Schema version 8: the key index carries the re-engage date too, so the lost leads due for
//! re-engagement (the top of the Lost view, Today's last bucket) page by walking the key order
//! when there are many of them, as the due buckets do, instead of sorting their whole range of
//! the re-engage index for every page (150,000 rows at a million leads).

/// Migration 7 → 8.
pub const V8: &str = r"
DROP INDEX leads_queue;
CREATE INDEX leads_queue ON leads(stage, prio DESC, id DESC, due_at, timezone, reengage_on, transferred_to)
    WHERE transferred_to IS NULL;
";
