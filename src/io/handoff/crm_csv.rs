//! Handoff rows in the import shape of HubSpot (contacts) or Salesforce (leads): UTF-8 with a
//! BOM so spreadsheet programs read Japanese correctly, and spreadsheet-safe — a cell that
//! begins with `=`, `+`, `-`, `@`, tab, CR or LF gets a leading `'` (OWASP CSV injection),
//! except plain numbers and E.164 phone numbers.

use crate::domain::i18n::TextKey;
use crate::domain::qualification::{framework_label, item_label};
use crate::domain::text::{sanitize_line, sanitize_multiline};

use super::{Summary, rfc3339};

/// Which CRM's import shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crm {
    /// HubSpot contact import.
    HubSpot,
    /// Salesforce Data Import Wizard, leads.
    Salesforce,
}

/// HubSpot's import headers (default contact properties; `Handoff Summary` and
/// `Meeting Date` map to custom properties or are skipped in the import's mapping step).
pub const HUBSPOT_HEADERS: [&str; 14] = [
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Company Name",
    "Job Title",
    "Industry",
    "Lead Status",
    "Lifecycle Stage",
    "Contact Owner",
    "Original Source",
    "Meeting Date",
    "Handoff Summary",
];

/// Salesforce lead import headers (field API names).
pub const SALESFORCE_HEADERS: [&str; 11] = [
    "FirstName",
    "LastName",
    "Company",
    "Email",
    "Phone",
    "MobilePhone",
    "Title",
    "Industry",
    "LeadSource",
    "Status",
    "Description",
];

/// Whether text is a plain number (`42`, `-3.5`).
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether text is an E.164 number (`+819012345678`).
fn is_e164(s: &str) -> bool {
    s.strip_prefix('+').is_some_and(|d| {
        (2..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0')
    })
}

/// Makes a cell safe to open in a spreadsheet.
pub fn neutralize(cell: &str) -> String {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\n'));
    if risky && !is_plain_number(cell) && !is_e164(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn phone_of(s: &Summary, mobile: bool) -> String {
    let kind_matches =
        |p: &&crate::domain::Phone| (p.kind == crate::domain::PhoneKind::Mobile) == mobile;
    s.lead
        .phones
        .iter()
        .filter(|p| p.is_usable())
        .find(kind_matches)
        .map(|p| p.dial_text().to_owned())
        .unwrap_or_default()
}

/// The plain-text description: qualification, meeting, note.
fn description(s: &Summary) -> String {
    let l = s.lang;
    let mut lines = vec![format!(
        "{} ({})",
        l.text(TextKey::IoHandoffCrmCsvQualification),
        framework_label(&s.framework)
    )];
    for id in &s.items {
        let item = s.lead.qualification.item(id);
        let mut line = format!("{}: {}", item_label(id, l), item.state.label(l));
        if let Some(e) = item.evidence.as_ref().filter(|e| !e.text.trim().is_empty()) {
            line.push_str(" — ");
            line.push_str(&sanitize_line(&e.text));
        }
        lines.push(line);
    }
    lines.push(format!(
        "{}: {}",
        l.text(TextKey::IoHandoffCrmCsvScore),
        s.lead.score
    ));
    if let Some(m) = s.meeting() {
        lines.push(format!(
            "{}: {}",
            l.text(TextKey::IoHandoffCrmCsvMeeting),
            rfc3339(m)
        ));
    }
    if let Some(e) = &s.escalation {
        lines.push(format!(
            "{}: {}",
            l.text(TextKey::IoHandoffCrmCsvFieldRep),
            e.to.name
        ));
        if !e.note.trim().is_empty() {
            lines.push(sanitize_multiline(&e.note));
        }
        if let Some(r) = &e.override_reason {
            lines.push(format!(
                "{}: {r}",
                l.text(TextKey::IoHandoffCrmCsvGateOverride)
            ));
        }
    }
    lines.join("\n")
}

fn names(s: &Summary) -> (String, String) {
    let l = &s.lead;
    if l.first_name.is_empty() && l.last_name.is_empty() {
        // One name column: CRMs require a last name, so the whole name goes there.
        (String::new(), l.full_name.clone())
    } else {
        (l.first_name.clone(), l.last_name.clone())
    }
}

fn row(s: &Summary, crm: Crm) -> Vec<String> {
    let l = &s.lead;
    let (first, last) = names(s);
    let cells = match crm {
        Crm::HubSpot => vec![
            first,
            last,
            l.email.clone(),
            phone_of(s, false),
            phone_of(s, true),
            l.company.clone(),
            l.title.clone(),
            l.industry.clone(),
            "CONNECTED".to_owned(),
            "salesqualifiedlead".to_owned(),
            s.field_rep().email,
            l.source.clone(),
            s.meeting().map(rfc3339).unwrap_or_default(),
            description(s),
        ],
        Crm::Salesforce => vec![
            first,
            last,
            if l.company.is_empty() {
                "[not provided]".to_owned()
            } else {
                l.company.clone()
            },
            l.email.clone(),
            phone_of(s, false),
            phone_of(s, true),
            l.title.clone(),
            l.industry.clone(),
            l.source.clone(),
            "Qualified".to_owned(),
            description(s),
        ],
    };
    cells
        .into_iter()
        .map(|c| {
            // Single-line cells lose line breaks; the description keeps its lines.
            let c = if c.contains('\n') {
                sanitize_multiline(&c)
            } else {
                sanitize_line(&c)
            };
            neutralize(&c)
        })
        .collect()
}

/// The CSV file: BOM, header row, one row per summary, CRLF line ends.
pub fn render(summaries: &[Summary], crm: Crm) -> Result<Vec<u8>, csv::Error> {
    let headers: &[&str] = match crm {
        Crm::HubSpot => &HUBSPOT_HEADERS,
        Crm::Salesforce => &SALESFORCE_HEADERS,
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{FEFF}".as_bytes()));
    w.write_record(headers)?;
    for s in summaries {
        w.write_record(row(s, crm))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_but_numbers_and_phones_are_not() {
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("+1 (555) 0100"), "'+1 (555) 0100");
        assert_eq!(neutralize("-cmd"), "'-cmd");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("-42"), "-42");
        assert_eq!(neutralize("-4.5"), "-4.5");
        assert_eq!(neutralize("+819012345678"), "+819012345678");
        assert_eq!(neutralize("山田"), "山田");
        assert_eq!(neutralize(""), "");
    }
}
