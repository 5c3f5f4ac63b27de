//! The undo-send queue and bulk mail through the use cases, with a fake transport.

use chrono::Duration;
use leadbench::ops::mail::{self, MailError, SendOutcome};

use crate::mail_fixture::{FakeTransport, add, add_yamada, config, now, store, tmp};

#[test]
fn undo_send_cancels_inside_the_window_and_not_after() {
    let dir = tmp();
    let cfg = config(dir.path(), "ja", "");
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    let draft = mail::compose(&st, &cfg, id, "first-follow-up").unwrap_or_else(|e| panic!("{e}"));
    let q = mail::queue(&mut st, &cfg, &draft, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(q.mail.due_at, now() + Duration::seconds(20));
    let mut t = FakeTransport::default();
    // Inside the window nothing leaves, and `u` (cancel_latest) takes it back.
    assert!(mail::send_due_with(&mut st, &cfg, &mut t, now() + Duration::seconds(10)).is_empty());
    let cancelled = mail::cancel_latest(&mut st).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cancelled.map(|c| c.len()), Some(1));
    assert!(t.sent.is_empty());
    // Queued again; after the window it leaves and can no longer be cancelled.
    let q = mail::queue(&mut st, &cfg, &draft, now()).unwrap_or_else(|e| panic!("{e}"));
    let results = mail::send_due_with(&mut st, &cfg, &mut t, now() + Duration::seconds(21));
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0].outcome, SendOutcome::Sent { .. }));
    assert_eq!(t.sent.len(), 1);
    assert!(matches!(
        mail::cancel(&mut st, q.id),
        Err(MailError::NotQueued(_))
    ));
    let sent = &t.sent[0];
    assert_eq!(sent.bcc, vec!["log@crm.example.com".to_owned()]);
    assert_eq!(sent.from, "佐藤 花子 <hanako@example.co.jp>");
    assert!(
        sent.body.contains("佐藤 花子\nインサイドセールス部"),
        "{}",
        sent.body
    );
}

#[test]
fn the_queue_survives_a_restart() {
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let (id, qid) = {
        let mut st = store(dir.path(), &cfg);
        let id = add_yamada(&mut st, &cfg);
        let d = mail::compose(&st, &cfg, id, "first-follow-up").unwrap_or_else(|e| panic!("{e}"));
        (
            id,
            mail::queue(&mut st, &cfg, &d, now())
                .map(|q| q.id)
                .unwrap_or_default(),
        )
    };
    let mut st = store(dir.path(), &cfg);
    let queued = mail::queued(&st).unwrap_or_default();
    assert_eq!(
        queued
            .iter()
            .map(|q| (q.id, q.mail.lead_id))
            .collect::<Vec<_>>(),
        vec![(qid, id)]
    );
    let mut t = FakeTransport::default();
    let r = mail::send_due_with(&mut st, &cfg, &mut t, now() + Duration::minutes(5));
    assert!(matches!(r[0].outcome, SendOutcome::Sent { .. }), "{r:?}");
    assert!(mail::queued(&st).unwrap_or_default().is_empty());
}

#[test]
fn a_failed_send_stays_queued_and_an_opt_out_meanwhile_drops_it() {
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    let d = mail::compose(&st, &cfg, id, "first-follow-up").unwrap_or_else(|e| panic!("{e}"));
    mail::queue(&mut st, &cfg, &d, now()).unwrap_or_else(|e| panic!("{e}"));
    let mut down = FakeTransport {
        fail: true,
        ..FakeTransport::default()
    };
    let r = mail::send_due_with(&mut st, &cfg, &mut down, now() + Duration::minutes(1));
    assert!(matches!(r[0].outcome, SendOutcome::Failed(_)));
    let q = mail::queued(&st).unwrap_or_default();
    assert_eq!((q.len(), q[0].attempts), (1, 1));
    let policy = cfg.policy();
    leadbench::ops::edit_lead(
        &mut st,
        &policy,
        id,
        None,
        &[("email_opt_out".into(), "true".into())],
        "JP",
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut t = FakeTransport::default();
    let r = mail::send_due_with(&mut st, &cfg, &mut t, now() + Duration::minutes(2));
    assert!(matches!(r[0].outcome, SendOutcome::Dropped(_)), "{r:?}");
    assert!(t.sent.is_empty());
    assert!(mail::queued(&st).unwrap_or_default().is_empty());
}

#[test]
fn bulk_mail_skips_opt_outs_and_failed_merges_and_lists_them() {
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let mut st = store(dir.path(), &cfg);
    let ok = add_yamada(&mut st, &cfg);
    let jane = add(
        &mut st,
        &cfg,
        &[
            ("first_name", "Jane"),
            ("last_name", "Doe"),
            ("email", "jane@example.com"),
        ],
    );
    let out = add(
        &mut st,
        &cfg,
        &[
            ("full_name", "Opted Out"),
            ("email", "no@example.com"),
            ("email_opt_out", "true"),
        ],
    );
    let nomail = add(
        &mut st,
        &cfg,
        &[("full_name", "Phone Only"), ("phone", "03-1111-2222")],
    );
    let mut calls = Vec::new();
    let report = mail::bulk(
        &mut st,
        &cfg,
        &[ok, jane, out, nomail],
        "first-follow-up",
        now(),
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.queued.len(), 2);
    let skipped: Vec<i64> = report.skipped.iter().map(|(id, _)| *id).collect();
    assert_eq!(skipped, vec![out, nomail]);
    assert!(report.skipped[0].1.contains("opted out"));
    assert_eq!(calls.last(), Some(&(4, 4)));
    // A bulk mail is one batch: `u` cancels all of it.
    let cancelled = mail::cancel_latest(&mut st).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cancelled.map(|c| c.len()), Some(2));
    // A template that needs a meeting skips every lead without one, naming the field.
    let report = mail::bulk(
        &mut st,
        &cfg,
        &[ok],
        "meeting-confirmation",
        now(),
        &mut |_, _| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        report.skipped[0].1.contains("meeting_date"),
        "{:?}",
        report.skipped
    );
}
