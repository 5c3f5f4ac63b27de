//! Use cases: one function per thing a rep does, shared by the CLI and the TUI runtime. Each
//! reads the rules from a [`Policy`], applies the pure domain rule and writes through the store
//! in one transaction. No terminal, no argument parsing.

mod call;
mod conversation;
mod dashboard;
mod edit;
pub mod escalate;
pub mod export;
pub mod feedback;
pub mod forget;
pub mod handoff_export;
pub mod import;
pub mod kpi;
pub mod mail;
mod mail_send;
pub mod mail_template;
pub mod merge;
mod problem;
pub mod qualify;
pub mod score;
pub mod search;
pub mod sequence;
pub mod team;
pub mod transfer;

pub use crate::domain::policy::{Policy, RepDay};
pub use call::{CallRequest, Refusal, check_call, inbound_call, log_call};
pub use conversation::{meeting_outcome, reply_received};
pub use edit::{add_lead, edit_lead, mark_lost, note, schedule};
pub use problem::Problem;

use crate::domain::Lang;
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
    Invalid(Problem),
    /// A handoff rule blocked it (SPEC §8: the gate failed without a written override, the lead
    /// is already handed off, feedback on a lead that is not); exit 4.
    #[error("{0}")]
    Blocked(Problem),
}

impl OpsError {
    /// The CLI exit code of SPEC Appendix A: 1 failed, 2 usage, 4 refused by a rule.
    pub fn exit_code(&self) -> i32 {
        match self {
            OpsError::Store(_) => 1,
            OpsError::Rule(_) | OpsError::Invalid(_) => 2,
            OpsError::Refused(_) | OpsError::Blocked(_) => 4,
        }
    }

    /// The message in the rep's language, for the TUI status line and the CLI's stderr.
    /// (`Display` gives English: logs and callers without a configuration.)
    pub fn text(&self, lang: Lang) -> String {
        match self {
            OpsError::Store(e) => e.text(lang),
            OpsError::Rule(e) => e.text(lang),
            OpsError::Refused(r) => r.text(lang),
            OpsError::Invalid(p) | OpsError::Blocked(p) => p.text(lang),
        }
    }
}
