//! Demo companies and their phone numbers. Colleagues (consecutive leads of one company) share
//! the company's name, domain, industry, size, region and switchboard.
//!
//! Phone numbers: US numbers use the 555-01XX block reserved for fiction, UK numbers Ofcom's
//! drama ranges (020 7946 0XXX, 0161 496 0XXX …, 07700 900XXX). Japan has no such range, so
//! Japanese numbers are random; no demo number is ever dialled unless the rep presses a key.

use std::fmt::Write as _;

use crate::domain::{Employees, Phone, PhoneKind};

use super::clock::Zone;
use super::rng::Rng;
use super::vocab::{EMPLOYEES, EN_BUSINESSES, EN_CORES, INDUSTRIES, JA_BUSINESSES, JA_CORES};

/// Where a company is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Country {
    /// Japan.
    Jp,
    /// United States.
    Us,
    /// United Kingdom.
    Uk,
}

/// Japanese regions: prefecture, area code without the trunk 0, digits of the exchange group.
const JP_AREAS: &[(&str, &str, usize, u32)] = &[
    ("東京都", "3", 4, 38),
    ("大阪府", "6", 4, 16),
    ("愛知県", "52", 3, 8),
    ("神奈川県", "45", 3, 8),
    ("福岡県", "92", 3, 6),
    ("北海道", "11", 3, 5),
    ("京都府", "75", 3, 4),
    ("宮城県", "22", 3, 4),
    ("広島県", "82", 3, 4),
    ("兵庫県", "78", 3, 4),
    ("埼玉県", "48", 3, 3),
];

/// US regions: state, zone, area code.
const US_AREAS: &[(&str, Zone, &str)] = &[
    ("NY", Zone::NewYork, "212"),
    ("NY", Zone::NewYork, "646"),
    ("MA", Zone::NewYork, "617"),
    ("GA", Zone::NewYork, "404"),
    ("FL", Zone::NewYork, "305"),
    ("IL", Zone::Chicago, "312"),
    ("TX", Zone::Chicago, "214"),
    ("TX", Zone::Chicago, "713"),
    ("MN", Zone::Chicago, "612"),
    ("CA", Zone::LosAngeles, "415"),
    ("CA", Zone::LosAngeles, "310"),
    ("WA", Zone::LosAngeles, "206"),
    ("OR", Zone::LosAngeles, "503"),
];

/// UK regions: city, area code without the trunk 0, the drama-range block.
const UK_AREAS: &[(&str, &str, &str)] = &[
    ("London", "20", "7946"),
    ("London", "20", "7946"),
    ("Manchester", "161", "496"),
    ("Birmingham", "121", "496"),
    ("Leeds", "113", "496"),
    ("Edinburgh", "131", "496"),
    ("Bristol", "117", "496"),
];

/// How many leads a company contributes, by weight (index + 1 leads).
const MEMBERS: &[u32] = &[34, 24, 16, 11, 8, 7];

/// One demo company.
#[derive(Debug, Clone)]
pub struct Company {
    /// Where it is.
    pub country: Country,
    /// Its name.
    pub name: String,
    /// Its mail domain (always under the reserved `.example` TLD).
    pub domain: String,
    /// Industry label in the company's language.
    pub industry: &'static str,
    /// Head count range.
    pub employees: Employees,
    /// Time zone of its office.
    pub zone: Zone,
    /// Prefecture, state or city.
    pub region: &'static str,
    area: usize,
    /// The switchboard, shared by every lead of the company.
    pub switchboard: Phone,
    /// The company's address convention (first.last, f-last …).
    pub email_style: u64,
    /// Leads still to come from this company.
    pub members_left: u32,
    /// Email local parts already handed out here (kept unique).
    pub locals: Vec<String>,
}

impl Company {
    /// The company with sequence number `seq` (Japanese ones count `ja_index`, the others
    /// `en_index`, so that names and domains stay unique per language).
    pub fn new(rng: &mut Rng, ja: bool, index: u64) -> Company {
        let members_left = rng.weighted(MEMBERS) as u32 + 1;
        let size = rng.weighted_by(EMPLOYEES, |e| e.2);
        let (name, slug, industry, country, small) = if ja {
            ja_name(rng, index)
        } else {
            en_name(rng, index)
        };
        let size = if small { size.min(2) } else { size };
        let (min, max, _) = EMPLOYEES[size];
        let (zone, region, area) = match country {
            Country::Jp => {
                let a = rng.weighted_by(JP_AREAS, |a| a.3);
                (Zone::Tokyo, JP_AREAS[a].0, a)
            }
            Country::Us => {
                let a = rng.index(US_AREAS.len());
                (US_AREAS[a].1, US_AREAS[a].0, a)
            }
            Country::Uk => {
                let a = rng.index(UK_AREAS.len());
                (Zone::London, UK_AREAS[a].0, a)
            }
        };
        let mut company = Company {
            country,
            name,
            domain: format!("{slug}.example"),
            industry,
            employees: Employees {
                min: Some(min),
                max,
            },
            zone,
            region,
            area,
            switchboard: Phone::default(),
            email_style: rng.below(4),
            members_left,
            locals: Vec::new(),
        };
        company.switchboard = company.landline(rng, PhoneKind::Switchboard);
        company
    }

    /// A landline in the company's area (a direct line, a main number, the switchboard).
    pub fn landline(&self, rng: &mut Rng, kind: PhoneKind) -> Phone {
        let mut e164 = String::with_capacity(16);
        let mut raw = String::with_capacity(20);
        match self.country {
            Country::Jp => {
                let (_, area, group, _) = JP_AREAS[self.area];
                let first = rng.range(2, 9);
                let rest = rng.below(10u64.pow(group as u32 - 1));
                let last = rng.below(10_000);
                let g = group - 1;
                let _ = write!(e164, "+81{area}{first}{rest:0g$}{last:04}");
                let _ = write!(raw, "0{area}-{first}{rest:0g$}-{last:04}");
                if rng.pct(3) {
                    raw = full_width(&raw);
                }
            }
            Country::Us => {
                let area = US_AREAS[self.area].2;
                let n = rng.below(100);
                let _ = write!(e164, "+1{area}55501{n:02}");
                match rng.below(3) {
                    0 => {
                        let _ = write!(raw, "({area}) 555-01{n:02}");
                    }
                    1 => {
                        let _ = write!(raw, "{area}-555-01{n:02}");
                    }
                    _ => {
                        let _ = write!(raw, "{area}.555.01{n:02}");
                    }
                }
            }
            Country::Uk => {
                let (_, area, block) = UK_AREAS[self.area];
                let n = rng.below(1000);
                let _ = write!(e164, "+44{area}{block}0{n:03}");
                let _ = write!(raw, "0{area} {block} 0{n:03}");
            }
        }
        Phone {
            number: Some(e164),
            raw,
            kind,
            invalid: false,
        }
    }

    /// A mobile phone for one of the company's people.
    pub fn mobile(&self, rng: &mut Rng) -> Phone {
        let mut e164 = String::with_capacity(16);
        let mut raw = String::with_capacity(20);
        match self.country {
            Country::Jp => {
                let prefix = *rng.pick(&[90u64, 90, 80, 80, 70]);
                let (a, b) = (rng.below(10_000), rng.below(10_000));
                let _ = write!(e164, "+81{prefix}{a:04}{b:04}");
                let _ = write!(raw, "0{prefix}-{a:04}-{b:04}");
            }
            Country::Us => {
                let area = US_AREAS[self.area].2;
                let n = rng.below(100);
                let _ = write!(e164, "+1{area}55501{n:02}");
                let _ = write!(raw, "{area}-555-01{n:02}");
            }
            Country::Uk => {
                let n = rng.below(1000);
                let _ = write!(e164, "+447700900{n:03}");
                let _ = write!(raw, "07700 900{n:03}");
            }
        }
        Phone {
            number: Some(e164),
            raw,
            kind: PhoneKind::Mobile,
            invalid: false,
        }
    }
}

/// A Japanese company name: (name, domain slug, industry, country, small company form).
fn ja_name(rng: &mut Rng, index: u64) -> (String, String, &'static str, Country, bool) {
    let combos = (JA_CORES.len() * JA_BUSINESSES.len()) as u64;
    // An odd multiplier coprime to the number of combinations walks every (core, business)
    // pair once before any repeats; repeats get a numbered domain, so domains stay unique.
    let combo = (index.wrapping_mul(1_000_003)) % combos;
    let generation = index / combos;
    let core = &JA_CORES[(combo % JA_CORES.len() as u64) as usize];
    let business = &JA_BUSINESSES[(combo / JA_CORES.len() as u64) as usize];
    let form = rng.weighted(&[40, 42, 9, 9]);
    let name = match form {
        0 => format!("株式会社{}{}", core.0, business.0),
        1 => format!("{}{}株式会社", core.0, business.0),
        2 => format!("合同会社{}{}", core.0, business.0),
        _ => format!("有限会社{}{}", core.0, business.0),
    };
    let slug = slug(core.1, business.1, generation);
    (name, slug, INDUSTRIES[business.2].0, Country::Jp, form >= 2)
}

/// An English company name: (name, domain slug, industry, country, small company form).
fn en_name(rng: &mut Rng, index: u64) -> (String, String, &'static str, Country, bool) {
    let combos = (EN_CORES.len() * EN_BUSINESSES.len()) as u64;
    let combo = (index.wrapping_mul(1_000_003)) % combos;
    let generation = index / combos;
    let core = EN_CORES[(combo % EN_CORES.len() as u64) as usize];
    let business = &EN_BUSINESSES[(combo / EN_CORES.len() as u64) as usize];
    let country = if rng.pct(70) {
        Country::Us
    } else {
        Country::Uk
    };
    let suffix = match country {
        Country::Us => *rng.pick(&["Inc.", "Inc.", "LLC", "Corp."]),
        _ => *rng.pick(&["Ltd", "Ltd", "Ltd", "LLP"]),
    };
    let name = format!("{core} {} {suffix}", business.0);
    let slug = slug(
        &core.to_ascii_lowercase(),
        &business.0.to_ascii_lowercase(),
        generation,
    );
    (
        name,
        slug,
        INDUSTRIES[business.1].1,
        country,
        suffix == "LLC" || suffix == "LLP",
    )
}

fn slug(core: &str, business: &str, generation: u64) -> String {
    if generation == 0 {
        format!("{core}-{business}")
    } else {
        format!("{core}-{business}-{}", generation + 1)
    }
}

/// Digits and hyphens in full width, as some Japanese forms store them.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0xFF10 + (c as u32 - '0' as u32)).unwrap_or(c),
            '-' => '－',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_numbers_are_e164_with_a_national_raw_form() {
        let mut rng = Rng::new(1, 1);
        for i in 0..200 {
            let c = Company::new(&mut rng, true, i);
            let p = &c.switchboard;
            let n = p.number.as_deref().unwrap_or_default();
            assert!(n.starts_with("+81") && n.len() == 12, "{n}");
            assert!(
                p.raw.starts_with('0') || p.raw.starts_with('０'),
                "{}",
                p.raw
            );
            assert!(c.domain.ends_with(".example"));
            let m = c.mobile(&mut rng);
            assert_eq!(m.number.as_deref().map(str::len), Some(13));
        }
    }

    #[test]
    fn english_numbers_use_the_fiction_ranges() {
        let mut rng = Rng::new(2, 1);
        for i in 0..200 {
            let c = Company::new(&mut rng, false, i);
            let n = c.switchboard.number.clone().unwrap_or_default();
            match c.country {
                Country::Us => assert!(n.starts_with("+1") && n[5..].starts_with("55501"), "{n}"),
                Country::Uk => assert!(n.contains("7946") || n.contains("496"), "{n}"),
                Country::Jp => panic!("an English company in Japan"),
            }
        }
    }

    #[test]
    fn domains_do_not_repeat() {
        let mut rng = Rng::new(3, 1);
        let mut seen = std::collections::HashSet::new();
        for i in 0..3_000 {
            assert!(seen.insert(Company::new(&mut rng, true, i).domain));
        }
    }
}
