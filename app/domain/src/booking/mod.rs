//! Booking the centers' open spaces: the rules a request must meet (opening hours, blackouts,
//! slot size, duration, notice, horizon, capacity, weekly quotas), whether it is confirmed at once
//! or waits for staff, its fee, recurring series, and suspension after repeated no-shows. Pure:
//! the services load the space and its bookings, these decide; the database holds the
//! no-overlap invariant itself.
//!
//! Times are minutes on Seoul's clock since 1970-01-01 00:00 (`LocalMinute`); Seoul keeps UTC+9
//! all year, so the services convert with a fixed offset through a timezone library.

mod request;
mod space;
mod status;
mod time;

pub use request::{Context, Every, Outcome, Refusal, check, fee, series};
pub use space::{Access, Approval, Blackout, MAX_CAPACITY, OpeningHours, Rules, RulesInput, SpaceDetails, SpaceKind};
pub use status::{NoShowRule, Status, Step, StepRefusal, suspended_until};
pub use time::{
    LocalMinute, MINUTES_PER_DAY, Span, clock, day_label, day_of, day_string, is_iso_day, parse_clock, parse_day,
    parse_span, span_label, week_of, weekday,
};

/// Helpers the tests of several files share.
#[cfg(test)]
mod fixtures {
    use super::{LocalMinute, MINUTES_PER_DAY, OpeningHours, Span};
    use crate::calendar::days_from_civil;

    /// 2026-12-07 (a Monday) at `hh:mm`.
    pub(super) fn monday(hh: i64, mm: i64) -> LocalMinute {
        days_from_civil(2026, 12, 7) * MINUTES_PER_DAY + hh * 60 + mm
    }

    pub(super) fn span(a: LocalMinute, b: LocalMinute) -> Span {
        Span::new(a, b).unwrap_or_else(|e| panic!("{e}"))
    }

    pub(super) fn weekdays_9_to_22() -> OpeningHours {
        let open = Some((9 * 60, 22 * 60));
        OpeningHours([open, open, open, open, open, Some((10 * 60, 17 * 60)), None])
    }
}
