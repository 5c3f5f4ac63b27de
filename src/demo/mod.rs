//! Demo data: a deterministic, realistic set of leads with their journals (`leadbench demo`,
//! `leadbench --demo`).
//!
//! About 60 % of the leads are Japanese (kanji names with kana readings, 株式会社… companies,
//! +81 numbers), the rest from the US and the UK. Every stage is present with a plausible mix;
//! each journal is played through the rules of SPEC §2, so stage, attempts, lost reason,
//! re-engage date and the touch times always agree with it. The same options give the same data
//! on every run and platform: the generator has its own PRNG, and each lead draws from its own
//! stream, so the batch size changes nothing.

mod clock;
mod company;
mod journal;
mod names;
mod path;
mod person;
mod plan;
mod rng;
mod vocab;

use crate::domain::{Lead, NewActivity, Ts};

use self::clock::{Calendar, DAY};
use self::company::Company;
use self::person::Needs;
use self::rng::Rng;

/// Salt that separates the company streams from the lead streams of one seed.
const COMPANY_SALT: u64 = 0x00C0_FFEE_D00D_5EED;

/// What demo data to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many leads.
    pub leads: usize,
    /// The seed: the same seed (with the same `leads` and `now`) gives the same data.
    pub seed: u64,
    /// The present: journals end before it; next actions, meetings and re-engage dates may lie
    /// after it.
    pub now: Ts,
}

/// One generated lead (id 0: the store assigns it) with its journal, oldest entry first.
pub type DemoLead = (Lead, Vec<NewActivity>);

/// Generates leads with their journals, in batches, calling `sink` with each batch (so 1,000,000
/// leads never sit in memory at once).
///
/// # Errors
///
/// The first error `sink` returns; generation stops there.
pub fn generate<E>(
    opts: &DemoOptions,
    batch_size: usize,
    mut sink: impl FnMut(Vec<DemoLead>) -> Result<(), E>,
) -> Result<(), E> {
    let now = opts.now.timestamp();
    let today = now.div_euclid(DAY);
    // Three years of history, purchased lists created a year before that, and the year ahead.
    let cal = Calendar::new(today - 1_550, today + 420);
    let batch_size = batch_size.max(1);
    let mut batch = Vec::with_capacity(batch_size.min(opts.leads));
    let mut companies = Companies::default();
    for index in 0..opts.leads as u64 {
        let company = companies.next(opts.seed);
        let mut r = Rng::new(opts.seed, index);
        batch.push(lead(&cal, now, company, &mut r, index));
        if batch.len() >= batch_size {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
            sink(full)?;
        }
    }
    if !batch.is_empty() {
        sink(batch)?;
    }
    Ok(())
}

/// The configuration `--demo` runs with: the demo rep.
#[must_use]
pub fn demo_config_toml() -> &'static str {
    r#"[rep]
name = "佐藤 美咲"
email = "misaki.sato@example.com"
timezone = "Asia/Tokyo"
"#
}

/// The company of the next lead: colleagues come one after another.
#[derive(Default)]
struct Companies {
    current: Option<Company>,
    made: u64,
    ja: u64,
    en: u64,
}

impl Companies {
    fn next(&mut self, seed: u64) -> &mut Company {
        let exhausted = self.current.as_ref().is_none_or(|c| c.members_left == 0);
        if exhausted {
            let mut r = Rng::new(seed ^ COMPANY_SALT, self.made);
            self.made += 1;
            let ja = r.pct(60);
            let counter = if ja { &mut self.ja } else { &mut self.en };
            let index = *counter;
            *counter += 1;
            self.current = Some(Company::new(&mut r, ja, index));
        }
        let company = self
            .current
            .get_or_insert_with(|| Company::new(&mut Rng::new(seed, 0), true, 0));
        company.members_left = company.members_left.saturating_sub(1);
        company
    }
}

/// Lead `index` of `company`.
fn lead(cal: &Calendar, now: i64, company: &mut Company, r: &mut Rng, index: u64) -> DemoLead {
    let shape = path::shape(r, index);
    let needs = Needs {
        email: shape.reason == Some(crate::domain::lost_reason::INVALID_DATA),
        opt_out: shape.force == Some(2),
        inbound: shape.inbound,
    };
    let mut lead = Lead {
        version: 1,
        ..Lead::default()
    };
    person::fill(&mut lead, company, r, index, needs);
    let journal = path::play(&shape, &mut lead, r, cal, now, company.zone);
    (lead, journal)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod replay_tests;

#[cfg(test)]
mod stage_tests;
