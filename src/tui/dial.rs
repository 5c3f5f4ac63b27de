//! Dialing with `calling.dial_command`: the number is one argument, never shell text.

use std::process::{Command, Stdio};

use crate::domain::Lang;
use crate::domain::i18n::TextKey;

/// Why the dialer did not start; the status line says it in the rep's language.
#[derive(Debug)]
pub enum DialError {
    /// `calling.dial_command` is an empty list.
    NoCommand,
    /// The program is not installed (or not on `PATH`).
    NotFound(String),
    /// The program is there but may not be run.
    NotAllowed(String),
    /// Anything else the system said when starting it, in the system's words.
    Spawn(std::io::Error),
}

impl DialError {
    /// The reason in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            DialError::NoCommand => lang.text(TextKey::TuiDialNoCommand).to_owned(),
            DialError::NotFound(program) => {
                lang.fill(TextKey::TuiDialNotFound, &[("program", program)])
            }
            DialError::NotAllowed(program) => {
                lang.fill(TextKey::TuiDialNotAllowed, &[("program", program)])
            }
            DialError::Spawn(e) => e.to_string(),
        }
    }
}

/// The command line for a number: `{phone}` inside any argument is replaced by it.
pub fn argv(template: &[String], phone: &str) -> Vec<String> {
    template
        .iter()
        .map(|a| a.replace("{phone}", phone))
        .collect()
}

/// Starts the dialer without waiting for it; a thread reaps it when it ends.
pub fn start(template: &[String], phone: &str) -> Result<(), DialError> {
    let argv = argv(template, phone);
    let Some((program, args)) = argv.split_first() else {
        return Err(DialError::NoCommand);
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => DialError::NotFound(program.clone()),
            std::io::ErrorKind::PermissionDenied => DialError::NotAllowed(program.clone()),
            _ => DialError::Spawn(e),
        })?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialer_errors_name_the_program_in_either_language() {
        assert!(matches!(start(&[], "+81"), Err(DialError::NoCommand)));
        let missing = vec!["leadbench-no-such-dialer".to_owned(), "{phone}".to_owned()];
        let e = start(&missing, "+81").err();
        assert!(matches!(e, Some(DialError::NotFound(_))), "{e:?}");
        let e = e.unwrap_or(DialError::NoCommand);
        assert!(e.text(Lang::Ja).contains("leadbench-no-such-dialer"));
        assert_ne!(e.text(Lang::Ja), e.text(Lang::En));
    }

    #[test]
    fn the_number_stays_one_argument_whatever_it_holds() {
        let t = vec!["xdg-open".to_owned(), "tel:{phone}".to_owned()];
        assert_eq!(
            argv(&t, "+8131; rm -rf ~"),
            vec!["xdg-open", "tel:+8131; rm -rf ~"]
        );
    }
}
