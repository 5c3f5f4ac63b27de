//! SMTP through a real server started in the test (mailin-embedded on 127.0.0.1), and
//! sendmail through a fake program that records its arguments and input.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mail_parser::MessageParser;
use mailin_embedded::{Handler, Response, Server, response};

use leadbench::ops::mail::{self, SendOutcome};

use crate::mail_fixture::{add, add_yamada, config, now, store, tmp};

/// A received mail: envelope sender, envelope recipients, the message.
type Received = (String, Vec<String>, Vec<u8>);

#[derive(Clone, Default)]
struct Inbox {
    mails: Arc<Mutex<Vec<Received>>>,
    current: Arc<Mutex<Received>>,
}

impl Handler for Inbox {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        if let Ok(mut c) = self.current.lock() {
            *c = (from.to_owned(), to.to_vec(), Vec::new());
        }
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Ok(mut c) = self.current.lock() {
            c.2.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let (Ok(c), Ok(mut all)) = (self.current.lock(), self.mails.lock()) {
            all.push(c.clone());
        }
        response::OK
    }
}

#[test]
fn smtp_delivers_to_a_real_server_with_the_envelope_and_japanese_intact() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let inbox = Inbox::default();
    let mut server = Server::new(inbox.clone());
    server.with_name("localhost").with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });

    let dir = tmp();
    let cfg = config(
        dir.path(),
        "ja",
        &format!(
            "transport = \"smtp\"\n\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\n"
        ),
    );
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    let d = mail::compose(&st, &cfg, id, "after-voicemail").unwrap_or_else(|e| panic!("{e}"));
    let r = mail::send_now(&mut st, &cfg, &d, now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(r.outcome, SendOutcome::Sent { .. }), "{r:?}");
    let got = inbox.mails.lock().map(|m| m.clone()).unwrap_or_default();
    assert_eq!(got.len(), 1);
    let (from, to, data) = &got[0];
    assert_eq!(from, "hanako@example.co.jp");
    assert_eq!(
        to,
        &vec![
            "taro@yamada.example.jp".to_owned(),
            "log@crm.example.com".to_owned()
        ]
    );
    let msg = MessageParser::default()
        .parse(data)
        .unwrap_or_else(|| panic!("unparseable"));
    assert_eq!(msg.subject(), Some("お電話のご連絡の件"));
    // The Bcc travels in the envelope only.
    assert!(msg.bcc().is_none());
    let body = msg.body_text(0).unwrap_or_default();
    assert!(body.contains("山田商事株式会社 山田様"), "{body}");
    assert!(body.contains("ご不在のようでしたので"), "{body}");
    let acts = st.activities(id).unwrap_or_default();
    assert!(
        acts.iter()
            .any(|a| a.kind == leadbench::domain::ActivityKind::Mail
                && a.data["transport"] == "smtp")
    );
}

#[test]
fn smtp_without_a_password_for_a_login_fails_clearly_and_records_nothing() {
    let dir = tmp();
    let cfg = config(
        dir.path(),
        "en",
        "transport = \"smtp\"\n\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = 1\nusername = \"rep\"\npassword_env = \"LEADBENCH_TEST_UNSET_PASSWORD\"\n",
    );
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    let d = mail::compose(&st, &cfg, id, "breakup").unwrap_or_else(|e| panic!("{e}"));
    let e = mail::send_now(&mut st, &cfg, &d, now()).err();
    assert!(
        e.as_ref()
            .is_some_and(|e| e.to_string().contains("LEADBENCH_TEST_UNSET_PASSWORD")),
        "{e:?}"
    );
    assert_eq!(
        st.lead(id).ok().flatten().map(|l| l.stage),
        Some(leadbench::domain::Stage::New)
    );
}

#[cfg(unix)]
#[test]
fn sendmail_gets_the_message_on_stdin_and_each_recipient_as_one_argument() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let script = dir.path().join("fake-sendmail");
    let log = dir.path().join("args.txt");
    let input = dir.path().join("stdin.eml");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{}'; done\ncat > '{}'\n",
            log.display(),
            input.display()
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    let cfg = config(
        dir.path(),
        "en",
        &format!(
            "transport = \"sendmail\"\n\n[mail.sendmail]\ncommand = \"{}\"\n",
            script.display()
        ),
    );
    let mut st = store(dir.path(), &cfg);
    let pwned = dir.path().join("pwned");
    let evil = format!(
        "$(touch {}); `touch {}` | rm -rf ~ ;",
        pwned.display(),
        pwned.display()
    );
    let id = add(
        &mut st,
        &cfg,
        &[
            ("first_name", &evil),
            ("company", "Acme; rm -rf / &"),
            ("email", "jane@example.com"),
            ("phone", "03-1234-5678; reboot"),
        ],
    );
    let d = mail::compose(&st, &cfg, id, "first-follow-up").unwrap_or_else(|e| panic!("{e}"));
    let r = mail::send_now(&mut st, &cfg, &d, now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(r.outcome, SendOutcome::Sent { .. }), "{r:?}");
    assert!(!pwned.exists(), "lead data ran as a command");
    let args = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        vec!["-i", "--", "jane@example.com", "log@crm.example.com"]
    );
    let bytes = std::fs::read(&input).unwrap_or_default();
    let msg = MessageParser::default()
        .parse(&bytes)
        .unwrap_or_else(|| panic!("unparseable"));
    assert_eq!(msg.subject(), Some("Following up on your enquiry"));
    assert!(msg.body_text(0).unwrap_or_default().contains(&evil));
}
