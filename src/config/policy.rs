//! The configuration as the domain's [`Policy`].

use crate::domain::policy::Policy;
use crate::domain::transition::Rules;

use super::Config;

impl Config {
    /// Reads the policy out of a loaded configuration.
    pub fn policy(&self) -> Policy {
        let cfg = self;
        Policy {
            rep_tz: cfg.rep.timezone,
            rules: Rules {
                lost_after_attempts: cfg.rules.lost_after_attempts,
                retry_no_answer: cfg.rules.retry_no_answer.duration(),
                retry_busy: cfg.rules.retry_busy.duration(),
                reengage_days: cfg
                    .lost_reasons()
                    .iter()
                    .map(|r| (r.id.clone(), r.reengage_after_days))
                    .collect(),
            },
            window: cfg.calling.window(),
            max_attempts_per_day: cfg.calling.max_attempts_per_day,
            half_life_days: cfg.scoring.value_half_life_days,
            lang: cfg.ui.language,
            speed_to_lead_minutes: i64::from(cfg.sla.speed_to_lead_minutes),
            send_delay_secs: cfg.mail.send_delay_secs,
        }
    }
}
