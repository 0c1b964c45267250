//! Spaces and bookings as pages and API clients see them. Times are minutes on Seoul's clock since
//! 1970-01-01 (`domain::booking::LocalMinute`) for pages, and RFC 3339 strings for the REST API;
//! amounts are whole won.

use super::{GroupRef, Place};
use serde::{Deserialize, Serialize};

/// A space of a center, with its rules and opening hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SpaceView {
    pub id: i64,
    pub dong_code: String,
    pub name: String,
    /// `book_cafe`, `screening_room`, `meeting_room`, `lecture_room`, `kitchen`, `rooftop`, `other`.
    #[serde(with = "domain::term::as_word")]
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: domain::booking::SpaceKind,
    pub capacity: u32,
    pub floor: String,
    pub step_free: bool,
    pub elevator: bool,
    pub accessible_toilet: bool,
    pub hearing_loop: bool,
    pub equipment: String,
    pub description: String,
    pub slot_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub horizon_days: i64,
    pub min_notice_minutes: i64,
    pub approval_required: bool,
    /// Whole won per hour; 0 is free.
    pub fee_per_hour: i64,
    pub group_waiver: bool,
    pub weekly_quota_person: Option<u32>,
    pub weekly_quota_group: Option<u32>,
    /// Per weekday, Monday first; none: closed that day.
    pub hours: Vec<Option<DayHours>>,
    pub active: bool,
    pub photo: Option<SpacePhoto>,
}

/// A space's photo, and what it shows (for people who cannot see it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SpacePhoto {
    pub url: String,
    pub alt: String,
}

/// A day's opening hours in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DayHours {
    pub opens: i64,
    pub closes: i64,
}

/// One cell of an availability table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Cell {
    pub space_id: i64,
    pub start: i64,
    pub end: i64,
    /// `free`, `booked`, `requested`, `mine`, `closed` (a closure, with its reason), `shut`
    /// (outside opening hours) or `past`.
    pub state: String,
    pub note: Option<String>,
}

/// A row of the table: one time of day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GridRow {
    /// Minutes after midnight.
    pub time: i64,
    pub cells: Vec<Cell>,
}

/// A column: a space (a center's day) or a day (a space's week, `day` = days since 1970-01-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GridColumn {
    pub space_id: i64,
    pub label: String,
    pub day: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Grid {
    pub columns: Vec<GridColumn>,
    pub rows: Vec<GridRow>,
}

/// What the person looking may do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingViewer {
    pub signed_in: bool,
    /// A verified resident of the dong (books instantly where the space allows).
    pub verified: bool,
    pub staff: bool,
    /// Staff of the dong or the district's expert: sees the console.
    pub console: bool,
    /// Groups of the dong the person is an active member of (to book for); organisers may book
    /// series.
    pub groups: Vec<(GroupRef, bool)>,
    /// Booking suspended after no-shows until then.
    pub suspended_until: Option<i64>,
}

/// `/dongs/:code/spaces`: a center's spaces and one day of all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterSpaces {
    pub place: Place,
    pub spaces: Vec<SpaceView>,
    pub day: i64,
    pub today: i64,
    pub grid: Grid,
    pub viewer: BookingViewer,
}

/// `/spaces/:id`: a space, a week of it, and the booking form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpacePage {
    pub place: Place,
    pub space: SpaceView,
    /// The Monday of the week shown.
    pub week: i64,
    pub today: i64,
    pub grid: Grid,
    pub blackouts: Vec<BlackoutView>,
    pub viewer: BookingViewer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlackoutView {
    pub id: i64,
    /// None: the whole center.
    pub space: Option<String>,
    pub start: i64,
    pub end: i64,
    pub reason: String,
}

/// A booking as its booker, the center's staff and the district's expert see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    pub id: i64,
    pub space_id: i64,
    pub space_name: String,
    pub dong_code: String,
    pub start: i64,
    pub end: i64,
    pub purpose: String,
    pub attendees: u32,
    #[serde(with = "domain::term::as_word")]
    pub status: domain::booking::Status,
    pub fee: i64,
    pub group: Option<GroupRef>,
    /// Shown to staff and the expert only.
    pub booker_name: Option<String>,
    pub walk_in_name: Option<String>,
    pub reason: Option<String>,
    pub series_id: Option<i64>,
    pub assembly_id: Option<i64>,
    pub can_cancel: bool,
    pub can_decide: bool,
    pub can_check_in: bool,
    pub can_mark_no_show: bool,
}

/// A skipped occurrence of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipView {
    pub start: i64,
    pub end: i64,
    /// The space's rule that refused the date; `None` only for dates skipped before the rule was
    /// stored typed.
    pub rule: Option<domain::booking::Refusal>,
    /// The rule in English (or the text such an older row holds).
    pub reason: String,
}

/// `/bookings`: one's own bookings, and the private calendar feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBookings {
    pub upcoming: Vec<BookingView>,
    pub past: Vec<BookingView>,
    pub feed_active: bool,
}

/// `/bookings/:id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPage {
    pub booking: BookingView,
    pub place: Place,
    /// For an occurrence of a series: the occurrences skipped when it was booked.
    pub skipped: Vec<SkipView>,
    pub siblings: Vec<BookingView>,
}

/// `/dongs/:code/spaces/console`: the center's calendar and what staff act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Console {
    pub place: Place,
    pub spaces: Vec<SpaceView>,
    pub requests: Vec<BookingView>,
    /// Today and the next six days.
    pub upcoming: Vec<BookingView>,
    /// Started and not yet marked (check-in or no-show), the last seven days.
    pub to_mark: Vec<BookingView>,
    pub blackouts: Vec<BlackoutView>,
    pub no_show_limit: u32,
    pub no_show_window_days: i64,
    pub suspension_days: i64,
    /// Staff act; the district's expert looks.
    pub staff: bool,
    pub today: i64,
}

/// `/districts/:code/spaces`: the expert's overview of the district's centers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictSpaces {
    pub place: Place,
    pub centers: Vec<CenterLoad>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterLoad {
    pub dong: Place,
    pub spaces: u64,
    pub requests: u64,
    pub this_week: u64,
}

/// The answer to a booking request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booked {
    /// The (first) booking.
    pub id: i64,
    /// `confirmed` or `requested`.
    #[serde(with = "domain::term::as_word")]
    pub status: domain::booking::Status,
    pub fee: i64,
    pub booked: u32,
    pub skipped: Vec<SkipView>,
}
