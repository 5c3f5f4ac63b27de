//! Schema version 6: qualification, escalations and field-sales feedback (SPEC §8).

/// Migration 5 → 6.
pub const V6: &str = "";
