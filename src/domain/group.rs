//! Groups (SPEC §3): a lead is in every group whose conditions all hold; its first matching
//! group in config order is its primary group.

use super::lead::Lead;
use super::scoring::{Scored, Test, passes};

/// A named group rule: every condition must hold (none: every lead).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRule {
    /// The group's name.
    pub name: String,
    /// `(field id, test)` conditions; fields are lead field ids plus `grade`, `score`, `stage`.
    pub when: Vec<(String, Test)>,
}

impl GroupRule {
    /// Whether a scored lead meets every condition.
    pub fn matches(&self, lead: &Lead, scored: &Scored) -> bool {
        let s = Some((scored.score, scored.grade));
        self.when
            .iter()
            .all(|(field, test)| passes(lead, field, test, s))
    }
}

/// The names of the groups a scored lead is in, in config order (the first is the primary).
pub fn groups_of<'a>(rules: &'a [GroupRule], lead: &Lead, scored: &Scored) -> Vec<&'a str> {
    rules
        .iter()
        .filter(|g| g.matches(lead, scored))
        .map(|g| g.name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::{Grade, Rules, Test};
    use crate::domain::{Employees, Lead, Stage};

    fn rule(name: &str, when: Vec<(&str, Test)>) -> GroupRule {
        GroupRule {
            name: name.into(),
            when: when.into_iter().map(|(f, t)| (f.to_owned(), t)).collect(),
        }
    }

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(ToString::to_string).collect()
    }

    fn lead() -> Lead {
        Lead {
            industry: "IT・ソフトウェア".into(),
            employees: Employees {
                min: Some(100),
                max: Some(499),
            },
            source: "webinar".into(),
            tags: vec!["決裁者".into(), "hot".into()],
            stage: Stage::Engaged,
            ..Lead::default()
        }
    }

    fn scored(score: i64) -> Scored {
        Scored {
            score,
            breakdown: vec![],
            grade: Rules::default().grades.grade(score),
        }
    }

    #[test]
    fn a_lead_is_in_every_group_it_meets_and_the_first_is_primary() {
        let rules = vec![
            rule(
                "enterprise",
                vec![(
                    "employees",
                    Test::Range {
                        min: Some(1000),
                        max: None,
                    },
                )],
            ),
            rule(
                "it",
                vec![("industry", Test::any(&words(&["it・ソフトウェア"])))],
            ),
            rule(
                "mid-market",
                vec![(
                    "employees",
                    Test::Range {
                        min: Some(200),
                        max: Some(999),
                    },
                )],
            ),
            rule("everyone", vec![]),
        ];
        assert_eq!(
            groups_of(&rules, &lead(), &scored(10)),
            vec!["it", "mid-market", "everyone"]
        );
    }

    #[test]
    fn conditions_on_source_tags_grade_score_and_stage() {
        let l = lead();
        let hot = rule(
            "hot",
            vec![
                ("source", Test::any(&words(&["Webinar", "web_form"]))),
                ("tags", Test::any(&words(&["HOT"]))),
                ("grade", Test::any(&words(&["a", "B"]))),
                (
                    "score",
                    Test::Range {
                        min: Some(60),
                        max: None,
                    },
                ),
                ("stage", Test::any(&words(&["engaged"]))),
            ],
        );
        assert!(hot.matches(&l, &scored(85)));
        assert_eq!(scored(85).grade, Grade::A);
        assert!(!hot.matches(&l, &scored(45)), "grade C, score 45");
        let mut lost = l.clone();
        lost.stage = Stage::Lost;
        assert!(!hot.matches(&lost, &scored(85)));
    }

    #[test]
    fn flags_and_missing_values() {
        let mut l = lead();
        l.do_not_call = true;
        assert!(rule("dnc", vec![("do_not_call", Test::Is(true))]).matches(&l, &scored(0)));
        let mut unknown_size = l.clone();
        unknown_size.employees = Employees::default();
        let big = rule(
            "big",
            vec![(
                "employees",
                Test::Range {
                    min: Some(1),
                    max: None,
                },
            )],
        );
        assert!(!big.matches(&unknown_size, &scored(0)));
    }
}
