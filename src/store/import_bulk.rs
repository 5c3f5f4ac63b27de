//! The bulk path of the final copy: for a batch larger than the leads already there, building
//! an index once from sorted data beats a million inserts into it, and a per-row trigger costs
//! more than one aggregate statement. Inside the copy's transaction (so a failure leaves
//! everything as it was) the leads' and phones' indexes are dropped and rebuilt after, and the
//! insert triggers known below are dropped, their effect applied once from the staged rows, and
//! recreated. A trigger whose SQL differs from the one known here stays in place: slower, never
//! wrong.

use rusqlite::Transaction;

use super::{StoreError, schema_objects};

/// Insert triggers with the statements that apply their effect for the whole batch (`?1` is the
/// id offset of the new leads). Whitespace is ignored when the SQL is compared.
const KNOWN_TRIGGERS: &[(&str, &str, &[&str])] = &[
    (
        "leads_count_insert",
        "CREATE TRIGGER leads_count_insert AFTER INSERT ON leads
WHEN NEW.transferred_to IS NULL
BEGIN
    UPDATE stage_counts SET n = n + 1 WHERE stage = NEW.stage;
END",
        &[
            "UPDATE main.stage_counts SET n = n + (SELECT count(*) FROM stage.leads s
              WHERE s.target IS NULL AND s.transferred_to IS NULL AND s.stage = stage_counts.stage)
           WHERE ?1 IS NOT NULL",
        ],
    ),
    (
        "kpi_leads_insert",
        "CREATE TRIGGER kpi_leads_insert AFTER INSERT ON leads
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
END",
        &[
            "INSERT INTO main.stage_days (stage, day, n)
             SELECT stage, stage_entered_at / 86400, count(*) FROM stage.leads
             WHERE target IS NULL AND transferred_to IS NULL AND ?1 IS NOT NULL GROUP BY 1, 2
             ON CONFLICT (stage, day) DO UPDATE SET n = n + excluded.n",
            "INSERT INTO main.reengage_days (day, n)
             SELECT reengage_on, count(*) FROM stage.leads
             WHERE target IS NULL AND transferred_to IS NULL AND stage = 'lost'
               AND reengage_on IS NOT NULL AND ?1 IS NOT NULL GROUP BY 1
             ON CONFLICT (day) DO UPDATE SET n = n + excluded.n",
            "INSERT INTO main.stage_scores (stage, score, has_next, n)
             SELECT stage, score, due_at IS NOT NULL, count(*) FROM stage.leads
             WHERE target IS NULL AND transferred_to IS NULL AND ?1 IS NOT NULL GROUP BY 1, 2, 3
             ON CONFLICT (stage, score, has_next) DO UPDATE SET n = n + excluded.n",
        ],
    ),
    (
        "stage_hours_insert",
        "CREATE TRIGGER stage_hours_insert AFTER INSERT ON leads
WHEN NEW.transferred_to IS NULL
BEGIN
    INSERT INTO stage_hours (stage, hour, n) VALUES (NEW.stage, NEW.stage_entered_at / 3600, 1)
    ON CONFLICT (stage, hour) DO UPDATE SET n = n + 1;
END",
        &["INSERT INTO main.stage_hours (stage, hour, n)
             SELECT stage, stage_entered_at / 3600, count(*) FROM stage.leads
             WHERE target IS NULL AND transferred_to IS NULL AND ?1 IS NOT NULL GROUP BY 1, 2
             ON CONFLICT (stage, hour) DO UPDATE SET n = n + excluded.n"],
    ),
    (
        "leads_facet_insert",
        "CREATE TRIGGER leads_facet_insert AFTER INSERT ON leads
WHEN NEW.transferred_to IS NULL
BEGIN
    INSERT INTO facet_counts (field, value, stage, n) VALUES ('grade', NEW.grade, NEW.stage, 1)
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
    INSERT INTO facet_counts (field, value, stage, n) VALUES ('source', NEW.source, NEW.stage, 1)
    ON CONFLICT (field, value, stage) DO UPDATE SET n = n + 1;
END",
        &[
            "INSERT INTO main.facet_counts (field, value, stage, n)
             SELECT 'grade', grade, stage, count(*) FROM stage.leads
             WHERE target IS NULL AND transferred_to IS NULL AND ?1 IS NOT NULL GROUP BY 2, 3
             ON CONFLICT (field, value, stage) DO UPDATE SET n = n + excluded.n",
            "INSERT INTO main.facet_counts (field, value, stage, n)
             SELECT 'source', source, stage, count(*) FROM stage.leads
             WHERE target IS NULL AND transferred_to IS NULL AND ?1 IS NOT NULL GROUP BY 2, 3
             ON CONFLICT (field, value, stage) DO UPDATE SET n = n + excluded.n",
        ],
    ),
    (
        "leads_search_insert",
        "CREATE TRIGGER leads_search_insert AFTER INSERT ON leads WHEN NEW.search_doc <> ''
BEGIN
    INSERT INTO lead_search (rowid, search_doc) VALUES (NEW.id, NEW.search_doc);
END",
        &["INSERT INTO main.lead_search (rowid, search_doc)
           SELECT ?1 + id, search_doc FROM stage.leads WHERE target IS NULL AND search_doc <> ''
           ORDER BY id"],
    ),
    (
        "field_keys_insert",
        "CREATE TRIGGER field_keys_insert AFTER INSERT ON leads
WHEN NEW.extra <> '{}' OR NEW.external_ids <> '{}'
BEGIN
    INSERT OR IGNORE INTO field_keys (col, key, lead_id)
        SELECT 'extra', key, NEW.id
        FROM json_each(CASE WHEN NOT json_valid(NEW.extra) THEN '{}' WHEN json_type(NEW.extra) = 'object' THEN NEW.extra ELSE '{}' END);
    INSERT OR IGNORE INTO field_keys (col, key, lead_id)
        SELECT 'external_ids', key, NEW.id
        FROM json_each(CASE WHEN NOT json_valid(NEW.external_ids) THEN '{}' WHEN json_type(NEW.external_ids) = 'object' THEN NEW.external_ids ELSE '{}' END);
END",
        &[
            "INSERT OR IGNORE INTO main.field_keys (col, key, lead_id)
             SELECT 'extra', j.key, ?1 + s.id
             FROM stage.leads s, json_each(CASE WHEN NOT json_valid(s.extra) THEN '{}' WHEN json_type(s.extra) = 'object' THEN s.extra ELSE '{}' END) j
             WHERE s.target IS NULL AND s.extra <> '{}'",
            "INSERT OR IGNORE INTO main.field_keys (col, key, lead_id)
             SELECT 'external_ids', j.key, ?1 + s.id
             FROM stage.leads s, json_each(CASE WHEN NOT json_valid(s.external_ids) THEN '{}' WHEN json_type(s.external_ids) = 'object' THEN s.external_ids ELSE '{}' END) j
             WHERE s.target IS NULL AND s.external_ids <> '{}'",
        ],
    ),
];

fn squash(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a bulk copy dropped: the SQL to recreate it, and the statements standing in for the
/// dropped triggers.
#[derive(Debug, Default)]
pub(super) struct Dropped {
    recreate: Vec<String>,
    aggregates: Vec<&'static str>,
}

/// Drops the indexes of leads and phones and the known insert triggers.
pub(super) fn drop_for_bulk(tx: &Transaction<'_>) -> Result<Dropped, StoreError> {
    let mut dropped = Dropped::default();
    for object in schema_objects::list(tx, "tbl_name IN ('leads', 'phones')", [])? {
        if !object.is_index() {
            let known = KNOWN_TRIGGERS.iter().find(|(n, expected, _)| {
                *n == object.name && squash(expected) == squash(&object.sql)
            });
            let Some((_, _, aggregates)) = known else {
                continue;
            };
            dropped.aggregates.extend(aggregates.iter().copied());
        }
        object.drop_in(tx)?;
        dropped.recreate.push(object.sql);
    }
    Ok(dropped)
}

/// Applies the dropped triggers' effect for the batch and recreates what was dropped.
pub(super) fn restore_after_bulk(
    tx: &Transaction<'_>,
    dropped: &Dropped,
    base: i64,
) -> Result<(), StoreError> {
    for sql in &dropped.aggregates {
        tx.execute(sql, [base])?;
    }
    for sql in &dropped.recreate {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// Group and tag memberships of the new leads, as `sync_memberships_tx` writes them for one
/// lead (none for a transferred lead).
pub(super) fn copy_memberships(tx: &Transaction<'_>, base: i64) -> Result<(), StoreError> {
    for (table, col, json) in [
        ("lead_groups", "grp", "groups"),
        ("lead_tags", "tag", "tags"),
    ] {
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO main.{table}
                     (lead_id, {col}, stage, prio, due_at, reengage_on, grade, source)
                 SELECT ?1 + s.id, j.value, s.stage, s.prio, s.due_at, s.reengage_on, s.grade,
                     s.source
                 FROM stage.leads s, json_each(s.{json}) j
                 WHERE s.target IS NULL AND s.transferred_to IS NULL"
            ),
            [base],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// A known trigger whose SQL drifted from the schema would stay in place and fire per row:
    /// every known one must match what the migrations create.
    #[test]
    fn every_known_trigger_matches_the_schema() {
        let store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        for (name, expected, _) in KNOWN_TRIGGERS {
            let sql: String = store
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(squash(&sql), squash(expected), "{name}");
        }
    }
}
