//! Mail templates (SPEC §7): Markdown with TOML front matter between `+++` lines, and merge
//! fields `{{field}}` with fallbacks `{{a|b|"literal"}}`.
//!
//! A field is a name of [`MERGE_FIELDS`]; an alternative in double quotes is a literal
//! (`{{first_name|"there"}}`; `\"` and `\\` escape inside it, so `{{"{{"}}` writes `{{`). The
//! first field that is not blank, or the first literal reached, wins (`{{title|""}}` lets a
//! field be empty on purpose). Every name in a placeholder must be known, even
//! one after a winning alternative, so a typo never hides behind a fallback; a placeholder
//! whose alternatives are all empty names its first field. Rendering collects every problem
//! instead of stopping at the first, so the rep sees all of them at once.

use serde::Deserialize;

use super::i18n::TextKey;
use super::{Lang, Stage};

/// The merge fields of SPEC Appendix D.
pub const MERGE_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "full_name",
    "salutation",
    "company",
    "department",
    "title",
    "rep.name",
    "rep.email",
    "rep.signature",
    "meeting_at",
    "meeting_date",
    "field_rep",
];

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The human name from the front matter.
    pub name: String,
    /// The subject line (may hold merge fields).
    pub subject: String,
    /// Stages the template is offered for; empty = every stage.
    pub stages: Vec<Stage>,
    /// The Markdown body (may hold merge fields).
    pub body: String,
}

/// Why a template file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {msg}")]
pub struct ParseError {
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

/// One reason a template cannot be sent as rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A placeholder names a field that does not exist.
    #[error("unknown merge field `{field}` (line {line})")]
    Unknown {
        /// The name as written.
        field: String,
        /// 1-based line in the subject or body.
        line: usize,
    },
    /// Every alternative of a placeholder is empty.
    #[error("merge field `{field}` is empty (line {line})")]
    Empty {
        /// The placeholder's first field.
        field: String,
        /// 1-based line in the subject or body.
        line: usize,
    },
    /// A placeholder is malformed.
    #[error("line {line}: {msg}")]
    Syntax {
        /// 1-based line in the subject or body.
        line: usize,
        /// What is wrong.
        msg: String,
    },
}

impl Problem {
    /// The problem in `lang`; a syntax problem keeps the parser's own words.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Problem::Unknown { field, line } => lang.fill(
                TextKey::DomainTemplateUnknownField,
                &[("field", field), ("line", line)],
            ),
            // The rep's own fields come from the configuration: say where to fill them in.
            Problem::Empty { field, line } => match field.strip_prefix("rep.") {
                Some(key) => lang.fill(
                    TextKey::DomainTemplateEmptyRepField,
                    &[("field", field), ("line", line), ("key", &key)],
                ),
                None => lang.fill(
                    TextKey::DomainTemplateEmptyField,
                    &[("field", field), ("line", line)],
                ),
            },
            Problem::Syntax { .. } => self.to_string(),
        }
    }

    /// The field the problem names, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Problem::Unknown { field, .. } | Problem::Empty { field, .. } => Some(field),
            Problem::Syntax { .. } => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    name: Option<String>,
    subject: String,
    #[serde(default)]
    stages: Vec<String>,
}

/// Parses a template file: `+++`, TOML (name, subject, stages), `+++`, body.
pub fn parse(text: &str) -> Result<Template, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(ParseError {
            line: 1,
            msg: "a template starts with a `+++` line (TOML front matter: name, subject, stages)"
                .into(),
        });
    }
    let mut front = String::new();
    let mut body_line = 0;
    for (i, line) in lines.by_ref().enumerate() {
        if line.trim_end() == "+++" {
            body_line = i + 3;
            break;
        }
        front.push_str(line);
    }
    if body_line == 0 {
        return Err(ParseError {
            line: 1,
            msg: "the front matter has no closing `+++` line".into(),
        });
    }
    let fm: FrontMatter = toml::from_str(&front).map_err(|e| ParseError {
        line: 2 + e.span().map_or(0, |s| {
            front[..s.start.min(front.len())].matches('\n').count()
        }),
        msg: e.message().to_owned(),
    })?;
    let stages = fm
        .stages
        .iter()
        .map(|s| {
            Stage::from_id(s).ok_or_else(|| ParseError {
                line: 2,
                msg: format!("unknown stage `{s}` in `stages`"),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if fm.subject.contains(['\n', '\r']) {
        return Err(ParseError {
            line: 2,
            msg: "the subject is one line".into(),
        });
    }
    let body: String = lines.collect();
    let body = body.replace("\r\n", "\n");
    let body = body.trim_start_matches('\n').trim_end().to_owned() + "\n";
    Ok(Template {
        name: fm.name.unwrap_or_default(),
        subject: fm.subject,
        stages,
        body,
    })
}

/// One alternative inside a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Alt {
    Field(String),
    Literal(String),
}

/// Renders `text`, asking `value` for each field; `value` returns `None` for an unknown
/// field and `Some("")` for an empty one. Returns every problem found.
pub fn render(text: &str, value: &dyn Fn(&str) -> Option<String>) -> Result<String, Vec<Problem>> {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut rest = text;
    let mut line = 1;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        line += rest[..start].matches('\n').count();
        let after = &rest[start + 2..];
        match placeholder(after) {
            Ok((alts, used)) => {
                resolve(&alts, value, line, &mut out, &mut problems);
                line += after[..used].matches('\n').count();
                rest = &after[used..];
            }
            Err(msg) => {
                problems.push(Problem::Syntax { line, msg });
                // Skip the braces so the rest is still checked.
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn resolve(
    alts: &[Alt],
    value: &dyn Fn(&str) -> Option<String>,
    line: usize,
    out: &mut String,
    problems: &mut Vec<Problem>,
) {
    let mut chosen: Option<String> = None;
    let mut unknown = false;
    for alt in alts {
        let v = match alt {
            Alt::Literal(s) => Some(s.clone()),
            Alt::Field(f) => match value(f) {
                Some(v) => Some(v),
                None => {
                    problems.push(Problem::Unknown {
                        field: f.clone(),
                        line,
                    });
                    unknown = true;
                    None
                }
            },
        };
        if chosen.is_none() {
            // A field counts when it is not blank; a literal always does (`""` allows empty).
            chosen = match alt {
                Alt::Literal(_) => v,
                Alt::Field(_) => v.filter(|v| !v.trim().is_empty()),
            };
        }
    }
    match chosen {
        Some(v) if !unknown => out.push_str(&v),
        Some(_) => {}
        None if unknown => {}
        None => {
            let field = alts
                .iter()
                .find_map(|a| match a {
                    Alt::Field(f) => Some(f.clone()),
                    Alt::Literal(_) => None,
                })
                .unwrap_or_default();
            problems.push(Problem::Empty { field, line });
        }
    }
}

/// Parses the inside of a placeholder up to and including `}}`; returns the alternatives and
/// the bytes used.
fn placeholder(s: &str) -> Result<(Vec<Alt>, usize), String> {
    let mut alts = Vec::new();
    let mut chars = s.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
        let alt = match chars.peek() {
            None => return Err("`{{` without a closing `}}`".into()),
            Some((_, '"')) => {
                chars.next();
                let mut lit = String::new();
                loop {
                    match chars.next() {
                        None => return Err("a quoted fallback without its closing `\"`".into()),
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, c @ ('"' | '\\'))) => lit.push(c),
                            _ => return Err("only `\\\"` and `\\\\` escape in a literal".into()),
                        },
                        Some((_, c)) => lit.push(c),
                    }
                }
                Alt::Literal(lit)
            }
            Some(_) => {
                let mut name = String::new();
                while let Some((_, c)) =
                    chars.next_if(|(_, c)| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
                {
                    name.push(c);
                }
                if name.is_empty() {
                    return Err("a placeholder needs a field name or a \"literal\"".into());
                }
                Alt::Field(name)
            }
        };
        alts.push(alt);
        while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
        match chars.next() {
            Some((_, '|')) => {}
            Some((i, '}')) if s[i + 1..].starts_with('}') => return Ok((alts, i + 2)),
            Some((_, c)) => {
                return Err(format!(
                    "unexpected `{c}` in a placeholder (write {{{{a|b|\"text\"}}}})"
                ));
            }
            None => return Err("`{{` without a closing `}}`".into()),
        }
    }
}

#[cfg(test)]
#[path = "template_tests.rs"]
mod tests;
