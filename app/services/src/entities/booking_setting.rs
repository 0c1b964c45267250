use sea_orm::entity::prelude::*;

/// A dong's no-show rule (no row means the defaults of `domain::booking::NoShowRule`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "booking_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dong_code: String,
    pub no_show_limit: i32,
    pub no_show_window_days: i32,
    pub suspension_days: i32,
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
