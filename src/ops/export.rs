//! Exporting leads (SPEC §10): the leads of a stage or group, page by page in id order, handed
//! to a writer one at a time — never the whole database in memory.

use crate::domain::Lead;
use crate::store::{ExportFilter, Store};

use super::OpsError;

/// Leads read per page.
const PAGE: usize = 1000;

/// The external-id and extra-field keys the leads of `filter` use (the CSV header).
pub fn export_keys(
    store: &Store,
    filter: &ExportFilter,
) -> Result<(Vec<String>, Vec<String>), OpsError> {
    Ok((
        store.export_keys(filter, false)?,
        store.export_keys(filter, true)?,
    ))
}

/// Calls `f` with every lead of `filter`, in id order; returns how many.
pub fn for_each_lead<E: From<OpsError>>(
    store: &Store,
    filter: &ExportFilter,
    mut f: impl FnMut(&Lead) -> Result<(), E>,
) -> Result<u64, E> {
    let mut after = 0;
    let mut n = 0;
    loop {
        let page = store
            .export_page(filter, after, PAGE)
            .map_err(|e| E::from(OpsError::Store(e)))?;
        let Some(last) = page.last() else {
            return Ok(n);
        };
        after = last.id;
        for lead in &page {
            f(lead)?;
            n += 1;
        }
    }
}
