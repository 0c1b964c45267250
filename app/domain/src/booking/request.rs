//! A booking request: the checks it must pass and why it is refused, its fee, and recurring series.

use super::space::{Approval, Blackout, OpeningHours, Rules};
use super::time::{LocalMinute, MINUTES_PER_DAY, Span};
use crate::{Field, InputRule, Unit, ValidationError};
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
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

impl Refusal {
    /// The refusal as a skipped date of a series stores it (`rule` or `rule argument`): typed,
    /// so a page says it in the reader's language without reading English text back.
    pub fn stored(&self) -> String {
        match self {
            Refusal::NotOnSlots(n) => format!("not_on_slots {n}"),
            Refusal::TooShort(n) => format!("too_short {n}"),
            Refusal::TooLong(n) => format!("too_long {n}"),
            Refusal::InThePast => "in_the_past".into(),
            Refusal::TooSoon(n) => format!("too_soon {n}"),
            Refusal::TooFarAhead(n) => format!("too_far_ahead {n}"),
            Refusal::OutsideHours => "outside_hours".into(),
            Refusal::Blackout(reason) => format!("blackout {reason}"),
            Refusal::OverCapacity(n) => format!("over_capacity {n}"),
            Refusal::NoAttendees => "no_attendees".into(),
            Refusal::QuotaReached(n) => format!("quota_reached {n}"),
            Refusal::AlreadyBooked => "already_booked".into(),
        }
    }

    /// Reads [`Refusal::stored`] back; `None` for anything else (rows written before the form was
    /// typed hold the English message, which pages show as it is).
    pub fn from_stored(s: &str) -> Option<Refusal> {
        let (rule, arg) = s.split_once(' ').unwrap_or((s, ""));
        let n = || arg.parse::<i64>().ok();
        let count = || arg.parse::<u32>().ok();
        Some(match (rule, arg.is_empty()) {
            ("not_on_slots", false) => Refusal::NotOnSlots(n()?),
            ("too_short", false) => Refusal::TooShort(n()?),
            ("too_long", false) => Refusal::TooLong(n()?),
            ("in_the_past", true) => Refusal::InThePast,
            ("too_soon", false) => Refusal::TooSoon(n()?),
            ("too_far_ahead", false) => Refusal::TooFarAhead(n()?),
            ("outside_hours", true) => Refusal::OutsideHours,
            ("blackout", _) => Refusal::Blackout(arg.to_owned()),
            ("over_capacity", false) => Refusal::OverCapacity(count()?),
            ("no_attendees", true) => Refusal::NoAttendees,
            ("quota_reached", false) => Refusal::QuotaReached(count()?),
            ("already_booked", true) => Refusal::AlreadyBooked,
            _ => return None,
        })
    }
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

impl Every {
    pub const ALL: [Every; 2] = [Every::Week, Every::Fortnight];

    pub fn as_str(self) -> &'static str {
        match self {
            Every::Week => "week",
            Every::Fortnight => "fortnight",
        }
    }
}

/// The occurrences of a series: `first`, then every week or fortnight, `count` in all (2–26).
pub fn series(first: Span, every: Every, count: u32) -> Result<Vec<Span>, ValidationError> {
    if !(2..=26).contains(&count) {
        return Err(ValidationError::new(Field::Count, InputRule::Number { min: 2, max: 26, unit: Unit::Times }));
    }
    let step = match every {
        Every::Week => 7,
        Every::Fortnight => 14,
    } * MINUTES_PER_DAY;
    Ok((0..i64::from(count)).map(|n| first.shifted(n * step)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::fixtures::{monday, span, weekdays_9_to_22};
    use crate::booking::weekday;

    #[test]
    fn a_refusal_reads_back_as_stored() {
        let all = [
            Refusal::NotOnSlots(30),
            Refusal::TooShort(30),
            Refusal::TooLong(240),
            Refusal::InThePast,
            Refusal::TooSoon(60),
            Refusal::TooFarAhead(30),
            Refusal::OutsideHours,
            Refusal::Blackout("연말 대청소 (오전)".into()),
            Refusal::Blackout(String::new()),
            Refusal::OverCapacity(12),
            Refusal::NoAttendees,
            Refusal::QuotaReached(3),
            Refusal::AlreadyBooked,
        ];
        for r in all {
            assert_eq!(Refusal::from_stored(&r.stored()), Some(r.clone()), "{r:?}");
        }
        // what rows held before the stored form was typed, and anything malformed
        for old in [
            "already booked",
            "the weekly limit of 3 bookings is reached",
            "too_short",
            "too_short x",
            "in_the_past 3",
            "",
        ] {
            assert_eq!(Refusal::from_stored(old), None, "{old:?}");
        }
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
}
