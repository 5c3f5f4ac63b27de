//! Use cases: one function per thing a rep does, shared by the CLI and the TUI runtime. Each
//! reads the rules from a [`Policy`], applies the pure domain rule and writes through the store
//! in one transaction. No terminal, no argument parsing.

mod call;
mod edit;

pub use crate::domain::policy::{Policy, RepDay};
pub use call::{CallRequest, Refusal, check_call, inbound_call, log_call};
pub use edit::{add_lead, edit_lead, mark_lost, note, schedule};

use crate::domain::transition::RuleError;
use crate::store::StoreError;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// The database said no.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request breaks a stage rule (a callback without a time …).
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A rule refused the action (daily cap, calling window, do-not-call …); `--force` or a
    /// confirmation lets it through.
    #[error("{0}")]
    Refused(Refusal),
    /// A value the rep gave is not valid.
    #[error("{0}")]
    Invalid(String),
}

impl OpsError {
    /// The CLI exit code of SPEC Appendix A: 1 failed, 2 usage, 4 refused by a rule.
    pub fn exit_code(&self) -> i32 {
        match self {
            OpsError::Store(_) => 1,
            OpsError::Rule(_) | OpsError::Invalid(_) => 2,
            OpsError::Refused(_) => 4,
        }
    }
}
