//! The person behind a demo lead: name, reading, contact data and the import-side fields.

use std::fmt::Write as _;

use crate::domain::name::compose_full_name;
use crate::domain::{Lead, Phone, PhoneKind};

use super::company::{Company, Country};
use super::names::{
    EN_DEPARTMENTS, EN_FAMILY, EN_GIVEN, EN_TITLES, JA_DEPARTMENTS, JA_FAMILY, JA_GIVEN, JA_TITLES,
};
use super::rng::Rng;
use super::vocab::{
    CAMPAIGNS, EN_SOURCES, EN_TAGS, IMPORT_NOTES, JA_SOURCES, JA_TAGS, TIMELINES, TRADE_SHOWS,
};

/// What the journal needs the person to have.
#[derive(Debug, Clone, Copy, Default)]
pub struct Needs {
    /// The lead must keep an email (its phones will all go invalid).
    pub email: bool,
    /// Force the opt-out flag (the first leads show every case).
    pub opt_out: bool,
    /// The lead called in: its source is `inbound_call`.
    pub inbound: bool,
}

/// Fills the person and import fields of `lead` for the next member of `company`.
pub fn fill(lead: &mut Lead, company: &mut Company, rng: &mut Rng, index: u64, needs: Needs) {
    let ja = company.country == Country::Jp;
    let (given_ascii, family_ascii) = if ja {
        let family = rng.pick(JA_FAMILY);
        let given = rng.pick(JA_GIVEN);
        lead.first_name = given.0.to_owned();
        lead.last_name = family.0.to_owned();
        lead.reading = format!("{} {}", family.1, given.1);
        (given.2, family.2)
    } else {
        let given = rng.pick(EN_GIVEN);
        let family = rng.pick(EN_FAMILY);
        lead.first_name = given.0.to_owned();
        lead.last_name = family.0.to_owned();
        (given.1, family.1)
    };
    lead.full_name = compose_full_name(&lead.first_name, &lead.last_name);
    lead.company = company.name.clone();
    lead.industry = company.industry.to_owned();
    lead.employees = company.employees;
    lead.timezone = Some(company.zone.name().to_owned());
    lead.department = rng
        .pick(if ja { JA_DEPARTMENTS } else { EN_DEPARTMENTS })
        .to_string();
    lead.title = rng.pick(if ja { JA_TITLES } else { EN_TITLES }).to_string();

    lead.email = email(
        company,
        rng,
        index,
        given_ascii,
        family_ascii,
        ja,
        needs.email,
    );
    lead.email_opt_out = !lead.email.is_empty() && !needs.email && (needs.opt_out || rng.pct(3));
    lead.phones = phones(company, rng);

    lead.source = if needs.inbound {
        "inbound_call".to_owned()
    } else {
        let sources = if ja { JA_SOURCES } else { EN_SOURCES };
        sources[rng.weighted_by(sources, |s| s.1)].0.to_owned()
    };
    extras(lead, company, rng, index, ja);
}

fn email(
    company: &mut Company,
    rng: &mut Rng,
    index: u64,
    given: &str,
    family: &str,
    ja: bool,
    needed: bool,
) -> String {
    let roll = rng.below(100);
    if roll < 5 && !needed {
        return String::new();
    }
    if roll < 12 {
        // A private address; the lead index keeps it unique.
        let domain = if ja {
            *rng.pick(&["example.jp", "example.ne.jp"])
        } else {
            *rng.pick(&["example.com", "example.net", "example.org"])
        };
        return format!("{given}.{family}{index}@{domain}");
    }
    let mut local = String::with_capacity(24);
    let g0 = &given[..1];
    match (company.email_style, ja) {
        (0, _) => {
            let _ = write!(local, "{given}.{family}");
        }
        (1, true) => {
            let _ = write!(local, "{family}.{given}");
        }
        (1, false) => {
            let _ = write!(local, "{g0}{family}");
        }
        (2, true) => {
            let _ = write!(local, "{g0}-{family}");
        }
        (2, false) => {
            let _ = write!(local, "{given}");
        }
        (_, true) => {
            let _ = write!(local, "{family}_{g0}");
        }
        (_, false) => {
            let _ = write!(local, "{given}_{family}");
        }
    }
    if company.locals.contains(&local) {
        local.clear();
        let _ = write!(local, "{given}.{family}");
        let base = local.len();
        let mut n = 2;
        while company.locals.contains(&local) {
            local.truncate(base);
            let _ = write!(local, "{n}");
            n += 1;
        }
    }
    company.locals.push(local.clone());
    local.push('@');
    local.push_str(&company.domain);
    local
}

fn phones(company: &Company, rng: &mut Rng) -> Vec<Phone> {
    let mut phones = Vec::with_capacity(3);
    match rng.weighted(&[30, 12, 20, 8, 22, 8]) {
        0 => phones.push(company.landline(rng, PhoneKind::Main)),
        1 => phones.push(company.mobile(rng)),
        2 => {
            phones.push(company.landline(rng, PhoneKind::Direct));
            phones.push(company.switchboard.clone());
        }
        3 => {
            phones.push(company.mobile(rng));
            phones.push(company.switchboard.clone());
        }
        4 => phones.push(company.switchboard.clone()),
        _ => {
            phones.push(company.landline(rng, PhoneKind::Direct));
            phones.push(company.mobile(rng));
        }
    }
    // The 100 fictional numbers of a US area code can repeat.
    phones.dedup_by(|a, b| a.number == b.number);
    if rng.permille(12) {
        // Text in a phone column that is no number.
        let junk = match company.country {
            Country::Jp => *rng.pick(&["内線 2041", "03-5555-012", "未記入"]),
            _ => *rng.pick(&["TBD", "ext. 204", "555-01"]),
        };
        phones.push(Phone {
            number: None,
            raw: junk.to_owned(),
            kind: PhoneKind::Main,
            invalid: true,
        });
    }
    phones
}

fn extras(lead: &mut Lead, company: &Company, rng: &mut Rng, index: u64, ja: bool) {
    let lang = |pair: &(&'static str, &'static str)| if ja { pair.0 } else { pair.1 };
    if rng.pct(40) {
        let key = match company.country {
            Country::Jp => "都道府県",
            Country::Us => "State",
            Country::Uk => "City",
        };
        lead.extra.insert(key.to_owned(), company.region.to_owned());
    }
    if rng.pct(20) {
        let t = rng.pick(TIMELINES);
        let key = if ja { "検討時期" } else { "Timeline" };
        lead.extra.insert(key.to_owned(), lang(t).to_owned());
    }
    if lead.source == "trade_show" {
        let show = rng.pick(TRADE_SHOWS);
        let key = if ja { "展示会名" } else { "Event" };
        lead.extra.insert(key.to_owned(), lang(show).to_owned());
    }
    if matches!(lead.source.as_str(), "web_form" | "webinar") && rng.pct(30) {
        lead.extra
            .insert("utm_campaign".to_owned(), rng.pick(CAMPAIGNS).to_string());
    }
    if rng.pct(35) {
        let tags = if ja { JA_TAGS } else { EN_TAGS };
        let first = rng.index(tags.len());
        lead.tags.push(tags[first].to_owned());
        if rng.pct(30) {
            let second = (first + 1 + rng.index(tags.len() - 1)) % tags.len();
            lead.tags.push(tags[second].to_owned());
        }
    }
    if rng.pct(25) {
        // HubSpot record ids are plain integers; the index keeps them unique.
        let id = 51_000_000_000 + index * 37 + rng.below(37);
        lead.external_ids
            .insert("hs_record_id".to_owned(), id.to_string());
    }
    if rng.pct(8) {
        lead.notes = lang(rng.pick(IMPORT_NOTES)).to_owned();
    }
}
