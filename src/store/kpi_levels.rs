//! Checks of schema V9's coarser KPI aggregates: each must equal a recount of what it sums
//! (the tests compare them after random operations), and each query reading them must seek its
//! primary key or index (the tests read the plans after `ANALYZE`).

use rusqlite::params_from_iter;

use super::kpi::{
    KPI_HOURS, KPI_ROWS, ROLLUP_HOURS, ROLLUP_SLOTS, STL_DAYS, STL_HOURS, STORED_MINUTES,
};
use super::stagnation::STAGE_HOURS;
use super::{Store, StoreError};

/// Each maintained table (rows with n ≠ 0) beside the recount it must equal.
const RECOUNTS: &[(&str, &str, &str)] = &[
    (
        "activity_rollup",
        "SELECT slot, kind, outcome, n FROM activity_rollup WHERE n <> 0",
        "SELECT at / 900, kind, coalesce(outcome, ''), count(*) FROM activities
         WHERE undone = 0 AND by_other = 0 GROUP BY 1, 2, 3",
    ),
    (
        "activity_rollup_hour",
        "SELECT hour, kind, outcome, n FROM activity_rollup_hour WHERE n <> 0",
        "SELECT slot / 4, kind, outcome, sum(n) FROM activity_rollup GROUP BY 1, 2, 3
         HAVING sum(n) <> 0",
    ),
    (
        "activity_kpi_hour",
        "SELECT metric, hour, n FROM activity_kpi_hour WHERE n <> 0",
        "SELECT metric, at / 3600, count(*) FROM activity_kpi WHERE active = 1 GROUP BY 1, 2",
    ),
    (
        "stl_days",
        "SELECT day, minutes, n FROM stl_days WHERE n <> 0",
        "SELECT handover_at / 86400, stl_minutes, count(*) FROM lead_kpi
         WHERE first_touch_at IS NOT NULL AND stl_minutes IS NOT NULL GROUP BY 1, 2",
    ),
    (
        "stl_hours",
        "SELECT hour, minutes, n FROM stl_hours WHERE n <> 0",
        "SELECT handover_at / 3600, stl_minutes, count(*) FROM lead_kpi
         WHERE first_touch_at IS NOT NULL AND stl_minutes IS NOT NULL GROUP BY 1, 2",
    ),
    (
        "stage_days",
        "SELECT stage, day, n FROM stage_days WHERE n <> 0",
        "SELECT stage, stage_entered_at / 86400, count(*) FROM leads
         WHERE transferred_to IS NULL GROUP BY 1, 2",
    ),
    (
        "stage_hours",
        "SELECT stage, hour, n FROM stage_hours WHERE n <> 0",
        "SELECT stage, stage_entered_at / 3600, count(*) FROM leads
         WHERE transferred_to IS NULL GROUP BY 1, 2",
    ),
];

impl Store {
    /// The maintained KPI aggregates that differ from a recount, with a differing row each
    /// (empty when all agree).
    pub fn kpi_aggregate_mismatches(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for (table, kept, recount) in RECOUNTS {
            let sql = format!(
                "SELECT 'kept', * FROM ({kept} EXCEPT {recount})
                 UNION ALL SELECT 'recount', * FROM ({recount} EXCEPT {kept}) LIMIT 1"
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            if let Some(r) = rows.next()? {
                let cells: Vec<String> = (0..r.as_ref().column_count())
                    .map(|i| match r.get_ref(i) {
                        Ok(v) => format!("{v:?}"),
                        Err(e) => e.to_string(),
                    })
                    .collect();
                out.push(format!("{table}: {}", cells.join(", ")));
            }
        }
        Ok(out)
    }

    /// The plans of the queries that read the V9 aggregates, after `ANALYZE`.
    pub fn explain_kpi_level_plans(&self) -> Result<Vec<(&'static str, String)>, StoreError> {
        self.conn.execute_batch("ANALYZE")?;
        let mut out = Vec::new();
        for (what, sql, params) in [
            ("rollup hours", ROLLUP_HOURS, vec!["1", "2"]),
            ("rollup slots", ROLLUP_SLOTS, vec!["1", "2"]),
            ("kpi fact hours", KPI_HOURS, vec!["reengaged", "1", "2"]),
            ("kpi fact rows", KPI_ROWS, vec!["reengaged", "1", "2"]),
            ("stl days", STL_DAYS, vec!["1", "2"]),
            ("stl hours", STL_HOURS, vec!["1", "2"]),
            ("stored minutes", STORED_MINUTES, vec!["1", "2"]),
            ("stage hours", STAGE_HOURS, vec!["new", "1", "2"]),
        ] {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let rows: Vec<String> = stmt
                .query_map(params_from_iter(params), |r| r.get::<_, String>(3))?
                .collect::<Result<_, _>>()?;
            out.push((what, rows.join("; ")));
        }
        Ok(out)
    }
}
