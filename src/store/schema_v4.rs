//! Schema version 4: the mail queue and sequences (SPEC §7).

/// Migration 3 → 4.
pub const V4: &str = "";
