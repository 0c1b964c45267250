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
    /// Closed every day.
    pub const CLOSED: OpeningHours = OpeningHours([None; 7]);

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

// ---- what a space is -----------------------------------------------------------------------

/// The kinds of open space the centers have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpaceKind {
    BookCafe,
    ScreeningRoom,
    MeetingRoom,
    LectureRoom,
    Kitchen,
    Rooftop,
    Other,
}

impl SpaceKind {
    pub const ALL: [SpaceKind; 7] = [
        SpaceKind::BookCafe,
        SpaceKind::ScreeningRoom,
        SpaceKind::MeetingRoom,
        SpaceKind::LectureRoom,
        SpaceKind::Kitchen,
        SpaceKind::Rooftop,
        SpaceKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SpaceKind::BookCafe => "book_cafe",
            SpaceKind::ScreeningRoom => "screening_room",
            SpaceKind::MeetingRoom => "meeting_room",
            SpaceKind::LectureRoom => "lecture_room",
            SpaceKind::Kitchen => "kitchen",
            SpaceKind::Rooftop => "rooftop",
            SpaceKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<SpaceKind, ValidationError> {
        SpaceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| ValidationError::new("kind", "choose a kind of space"))
    }
}

/// Accessibility of a space.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub step_free: bool,
    pub elevator: bool,
    pub accessible_toilet: bool,
    pub hearing_loop: bool,
}

/// A space as staff describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceDetails {
    pub name: String,
    pub kind: SpaceKind,
    pub floor: String,
    pub access: Access,
    pub equipment: String,
    pub description: String,
}

impl SpaceDetails {
    pub fn parse(
        name: &str,
        kind: &str,
        floor: &str,
        access: Access,
        equipment: &str,
        description: &str,
    ) -> Result<SpaceDetails, ValidationError> {
        use super::text::bounded;
        Ok(SpaceDetails {
            name: bounded("name", name, 2, 60, false)?,
            kind: SpaceKind::parse(kind)?,
            floor: bounded("floor", floor, 0, 20, false)?,
            access,
            equipment: bounded("equipment", equipment, 0, 300, false)?,
            description: bounded("description", description, 0, 2000, true)?,
        })
    }
}

fn whole(field: &'static str, s: &str, min: i64, max: i64, what: &str) -> Result<i64, ValidationError> {
    let n: i64 = s
        .trim()
        .replace(',', "")
        .parse()
        .map_err(|_| ValidationError::new(field, format!("enter {what} as a whole number")))?;
    if !(min..=max).contains(&n) {
        return Err(ValidationError::new(field, format!("{what} must be between {min} and {max}")));
    }
    Ok(n)
}

fn optional_whole(field: &'static str, s: &str, max: i64, what: &str) -> Result<Option<u32>, ValidationError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(whole(field, s, 1, max, what)? as u32))
}

/// The form fields of a space's rules, as typed.
#[derive(Debug, Clone, Default)]
pub struct RulesInput<'a> {
    pub capacity: &'a str,
    pub slot_minutes: &'a str,
    pub min_minutes: &'a str,
    pub max_minutes: &'a str,
    pub horizon_days: &'a str,
    pub min_notice_minutes: &'a str,
    pub approval_required: bool,
    pub fee_per_hour: &'a str,
    pub group_waiver: bool,
    pub weekly_quota_person: &'a str,
    pub weekly_quota_group: &'a str,
}

impl Rules {
    /// Rules from a staff form: every number in its range, durations on the slot size.
    pub fn parse(f: &RulesInput<'_>) -> Result<Rules, ValidationError> {
        let slot = whole("slot_minutes", f.slot_minutes, 15, 60, "the slot size")?;
        if ![15, 30, 60].contains(&slot) {
            return Err(ValidationError::new("slot_minutes", "the slot size is 15, 30 or 60 minutes"));
        }
        let min = whole("min_minutes", f.min_minutes, 15, 24 * 60, "the shortest booking")?;
        let max = whole("max_minutes", f.max_minutes, 15, 24 * 60, "the longest booking")?;
        if min % slot != 0 || max % slot != 0 {
            return Err(ValidationError::new("min_minutes", "durations are whole slots"));
        }
        if max < min {
            return Err(ValidationError::new("max_minutes", "the longest booking is at least the shortest"));
        }
        Ok(Rules {
            slot_minutes: slot,
            min_minutes: min,
            max_minutes: max,
            horizon_days: whole("horizon_days", f.horizon_days, 1, 365, "how far ahead")?,
            min_notice_minutes: whole("min_notice_minutes", f.min_notice_minutes, 0, 14 * 24 * 60, "the notice")?,
            approval: if f.approval_required { Approval::Required } else { Approval::Instant },
            fee_per_hour: whole("fee_per_hour", f.fee_per_hour, 0, 1_000_000, "the fee per hour")?,
            group_waiver: f.group_waiver,
            weekly_quota_person: optional_whole("weekly_quota_person", f.weekly_quota_person, 50, "the weekly limit")?,
            weekly_quota_group: optional_whole("weekly_quota_group", f.weekly_quota_group, 50, "the weekly limit")?,
            capacity: whole("capacity", f.capacity, 1, 500, "the capacity")? as u32,
        })
    }
}

/// `HH:MM` as minutes after midnight; `24:00` is the end of the day.
pub fn parse_clock(field: &'static str, s: &str) -> Result<i64, ValidationError> {
    let bad = || ValidationError::new(field, "enter a time like 09:30");
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Minutes after midnight as `HH:MM`.
pub fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes.div_euclid(60), minutes.rem_euclid(60))
}

impl OpeningHours {
    /// Hours from seven `(opens, closes)` pairs of `HH:MM` (Monday first); both empty: closed.
    pub fn parse(days: &[(&str, &str); 7]) -> Result<OpeningHours, ValidationError> {
        let mut out = [None; 7];
        for (i, (o, c)) in days.iter().enumerate() {
            if o.trim().is_empty() && c.trim().is_empty() {
                continue;
            }
            let (opens, closes) = (parse_clock("hours", o)?, parse_clock("hours", c)?);
            if closes <= opens {
                return Err(ValidationError::new("hours", "a day closes after it opens"));
            }
            out[i] = Some((opens, closes));
        }
        Ok(OpeningHours(out))
    }

    /// The bookable slots of `day` (days since 1970-01-01): opening to closing in `slot` steps.
    pub fn slots(&self, day: i64, slot: i64) -> Vec<Span> {
        let Some((opens, closes)) = self.0[weekday_of_day(day)] else { return Vec::new() };
        let base = day * MINUTES_PER_DAY;
        let first = opens + (slot - opens.rem_euclid(slot)) % slot;
        (0..)
            .map(|n| base + first + n * slot)
            .take_while(|s| s + slot <= base + closes)
            .map(|s| Span { start: s, end: s + slot })
            .collect()
    }
}

// ---- a booking's life ----------------------------------------------------------------------

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
            limit: whole("no_show_limit", limit, 0, 10, "the number of no-shows")? as u32,
            window_days: whole("no_show_window_days", window_days, 1, 365, "the period")?,
            suspension_days: whole("suspension_days", suspension_days, 1, 365, "the suspension")?,
        })
    }

    pub fn suspended_until(&self, no_shows: &[LocalMinute], now: LocalMinute) -> Option<LocalMinute> {
        suspended_until(no_shows, self.limit as usize, self.window_days, self.suspension_days, now)
    }
}

// ---- dates and times as people type and read them --------------------------------------------

/// A day as `YYYY-MM-DD` → days since 1970-01-01.
/// Exactly `YYYY-MM-DD` in ASCII digits (what a date input sends; the API takes nothing else).
pub fn is_iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

pub fn parse_day(field: &'static str, s: &str) -> Result<i64, ValidationError> {
    let bad = || ValidationError::new(field, "enter a date like 2026-12-07").because(super::InputRule::DateAndTime);
    let mut parts = s.trim().splitn(3, '-');
    let (y, m, d) = (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
    let (y, m, d): (i32, u32, u32) =
        (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if !(2000..=2100).contains(&y) || d == 0 || d > super::calendar::days_in_month(y, m) {
        return Err(bad());
    }
    Ok(super::calendar::days_from_civil(y, m, d))
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
pub fn day_string(day: i64) -> String {
    let (y, m, d) = super::calendar::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day `t` falls on (days since 1970-01-01).
pub fn day_of(t: LocalMinute) -> i64 {
    t.div_euclid(MINUTES_PER_DAY)
}

/// A span from a form: a day, a start and an end time on Seoul's clock.
pub fn parse_span(day: &str, start: &str, end: &str) -> Result<Span, ValidationError> {
    let base = parse_day("date", day)? * MINUTES_PER_DAY;
    let (s, e) = (parse_clock("start", start)?, parse_clock("end", end)?);
    Span::new(base + s, base + e).map_err(|_| ValidationError::new("end", "the end comes after the start"))
}

/// The Monday of the week `t` falls in, as a span of seven days.
pub fn week_of(t: LocalMinute) -> Span {
    let day = day_of(t);
    let monday = day - weekday_of_day(day) as i64;
    Span { start: monday * MINUTES_PER_DAY, end: (monday + 7) * MINUTES_PER_DAY }
}

/// A day as people read it: `12월 7일 (월)` or `Mon 7 Dec`.
pub fn day_label(lang: super::lang::Lang, day: i64) -> String {
    let (_, m, d) = super::calendar::civil_from_days(day);
    let wd = weekday_of_day(day);
    match lang {
        super::lang::Lang::Ko => format!("{m}월 {d}일 ({})", super::calendar::weekday_name(lang, wd)),
        super::lang::Lang::En => {
            format!("{} {d} {}", super::calendar::weekday_name(lang, wd), super::calendar::month_abbr(m))
        }
    }
}

/// A booking's time as people read it: `12월 7일 (월) 19:00–21:00`.
pub fn span_label(lang: super::lang::Lang, span: Span) -> String {
    let (d0, d1) = (day_of(span.start), day_of(span.end - 1));
    let t = |m: LocalMinute| clock(m - day_of(m) * MINUTES_PER_DAY);
    if d0 == d1 {
        let end = if span.end - d0 * MINUTES_PER_DAY == MINUTES_PER_DAY { "24:00".into() } else { t(span.end) };
        format!("{} {}–{}", day_label(lang, d0), t(span.start), end)
    } else {
        format!("{} {} – {} {}", day_label(lang, d0), t(span.start), day_label(lang, day_of(span.end)), t(span.end))
    }
}

impl Status {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
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

impl SpaceKind {
    /// The name people read.
    pub fn label(self, lang: super::lang::Lang) -> &'static str {
        match self {
            SpaceKind::BookCafe => lang.pick("북카페", "Book café"),
            SpaceKind::ScreeningRoom => lang.pick("상영실", "Screening room"),
            SpaceKind::MeetingRoom => lang.pick("회의실", "Meeting room"),
            SpaceKind::LectureRoom => lang.pick("강의실", "Lecture room"),
            SpaceKind::Kitchen => lang.pick("공유부엌", "Kitchen"),
            SpaceKind::Rooftop => lang.pick("옥상", "Rooftop"),
            SpaceKind::Other => lang.pick("다목적 공간", "Other space"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_api_takes_days_written_exactly() {
        assert!(is_iso_day("2026-12-07"));
        for loose in ["2026-12-7", " 2026-12-07", "+026-12-07", "2026/12/07", "2026-12-07T00", "２０２６-12-07"] {
            assert!(!is_iso_day(loose), "{loose}");
        }
    }

    use super::*;

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
    #[test]
    fn slots_of_a_day_follow_the_opening_hours() {
        let hours = weekdays_9_to_22();
        let day = days_from_civil(2026, 12, 7);
        let slots = hours.slots(day, 30);
        assert_eq!(slots.len(), 26, "09:00–22:00 in half hours");
        assert_eq!(slots[0].start, monday(9, 0));
        assert_eq!(slots[25].end, monday(22, 0));
        assert!(hours.slots(day + 6, 30).is_empty(), "closed on Sunday");
        let odd = OpeningHours([Some((9 * 60 + 15, 11 * 60)), None, None, None, None, None, None]);
        assert_eq!(odd.slots(day, 60).iter().map(|s| s.start - day * MINUTES_PER_DAY).collect::<Vec<_>>(), vec![600]);
    }

    #[test]
    fn forms_parse_to_rules_hours_and_spans() {
        let input = RulesInput {
            capacity: "12",
            slot_minutes: "30",
            min_minutes: "60",
            max_minutes: "180",
            horizon_days: "30",
            min_notice_minutes: "120",
            approval_required: true,
            fee_per_hour: "10,000",
            group_waiver: true,
            weekly_quota_person: "",
            weekly_quota_group: "4",
        };
        let rules = Rules::parse(&input).unwrap_or_default();
        assert_eq!((rules.capacity, rules.fee_per_hour, rules.approval), (12, 10_000, Approval::Required));
        assert_eq!((rules.weekly_quota_person, rules.weekly_quota_group), (None, Some(4)));
        assert_eq!(
            Rules::parse(&RulesInput { min_minutes: "45", ..input.clone() }).map_err(|e| e.field),
            Err("min_minutes")
        );
        assert_eq!(
            Rules::parse(&RulesInput { max_minutes: "30", ..input.clone() }).map_err(|e| e.field),
            Err("max_minutes")
        );
        assert_eq!(Rules::parse(&RulesInput { capacity: "0", ..input.clone() }).map_err(|e| e.field), Err("capacity"));
        let days = [
            ("09:00", "22:00"),
            ("09:00", "22:00"),
            ("", ""),
            ("09:00", "18:00"),
            ("09:00", "24:00"),
            ("10:00", "17:00"),
            ("", ""),
        ];
        let hours = OpeningHours::parse(&days).unwrap_or(OpeningHours::CLOSED);
        assert_eq!(hours.0[2], None);
        assert_eq!(hours.0[4], Some((540, 1440)));
        assert!(OpeningHours::parse(&[("18:00", "09:00"); 7]).is_err());
        assert!(parse_clock("start", "24:30").is_err() && parse_clock("start", "9").is_err());
        assert_eq!(parse_span("2026-12-07", "10:00", "11:30"), Ok(span(monday(10, 0), monday(11, 30))));
        assert!(parse_span("2026-12-07", "11:00", "10:00").is_err());
        assert!(parse_span("2026-02-30", "10:00", "11:00").is_err());
        assert_eq!(day_string(day_of(monday(23, 59))), "2026-12-07");
        assert_eq!(
            week_of(monday(12, 0) + 6 * MINUTES_PER_DAY),
            span(monday(0, 0), monday(0, 0) + 7 * MINUTES_PER_DAY)
        );
        assert_eq!(clock(9 * 60 + 5), "09:05");
        use crate::domain::lang::Lang;
        assert_eq!(span_label(Lang::Ko, span(monday(19, 0), monday(21, 0))), "12월 7일 (월) 19:00–21:00");
        assert_eq!(span_label(Lang::En, span(monday(19, 0), monday(24, 0))), "Mon 7 Dec 19:00–24:00");
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
