//! What a space is: its kind, access and details, its opening hours and closures, and its booking rules.

use super::time::{MINUTES_PER_DAY, Span, parse_clock, weekday};
use crate::calendar::weekday_of_day;
use crate::{Field, Format, InputRule, Unit, ValidationError};
use serde::{Deserialize, Serialize};

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

crate::term_enum! {
    /// Whether a space confirms bookings at once or staff approve them.
    #[derive(Serialize, Deserialize)]
    pub enum Approval {
        Instant = "instant",
        Required = "required",
    }
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
            .ok_or_else(|| ValidationError::new(Field::Kind, InputRule::NotChosen))
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
        use crate::text::bounded;
        Ok(SpaceDetails {
            name: bounded(Field::SpaceName, name, 2, 60, false)?,
            kind: SpaceKind::parse(kind)?,
            floor: bounded(Field::Floor, floor, 0, 20, false)?,
            access,
            equipment: bounded(Field::Equipment, equipment, 0, 300, false)?,
            description: bounded(Field::Description, description, 0, 2000, true)?,
        })
    }
}

/// The most people a space may hold (and a booking may bring).
pub const MAX_CAPACITY: i64 = 500;

/// A whole number from `min` to `max` (thousands separators allowed), counting `unit`.
pub(super) fn whole(field: Field, s: &str, min: i64, max: i64, unit: Unit) -> Result<i64, ValidationError> {
    let refused = || ValidationError::new(field, InputRule::Number { min, max, unit });
    let n: i64 = s.trim().replace(',', "").parse().map_err(|_| refused())?;
    if !(min..=max).contains(&n) {
        return Err(refused());
    }
    Ok(n)
}

fn optional_whole(field: Field, s: &str, max: i64, unit: Unit) -> Result<Option<u32>, ValidationError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(whole(field, s, 1, max, unit)? as u32))
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
        let slot = whole(Field::SlotMinutes, f.slot_minutes, 15, 60, Unit::Minutes)?;
        if ![15, 30, 60].contains(&slot) {
            return Err(ValidationError::new(Field::SlotMinutes, InputRule::NotChosen));
        }
        let min = whole(Field::MinMinutes, f.min_minutes, 15, 24 * 60, Unit::Minutes)?;
        let max = whole(Field::MaxMinutes, f.max_minutes, 15, 24 * 60, Unit::Minutes)?;
        if min % slot != 0 || max % slot != 0 {
            return Err(ValidationError::new(Field::MinMinutes, InputRule::NotChosen));
        }
        if max < min {
            return Err(ValidationError::new(Field::MaxMinutes, InputRule::EndsBeforeStart));
        }
        Ok(Rules {
            slot_minutes: slot,
            min_minutes: min,
            max_minutes: max,
            horizon_days: whole(Field::HorizonDays, f.horizon_days, 1, 365, Unit::Days)?,
            min_notice_minutes: whole(Field::MinNoticeMinutes, f.min_notice_minutes, 0, 14 * 24 * 60, Unit::Minutes)?,
            approval: if f.approval_required { Approval::Required } else { Approval::Instant },
            fee_per_hour: whole(Field::FeePerHour, f.fee_per_hour, 0, 1_000_000, Unit::Won)?,
            group_waiver: f.group_waiver,
            weekly_quota_person: optional_whole(Field::WeeklyQuotaPerson, f.weekly_quota_person, 50, Unit::Times)?,
            weekly_quota_group: optional_whole(Field::WeeklyQuotaGroup, f.weekly_quota_group, 50, Unit::Times)?,
            capacity: whole(Field::Capacity, f.capacity, 1, MAX_CAPACITY, Unit::People)? as u32,
        })
    }
}

impl OpeningHours {
    /// Hours from seven `(opens, closes)` pairs of `HH:MM` (Monday first); both empty: closed.
    pub fn parse(days: &[(&str, &str); 7]) -> Result<OpeningHours, ValidationError> {
        let mut out = [None; 7];
        for (i, (o, c)) in days.iter().enumerate() {
            if o.trim().is_empty() && c.trim().is_empty() {
                continue;
            }
            let (opens, closes) = (parse_clock(Field::Hours, o)?, parse_clock(Field::Hours, c)?);
            if closes <= opens {
                return Err(ValidationError::new(Field::Hours, InputRule::Format { format: Format::OpeningHours }));
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

impl SpaceKind {
    /// The name people read.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
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
    use super::*;
    use crate::booking::fixtures::{monday, span, weekdays_9_to_22};
    use crate::booking::{clock, day_of, day_string, parse_span, span_label, week_of};
    use crate::calendar::days_from_civil;

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
            Rules::parse(&RulesInput { min_minutes: "45", ..input.clone() }).map_err(|e| e.field.name()),
            Err("min_minutes")
        );
        assert_eq!(
            Rules::parse(&RulesInput { max_minutes: "30", ..input.clone() }).map_err(|e| e.field.name()),
            Err("max_minutes")
        );
        assert_eq!(
            Rules::parse(&RulesInput { capacity: "0", ..input.clone() }).map_err(|e| e.field.name()),
            Err("capacity")
        );
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
        assert!(parse_clock(Field::Start, "24:30").is_err() && parse_clock(Field::Start, "9").is_err());
        assert_eq!(parse_span("2026-12-07", "10:00", "11:30"), Ok(span(monday(10, 0), monday(11, 30))));
        assert!(parse_span("2026-12-07", "11:00", "10:00").is_err());
        assert!(parse_span("2026-02-30", "10:00", "11:00").is_err());
        assert_eq!(day_string(day_of(monday(23, 59))), "2026-12-07");
        assert_eq!(
            week_of(monday(12, 0) + 6 * MINUTES_PER_DAY),
            span(monday(0, 0), monday(0, 0) + 7 * MINUTES_PER_DAY)
        );
        assert_eq!(clock(9 * 60 + 5), "09:05");
        use crate::lang::Lang;
        assert_eq!(span_label(Lang::Ko, span(monday(19, 0), monday(21, 0))), "12월 7일 (월) 19:00–21:00");
        assert_eq!(span_label(Lang::En, span(monday(19, 0), monday(24, 0))), "Mon 7 Dec 19:00–24:00");
    }
}
