use sea_orm::entity::prelude::*;

/// A resident checked in at the door of an assembly's session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assembly_attendance")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assembly_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub checked_in_by: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
