//! Queue filters (SPEC §5 `f`, `v`): group, grade, source and tag, combinable.

use serde::{Deserialize, Serialize};

use super::scoring::Grade;

/// A filter over a queue; every set field must hold (an empty filter passes every lead).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Filter {
    /// Member of this group (any of its groups, not only the primary one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// This grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// This source (exactly as stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Carries this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

impl Filter {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.group.is_none() && self.grade.is_none() && self.source.is_none() && self.tag.is_none()
    }
}

/// A saved filter: a named view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    /// The view's name.
    pub name: String,
    /// Its filter.
    pub filter: Filter,
}
