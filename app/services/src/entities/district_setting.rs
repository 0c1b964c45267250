use sea_orm::entity::prelude::*;

/// A district's moderation rules (no row means the defaults).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "district_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub district_code: String,
    pub report_threshold: i32,
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
