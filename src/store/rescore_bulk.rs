//! Rescoring most of a large file at once.
//!
//! Row by row, every changed lead moves its entries in the ten queue indexes that carry the
//! priority key, grade or groups, and fires the histogram and facet triggers: at a million
//! leads with three quarters changing that took four minutes, most of it seeks into indexes far
//! bigger than the page cache. Here, inside one transaction, the new values go into a temporary
//! table, the indexes that carry them are dropped, the leads and their membership rows are
//! rewritten by one statement each, the two triggers that count scores and facets are replaced
//! by one statement per count (old values out, new values in, as the triggers would), and the
//! indexes are built again from the rewritten rows.

use rusqlite::{Transaction, params, params_from_iter};

use crate::domain::Lead;

use super::{StoreError, schema_objects};

/// The new values of one changed lead, and the old ones its counts move away from.
pub(super) struct Rescored<'a> {
    /// The lead, scored.
    pub lead: &'a Lead,
    pub old_score: i64,
    pub prio: f64,
    pub grade: &'static str,
    pub old_grade: &'static str,
    pub groups: String,
}

/// Triggers whose effect on a rescore [`apply`] writes itself; every other trigger stays (the
/// columns a rescore writes do not wake them).
const REPLACED_TRIGGERS: &[&str] = &[
    "kpi_leads_update",
    "leads_facet_update",
    "lead_groups_facet_insert",
    "lead_groups_facet_delete",
];

/// Tables whose indexes carrying rescored columns are rebuilt.
const REBUILT_TABLES: &str = "'leads', 'lead_groups', 'lead_tags'";

/// Starts the table of new values (in the temporary database: no trace in the file). Besides
/// the new values it holds what the counts and membership rows copy from the lead, so the
/// statements below never look a lead up.
pub(super) fn begin(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "DROP TABLE IF EXISTS temp.rescored;
         CREATE TEMP TABLE rescored (
             id INTEGER PRIMARY KEY, score INTEGER NOT NULL, old_score INTEGER NOT NULL,
             prio REAL NOT NULL, grade TEXT NOT NULL, old_grade TEXT NOT NULL,
             groups TEXT NOT NULL, counted INTEGER NOT NULL, stage TEXT NOT NULL,
             due_at INTEGER, reengage_on TEXT, source TEXT NOT NULL)",
    )?;
    Ok(())
}

/// Adds a changed lead.
pub(super) fn add(tx: &Transaction<'_>, r: &Rescored<'_>) -> Result<(), StoreError> {
    let lead = r.lead;
    tx.prepare_cached(
        "INSERT INTO temp.rescored VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        lead.id,
        lead.score,
        r.old_score,
        r.prio,
        r.grade,
        r.old_grade,
        r.groups,
        lead.transferred_to.is_none(),
        lead.stage.id(),
        lead.next_action.as_ref().map(|n| n.due_at.timestamp()),
        lead.reengage_on.map(|d| d.format("%Y-%m-%d").to_string()),
        lead.source,
    ])?;
    Ok(())
}

/// Writes every added lead; returns how many.
pub(super) fn apply(tx: &Transaction<'_>) -> Result<u64, StoreError> {
    let (indexes, triggers) = drop_for_rescore(tx)?;
    // Counts move first, from the rows as they were.
    for sql in BEFORE {
        tx.execute_batch(sql)?;
    }
    let changed = tx.execute(
        "UPDATE leads SET score = r.score, prio = r.prio, grade = r.grade, groups = r.groups
         FROM temp.rescored r WHERE leads.id = r.id",
        [],
    )?;
    for sql in AFTER {
        tx.execute_batch(sql)?;
    }
    // The index builds sort on a second thread.
    let _ = tx.pragma_update(None, "threads", 2);
    for sql in indexes.iter().chain(&triggers) {
        tx.execute_batch(sql)?;
    }
    let _ = tx.pragma_update(None, "threads", 0);
    tx.execute_batch("DROP TABLE temp.rescored")?;
    Ok(changed as u64)
}

/// Drops the indexes that carry a rescored column and the triggers [`apply`] stands in for;
/// returns the SQL to recreate them.
fn drop_for_rescore(tx: &Transaction<'_>) -> Result<(Vec<String>, Vec<String>), StoreError> {
    let condition = format!(
        "(type = 'index' AND tbl_name IN ({REBUILT_TABLES})
          AND (sql LIKE '%prio%' OR sql LIKE '%score%' OR sql LIKE '%grade%'
               OR sql LIKE '%groups%'))
         OR (type = 'trigger' AND name IN ({}))",
        super::codec::marks(REPLACED_TRIGGERS.len())
    );
    let (mut indexes, mut triggers) = (Vec::new(), Vec::new());
    let objects = schema_objects::list(tx, &condition, params_from_iter(REPLACED_TRIGGERS))?;
    for object in objects {
        object.drop_in(tx)?;
        if object.is_index() {
            indexes.push(object.sql);
        } else {
            triggers.push(object.sql);
        }
    }
    Ok((indexes, triggers))
}

/// Before the leads change: `kpi_leads_update` and `leads_facet_update` take each changed
/// lead out of its old score and grade; the group rows go, `lead_groups_facet_delete` for
/// each.
const BEFORE: &[&str] = &[
    "UPDATE stage_scores SET n = n - d.k
     FROM (SELECT stage, old_score AS score, due_at IS NOT NULL AS has_next, count(*) AS k
           FROM temp.rescored WHERE counted AND old_score IS NOT score
           GROUP BY 1, 2, 3) d
     WHERE stage_scores.stage = d.stage AND stage_scores.score = d.score
       AND stage_scores.has_next = d.has_next",
    "UPDATE facet_counts SET n = n - d.k
     FROM (SELECT old_grade AS grade, stage, count(*) AS k
           FROM temp.rescored WHERE counted AND old_grade IS NOT grade
           GROUP BY 1, 2) d
     WHERE facet_counts.field = 'grade' AND facet_counts.value = d.grade
       AND facet_counts.stage = d.stage",
    "UPDATE facet_counts SET n = n - d.k
     FROM (SELECT g.grp, g.stage, count(*) AS k
           FROM temp.rescored r JOIN lead_groups g ON g.lead_id = r.id
           GROUP BY 1, 2) d
     WHERE facet_counts.field = 'group' AND facet_counts.value = d.grp
       AND facet_counts.stage = d.stage",
    "DELETE FROM lead_groups WHERE lead_id IN (SELECT id FROM temp.rescored)",
];

/// After: the new score and grade counted, the group rows written again from the new groups
/// (`lead_groups_facet_insert` for each), and the tag rows' copies of key and grade moved.
const AFTER: &[&str] = &[
    "INSERT INTO stage_scores (stage, score, has_next, n)
     SELECT stage, score, due_at IS NOT NULL, count(*)
     FROM temp.rescored WHERE counted AND old_score IS NOT score
     GROUP BY 1, 2, 3
     ON CONFLICT (stage, score, has_next) DO UPDATE SET n = n + excluded.n",
    "INSERT INTO facet_counts (field, value, stage, n)
     SELECT 'grade', grade, stage, count(*)
     FROM temp.rescored WHERE counted AND old_grade IS NOT grade
     GROUP BY 2, 3
     ON CONFLICT (field, value, stage) DO UPDATE SET n = n + excluded.n",
    "INSERT OR IGNORE INTO lead_groups
         (lead_id, grp, stage, prio, due_at, reengage_on, grade, source)
     SELECT r.id, j.value, r.stage, r.prio, r.due_at, r.reengage_on, r.grade, r.source
     FROM temp.rescored r, json_each(r.groups) j
     WHERE r.counted
     ORDER BY r.id",
    "INSERT INTO facet_counts (field, value, stage, n)
     SELECT 'group', g.grp, g.stage, count(*)
     FROM temp.rescored r JOIN lead_groups g ON g.lead_id = r.id
     GROUP BY 2, 3
     ON CONFLICT (field, value, stage) DO UPDATE SET n = n + excluded.n",
    "UPDATE lead_tags SET prio = r.prio, grade = r.grade
     FROM temp.rescored r WHERE lead_tags.lead_id = r.id",
];
