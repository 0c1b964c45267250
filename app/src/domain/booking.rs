//! Booking the centers' open spaces: the rules a request must meet (opening hours, blackouts,
//! slot size, duration, notice, horizon, capacity, weekly quotas), whether it is confirmed at once
//! or waits for staff, its fee, recurring series, and suspension after repeated no-shows. Pure:
//! the services load the space and its bookings, these decide; the database holds the
//! no-overlap invariant itself.
//!
//! Times are minutes on Seoul's clock since 1970-01-01 00:00 (`LocalMinute`); Seoul keeps UTC+9
//! all year, so the services convert with a fixed offset through a timezone library.

use super::ValidationError;
use super::calendar::weekday_of_day;
use serde::{Deserialize, Serialize};

/// Minutes since 1970-01-01 00:00 on Seoul's clock.
pub type LocalMinute = i64;

pub const MINUTES_PER_DAY: i64 = 24 * 60;

/// Monday 0 … Sunday 6 of the day `t` falls on.
pub fn weekday(t: LocalMinute) -> usize {
    weekday_of_day(t.div_euclid(MINUTES_PER_DAY))
}

/// A half-open span of time `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: LocalMinute,
    pub end: LocalMinute,
}

impl Span {
    pub fn new(start: LocalMinute, end: LocalMinute) -> Result<Span, ValidationError> {
        if end <= start {
            return Err(ValidationError::new("end", "must be after the start"));
        }
        Ok(Span { start, end })
    }

    pub fn minutes(self) -> i64 {
        self.end - self.start
    }

    /// Two bookings overlap when each starts before the other ends: one ending exactly when the
    /// next starts does not.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    fn shifted(self, minutes: i64) -> Span {
        Span { start: self.start + minutes, end: self.end + minutes }
    }
}

/// Opening hours: per weekday (Monday first), `(opens, closes)` in minutes after midnight, or
/// closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours(pub [Option<(i64, i64)>; 7]);

impl OpeningHours {
    /// Whether `span` lies within one day's opening hours.
    pub fn contains(&self, span: Span) -> bool {
        let day = span.start.div_euclid(MINUTES_PER_DAY);
        let Some((opens, closes)) = self.0[weekday(span.start)] else { return false };
        let base = day * MINUTES_PER_DAY;
        span.start >= base + opens && span.end <= base + closes
    }
}

/// Whether a space confirms bookings at once or staff approve them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Approval {
    Instant,
    Required,
}

/// A space's booking rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub slot_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub horizon_days: i64,
    pub min_notice_minutes: i64,
    pub approval: Approval,
    /// Whole won per hour; 0 is free.
    pub fee_per_hour: i64,
    /// Registered resident groups book without a fee.
    pub group_waiver: bool,
    /// Bookings a week (Monday–Sunday) per resident, and per group; none is no limit.
    pub weekly_quota_person: Option<u32>,
    pub weekly_quota_group: Option<u32>,
    pub capacity: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            slot_minutes: 30,
            min_minutes: 30,
            max_minutes: 240,
            horizon_days: 30,
            min_notice_minutes: 60,
            approval: Approval::Instant,
            fee_per_hour: 0,
            group_waiver: true,
            weekly_quota_person: Some(3),
            weekly_quota_group: Some(5),
            capacity: 10,
        }
    }
}

/// A closed period (holiday, maintenance, an event) with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blackout {
    pub span: Span,
    pub reason: String,
}

/// What the request is measured against.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub rules: &'a Rules,
    pub hours: &'a OpeningHours,
    pub blackouts: &'a [Blackout],
    /// Requested and confirmed bookings of the space.
    pub taken: &'a [Span],
    pub now: LocalMinute,
    /// The booker's bookings (and, for a group, the group's) in the request's week.
    pub booked_this_week_person: u32,
    pub booked_this_week_group: Option<u32>,
    /// The booker is a verified resident of the center's dong.
    pub verified_resident: bool,
}

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("bookings start and end on the space's {0}-minute slots")]
    NotOnSlots(i64),
    #[error("a booking lasts at least {0} minutes")]
    TooShort(i64),
    #[error("a booking lasts at most {0} minutes")]
    TooLong(i64),
    #[error("that time has passed")]
    InThePast,
    #[error("book at least {0} minutes ahead")]
    TooSoon(i64),
    #[error("book at most {0} days ahead")]
    TooFarAhead(i64),
    #[error("the space is not open then")]
    OutsideHours,
    #[error("the space is closed then: {0}")]
    Blackout(String),
    #[error("at most {0} people fit in the space")]
    OverCapacity(u32),
    #[error("at least one person attends")]
    NoAttendees,
    #[error("the weekly limit of {0} bookings is reached")]
    QuotaReached(u32),
    #[error("already booked")]
    AlreadyBooked,
}

/// What becomes of an acceptable request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Confirmed,
    /// Waits for staff (the space asks for approval, or the booker is not a verified resident).
    Requested,
}

/// Checks a request for `span` with `attendees` people against the space's rules and bookings.
pub fn check(ctx: &Context<'_>, span: Span, attendees: u32) -> Result<Outcome, Refusal> {
    let r = ctx.rules;
    if span.start.rem_euclid(r.slot_minutes) != 0 || span.end.rem_euclid(r.slot_minutes) != 0 {
        return Err(Refusal::NotOnSlots(r.slot_minutes));
    }
    if span.minutes() < r.min_minutes {
        return Err(Refusal::TooShort(r.min_minutes));
    }
    if span.minutes() > r.max_minutes {
        return Err(Refusal::TooLong(r.max_minutes));
    }
    if span.start < ctx.now {
        return Err(Refusal::InThePast);
    }
    if span.start < ctx.now + r.min_notice_minutes {
        return Err(Refusal::TooSoon(r.min_notice_minutes));
    }
    if span.end > ctx.now + r.horizon_days * MINUTES_PER_DAY {
        return Err(Refusal::TooFarAhead(r.horizon_days));
    }
    if !ctx.hours.contains(span) {
        return Err(Refusal::OutsideHours);
    }
    if let Some(b) = ctx.blackouts.iter().find(|b| b.span.overlaps(span)) {
        return Err(Refusal::Blackout(b.reason.clone()));
    }
    if attendees == 0 {
        return Err(Refusal::NoAttendees);
    }
    if attendees > r.capacity {
        return Err(Refusal::OverCapacity(r.capacity));
    }
    if let Some(q) = r.weekly_quota_person.filter(|q| ctx.booked_this_week_person >= *q) {
        return Err(Refusal::QuotaReached(q));
    }
    if let (Some(q), Some(used)) = (r.weekly_quota_group, ctx.booked_this_week_group)
        && used >= q
    {
        return Err(Refusal::QuotaReached(q));
    }
    if ctx.taken.iter().any(|t| t.overlaps(span)) {
        return Err(Refusal::AlreadyBooked);
    }
    Ok(if r.approval == Approval::Instant && ctx.verified_resident { Outcome::Confirmed } else { Outcome::Requested })
}

/// The fee of a booking in whole won: the hourly fee pro rata, rounded up to the won; nothing for
/// a registered resident group where the space waives it.
pub fn fee(rules: &Rules, span: Span, registered_group: bool) -> i64 {
    if rules.fee_per_hour == 0 || (registered_group && rules.group_waiver) {
        return 0;
    }
    (rules.fee_per_hour * span.minutes() + 59) / 60
}

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Every {
    Week,
    Fortnight,
}

/// The occurrences of a series: `first`, then every week or fortnight, `count` in all (2–26).
pub fn series(first: Span, every: Every, count: u32) -> Result<Vec<Span>, ValidationError> {
    if !(2..=26).contains(&count) {
        return Err(ValidationError::new("count", "a series has 2 to 26 occurrences"));
    }
    let step = match every {
        Every::Week => 7,
        Every::Fortnight => 14,
    } * MINUTES_PER_DAY;
    Ok((0..i64::from(count)).map(|n| first.shifted(n * step)).collect())
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::days_from_civil;

    /// 2026-12-07 (a Monday) at `hh:mm`.
    fn monday(hh: i64, mm: i64) -> LocalMinute {
        days_from_civil(2026, 12, 7) * MINUTES_PER_DAY + hh * 60 + mm
    }

    fn span(a: LocalMinute, b: LocalMinute) -> Span {
        Span::new(a, b).unwrap_or_else(|e| panic!("{e}"))
    }

    fn weekdays_9_to_22() -> OpeningHours {
        let open = Some((9 * 60, 22 * 60));
        OpeningHours([open, open, open, open, open, Some((10 * 60, 17 * 60)), None])
    }

    fn ctx<'a>(rules: &'a Rules, hours: &'a OpeningHours, blackouts: &'a [Blackout], taken: &'a [Span]) -> Context<'a> {
        Context {
            rules,
            hours,
            blackouts,
            taken,
            now: monday(8, 0) - MINUTES_PER_DAY,
            booked_this_week_person: 0,
            booked_this_week_group: None,
            verified_resident: true,
        }
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(weekday(monday(0, 0)), 0);
        assert_eq!(weekday(monday(23, 59) + 1), 1);
        assert_eq!(weekday(days_from_civil(2026, 11, 24) * MINUTES_PER_DAY), 1, "a Tuesday");
        assert!(Span::new(monday(10, 0), monday(10, 0)).is_err());
    }

    #[test]
    fn a_booking_ending_when_another_starts_is_allowed() {
        let (rules, hours) = (Rules::default(), weekdays_9_to_22());
        let taken = [span(monday(10, 0), monday(11, 0))];
        let c = ctx(&rules, &hours, &[], &taken);
        assert_eq!(check(&c, span(monday(11, 0), monday(12, 0)), 4), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(monday(9, 0), monday(10, 0)), 4), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(monday(10, 30), monday(11, 30)), 4), Err(Refusal::AlreadyBooked));
        assert_eq!(check(&c, span(monday(9, 30), monday(10, 30)), 4), Err(Refusal::AlreadyBooked));
        assert_eq!(check(&c, span(monday(9, 0), monday(12, 0)), 4), Err(Refusal::AlreadyBooked));
    }

    #[test]
    fn slots_and_durations_at_their_edges() {
        let (rules, hours) = (Rules::default(), weekdays_9_to_22());
        let c = ctx(&rules, &hours, &[], &[]);
        assert_eq!(check(&c, span(monday(10, 15), monday(11, 0)), 1), Err(Refusal::NotOnSlots(30)));
        assert_eq!(check(&c, span(monday(10, 0), monday(10, 30)), 1), Ok(Outcome::Confirmed));
        let short = Rules { min_minutes: 60, ..Rules::default() };
        let c2 = ctx(&short, &hours, &[], &[]);
        assert_eq!(check(&c2, span(monday(10, 0), monday(10, 30)), 1), Err(Refusal::TooShort(60)));
        assert_eq!(check(&c, span(monday(10, 0), monday(14, 0)), 1), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(monday(10, 0), monday(14, 30)), 1), Err(Refusal::TooLong(240)));
    }

    #[test]
    fn opening_hours_blackouts_and_closed_days() {
        let (rules, hours) = (Rules::default(), weekdays_9_to_22());
        let c = ctx(&rules, &hours, &[], &[]);
        assert_eq!(check(&c, span(monday(9, 0), monday(10, 0)), 1), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(monday(8, 30), monday(9, 30)), 1), Err(Refusal::OutsideHours));
        assert_eq!(check(&c, span(monday(21, 0), monday(22, 0)), 1), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(monday(21, 30), monday(22, 30)), 1), Err(Refusal::OutsideHours));
        let sunday = monday(10, 0) + 6 * MINUTES_PER_DAY;
        assert_eq!(check(&c, span(sunday, sunday + 60), 1), Err(Refusal::OutsideHours));
        let saturday = monday(16, 0) + 5 * MINUTES_PER_DAY;
        assert_eq!(check(&c, span(saturday, saturday + 60), 1), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(saturday + 30, saturday + 90), 1), Err(Refusal::OutsideHours));
        let holiday = [Blackout { span: span(monday(12, 0), monday(15, 0)), reason: "대청소".into() }];
        let c = ctx(&rules, &hours, &holiday, &[]);
        assert_eq!(check(&c, span(monday(11, 0), monday(12, 0)), 1), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(monday(14, 30), monday(15, 30)), 1), Err(Refusal::Blackout("대청소".into())));
        assert_eq!(check(&c, span(monday(15, 0), monday(16, 0)), 1), Ok(Outcome::Confirmed));
    }

    #[test]
    fn notice_horizon_and_the_past() {
        let (rules, hours) = (Rules::default(), weekdays_9_to_22());
        let mut c = ctx(&rules, &hours, &[], &[]);
        c.now = monday(9, 0);
        assert_eq!(check(&c, span(monday(10, 0), monday(11, 0)), 1), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(monday(9, 30), monday(10, 0)), 1), Err(Refusal::TooSoon(60)));
        c.now = monday(9, 1);
        assert_eq!(check(&c, span(monday(9, 0), monday(10, 0)), 1), Err(Refusal::InThePast));
        c.now = monday(10, 0) - 30 * MINUTES_PER_DAY + 60;
        assert_eq!(check(&c, span(monday(10, 0), monday(11, 0)), 1), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, span(monday(11, 0), monday(12, 0)), 1), Err(Refusal::TooFarAhead(30)));
    }

    #[test]
    fn capacity_quotas_and_who_books_instantly() {
        let (rules, hours) = (Rules::default(), weekdays_9_to_22());
        let mut c = ctx(&rules, &hours, &[], &[]);
        let s = span(monday(10, 0), monday(11, 0));
        assert_eq!(check(&c, s, 10), Ok(Outcome::Confirmed));
        assert_eq!(check(&c, s, 11), Err(Refusal::OverCapacity(10)));
        assert_eq!(check(&c, s, 0), Err(Refusal::NoAttendees));
        c.booked_this_week_person = 2;
        assert_eq!(check(&c, s, 1), Ok(Outcome::Confirmed));
        c.booked_this_week_person = 3;
        assert_eq!(check(&c, s, 1), Err(Refusal::QuotaReached(3)));
        c.booked_this_week_person = 0;
        c.booked_this_week_group = Some(5);
        assert_eq!(check(&c, s, 1), Err(Refusal::QuotaReached(5)));
        c.booked_this_week_group = Some(4);
        c.verified_resident = false;
        assert_eq!(check(&c, s, 1), Ok(Outcome::Requested), "not verified here: staff decide");
        let approval = Rules { approval: Approval::Required, ..Rules::default() };
        let c = ctx(&approval, &hours, &[], &[]);
        assert_eq!(check(&c, s, 1), Ok(Outcome::Requested));
    }

    #[test]
    fn fees_are_pro_rata_and_waived_for_registered_groups() {
        let paid = Rules { fee_per_hour: 10_000, ..Rules::default() };
        assert_eq!(fee(&paid, span(monday(10, 0), monday(11, 30)), false), 15_000);
        assert_eq!(fee(&paid, span(monday(10, 0), monday(11, 30)), true), 0);
        let odd = Rules { fee_per_hour: 10_001, group_waiver: false, ..Rules::default() };
        assert_eq!(fee(&odd, span(monday(10, 0), monday(10, 30)), true), 5_001, "rounded up");
        assert_eq!(fee(&Rules::default(), span(monday(10, 0), monday(12, 0)), false), 0);
    }

    #[test]
    fn series_repeat_weekly_or_fortnightly() {
        let first = span(monday(19, 0), monday(21, 0));
        let weekly = series(first, Every::Week, 4).unwrap_or_default();
        assert_eq!(weekly.len(), 4);
        assert_eq!(weekly[3].start - weekly[0].start, 21 * MINUTES_PER_DAY);
        assert!(weekly.iter().all(|s| weekday(s.start) == 0 && s.minutes() == 120));
        let fortnightly = series(first, Every::Fortnight, 3).unwrap_or_default();
        assert_eq!(fortnightly[2].start - fortnightly[0].start, 28 * MINUTES_PER_DAY);
        assert!(series(first, Every::Week, 1).is_err());
        assert!(series(first, Every::Week, 27).is_err());
    }

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
}
