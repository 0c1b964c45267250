//! `/api/v1` for the centers' spaces: the spaces of a dong, one space, its availability, and
//! booking or cancelling with a token. Times are RFC 3339 instants; the slots follow Seoul's
//! clock (Asia/Seoul).

use crate::api::problem::Problem;
use crate::api::state::AppState;
use crate::domain::booking::{MINUTES_PER_DAY, Span, parse_day};
#[cfg(feature = "ssr")]
use crate::domain::{Field, Format, InputRule, Unit};
use crate::dto::bookings::SpaceView;
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use services::bookings::spaces;
use services::bookings::{self, BookingRequest, Repeat};
use services::time_fmt::{from_local_minute, local_minute, now_local};
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The feature's REST routes, each registered with its operation's document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_spaces))
        .routes(routes!(get_space))
        .routes(routes!(get_availability))
        .routes(routes!(create_booking))
        .routes(routes!(cancel_booking))
}

/// List a center's spaces
///
/// The open spaces of the dong's community service center, with their rules and opening hours
/// (minutes after midnight, Seoul time, Monday first).
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/spaces",
    tag = "bookings",
    params(("code" = String, Path, description = "10-digit dong code")),
    responses(
        (status = 200, description = "The spaces", body = [SpaceView]),
        (status = 422, description = "Not a dong code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_spaces(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Vec<SpaceView>>, AppError> {
    let dong = crate::api::rest::dong_in_path(&code)?;
    let models = spaces::of_dong(&state.db, &dong, false).await?;
    let hours = spaces::hours_of(&state.db, models.iter().map(|s| s.id)).await?;
    let closed = crate::domain::booking::OpeningHours::CLOSED;
    Ok(Json(models.iter().map(|s| spaces::view(s, hours.get(&s.id).unwrap_or(&closed))).collect()))
}

/// Get a space
#[utoipa::path(
    get,
    path = "/api/v1/spaces/{id}",
    tag = "bookings",
    params(("id" = i64, Path, description = "The space's number")),
    responses(
        (status = 200, description = "The space", body = SpaceView),
        (status = 404, description = "No such space", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_space(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<SpaceView>, AppError> {
    let s = spaces::find(&state.db, id).await?;
    if !s.active {
        return Err(AppError::NotFound);
    }
    let hours = spaces::hours_of(&state.db, [s.id])
        .await?
        .remove(&s.id)
        .unwrap_or(crate::domain::booking::OpeningHours::CLOSED);
    Ok(Json(spaces::view(&s, &hours)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AvailabilityQuery {
    /// The first day, `YYYY-MM-DD` (Seoul, 2000–2100); today if not given.
    #[param(
        pattern = r"^(?:(?:20[0-9]{2}|2100)-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|20(?:[02468][048]|[13579][26])-02-29)$"
    )]
    from: Option<String>,
    /// How many days, 1–14 (default 7).
    #[param(minimum = 1, maximum = 14)]
    days: Option<i64>,
}

/// One slot of a space.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Slot {
    /// RFC 3339 with Seoul's offset.
    starts_at: String,
    ends_at: String,
    /// `free`, `booked` (confirmed or checked in), `requested`, `closed` (a closure) or `past`.
    state: String,
    /// A closure's reason.
    note: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Availability {
    space_id: i64,
    slot_minutes: i64,
    slots: Vec<Slot>,
}

/// Get a space's availability
///
/// Its slots within opening hours, day by day, each free, booked, requested, closed or past.
/// Who booked is never shown.
#[utoipa::path(
    get,
    path = "/api/v1/spaces/{id}/availability",
    tag = "bookings",
    params(("id" = i64, Path, description = "The space's number"), AvailabilityQuery),
    responses(
        (status = 200, description = "The slots", body = Availability),
        (status = 404, description = "No such space", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad date or number of days", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_availability(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<AvailabilityQuery>,
) -> Result<Json<Availability>, AppError> {
    let s = spaces::find(&state.db, id).await?;
    if !s.active {
        return Err(AppError::NotFound);
    }
    let days = q.days.unwrap_or(7);
    if !(1..=14).contains(&days) {
        return Err(AppError::input(Field::Days, InputRule::Number { min: 1, max: 14, unit: Unit::Days }));
    }
    let from = match q.from.as_deref() {
        Some(d) if crate::domain::booking::is_iso_day(d) => parse_day(Field::From, d)?,
        Some(_) => return Err(AppError::input(Field::From, InputRule::Format { format: Format::Date })),
        None => now_local().div_euclid(MINUTES_PER_DAY),
    };
    let hours = spaces::hours_of(&state.db, [s.id])
        .await?
        .remove(&s.id)
        .unwrap_or(crate::domain::booking::OpeningHours::CLOSED);
    let mut slots = Vec::new();
    // the week grid is Monday-based; walk the weeks that cover the days asked for
    let mut monday = from - crate::domain::calendar::weekday_of_day(from) as i64;
    while monday < from + days {
        let (grid, _) = bookings::week_grid(&state.db, &s, &hours, monday, None).await?;
        let mut cells: Vec<_> = grid.rows.into_iter().flat_map(|r| r.cells).collect();
        cells.sort_by_key(|c| c.start);
        for c in cells {
            let day = c.start.div_euclid(MINUTES_PER_DAY);
            if day < from || day >= from + days || c.state == "shut" {
                continue;
            }
            slots.push(Slot {
                starts_at: seoul_rfc3339(c.start),
                ends_at: seoul_rfc3339(c.end),
                state: if c.state == "mine" { "booked".into() } else { c.state },
                note: c.note,
            });
        }
        monday += 7;
    }
    Ok(Json(Availability { space_id: s.id, slot_minutes: i64::from(s.slot_minutes), slots }))
}

/// A booking request.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BookingBody {
    /// RFC 3339, on the space's slots in Seoul time, e.g. `2026-12-07T19:00:00+09:00`.
    starts_at: String,
    ends_at: String,
    purpose: String,
    attendees: u32,
    /// A group of the dong you belong to (fee waiver for registered groups, group quota).
    group: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BookingReceipt {
    id: i64,
    /// `confirmed`, or `requested` (the center's staff decide).
    status: String,
    /// Whole won.
    fee: i64,
}

fn seoul_rfc3339(m: i64) -> String {
    from_local_minute(m).with_timezone(&chrono_tz::Asia::Seoul).to_rfc3339()
}

fn instant(field: Field, s: &str) -> Result<i64, AppError> {
    let t = DateTime::<FixedOffset>::parse_from_rfc3339(s.trim())
        .map_err(|_| AppError::input(field, InputRule::Format { format: Format::Rfc3339Minute }))?;
    let t = t.with_timezone(&Utc);
    if t.timestamp() % 60 != 0 {
        return Err(AppError::input(field, InputRule::Format { format: Format::Rfc3339Minute }));
    }
    Ok(local_minute(t))
}

/// Book a space
///
/// As the token's owner. A verified resident of the dong is confirmed at once where the space
/// allows; anyone else's booking is a request the center's staff decide. Needs a `read_write`
/// token. A time someone else holds is refused with 409 "already booked" — the database itself
/// refuses overlapping bookings, however many requests arrive at once.
#[utoipa::path(
    post,
    path = "/api/v1/spaces/{id}/bookings",
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The space's number")),
    request_body = BookingBody,
    responses(
        (status = 201, description = "Booked or requested", body = BookingReceipt),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such space", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already booked, closed then, over the weekly limit, or booking suspended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Outside the rules (hours, slots, duration, notice, horizon, capacity)", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn create_booking(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
    Json(body): Json<BookingBody>,
) -> Result<(StatusCode, Json<BookingReceipt>), AppError> {
    let actor = crate::api::edge::writer(&state, &headers, &session).await?;
    let span = Span::new(instant(Field::StartsAt, &body.starts_at)?, instant(Field::EndsAt, &body.ends_at)?)?;
    let req = BookingRequest::new(span, &body.purpose, body.attendees, body.group)?;
    let booked = bookings::book(&state.db, Some(&actor), id, req, Repeat::Once).await?;
    Ok((
        StatusCode::CREATED,
        Json(BookingReceipt { id: booked.id, status: booked.status.as_str().to_owned(), fee: booked.fee }),
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CancelBody {
    /// Required when the center's staff cancel someone else's booking.
    reason: Option<String>,
}

/// Cancel a booking
///
/// Your own, before it starts; or, as the center's staff, anyone's with a reason. A paid fee is
/// refunded in the fund's books. Needs a `read_write` token.
#[utoipa::path(
    post,
    path = "/api/v1/bookings/{id}/cancel",
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The booking's number")),
    request_body = CancelBody,
    responses(
        (status = 204, description = "Cancelled"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not your booking", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such booking", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already started, over or cancelled", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn cancel_booking(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
    body: Option<Json<CancelBody>>,
) -> Result<StatusCode, AppError> {
    let actor = crate::api::edge::writer(&state, &headers, &session).await?;
    let reason = body.and_then(|Json(b)| b.reason).unwrap_or_default();
    bookings::cancel(&state.db, Some(&actor), id, &reason).await?;
    Ok(StatusCode::NO_CONTENT)
}
