//! A booking's life: its status, the steps people take on it, and suspension after repeated no-shows.

use super::space::whole;
use super::time::{LocalMinute, MINUTES_PER_DAY, Span};
use crate::{Field, Unit, ValidationError};
use serde::{Deserialize, Serialize};

/// After `threshold` no-shows within `window_days`, booking is suspended for `suspend_days` from
/// the last no-show; returns until when, if that is still ahead of `now`.
pub fn suspended_until(
    no_shows: &[LocalMinute],
    threshold: usize,
    window_days: i64,
    suspend_days: i64,
    now: LocalMinute,
) -> Option<LocalMinute> {
    let recent: Vec<LocalMinute> =
        no_shows.iter().copied().filter(|t| *t > now - window_days * MINUTES_PER_DAY && *t <= now).collect();
    if threshold == 0 || recent.len() < threshold {
        return None;
    }
    let until = recent.iter().max()? + suspend_days * MINUTES_PER_DAY;
    (until > now).then_some(until)
}

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Requested,
    Confirmed,
    Declined,
    Cancelled,
    CheckedIn,
    NoShow,
}

/// What someone does to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Approve,
    Decline,
    /// By the booker (before it starts) or staff.
    Cancel,
    CheckIn,
    MarkNoShow,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Requested, Status::Confirmed, Status::Declined, Status::Cancelled, Status::CheckedIn, Status::NoShow];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Requested => "requested",
            Status::Confirmed => "confirmed",
            Status::Declined => "declined",
            Status::Cancelled => "cancelled",
            Status::CheckedIn => "checked_in",
            Status::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Holds the space (the database's no-overlap rule covers exactly these).
    pub fn holds_the_space(self) -> bool {
        matches!(self, Status::Requested | Status::Confirmed | Status::CheckedIn)
    }

    /// The status after `step` at `now`, for a booking of `span`; or why not.
    pub fn after(self, step: Step, span: Span, now: LocalMinute) -> Result<Status, StepRefusal> {
        use Status::*;
        match (self, step) {
            (Requested, Step::Approve) if span.start > now => Ok(Confirmed),
            (Requested, Step::Decline) => Ok(Declined),
            (Requested | Confirmed, Step::Cancel) if span.end > now => Ok(Cancelled),
            // the door opens a quarter of an hour early
            (Confirmed, Step::CheckIn) if now >= span.start - 15 && now < span.end => Ok(CheckedIn),
            (Confirmed, Step::MarkNoShow) if now >= span.start => Ok(NoShow),
            (Requested, Step::Approve) => Err(StepRefusal::RequestTimePassed),
            (Requested | Confirmed, Step::Cancel) => Err(StepRefusal::BookingOver),
            (Confirmed, Step::CheckIn) => Err(StepRefusal::CheckInWindow),
            (Confirmed, Step::MarkNoShow) => Err(StepRefusal::NoShowTooEarly),
            _ => Err(StepRefusal::WrongState),
        }
    }
}

/// Why a booking cannot take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRefusal {
    /// A request not approved before its time.
    RequestTimePassed,
    /// Too late to cancel.
    BookingOver,
    /// Check-in opens 15 minutes before the start and closes at the end.
    CheckInWindow,
    /// A no-show only once the booking has started.
    NoShowTooEarly,
    WrongState,
}

/// How many no-shows within how many days suspend booking, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoShowRule {
    /// 0: never suspend.
    pub limit: u32,
    pub window_days: i64,
    pub suspension_days: i64,
}

impl Default for NoShowRule {
    fn default() -> Self {
        NoShowRule { limit: 3, window_days: 60, suspension_days: 14 }
    }
}

impl NoShowRule {
    pub fn parse(limit: &str, window_days: &str, suspension_days: &str) -> Result<NoShowRule, ValidationError> {
        Ok(NoShowRule {
            limit: whole(Field::NoShowLimit, limit, 0, 10, Unit::Times)? as u32,
            window_days: whole(Field::NoShowWindowDays, window_days, 1, 365, Unit::Days)?,
            suspension_days: whole(Field::SuspensionDays, suspension_days, 1, 365, Unit::Days)?,
        })
    }

    pub fn suspended_until(&self, no_shows: &[LocalMinute], now: LocalMinute) -> Option<LocalMinute> {
        suspended_until(no_shows, self.limit as usize, self.window_days, self.suspension_days, now)
    }
}

impl Status {
    /// The name people read.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Status::Requested => lang.pick("신청 중", "Requested"),
            Status::Confirmed => lang.pick("확정", "Confirmed"),
            Status::Declined => lang.pick("거절됨", "Declined"),
            Status::Cancelled => lang.pick("취소됨", "Cancelled"),
            Status::CheckedIn => lang.pick("입실함", "Checked in"),
            Status::NoShow => lang.pick("오지 않음", "No-show"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::SpaceKind;
    use crate::booking::fixtures::{monday, span};

    #[test]
    fn repeated_no_shows_suspend_booking_for_a_while() {
        let now = monday(12, 0);
        let day = MINUTES_PER_DAY;
        // two no-shows in 60 days: not yet
        assert_eq!(suspended_until(&[now - 10 * day, now - 2 * day], 3, 60, 14, now), None);
        // a third: suspended 14 days from the last
        let three = [now - 40 * day, now - 10 * day, now - 2 * day];
        assert_eq!(suspended_until(&three, 3, 60, 14, now), Some(now + 12 * day));
        // the first one is outside the window
        let old = [now - 61 * day, now - 10 * day, now - 2 * day];
        assert_eq!(suspended_until(&old, 3, 60, 14, now), None);
        // the suspension has run out
        let past = [now - 50 * day, now - 40 * day, now - 30 * day];
        assert_eq!(suspended_until(&past, 3, 60, 14, now), None);
    }

    #[test]
    fn a_booking_moves_through_its_states() {
        let s = span(monday(10, 0), monday(12, 0));
        use Status::*;
        assert_eq!(Requested.after(Step::Approve, s, monday(9, 0)), Ok(Confirmed));
        assert!(Requested.after(Step::Approve, s, monday(10, 0)).is_err(), "too late to approve");
        assert_eq!(Requested.after(Step::Decline, s, monday(9, 0)), Ok(Declined));
        assert_eq!(Confirmed.after(Step::Cancel, s, monday(11, 0)), Ok(Cancelled));
        assert!(Confirmed.after(Step::Cancel, s, monday(12, 0)).is_err());
        assert!(Confirmed.after(Step::CheckIn, s, monday(9, 44)).is_err());
        assert_eq!(Confirmed.after(Step::CheckIn, s, monday(9, 45)), Ok(CheckedIn));
        assert!(Confirmed.after(Step::MarkNoShow, s, monday(9, 59)).is_err());
        assert_eq!(Confirmed.after(Step::MarkNoShow, s, monday(10, 0)), Ok(NoShow));
        assert!(Declined.after(Step::Approve, s, monday(9, 0)).is_err());
        assert!(NoShow.after(Step::CheckIn, s, monday(10, 30)).is_err());
        assert!(CheckedIn.holds_the_space() && Requested.holds_the_space() && !Cancelled.holds_the_space());
        assert!(Status::ALL.iter().all(|st| Status::parse(st.as_str()) == Some(*st)));
        assert!(SpaceKind::ALL.iter().all(|k| SpaceKind::parse(k.as_str()) == Ok(*k)));
    }
}
