use super::Stored;
use sea_orm::entity::prelude::*;

/// A recurring booking: its occurrences are bookings with this `series_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "booking_series")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub space_id: i64,
    pub booker_id: i64,
    pub group_id: Option<i64>,
    /// `week` or `fortnight`.
    pub every: Stored<domain::booking::Every>,
    pub count: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
