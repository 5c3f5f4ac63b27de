//! Pure rules: no IO, no clock (time is passed in), no SQL, no terminal.

pub mod activity;
pub mod call;
pub mod calling;
pub mod employees;
pub mod holiday_jp;
pub mod lang;
pub mod lead;
pub mod lost_reason;
pub mod name;
pub mod outcome;
pub mod phone;
pub mod policy;
pub mod priority;
pub mod queue;
pub mod stage;
pub mod text;
pub mod transition;
pub mod when;

pub use activity::{Activity, ActivityKind, NewActivity};
pub use lang::Lang;
pub use lead::{ActionKind, Employees, Lead, LeadId, NextAction, Phone, PhoneKind, Ts};
pub use outcome::Outcome;
pub use stage::Stage;
