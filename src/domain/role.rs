//! What a rep's role (`rep.role`, SPEC §9) picks: the default view and the headline KPIs.
//!
//! Plain data keyed by the role id string, so the table reads like the SPEC's and the domain
//! does not depend on the configuration types.

/// The defaults of one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleDefaults {
    /// The role id (`all`, `stage:new`, … `task:reengage`).
    pub role: &'static str,
    /// The view the TUI opens on: `today`, or a stage id (`new`, `unreached`, `engaged`, `lost`).
    pub view: &'static str,
    /// The headline KPI ids (Appendix D), in display order.
    pub headline: &'static [&'static str],
}

/// SPEC §9's table.
pub const ROLE_DEFAULTS: [RoleDefaults; 9] = [
    RoleDefaults {
        role: "all",
        view: "today",
        headline: &[
            "dials",
            "conversations",
            "meetings",
            "handoffs",
            "speed_to_lead_median_minutes",
        ],
    },
    RoleDefaults {
        role: "stage:new",
        view: "new",
        headline: &[
            "speed_to_lead_median_minutes",
            "speed_to_lead_within_sla",
            "new_backlog",
        ],
    },
    RoleDefaults {
        role: "stage:unreached",
        view: "unreached",
        headline: &["dials", "connect_rate", "attempts_per_lead"],
    },
    RoleDefaults {
        role: "stage:engaged",
        view: "engaged",
        headline: &["meetings", "handoffs", "acceptance_rate"],
    },
    RoleDefaults {
        role: "stage:lost",
        view: "lost",
        headline: &["reengaged", "lost_conversations"],
    },
    RoleDefaults {
        role: "task:scoring",
        view: "new",
        headline: &["graded", "grade_mix", "share_ab"],
    },
    RoleDefaults {
        role: "task:followup",
        view: "today",
        headline: &["mails", "replies", "reply_rate"],
    },
    RoleDefaults {
        role: "task:calls",
        view: "today",
        headline: &["dials", "conversations", "connect_rate", "meetings"],
    },
    RoleDefaults {
        role: "task:reengage",
        view: "lost",
        headline: &["reengaged", "meetings_from_lost"],
    },
];

/// The defaults of a role id; an unknown id gets those of `all`.
pub fn role_defaults(role_id: &str) -> &'static RoleDefaults {
    ROLE_DEFAULTS
        .iter()
        .find(|r| r.role == role_id)
        .unwrap_or(&ROLE_DEFAULTS[0])
}

/// The default view id of a role (`today` or a stage id).
pub fn default_view(role_id: &str) -> &'static str {
    role_defaults(role_id).view
}

/// The headline KPI ids of a role.
pub fn headline_kpis(role_id: &str) -> &'static [&'static str] {
    role_defaults(role_id).headline
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kpi::KPI_IDS;

    #[test]
    fn every_role_of_the_spec_has_a_row_with_known_kpis() {
        let ids = [
            "all",
            "stage:new",
            "stage:unreached",
            "stage:engaged",
            "stage:lost",
            "task:scoring",
            "task:followup",
            "task:calls",
            "task:reengage",
        ];
        for id in ids {
            let d = role_defaults(id);
            assert_eq!(d.role, id);
            assert!(d.headline.iter().all(|k| KPI_IDS.contains(k)), "{id}");
        }
        assert_eq!(default_view("task:scoring"), "new");
        assert_eq!(default_view("stage:lost"), "lost");
        assert_eq!(headline_kpis("no:such").len(), 5);
    }
}
