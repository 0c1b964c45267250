//! A case's time limits: when it is flagged, the order of the team's queue, and how long a closed case
//! keeps what identifies the household.

use super::case::Stage;
use super::referral::Urgency;
use serde::{Deserialize, Serialize};

/// Moments are Unix seconds here (the services convert): the domain stays free of clocks and
/// time libraries, and compiles for the browser too.
pub type UnixSeconds = i64;

const HOUR: i64 = 3_600;
const DAY: i64 = 24 * HOUR;
/// An urgent case nobody has taken within this long (seconds) is flagged.
pub const TRIAGE_WITHIN: i64 = 24 * HOUR;
/// An open case with no recorded activity for this long (seconds) is flagged.
pub const QUIET_FOR: i64 = 14 * DAY;

/// Why a case needs attention, as the team's queue and the district supervisor see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Flags {
    /// Urgent, received more than 24 hours ago, and still not assigned.
    pub untriaged: bool,
    /// Open, and nothing recorded for 14 days (since it arrived, when nothing ever was).
    pub quiet: bool,
}

impl Flags {
    pub fn any(self) -> bool {
        self.untriaged || self.quiet
    }
}

/// The flags of a case at `now`.
pub fn flags(
    stage: Stage,
    urgency: Urgency,
    received: UnixSeconds,
    last_activity: Option<UnixSeconds>,
    now: UnixSeconds,
) -> Flags {
    if !stage.is_open() {
        return Flags::default();
    }
    let untriaged = stage == Stage::Received && urgency == Urgency::Urgent && now - received > TRIAGE_WITHIN;
    let quiet = now - last_activity.unwrap_or(received).max(received) > QUIET_FOR;
    Flags { untriaged, quiet }
}

/// The order of the team's queue: flagged first, then by urgency, then oldest first.
pub fn queue_key(flags: Flags, urgency: Urgency, received: UnixSeconds) -> (bool, Urgency, UnixSeconds) {
    (!flags.any(), urgency, received)
}

/// How long a closed case keeps what identifies the household, unless the city sets otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 3;

/// Whether a case closed at `closed` must have lost its personal fields by `now`.
pub fn retention_over(closed: UnixSeconds, years: u32, now: UnixSeconds) -> bool {
    // a year as 365 days and a quarter: never earlier than the calendar's years
    now.saturating_sub(closed) >= i64::from(years) * (365 * DAY + 6 * HOUR)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-`day` `hour`:00 UTC
    fn at(day: i64, hour: i64) -> UnixSeconds {
        1_793_491_200 + (day - 1) * DAY + hour * HOUR
    }

    #[test]
    fn urgent_cases_are_flagged_after_a_day_without_triage() {
        let received = at(1, 9);
        let f = |stage, urgency, now| flags(stage, urgency, received, None, now);
        assert!(!f(Stage::Received, Urgency::Urgent, at(2, 9)).untriaged, "exactly 24 hours is not late");
        assert!(f(Stage::Received, Urgency::Urgent, at(2, 10)).untriaged);
        assert!(!f(Stage::Received, Urgency::Soon, at(2, 10)).untriaged, "only urgent cases");
        assert!(!f(Stage::Assigned, Urgency::Urgent, at(2, 10)).untriaged, "triaged");
        assert!(!f(Stage::Closed, Urgency::Urgent, at(30, 10)).any(), "closed cases are never flagged");
    }

    #[test]
    fn open_cases_are_flagged_after_two_quiet_weeks() {
        let received = at(1, 9);
        assert!(!flags(Stage::Assigned, Urgency::Soon, received, None, at(15, 9)).quiet);
        assert!(flags(Stage::Assigned, Urgency::Soon, received, None, at(15, 10)).quiet);
        assert!(!flags(Stage::Assigned, Urgency::Soon, received, Some(at(10, 9)), at(15, 10)).quiet);
        assert!(flags(Stage::Assigned, Urgency::Soon, received, Some(at(10, 9)), at(24, 10)).quiet);
        assert!(flags(Stage::Received, Urgency::Whenever, received, None, at(16, 9)).quiet);
    }

    #[test]
    fn the_queue_puts_flagged_then_urgent_then_oldest_first() {
        let quiet = Flags { untriaged: false, quiet: true };
        let mut q = [
            queue_key(Flags::default(), Urgency::Whenever, at(1, 9)),
            queue_key(Flags::default(), Urgency::Urgent, at(3, 9)),
            queue_key(quiet, Urgency::Whenever, at(2, 9)),
            queue_key(Flags::default(), Urgency::Urgent, at(2, 9)),
        ];
        q.sort();
        assert_eq!(
            q.map(|k| (k.1, k.2)),
            [
                (Urgency::Whenever, at(2, 9)),
                (Urgency::Urgent, at(2, 9)),
                (Urgency::Urgent, at(3, 9)),
                (Urgency::Whenever, at(1, 9)),
            ]
        );
    }

    #[test]
    fn retention_counts_whole_years() {
        let closed = at(1, 9);
        assert!(!retention_over(closed, 3, closed + 3 * 365 * DAY));
        assert!(retention_over(closed, 3, closed + (3 * 365 + 1) * DAY));
        assert!(retention_over(closed, 0, closed), "zero years: at once");
    }
}
