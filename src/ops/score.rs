//! Scoring use cases: rescoring after a configuration change, and a lead's score explained.

use std::sync::Arc;

use crate::domain::Lead;
use crate::domain::scoring::{Rules, Scored};
use crate::store::{RescoreReport, Store};

use super::OpsError;

/// Sets `rules` on the store and recomputes score, key, grade, groups and search text of every
/// lead (`full` rewrites every lead, not only the changed ones). `progress(done, total)`.
pub fn rescore(
    store: &mut Store,
    rules: Arc<Rules>,
    full: bool,
    progress: impl FnMut(u64, u64),
) -> Result<RescoreReport, OpsError> {
    store.set_scoring(rules);
    Ok(store.rescore(full, progress)?)
}

/// A lead's score line by line (summing to the score) and its groups, primary first; the
/// stored score when the store has no rules.
pub fn explain(store: &Store, lead: &Lead) -> (Scored, Vec<String>) {
    store.explain(lead).unwrap_or_else(|| {
        (
            Scored {
                score: lead.score,
                breakdown: vec![("score".to_owned(), lead.score)],
                grade: crate::domain::scoring::Thresholds::default().grade(lead.score),
            },
            Vec::new(),
        )
    })
}
