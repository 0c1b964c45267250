use super::Stored;
use sea_orm::entity::prelude::*;

/// A booking of a space. The database refuses two active ones (requested, confirmed, checked
/// in) of one space that overlap (migration `m20261124_000009_booking`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bookings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub space_id: i64,
    pub dong_code: String,
    /// Whose booking it is (for a walk-in: the staff member who booked it).
    pub booker_id: i64,
    pub created_by: i64,
    /// The resident staff booked for at the counter.
    pub walk_in_name: Option<String>,
    pub group_id: Option<i64>,
    pub series_id: Option<i64>,
    /// The assembly this booking holds the venue for.
    pub assembly_id: Option<i64>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub purpose: String,
    pub attendees: i32,
    /// `domain::booking::Status::as_str`.
    pub status: Stored<domain::booking::Status>,
    /// Whole won.
    pub fee: i64,
    /// The fund's income entry for the fee, once confirmed.
    pub fund_entry_id: Option<i64>,
    /// Why it was declined or cancelled by staff.
    pub reason: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
