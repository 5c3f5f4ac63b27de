//! Queues: which leads a view shows, in which order, and where a page starts (SPEC §3, §4).
//!
//! A queue is a list of buckets; inside a bucket leads order by priority key (highest first),
//! ties by id (highest first). Buckets come from the clock at query time, so a cursor holds the
//! bucket with the key, and pages are read by keyset (never OFFSET).

use chrono::NaiveDate;

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
    /// Lost leads due for re-engagement (Today's last bucket, the Lost view's first after the
    /// due ones).
    Reengage = 3,
}

impl Bucket {
    /// The buckets every queue has, in display order.
    pub const ALL: [Bucket; 3] = [Bucket::Overdue, Bucket::DueToday, Bucket::Rest];
}

impl Queue {
    /// The queue's buckets in display order (SPEC §3, §4): Today adds the lost leads due for
    /// re-engagement after the untouched new ones; the Lost view puts those first.
    pub fn buckets(self) -> &'static [Bucket] {
        match self {
            Queue::Today => &[
                Bucket::Overdue,
                Bucket::DueToday,
                Bucket::Rest,
                Bucket::Reengage,
            ],
            Queue::Stage(Stage::Lost) => &[
                Bucket::Overdue,
                Bucket::DueToday,
                Bucket::Reengage,
                Bucket::Rest,
            ],
            Queue::Stage(_) => &Bucket::ALL,
        }
    }
}

/// The lead time zones where it is calling time now (leads without a zone count in the rep's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallableZones {
    /// The rep's zone, standing in for leads without one.
    pub rep_zone: String,
    /// The zones inside their calling window now.
    pub open: Vec<String>,
}

/// A part of a queue: a bucket, optionally split into leads callable now and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// The bucket.
    pub bucket: Bucket,
    /// `Some(true)`: only leads callable now; `Some(false)`: only the others; `None`: all.
    pub callable: Option<bool>,
}

/// The segments of a queue in display order: each bucket's callable leads first when the
/// callable zones are known; only those with `call_block`.
pub fn segments(queue: Queue, split: bool, call_block: bool) -> Vec<Segment> {
    let mut out = Vec::new();
    for &bucket in queue.buckets() {
        if split || call_block {
            out.push(Segment {
                bucket,
                callable: Some(true),
            });
            if !call_block {
                out.push(Segment {
                    bucket,
                    callable: Some(false),
                });
            }
        } else {
            out.push(Segment {
                bucket,
                callable: None,
            });
        }
    }
    out
}

/// The clock a queue is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Now.
    pub now: Ts,
    /// The end of the rep's today (local midnight), in UTC.
    pub end_of_today: Ts,
    /// The rep's date today (re-engage dates are compared with it).
    pub today: NaiveDate,
}

/// The position of a row in a queue, for keyset paging.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cursor {
    /// The row's bucket.
    pub bucket: Bucket,
    /// Whether the row was read among the leads callable now.
    pub callable: bool,
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
    /// The grade, as last scored.
    pub grade: Option<super::scoring::Grade>,
    /// The bucket the row was read in.
    pub bucket: Bucket,
    /// Read among the leads callable now (true when the queue was not split).
    pub callable: bool,
}

impl LeadSummary {
    /// The row's position for paging.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            bucket: self.bucket,
            callable: self.callable,
            prio: self.prio,
            id: self.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_ends_with_the_leads_due_for_reengagement_and_lost_starts_with_them() {
        assert_eq!(Queue::Today.buckets().last(), Some(&Bucket::Reengage));
        assert_eq!(Queue::Stage(Stage::Lost).buckets()[2], Bucket::Reengage);
        assert!(
            !Queue::Stage(Stage::New)
                .buckets()
                .contains(&Bucket::Reengage)
        );
    }

    #[test]
    fn callable_leads_come_first_in_every_bucket_and_alone_in_the_call_block() {
        let split = segments(Queue::Today, true, false);
        assert_eq!(split.len(), 8);
        assert_eq!(
            split[0],
            Segment {
                bucket: Bucket::Overdue,
                callable: Some(true)
            }
        );
        assert_eq!(
            split[1],
            Segment {
                bucket: Bucket::Overdue,
                callable: Some(false)
            }
        );
        let block = segments(Queue::Today, true, true);
        assert!(block.iter().all(|s| s.callable == Some(true)));
        assert_eq!(block.len(), 4);
        assert!(
            segments(Queue::Today, false, false)
                .iter()
                .all(|s| s.callable.is_none())
        );
    }
}
