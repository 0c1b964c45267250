//! Booking the centers' spaces: requests and instant bookings, recurring series, approval,
//! cancellation, check-in and no-shows, walk-in bookings by staff, an assembly's venue, fees into
//! the fund, and the availability tables.
//!
//! No double booking, by construction:
//! - every booking runs in a write transaction that first locks the space's row (PostgreSQL:
//!   `SELECT … FOR UPDATE`; SQLite: the transaction is `BEGIN IMMEDIATE`, which holds the
//!   database's write lock), then reads the space's bookings and checks the request with
//!   `domain::booking::check`;
//! - and the database refuses an overlapping active booking on its own (an exclusion constraint
//!   on PostgreSQL, triggers on SQLite — migration `m20261124_000009_booking`), answered here as
//!   the same 409 "already booked".

pub mod feeds;
mod holding;
pub mod spaces;
mod views;
mod writing;

pub use holding::suspended_until;
pub use views::{center, console, district, mine, page, space_page, week_grid};

pub use writing::{
    book, book_for_walk_in, cancel, decide, mark, move_venue, release_venue, reserve_venue, venue_booking,
};

use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::booking::{self as rules, Every, Refusal, Span};
use domain::{Field, InputRule, Unit};
use sea_orm::DbErr;

/// The states in which a booking holds its time (what the overlap rule and the feeds count), as
/// stored: the domain's `Status::holds_the_space`, not a list of its own.
fn holding_states() -> Vec<&'static str> {
    rules::Status::ALL.into_iter().filter(|s| s.holds_the_space()).map(rules::Status::as_str).collect()
}

/// The database's own refusal of an overlap, as the 409 people act on.
fn overlap(e: DbErr) -> AppError {
    if e.to_string().contains("bookings_no_overlap") { AppError::Conflict(ErrorCode::AlreadyBooked) } else { e.into() }
}

fn rule(field: &str, r: &Refusal) -> AppError {
    AppError::invalid_code(field, ErrorCode::BookingRule { rule: r.clone() })
}

/// Why a request cannot be booked, as an error a person can act on.
pub fn refusal(r: &Refusal) -> AppError {
    match r {
        Refusal::AlreadyBooked => AppError::Conflict(ErrorCode::AlreadyBooked),
        Refusal::QuotaReached(limit) => AppError::Conflict(ErrorCode::WeeklyLimit { limit: *limit }),
        Refusal::Blackout(reason) => AppError::Conflict(ErrorCode::SpaceClosed { reason: reason.clone() }),
        Refusal::OverCapacity(_) | Refusal::NoAttendees => rule("attendees", r),
        Refusal::TooShort(_) | Refusal::TooLong(_) | Refusal::NotOnSlots(_) => rule("end", r),
        _ => rule("start", r),
    }
}

/// A booking request, parsed: made only by [`BookingRequest::new`] (REST, the demo, tests) or
/// [`BookingRequest::parse`] (a form's text), so the purpose's bounds are checked in one place.
#[derive(Debug, Clone)]
pub struct BookingRequest {
    span: Span,
    purpose: String,
    attendees: u32,
    group: Option<i64>,
}

impl BookingRequest {
    /// The purpose is 2–200 characters; the span and the number of people are checked against
    /// the space's rules when booking.
    pub fn new(span: Span, purpose: &str, attendees: u32, group: Option<i64>) -> Result<BookingRequest, AppError> {
        let purpose = domain::text::bounded(Field::Purpose, purpose, 2, 200, false)?;
        Ok(BookingRequest { span, purpose, attendees, group })
    }

    /// The same request, made for `group` (or for oneself).
    pub fn with_group(self, group: Option<i64>) -> BookingRequest {
        BookingRequest { group, ..self }
    }

    /// From a form: a day, start and end times, and the rest as typed.
    pub fn parse(
        date: &str,
        start: &str,
        end: &str,
        purpose: &str,
        attendees: &str,
        group: &str,
    ) -> Result<BookingRequest, AppError> {
        let span = rules::parse_span(date, start, end)?;
        let attendees: u32 = attendees.trim().parse().map_err(|_| {
            AppError::input(
                Field::Attendees,
                InputRule::Number { min: 1, max: domain::booking::MAX_CAPACITY, unit: Unit::People },
            )
        })?;
        let group = match group.trim() {
            "" => None,
            g => Some(g.parse::<i64>().map_err(|_| AppError::input(Field::Group, InputRule::NotChosen))?),
        };
        BookingRequest::new(span, purpose, attendees, group)
    }
}

/// Once, or a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Once,
    Series(Every, u32),
}

impl Repeat {
    pub fn parse(repeat: &str, count: &str) -> Result<Repeat, AppError> {
        let every = match repeat.trim() {
            "" | "once" => return Ok(Repeat::Once),
            "week" => Every::Week,
            "fortnight" => Every::Fortnight,
            _ => return Err(AppError::input(Field::Repeat, InputRule::NotChosen)),
        };
        let n: u32 = count
            .trim()
            .parse()
            .map_err(|_| AppError::input(Field::Count, InputRule::Number { min: 2, max: 26, unit: Unit::Times }))?;
        if !(2..=26).contains(&n) {
            return Err(AppError::input(Field::Count, InputRule::Number { min: 2, max: 26, unit: Unit::Times }));
        }
        Ok(Repeat::Series(every, n))
    }
}
