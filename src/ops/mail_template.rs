//! Finding templates: the built-ins embedded from `assets/templates/`, overridden and extended
//! by the user's `mail.templates_dir` (`NAME.en.md`, `NAME.ja.md`, or `NAME.md` for any
//! language).

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::domain::Lang;
use crate::domain::template::{self, Template};

use super::mail::MailError;

/// The built-in templates: (id, language, text).
const BUILTIN: &[(&str, Lang, &str)] = &[
    (
        "first-follow-up",
        Lang::En,
        include_str!("../../assets/templates/first-follow-up.en.md"),
    ),
    (
        "first-follow-up",
        Lang::Ja,
        include_str!("../../assets/templates/first-follow-up.ja.md"),
    ),
    (
        "after-voicemail",
        Lang::En,
        include_str!("../../assets/templates/after-voicemail.en.md"),
    ),
    (
        "after-voicemail",
        Lang::Ja,
        include_str!("../../assets/templates/after-voicemail.ja.md"),
    ),
    (
        "meeting-confirmation",
        Lang::En,
        include_str!("../../assets/templates/meeting-confirmation.en.md"),
    ),
    (
        "meeting-confirmation",
        Lang::Ja,
        include_str!("../../assets/templates/meeting-confirmation.ja.md"),
    ),
    (
        "re-engagement",
        Lang::En,
        include_str!("../../assets/templates/re-engagement.en.md"),
    ),
    (
        "re-engagement",
        Lang::Ja,
        include_str!("../../assets/templates/re-engagement.ja.md"),
    ),
    (
        "breakup",
        Lang::En,
        include_str!("../../assets/templates/breakup.en.md"),
    ),
    (
        "breakup",
        Lang::Ja,
        include_str!("../../assets/templates/breakup.ja.md"),
    ),
];

/// A template found for a name and language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The id (file name without language and `.md`).
    pub id: String,
    /// The language of the mail.
    pub lang: Lang,
    /// Where it came from: `built-in` or the user's file.
    pub origin: String,
    /// The parsed template.
    pub template: Template,
}

/// A template as the compose popup lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    /// The id to pass to `compose` (`first-follow-up`).
    pub id: String,
    /// The language picked for it.
    pub lang: Lang,
    /// The human name from the front matter.
    pub name: String,
    /// The subject as written (with merge fields).
    pub subject: String,
    /// Stages it is meant for (empty = all).
    pub stages: Vec<crate::domain::Stage>,
    /// From the user's templates directory.
    pub user: bool,
}

fn lang_id(l: Lang) -> &'static str {
    match l {
        Lang::En => "en",
        Lang::Ja => "ja",
    }
}

fn other(l: Lang) -> Lang {
    match l {
        Lang::En => Lang::Ja,
        Lang::Ja => Lang::En,
    }
}

/// Splits `NAME.ja` / `NAME.en` into the name and the language asked for.
fn split_lang(name: &str) -> (&str, Option<Lang>) {
    match name.rsplit_once('.') {
        Some((n, "en")) => (n, Some(Lang::En)),
        Some((n, "ja")) => (n, Some(Lang::Ja)),
        _ => (name, None),
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn read_user(path: &Path, id: &str, lang: Lang) -> Result<Option<Found>, MailError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let template = template::parse(&text).map_err(|e| MailError::Template {
                file: path.display().to_string(),
                msg: e.to_string(),
            })?;
            Ok(Some(Found {
                id: id.to_owned(),
                lang,
                origin: path.display().to_string(),
                template,
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(MailError::Template {
            file: path.display().to_string(),
            msg: e.to_string(),
        }),
    }
}

fn builtin(id: &str, lang: Lang) -> Result<Option<Found>, MailError> {
    BUILTIN
        .iter()
        .find(|(i, l, _)| *i == id && *l == lang)
        .map(|(_, _, text)| {
            template::parse(text)
                .map(|template| Found {
                    id: id.to_owned(),
                    lang,
                    origin: "built-in".into(),
                    template,
                })
                .map_err(|e| MailError::Template {
                    file: format!("built-in {id}.{}", lang_id(lang)),
                    msg: e.to_string(),
                })
        })
        .transpose()
}

fn in_lang(dir: Option<&PathBuf>, id: &str, lang: Lang) -> Result<Option<Found>, MailError> {
    if let Some(dir) = dir {
        let p = dir.join(format!("{id}.{}.md", lang_id(lang)));
        if let Some(f) = read_user(&p, id, lang)? {
            return Ok(Some(f));
        }
    }
    builtin(id, lang)
}

/// Finds template `name` (`first-follow-up`, or `first-follow-up.ja` for one language) for a
/// mail in `lang`: the user's file first, then the built-in; a name without a language falls
/// back to `NAME.md` and then to the other language.
pub fn find(config: &Config, name: &str, lang: Lang) -> Result<Found, MailError> {
    let (id, asked) = split_lang(name.trim());
    if !valid_id(id) {
        return Err(MailError::UnknownTemplate {
            name: name.to_owned(),
            known: known(config),
        });
    }
    let dir = config.mail.templates_dir.as_ref();
    let found = match asked {
        Some(l) => in_lang(dir, id, l)?,
        None => match in_lang(dir, id, lang)? {
            Some(f) => Some(f),
            None => match dir {
                Some(d) => read_user(&d.join(format!("{id}.md")), id, lang)?,
                None => None,
            }
            .map_or_else(|| in_lang(dir, id, other(lang)), |f| Ok(Some(f)))?,
        },
    };
    found.ok_or_else(|| MailError::UnknownTemplate {
        name: name.to_owned(),
        known: known(config),
    })
}

/// Every template id: built-ins and the user's files.
pub fn known(config: &Config) -> Vec<String> {
    let mut ids: Vec<String> = BUILTIN.iter().map(|(i, _, _)| (*i).to_owned()).collect();
    if let Some(dir) = &config.mail.templates_dir {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if let Some(stem) = file.strip_suffix(".md") {
                let (id, _) = split_lang(stem);
                if valid_id(id) {
                    ids.push(id.to_owned());
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// The templates the compose popup offers in `lang`, with the files that could not be read.
pub fn list(config: &Config, lang: Lang) -> (Vec<TemplateInfo>, Vec<MailError>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for id in known(config) {
        match find(config, &id, lang) {
            Ok(f) => out.push(TemplateInfo {
                user: f.origin != "built-in",
                id: f.id,
                lang: f.lang,
                name: f.template.name,
                subject: f.template.subject,
                stages: f.template.stages,
            }),
            Err(e) => problems.push(e),
        }
    }
    (out, problems)
}

/// The language id (`en`/`ja`) as stored with a queued mail.
pub fn lang_code(l: Lang) -> &'static str {
    lang_id(l)
}

/// Reads a stored language id.
pub fn lang_from_code(s: &str) -> Lang {
    if s == "ja" { Lang::Ja } else { Lang::En }
}
