use sea_orm::entity::prelude::*;

/// A space's opening hours on one weekday (Monday 0 … Sunday 6), in minutes after midnight on
/// Seoul's clock. No row: closed that day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "space_hours")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub space_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub weekday: i16,
    pub opens: i32,
    pub closes: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
