//! Pure rules: no IO, no clock (time is passed in), no SQL, no terminal.

pub mod activity;
pub mod call;
pub mod calling;
pub mod employees;
pub mod filter;
pub mod gate;
pub mod group;
pub mod holiday_jp;
pub mod i18n;
pub mod kpi;
pub mod lang;
pub mod lead;
pub mod lost_reason;
pub mod meeting;
pub mod merge;
pub mod name;
pub mod outcome;
pub mod phone;
pub mod policy;
pub mod priority;
pub mod qualification;
pub mod queue;
pub mod role;
pub mod scoring;
pub mod search;
pub mod sequence;
pub mod stage;
pub mod template;
pub mod text;
pub mod transition;
pub mod when;

pub use activity::{Activity, ActivityKind, NewActivity};
pub use lang::Lang;
pub use lead::{ActionKind, Employees, Lead, LeadId, NextAction, Phone, PhoneKind, Ts};
pub use outcome::Outcome;
pub use stage::Stage;
