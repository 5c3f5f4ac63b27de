//! Dialing with `calling.dial_command`: the number is one argument, never shell text.

use std::process::{Command, Stdio};

/// The command line for a number: `{phone}` inside any argument is replaced by it.
pub fn argv(template: &[String], phone: &str) -> Vec<String> {
    template
        .iter()
        .map(|a| a.replace("{phone}", phone))
        .collect()
}

/// Starts the dialer without waiting for it; a thread reaps it when it ends.
pub fn start(template: &[String], phone: &str) -> std::io::Result<()> {
    let argv = argv(template, phone);
    let Some((program, args)) = argv.split_first() else {
        return Err(std::io::Error::other("calling.dial_command is empty"));
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_stays_one_argument_whatever_it_holds() {
        let t = vec!["xdg-open".to_owned(), "tel:{phone}".to_owned()];
        assert_eq!(
            argv(&t, "+8131; rm -rf ~"),
            vec!["xdg-open", "tel:+8131; rm -rf ~"]
        );
    }
}
