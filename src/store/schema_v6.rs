//! Schema version 6: qualification, escalations and field-sales feedback (SPEC §8).
//!
//! Nothing to add: qualification lives in the `qualification` column of V1 (JSON text), and
//! escalations and feedback are journal rows (`activities`, indexed by kind and time), so the
//! weekly capacity count and the export's `--since` are index range scans.

/// Migration 5 → 6.
pub const V6: &str = "";
