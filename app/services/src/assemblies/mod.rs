//! Resident general assemblies: the dong's bylaws, creating an assembly and its agenda, moving it
//! through its lifecycle, and online ballots.
//!
//! Integrity of the vote:
//! - Taking part in an item is a `participations` row, unique per (item, resident) in the
//!   database, whatever the concurrency: of several submissions, one inserts it and the others
//!   find it.
//! - One channel per resident and assembly (`assembly_channels`): who voted online on any item
//!   is never checked in for paper ballots, and who was checked in cannot vote online.
//! - The ballot is written in the same transaction as the participation, and only when the
//!   participation was new. A secret ballot is sealed (`sealed_ballots`, see `BallotSeal`) until
//!   the close, which opens the assembly's ballots and writes them, shuffled, as `secret_ballots`
//!   rows (the item and the choice under a random key, nothing else); an open ballot
//!   (`open_ballots`) names its voter and may be changed until the close.
//! - Eligibility (verified resident of the dong, old enough by the bylaws, voting open, the item
//!   in this assembly, a valid choice) is checked here, not only in the page.

mod agenda;
mod ballots;
mod bylaws;
pub mod door;
mod lifecycle;
mod minutes;
pub mod notice;
mod reading;
pub mod results;

pub(crate) use agenda::items_of;
pub use agenda::{add_item, create, create_at_venue, move_item, remove_item};
pub use ballots::{Cast, cast, sealed_size};
pub(crate) use ballots::{Channel, ballot_of, claim_channel, kind_of};

pub use bylaws::{bylaws, bylaws_of, bylaws_view, set_bylaws};

pub use lifecycle::{advance, cancel, edit};
pub use minutes::save_minutes;
pub use reading::{detail, list, search, summary};

use crate::entities::assembly;
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::assembly::SeoulMinute;
use domain::geo::DongCode;
use domain::{Field, InputRule};
use sea_orm::{ConnectionTrait, EntityTrait};

// ---- an assembly, as stored ---------------------------------------------------------------------

pub(crate) async fn find(db: &impl ConnectionTrait, id: i64) -> Result<assembly::Model, AppError> {
    assembly::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// Residents may see it (`AssemblyStatus::is_public`). Whether it was announced is read from
/// `eligible_count`, which the announcement fixes and nothing clears.
pub(crate) fn is_public(a: &assembly::Model) -> bool {
    a.status.is_public(a.eligible_count.is_some())
}

pub(crate) fn dong_of(a: &assembly::Model) -> Result<DongCode, AppError> {
    Ok(DongCode::parse(&a.dong_code)?)
}

/// A minute on Seoul's clock as UTC.
pub fn utc_of(m: SeoulMinute) -> Result<DateTime<Utc>, AppError> {
    chrono::NaiveDate::from_ymd_opt(m.year, m.month, m.day)
        .and_then(|d| d.and_hms_opt(m.hour, m.minute, 0))
        .and_then(super::time_fmt::seoul_instant)
        .ok_or_else(|| AppError::input(Field::SessionStarts, InputRule::DateAndTime))
}
