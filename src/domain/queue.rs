//! Queues: which leads a view shows, in which order, and where a page starts (SPEC §3, §4).
//!
//! A queue is a list of buckets; inside a bucket leads order by priority key (highest first),
//! ties by id (highest first). Buckets come from the clock at query time, so a cursor holds the
//! bucket with the key, and pages are read by keyset (never OFFSET).

use super::lead::{ActionKind, LeadId, Ts};
use super::stage::Stage;

/// A list view's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Today: overdue, due later today, untouched new leads.
    Today,
    /// One stage, overdue and due today first.
    Stage(Stage),
}

/// A bucket of a queue, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bucket {
    /// Next action overdue.
    Overdue = 0,
    /// Next action due later today.
    DueToday = 1,
    /// Today: new leads with nothing due today; stage views: the rest of the stage.
    Rest = 2,
}

impl Bucket {
    /// Buckets in display order.
    pub const ALL: [Bucket; 3] = [Bucket::Overdue, Bucket::DueToday, Bucket::Rest];
}

/// The clock a queue is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Now.
    pub now: Ts,
    /// The end of the rep's today (local midnight), in UTC.
    pub end_of_today: Ts,
}

/// The position of a row in a queue, for keyset paging.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cursor {
    /// The row's bucket.
    pub bucket: Bucket,
    /// The row's priority key.
    pub prio: f64,
    /// The row's id.
    pub id: LeadId,
}

/// Which way to read from a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Down the queue.
    Forward,
    /// Up the queue.
    Backward,
}

/// What a table row shows of a lead (no phones, no journal).
#[derive(Debug, Clone, PartialEq)]
pub struct LeadSummary {
    /// Lead id.
    pub id: LeadId,
    /// Name as shown.
    pub name: String,
    /// Company.
    pub company: String,
    /// Stage.
    pub stage: Stage,
    /// Score.
    pub score: i64,
    /// Priority key.
    pub prio: f64,
    /// When the lead was last alive (hand-over, conversation, engagement).
    pub alive_at: Ts,
    /// When the lead reached the rep.
    pub handover_at: Ts,
    /// When it entered its stage.
    pub stage_entered_at: Ts,
    /// Unsuccessful attempts since the last conversation.
    pub attempts: u32,
    /// Next action kind.
    pub next_kind: Option<ActionKind>,
    /// Next action due time.
    pub due_at: Option<Ts>,
    /// IANA zone of the lead.
    pub timezone: Option<String>,
    /// Last touch.
    pub last_touch_at: Option<Ts>,
    /// Do not call.
    pub do_not_call: bool,
    /// The bucket the row was read in.
    pub bucket: Bucket,
}

impl LeadSummary {
    /// The row's position for paging.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            bucket: self.bucket,
            prio: self.prio,
            id: self.id,
        }
    }
}
