//! Schema version 2: import batches (SPEC §10).

/// Migration 1 → 2.
pub const V2: &str = "";
