//! The TEA core: state, messages, effects and `update`. No IO and no terminal here.

pub mod dashboard;
mod effect;
mod escalate;
mod escalate_form;
mod form;
mod forms;
mod handoff;
mod import;
mod input;
pub mod mail;
mod modal;
mod modal_keys;
mod search;
mod state;
mod update;
mod view;

pub use effect::{Anchor, Detail, Effect, Figures, Msg};
pub use escalate::{Draft, EscalateCtx, EscalationData, EscalationPlan, ItemChange, Quote};
pub use form::{Field, FieldValue, Form};
pub use input::TextInput;
pub use modal::{FormKind, LeadRef, Modal};
pub use state::{MARGIN, Search, State, Status, StatusKind, Table, WINDOW};
pub use update::{open_view, reload, switch_view, update};
pub use view::View;
