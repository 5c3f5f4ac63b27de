//! Lead transfer between reps (SPEC §9).
//!
//! A bundle is a JSON Lines file (UTF-8, 0600). The first line is the header
//! `{"leadbench_bundle": 1, "from": "<rep>", "to": "<name>", "created_at": "<RFC 3339>", "leads": N}`;
//! each further line is one lead: `{"lead": {…every lead field…}, "activities": [{"at", "kind",
//! "outcome", "note", "data", "undone"}, …]}` with its whole journal, oldest first. The sender's
//! leads keep their stage and get `transferred_to`; the receiver inserts them as new leads
//! (hand-over = import time) whose history is marked `by_other`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::domain::{Activity, ActivityKind, Lead, LeadId, NewActivity, Ts};
use crate::store::{Change, Store, StoreError};

use super::{OpsError, Problem};

/// The bundle format version this leadbench writes and reads.
pub const BUNDLE_VERSION: u64 = 1;
/// How every bundle starts.
const MAGIC: &[u8] = b"{\"leadbench_bundle\"";

/// What an import of a bundle did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleReport {
    /// The sending rep.
    pub from: String,
    /// The rep it was meant for.
    pub to: String,
    /// The new lead ids.
    pub ids: Vec<LeadId>,
    /// Journal rows brought along.
    pub activities: usize,
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> OpsError {
    OpsError::Store(StoreError::Io {
        path: path.to_owned(),
        source: std::io::Error::other(e.to_string()),
    })
}

/// Whether the file at `path` is a transfer bundle (by its first bytes).
pub fn is_bundle(path: &Path) -> bool {
    let mut head = [0u8; 32];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.starts_with(MAGIC)
}

fn activity_json(a: &Activity) -> Value {
    json!({
        "at": a.at.to_rfc3339(),
        "kind": a.kind.id(),
        "outcome": a.outcome,
        "note": a.note,
        "data": a.data,
        "undone": a.undone,
    })
}

fn activity_from_json(v: &Value) -> Option<Activity> {
    Some(Activity {
        id: 0,
        lead_id: None,
        at: chrono::DateTime::parse_from_rfc3339(v.get("at")?.as_str()?)
            .ok()?
            .to_utc(),
        kind: ActivityKind::from_id(v.get("kind")?.as_str()?)?,
        outcome: v.get("outcome").and_then(Value::as_str).map(str::to_owned),
        note: v
            .get("note")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        data: v.get("data").cloned().unwrap_or_else(|| json!({})),
        undone: v.get("undone").and_then(Value::as_bool).unwrap_or(false),
        by_other: true,
    })
}

/// Writes `leads` with their history to a bundle at `path` for colleague `to`, then marks
/// them transferred (stage unchanged). Leads already transferred are refused.
pub fn transfer(
    store: &mut Store,
    ids: &[LeadId],
    from: &str,
    to: &str,
    path: &Path,
    now: Ts,
) -> Result<usize, OpsError> {
    let to = to.trim();
    if to.is_empty() {
        return Err(OpsError::Invalid(Problem::TransferNeedsTo));
    }
    // The header is written by hand so that `leadbench_bundle` is its first key (the magic).
    let quote = |t: &str| Value::String(t.to_owned()).to_string();
    let mut lines = Vec::with_capacity(ids.len() + 1);
    lines.push(format!(
        "{{\"leadbench_bundle\":{BUNDLE_VERSION},\"from\":{},\"to\":{},\"created_at\":{},\"leads\":{}}}",
        quote(from),
        quote(to),
        quote(&now.to_rfc3339()),
        ids.len()
    ));
    let mut versions = Vec::with_capacity(ids.len());
    for id in ids {
        let lead = store
            .lead(*id)?
            .ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
        if let Some(t) = &lead.transferred_to {
            return Err(OpsError::Blocked(Problem::AlreadyTransferred {
                id: *id,
                to: t.clone(),
            }));
        }
        let history: Vec<Value> = store.activities(*id)?.iter().map(activity_json).collect();
        versions.push(lead.version);
        lines.push(json!({ "lead": lead, "activities": history }).to_string());
    }
    write_private(path, &lines)?;
    let note = format!("transferred to {to}");
    for (id, version) in ids.iter().zip(versions) {
        store.mutate(*id, Some(version), &note, |before| {
            let mut lead = before.clone();
            lead.transferred_to = Some(to.to_owned());
            Ok::<_, OpsError>(Change {
                lead,
                activities: vec![NewActivity::new(ActivityKind::Transfer, now).with_data(
                    json!({ "direction": "out", "to": to, "file": path.display().to_string() }),
                )],
            })
        })?;
    }
    Ok(ids.len())
}

/// Writes JSON lines to `path` (0600) through a temporary file and a rename.
fn write_private(path: &Path, lines: &[String]) -> Result<(), OpsError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".leadbench-bundle")
        .tempfile_in(dir)
        .map_err(|e| io_err(path, e))?;
    for l in lines {
        writeln!(tmp, "{l}").map_err(|e| io_err(path, e))?;
    }
    tmp.flush().map_err(|e| io_err(path, e))?;
    // tempfile creates the file 0600.
    tmp.persist(path).map_err(|e| io_err(path, e.error))?;
    Ok(())
}

/// Imports a bundle: its leads arrive as new leads handed over now, their history marked as
/// done by another rep, plus one `transfer` row each.
pub fn import_bundle(store: &mut Store, path: &Path, now: Ts) -> Result<BundleReport, OpsError> {
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let mut lines = BufReader::new(file).lines();
    let bad = |line: usize, what: &str| {
        OpsError::Invalid(Problem::BadBundle {
            path: path.display().to_string(),
            line,
            detail: what.to_owned(),
        })
    };
    let not_a_bundle = || {
        OpsError::Invalid(Problem::NotABundle {
            path: path.display().to_string(),
        })
    };
    let header: Value = match lines.next() {
        Some(Ok(l)) => serde_json::from_str(l.trim_start_matches('\u{feff}'))
            .map_err(|e| bad(1, &e.to_string()))?,
        _ => return Err(not_a_bundle()),
    };
    let version = header.get("leadbench_bundle").and_then(Value::as_u64);
    match version {
        Some(BUNDLE_VERSION) => {}
        Some(v) => {
            return Err(OpsError::Invalid(Problem::BundleVersion {
                path: path.display().to_string(),
                version: v,
            }));
        }
        None => return Err(not_a_bundle()),
    }
    let text = |k: &str| {
        header
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let (from, to) = (text("from"), text("to"));
    let mut leads = Vec::new();
    let mut activities = 0;
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        let line = line.map_err(|e| bad(n, &e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).map_err(|e| bad(n, &e.to_string()))?;
        let mut lead: Lead = serde_json::from_value(v.get("lead").cloned().unwrap_or_default())
            .map_err(|e| bad(n, &format!("lead: {e}")))?;
        let history: Vec<Activity> = v
            .get("activities")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(activity_from_json).collect())
            .unwrap_or_default();
        activities += history.len();
        lead.id = 0;
        lead.version = 1;
        lead.transferred_to = None;
        lead.handover_at = now;
        lead.imported_at = Some(now);
        leads.push((lead, history));
    }
    let arrival = NewActivity::new(ActivityKind::Transfer, now).with_data(json!({
        "direction": "in",
        "from": from,
        "file": path.display().to_string(),
    }));
    let ids = store.insert_transferred(&leads, &arrival)?;
    Ok(BundleReport {
        from,
        to,
        ids,
        activities,
    })
}
