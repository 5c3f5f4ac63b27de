//! Search, filtered queues and saved views: what the TUI's `/`, `f` and `v` call.

use crate::domain::filter::{Filter, SavedView};
use crate::domain::queue::{Clock, Cursor, Direction, LeadSummary, Queue};
use crate::store::{SearchResult, Store};

use super::{OpsError, Problem};

/// Rows a search shows (SPEC §4: the first 200 matches by priority key).
pub const SEARCH_LIMIT: usize = 200;

/// Searches every lead as the rep types: the first `limit` matches by priority key and the
/// total (counted up to `store::SEARCH_COUNT_CAP`; `capped` says when more match).
pub fn search(store: &Store, query: &str, limit: usize) -> Result<SearchResult, OpsError> {
    Ok(store.search(query, limit)?)
}

/// A page of a queue restricted to `filter`, read from `cursor` (exclusive) in `dir`; rows come
/// back in queue order. An empty filter is the plain queue.
pub fn queue_page_filtered(
    store: &Store,
    queue: Queue,
    clock: Clock,
    filter: &Filter,
    cursor: Option<Cursor>,
    dir: Direction,
    limit: usize,
) -> Result<Vec<LeadSummary>, OpsError> {
    Ok(store.queue_page_filtered(queue, clock, filter, cursor, false, dir, limit)?)
}

/// What the filter picker offers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterChoices {
    /// Group names in config order.
    pub groups: Vec<String>,
    /// Sources in use on queued leads.
    pub sources: Vec<String>,
    /// Tags in use on queued leads.
    pub tags: Vec<String>,
}

/// The groups (config order), sources and tags the filter picker offers.
pub fn filter_choices(store: &Store) -> Result<FilterChoices, OpsError> {
    let groups = store
        .scoring()
        .map(|r| r.groups.iter().map(|g| g.name.clone()).collect())
        .unwrap_or_default();
    let (sources, tags) = store.filter_values()?;
    Ok(FilterChoices {
        groups,
        sources,
        tags,
    })
}

/// Saves a filter as a named view (replacing one of that name).
pub fn save_view(store: &Store, name: &str, filter: &Filter) -> Result<(), OpsError> {
    if name.trim().is_empty() {
        return Err(OpsError::Invalid(Problem::ViewNeedsName));
    }
    Ok(store.save_view(name, filter)?)
}

/// The saved views, by name.
pub fn saved_views(store: &Store) -> Result<Vec<SavedView>, OpsError> {
    Ok(store.saved_views()?)
}

/// Deletes a saved view; false when none had that name.
pub fn delete_view(store: &Store, name: &str) -> Result<bool, OpsError> {
    Ok(store.delete_view(name)?)
}
