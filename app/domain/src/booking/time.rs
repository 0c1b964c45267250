//! Time on Seoul's clock: minutes, spans and days, and how people type and read them.

use crate::calendar::weekday_of_day;
use crate::{Field, Format, InputRule, ValidationError};
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
            return Err(ValidationError::new(Field::End, InputRule::EndsBeforeStart));
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

    pub(super) fn shifted(self, minutes: i64) -> Span {
        Span { start: self.start + minutes, end: self.end + minutes }
    }
}

/// `HH:MM` as minutes after midnight; `24:00` is the end of the day.
pub fn parse_clock(field: Field, s: &str) -> Result<i64, ValidationError> {
    let bad = || ValidationError::new(field, InputRule::Format { format: Format::TimeOfDay });
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

/// A day as `YYYY-MM-DD` → days since 1970-01-01.
/// Exactly `YYYY-MM-DD` in ASCII digits (what a date input sends; the API takes nothing else).
pub fn is_iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

pub fn parse_day(field: Field, s: &str) -> Result<i64, ValidationError> {
    let bad = || ValidationError::new(field, InputRule::Format { format: Format::Date });
    let mut parts = s.trim().splitn(3, '-');
    let (y, m, d) = (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
    let (y, m, d): (i32, u32, u32) =
        (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if !(2000..=2100).contains(&y) || d == 0 || d > crate::calendar::days_in_month(y, m) {
        return Err(bad());
    }
    Ok(crate::calendar::days_from_civil(y, m, d))
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
pub fn day_string(day: i64) -> String {
    let (y, m, d) = crate::calendar::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day `t` falls on (days since 1970-01-01).
pub fn day_of(t: LocalMinute) -> i64 {
    t.div_euclid(MINUTES_PER_DAY)
}

/// A span from a form: a day, a start and an end time on Seoul's clock.
pub fn parse_span(day: &str, start: &str, end: &str) -> Result<Span, ValidationError> {
    let base = parse_day(Field::Date, day)? * MINUTES_PER_DAY;
    let (s, e) = (parse_clock(Field::Start, start)?, parse_clock(Field::End, end)?);
    Span::new(base + s, base + e).map_err(|_| ValidationError::new(Field::End, InputRule::EndsBeforeStart))
}

/// The Monday of the week `t` falls in, as a span of seven days.
pub fn week_of(t: LocalMinute) -> Span {
    let day = day_of(t);
    let monday = day - weekday_of_day(day) as i64;
    Span { start: monday * MINUTES_PER_DAY, end: (monday + 7) * MINUTES_PER_DAY }
}

/// A day as people read it: `12월 7일 (월)` or `Mon 7 Dec`.
pub fn day_label(lang: crate::lang::Lang, day: i64) -> String {
    let (_, m, d) = crate::calendar::civil_from_days(day);
    let wd = weekday_of_day(day);
    match lang {
        crate::lang::Lang::Ko => format!("{m}월 {d}일 ({})", crate::calendar::weekday_name(lang, wd)),
        crate::lang::Lang::En => {
            format!("{} {d} {}", crate::calendar::weekday_name(lang, wd), crate::calendar::month_abbr(m))
        }
    }
}

/// A booking's time as people read it: `12월 7일 (월) 19:00–21:00`.
pub fn span_label(lang: crate::lang::Lang, span: Span) -> String {
    let (d0, d1) = (day_of(span.start), day_of(span.end - 1));
    let t = |m: LocalMinute| clock(m - day_of(m) * MINUTES_PER_DAY);
    if d0 == d1 {
        let end = if span.end - d0 * MINUTES_PER_DAY == MINUTES_PER_DAY { "24:00".into() } else { t(span.end) };
        format!("{} {}–{}", day_label(lang, d0), t(span.start), end)
    } else {
        format!("{} {} – {} {}", day_label(lang, d0), t(span.start), day_label(lang, day_of(span.end)), t(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::fixtures::monday;
    use crate::calendar::days_from_civil;

    #[test]
    fn the_api_takes_days_written_exactly() {
        assert!(is_iso_day("2026-12-07"));
        for loose in ["2026-12-7", " 2026-12-07", "+026-12-07", "2026/12/07", "2026-12-07T00", "２０２６-12-07"] {
            assert!(!is_iso_day(loose), "{loose}");
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
}
