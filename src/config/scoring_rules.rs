//! The configured scoring and group rules in domain types (the domain never reads config).

use crate::domain::group::GroupRule;
use crate::domain::scoring::{FitRule as DomainFit, Rules, Test, Thresholds};

use super::{Condition, Config, FitTest};

impl Config {
    /// `[scoring]` and `[[groups]]` as the plain data the scorer applies.
    pub fn scoring_rules(&self) -> Rules {
        let s = &self.scoring;
        let e = &s.engagement;
        let engagement = [
            ("email_open", e.email_open),
            ("email_click", e.email_click),
            ("web_visit", e.web_visit),
            ("form", e.form),
            ("webinar", e.webinar),
            ("pricing_page", e.pricing_page),
            ("other", e.other),
            ("conversation", e.conversation),
            ("reply", e.reply),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        Rules {
            fit: s
                .fit
                .iter()
                .map(|r| DomainFit {
                    label: r.label().to_owned(),
                    field: r.field.clone(),
                    test: match &r.test {
                        FitTest::Any(v) => Test::any(v),
                        FitTest::Contains(v) => Test::contains(v),
                        FitTest::Range { min, max } => Test::Range {
                            min: *min,
                            max: *max,
                        },
                    },
                    points: r.points,
                })
                .collect(),
            engagement,
            engagement_other: e.other,
            grades: Thresholds {
                a: s.grades.a,
                b: s.grades.b,
                c: s.grades.c,
            },
            groups: self
                .groups
                .iter()
                .map(|g| GroupRule {
                    name: g.name.clone(),
                    when: g
                        .when
                        .iter()
                        .map(|(field, c)| {
                            let test = match c {
                                Condition::Any(v) => Test::any(v),
                                Condition::Range { min, max } => Test::Range {
                                    min: *min,
                                    max: *max,
                                },
                                Condition::Is(b) => Test::Is(*b),
                            };
                            (field.clone(), test)
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;
    use crate::domain::scoring::Grade;
    use crate::domain::{Employees, Lead};

    #[test]
    fn the_built_in_rules_score_a_japanese_director_of_a_large_company() {
        let rules = Config::default().scoring_rules();
        let lead = Lead {
            title: "営業本部長".into(),
            employees: Employees {
                min: Some(300),
                max: Some(999),
            },
            source: "資料請求".into(),
            ..Lead::default()
        };
        let s = rules.score(&lead);
        assert_eq!(s.score, 70);
        assert_eq!(s.grade, Grade::B);
    }

    #[test]
    fn groups_come_in_config_order() {
        let cfg = Config::from_toml_str(
            "[[groups]]\nname = \"big\"\nwhen = { employees = { min = 1000 } }\n\n[[groups]]\nname = \"it\"\nwhen = { industry = [\"IT\"], grade = [\"A\", \"B\"] }\n",
            Path::new("t.toml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let rules = cfg.scoring_rules();
        assert_eq!(rules.groups.len(), 2);
        assert_eq!(rules.groups[0].name, "big");
        assert_eq!(rules.groups[1].when.len(), 2);
    }
}
