//! Schema version 3: scoring, groups, tags and search (SPEC §3, §4).

/// Migration 2 → 3.
pub const V3: &str = "";
