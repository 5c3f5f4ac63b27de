//! The date grammar a rep types (SPEC §6), read in the rep's time zone.
//!
//! Accepted (case-insensitive; full-width digits, letters and punctuation are read as ASCII; extra
//! spaces are ignored):
//!
//! - `now` / `今`; `+3d`, `+1w` (same local time of day), `+2h`, `+30m` (exact durations)
//! - a time alone: `14:00`, `9:30`, `14時`, `14時30分`, `14時半`, `2pm`, `2:30 PM`, `午後2時` —
//!   today, or tomorrow when that time today is already past
//! - a day, optionally followed by a time (default 09:00): `2026-12-01`, `2026/12/1`,
//!   `2026年12月1日`, `12/1`, `12月1日` (this year, or next year when the date has passed; today
//!   counts as not passed), `today`/`今日`, `tomorrow`/`明日`, `明後日`, weekdays `mon`…`sun`,
//!   `monday`…, `月曜`, `月曜日`, `(月)` — a weekday is always the next such day strictly after
//!   today, so on a Monday `mon` means a week later even if 9:30 has not come yet
//! - a date may carry its weekday, `12/1(火) 14:00`; a wrong one is an error
//!
//! A local time that does not exist (the DST gap) becomes the first instant after the gap; an
//! ambiguous one (the repeated hour) takes the earlier instant. Explicit dates are not required to
//! be in the future: callers decide what a past date means.

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Utc, Weekday,
};
use chrono_tz::Tz;

use std::fmt;

use super::Lang;
use super::i18n::TextKey;
use super::lead::Ts;

/// The accepted forms of [`parse_when`], as shown in its error message.
const WHEN_FORMS: &str = "2026-12-01 14:00, 12/1 14:00, 14:00, 2pm, tomorrow 10:00, 明日 10:00, \
                          mon 9:30, 月曜 9:30, 来週水曜 10:00, +3d, 3日後, +1w, +2h, +30m, now";
/// The accepted forms of [`parse_date`].
const DATE_FORMS: &str = "2026-12-01, 2026/12/1, 2026年12月1日";
/// The time a day without a time means.
const DEFAULT_HOUR: u32 = 9;
/// At most this many digits in a relative amount, so the arithmetic cannot overflow.
const MAX_AMOUNT_DIGITS: usize = 6;

/// A date or time the rep typed that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {input:?}: {problem} (accepted: {accepted})")]
pub struct WhenError {
    input: String,
    problem: WhenProblem,
    accepted: &'static str,
}

impl WhenError {
    fn new(input: &str, problem: WhenProblem, accepted: &'static str) -> Self {
        let input = input.to_owned();
        WhenError {
            input,
            problem,
            accepted,
        }
    }

    /// The text as the rep typed it.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What was wrong with it.
    pub fn problem(&self) -> WhenProblem {
        self.problem
    }

    /// The whole message in `lang`: the input, what is wrong, and the forms that read (those
    /// are typed as they are, in either language).
    pub fn text(&self, lang: Lang) -> String {
        lang.fill(
            TextKey::DomainWhenCannotRead,
            &[
                ("input", &format!("{:?}", self.input)),
                ("problem", &self.problem.text(lang)),
                ("accepted", &self.accepted),
            ],
        )
    }
}

/// Why a typed date or time does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenProblem {
    /// Nothing typed.
    Empty,
    /// A `+` that is not followed by an amount and a unit.
    NotAnAmount,
    /// A date past what the calendar holds.
    OutOfRange,
    /// Neither a day nor a time leadbench reads.
    UnknownDateOrTime,
    /// A day followed by something that is not a time.
    UnknownTime,
    /// More text after a time.
    TextAfterTime,
    /// A day that the month does not have (31 April, 29 February in a common year).
    NoSuchDate,
    /// `12/1(水)` when 1 December is not a Wednesday.
    WeekdayMismatch,
    /// Not a full date with a year.
    UnknownDate,
}

impl WhenProblem {
    /// The reason in `lang`, a few words.
    pub fn text(self, lang: Lang) -> &'static str {
        lang.text(match self {
            WhenProblem::Empty => TextKey::DomainWhenEmpty,
            WhenProblem::NotAnAmount => TextKey::DomainWhenNotAnAmount,
            WhenProblem::OutOfRange => TextKey::DomainWhenOutOfRange,
            WhenProblem::UnknownDateOrTime => TextKey::DomainWhenUnknownDateOrTime,
            WhenProblem::UnknownTime => TextKey::DomainWhenUnknownTime,
            WhenProblem::TextAfterTime => TextKey::DomainWhenTextAfterTime,
            WhenProblem::NoSuchDate => TextKey::DomainWhenNoSuchDate,
            WhenProblem::WeekdayMismatch => TextKey::DomainWhenWeekdayMismatch,
            WhenProblem::UnknownDate => TextKey::DomainWhenUnknownDate,
        })
    }
}

/// English, as logs and callers without a language show it.
impl fmt::Display for WhenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text(Lang::En))
    }
}

/// Reads a date/time typed by the rep, in the rep's zone `tz`, relative to `now`.
///
/// # Errors
/// A [`WhenError`] naming the input when it is none of the accepted forms or no such date.
pub fn parse_when(input: &str, now: Ts, tz: Tz) -> Result<Ts, WhenError> {
    let text = normalize(input);
    let err = |problem| WhenError::new(input, problem, WHEN_FORMS);
    if text.is_empty() {
        return Err(err(WhenProblem::Empty));
    }
    if matches!(text.as_str(), "now" | "今" | "いま") {
        return Ok(now);
    }
    if text.starts_with('+') {
        let amount = parse_amount(&text).ok_or_else(|| err(WhenProblem::NotAnAmount))?;
        return apply_amount(amount, now, tz).ok_or_else(|| err(WhenProblem::OutOfRange));
    }
    // `3日後`, `2時間後`, `in 3 days`: an amount the words mark as one (a bare `12日` is a date).
    let marked = text
        .strip_suffix('後')
        .or_else(|| text.strip_prefix("in "))
        .and_then(parse_amount);
    if let Some(amount) = marked {
        return apply_amount(amount, now, tz).ok_or_else(|| err(WhenProblem::OutOfRange));
    }
    let today = now.with_timezone(&tz).date_naive();

    let mut cur = Cursor::new(&text);
    if let Some(time) = time_of_day(&mut cur, false) {
        if cur.at_end() {
            let at = local_to_utc(today.and_time(time), tz);
            if at >= now {
                return Ok(at);
            }
            let tomorrow = today
                .succ_opt()
                .ok_or_else(|| err(WhenProblem::OutOfRange))?;
            return Ok(local_to_utc(tomorrow.and_time(time), tz));
        }
        // `10am tomorrow`, `14:00 on mon`.
        cur.skip_ws();
        cur.eat_word("on");
        cur.skip_ws();
        if let Some(day) = day_spec(&mut cur).filter(|_| cur.at_end()) {
            let date = resolve_day(day, today).map_err(err)?;
            return Ok(local_to_utc(date.and_time(time), tz));
        }
    }

    let mut cur = Cursor::new(&text);
    let day = day_spec(&mut cur).ok_or_else(|| err(WhenProblem::UnknownDateOrTime))?;
    cur.skip_ws();
    if !cur.eat("@") {
        cur.eat_word("at");
    }
    let time = if cur.at_end() {
        default_time()
    } else {
        let time = time_of_day(&mut cur, true).ok_or_else(|| err(WhenProblem::UnknownTime))?;
        if !cur.at_end() {
            return Err(err(WhenProblem::TextAfterTime));
        }
        time
    };
    let date = resolve_day(day, today).map_err(err)?;
    Ok(local_to_utc(date.and_time(time), tz))
}

/// Reads a config offset such as `+1d`, `+2h`, `+1w` or `+30m` (the `+` is optional).
pub fn parse_offset(input: &str) -> Option<Duration> {
    match parse_amount(&normalize(input))? {
        Amount::Days(n) => Duration::try_days(n),
        Amount::Minutes(n) => Duration::try_minutes(n),
    }
}

/// Reads a calendar date for `--from`/`--to`: `2026-12-01`, `2026/12/1`, `2026年12月1日`.
///
/// # Errors
/// A [`WhenError`] naming the input when it is not a full date with a year, or no such date.
pub fn parse_date(input: &str) -> Result<NaiveDate, WhenError> {
    let text = normalize(input);
    let mut cur = Cursor::new(&text);
    let problem = match date_numbers(&mut cur) {
        Some((Some(year), month, day)) if cur.at_end() => {
            match NaiveDate::from_ymd_opt(year, month, day) {
                Some(date) => return Ok(date),
                None => WhenProblem::NoSuchDate,
            }
        }
        _ => WhenProblem::UnknownDate,
    };
    Err(WhenError::new(input, problem, DATE_FORMS))
}

/// The instant a local wall-clock time in `tz` means: a time in the DST gap becomes the first
/// instant after the gap, an ambiguous one the earlier of its two instants.
pub fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> Ts {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => first_instant_not_before(naive, tz),
    }
}

/// The first instant whose local time is at or after `naive`: bisects over whole seconds (zone
/// transitions are on whole seconds), assuming one transition at most in the ±2 days searched.
fn first_instant_not_before(naive: NaiveDateTime, tz: Tz) -> Ts {
    let guess = naive.and_utc().timestamp();
    let local_at =
        |secs: i64| DateTime::from_timestamp(secs, 0).map(|t| t.with_timezone(&tz).naive_local());
    let (mut lo, mut hi) = (guess - 2 * 86_400, guess + 2 * 86_400);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match local_at(mid) {
            Some(local) if local >= naive => hi = mid,
            Some(_) => lo = mid,
            None => return naive.and_utc(),
        }
    }
    DateTime::from_timestamp(hi, 0).unwrap_or_else(|| naive.and_utc())
}

fn default_time() -> NaiveTime {
    NaiveTime::from_hms_opt(DEFAULT_HOUR, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// Full-width forms to ASCII, ASCII to lower case, runs of white space to one space, trimmed.
fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for ch in input.chars() {
        let ch = match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(ch) - 0xFEE0).unwrap_or(ch),
            c if c.is_whitespace() => ' ',
            c => c,
        }
        .to_ascii_lowercase();
        if ch == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(ch);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A relative amount: calendar days keep the local time of day, minutes are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Amount {
    Days(i64),
    Minutes(i64),
}

/// `+3d`, `+2h`, `+1週間`, `3 days` (the `+` is optional here; [`parse_when`] insists on it, so that
/// `12日` is never read as twelve days). `None` when it is not one, or has more than six digits.
fn parse_amount(text: &str) -> Option<Amount> {
    let mut cur = Cursor::new(text);
    cur.eat("+");
    cur.skip_ws();
    let digits = cur.digits();
    let n: i64 = digits
        .parse()
        .ok()
        .filter(|_| digits.len() <= MAX_AMOUNT_DIGITS)?;
    cur.skip_ws();
    Some(match cur.rest() {
        "d" | "day" | "days" | "日" => Amount::Days(n),
        "w" | "wk" | "wks" | "week" | "weeks" | "週" | "週間" => Amount::Days(7 * n),
        "h" | "hr" | "hrs" | "hour" | "hours" | "時間" => Amount::Minutes(60 * n),
        "m" | "min" | "mins" | "minute" | "minutes" | "分" | "分間" => Amount::Minutes(n),
        _ => return None,
    })
}

fn apply_amount(amount: Amount, now: Ts, tz: Tz) -> Option<Ts> {
    match amount {
        Amount::Minutes(n) => now.checked_add_signed(Duration::try_minutes(n)?),
        Amount::Days(n) => {
            let local = now.with_timezone(&tz).naive_local();
            let date = local
                .date()
                .checked_add_days(Days::new(u64::try_from(n).ok()?))?;
            Some(local_to_utc(date.and_time(local.time()), tz))
        }
    }
}

/// The day part of an input, before it is tied to `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DaySpec {
    /// Today plus this many days.
    Relative(u64),
    /// The next such weekday strictly after today.
    Next(Weekday),
    /// That weekday in the week after this one (weeks from Monday): `来週水曜`.
    NextWeek(Weekday),
    /// A calendar date; without a year, the next one not yet passed; with the weekday typed.
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
        weekday: Option<Weekday>,
    },
}

/// Words for today, tomorrow and the day after, by how many days ahead they are.
const DAY_WORDS: [&[&str]; 3] = [
    &["today", "今日", "本日", "きょう"],
    &["tomorrow", "tmrw", "tmr", "明日", "あした", "あす"],
    &["明後日", "あさって"],
];

/// Weekday names: English ones, longest first (`mon` must not take `monday`'s place), and the kanji.
const WEEKDAYS: [(Weekday, &[&str], &str); 7] = [
    (Weekday::Mon, &["monday", "mon"], "月"),
    (Weekday::Tue, &["tuesday", "tues", "tue"], "火"),
    (Weekday::Wed, &["wednesday", "weds", "wed"], "水"),
    (Weekday::Thu, &["thursday", "thurs", "thur", "thu"], "木"),
    (Weekday::Fri, &["friday", "fri"], "金"),
    (Weekday::Sat, &["saturday", "sat"], "土"),
    (Weekday::Sun, &["sunday", "sun"], "日"),
];

fn day_spec(cur: &mut Cursor) -> Option<DaySpec> {
    for (ahead, words) in (0u64..).zip(DAY_WORDS) {
        if words.iter().any(|w| cur.eat_word(w)) {
            return Some(DaySpec::Relative(ahead));
        }
    }
    if let Some(weekday) = weekday(cur) {
        return Some(DaySpec::Next(weekday));
    }
    // `来週金曜` is the Friday of next week. (`next friday` stays an error: English readers
    // split on whether it is this coming Friday or the one after.)
    let mut look = *cur;
    if look.eat("来週") {
        look.eat("の");
        look.skip_ws();
        if let Some(weekday) = weekday(&mut look) {
            *cur = look;
            return Some(DaySpec::NextWeek(weekday));
        }
    }
    let (year, month, day) = date_numbers(cur)?;
    // The weekday written after a date, `12/1(火)`, is checked against it later.
    let mut look = *cur;
    look.skip_ws();
    let weekday_typed = weekday(&mut look);
    if weekday_typed.is_some() {
        *cur = look;
    }
    // ISO `2026-12-01T14:00`.
    let iso_t = cur.rest().strip_prefix('t');
    if iso_t.is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit())) {
        cur.eat("t");
    }
    Some(DaySpec::Date {
        year,
        month,
        day,
        weekday: weekday_typed,
    })
}

/// A weekday name, optionally in parentheses: `mon`, `Monday`, `月曜日`, `(月)`.
fn weekday(cur: &mut Cursor) -> Option<Weekday> {
    let mut look = *cur;
    let paren = look.eat("(");
    look.skip_ws();
    let wd = weekday_name(&mut look)?;
    if paren {
        look.skip_ws();
        if !look.eat(")") {
            return None;
        }
    }
    *cur = look;
    Some(wd)
}

fn weekday_name(cur: &mut Cursor) -> Option<Weekday> {
    WEEKDAYS.into_iter().find_map(|(wd, words, kanji)| {
        let found = words.iter().any(|w| cur.eat_word(w))
            || ["曜日", "曜", ""]
                .iter()
                .any(|s| cur.eat(&format!("{kanji}{s}")));
        found.then_some(wd)
    })
}

/// `2026-12-01`, `2026/12/1`, `12/1`, `12-01`, `2026年12月1日`, `12月1日` → (year?, month, day).
fn date_numbers(cur: &mut Cursor) -> Option<(Option<i32>, u32, u32)> {
    let mut look = *cur;
    let first = look.digits();
    let (year, month, day) = if look.eat("年") {
        let month = look.digits();
        look.eat("月").then_some(())?;
        let day = look.digits();
        look.eat("日").then_some(())?;
        (Some(first), month, day)
    } else if look.eat("月") {
        let day = look.digits();
        look.eat("日").then_some(())?;
        (None, first, day)
    } else {
        let sep = ["-", "/"].into_iter().find(|sep| look.eat(sep))?;
        let second = look.digits();
        let mut more = look;
        if more.eat(sep) {
            look = more;
            (Some(first), second, look.digits())
        } else {
            (None, first, second)
        }
    };
    let year = match year {
        Some(y) if y.len() == 4 => Some(y.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let result = (year, number(month, 2)?, number(day, 2)?);
    *cur = look;
    Some(result)
}

fn number(digits: &str, max_len: usize) -> Option<u32> {
    if digits.is_empty() || digits.len() > max_len {
        return None;
    }
    digits.parse().ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

/// A time of day; a bare hour (`tomorrow 10`) only when `allow_bare_hour`.
fn time_of_day(cur: &mut Cursor, allow_bare_hour: bool) -> Option<NaiveTime> {
    let prefix = [("午前", Meridiem::Am), ("午後", Meridiem::Pm)]
        .into_iter()
        .find_map(|(word, m)| cur.eat(word).then_some(m));
    cur.skip_ws();
    let hour = number(cur.digits(), 2)?;
    let (minute, marked) = if cur.eat(":") {
        let digits = cur.digits();
        (number(digits, 2).filter(|_| digits.len() == 2)?, true)
    } else if cur.eat("時") {
        let digits = cur.digits();
        let minute = match digits {
            "" if cur.eat("半") => 30,
            "" => 0,
            _ => number(digits, 2)?,
        };
        if !digits.is_empty() {
            cur.eat("分");
        }
        (minute, true)
    } else {
        (0, false)
    };
    let mut look = *cur;
    look.skip_ws();
    let suffix = meridiem_suffix(&mut look);
    if suffix.is_some() {
        *cur = look;
    }
    let meridiem = match (prefix, suffix) {
        (Some(_), Some(_)) => return None,
        (p, s) => p.or(s),
    };
    if meridiem.is_none() && !marked && !allow_bare_hour {
        return None;
    }
    let hour = match meridiem {
        None if hour <= 23 => hour,
        Some(m) if hour <= 12 => hour % 12 + if m == Meridiem::Pm { 12 } else { 0 },
        _ => return None,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

fn meridiem_suffix(cur: &mut Cursor) -> Option<Meridiem> {
    [
        (["a.m.", "a.m", "am"], Meridiem::Am),
        (["p.m.", "p.m", "pm"], Meridiem::Pm),
    ]
    .into_iter()
    .find_map(|(words, m)| words.iter().any(|w| cur.eat_word(w)).then_some(m))
}

fn resolve_day(day: DaySpec, today: NaiveDate) -> Result<NaiveDate, WhenProblem> {
    match day {
        DaySpec::Relative(n) => today
            .checked_add_days(Days::new(n))
            .ok_or(WhenProblem::OutOfRange),
        DaySpec::Next(weekday) => {
            let ahead =
                (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
            let ahead = if ahead == 0 { 7 } else { ahead };
            today
                .checked_add_days(Days::new(u64::from(ahead)))
                .ok_or(WhenProblem::OutOfRange)
        }
        DaySpec::NextWeek(weekday) => {
            let to_monday = 7 - u64::from(today.weekday().num_days_from_monday());
            today
                .checked_add_days(Days::new(
                    to_monday + u64::from(weekday.num_days_from_monday()),
                ))
                .ok_or(WhenProblem::OutOfRange)
        }
        DaySpec::Date {
            year,
            month,
            day,
            weekday,
        } => {
            let date = match year {
                Some(y) => NaiveDate::from_ymd_opt(y, month, day).ok_or(WhenProblem::NoSuchDate)?,
                None => (today.year()..=today.year() + 8)
                    .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                    .find(|d| *d >= today)
                    .ok_or(WhenProblem::NoSuchDate)?,
            };
            match weekday {
                Some(wd) if wd != date.weekday() => Err(WhenProblem::WeekdayMismatch),
                _ => Ok(date),
            }
        }
    }
}

/// A read position in normalised text.
#[derive(Debug, Clone, Copy)]
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { rest: text }
    }

    fn rest(&self) -> &'a str {
        self.rest
    }

    fn at_end(&self) -> bool {
        self.rest.is_empty()
    }

    fn skip_ws(&mut self) {
        self.rest = self.rest.trim_start_matches(' ');
    }

    fn eat(&mut self, lit: &str) -> bool {
        match self.rest.strip_prefix(lit) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Like `eat`, but an ASCII word must not run on into more letters (`mon` is not `month`).
    fn eat_word(&mut self, word: &str) -> bool {
        let Some(rest) = self.rest.strip_prefix(word) else {
            return false;
        };
        let ascii_word = word.ends_with(|c: char| c.is_ascii_alphabetic());
        if ascii_word && rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return false;
        }
        self.rest = rest;
        true
    }

    fn digits(&mut self) -> &'a str {
        let end = self
            .rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.rest.len());
        let (digits, rest) = self.rest.split_at(end);
        self.rest = rest;
        digits
    }
}

#[cfg(test)]
#[path = "when_tests.rs"]
mod tests;
