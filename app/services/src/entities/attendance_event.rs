use super::Stored;
use sea_orm::entity::prelude::*;

/// A check-in at an assembly's door, or its undoing (`kind` = `check_in` | `undo`), with who did
/// it. Append-only; `assembly_attendance` is the current list.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assembly_id: i64,
    pub user_id: i64,
    pub kind: Stored<domain::assembly::AttendanceStep>,
    pub by_user_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
