use sea_orm::entity::prelude::*;

/// What the center is to tell whom by a call or a visit (table `call_list`, migration
/// `m20261208_000026_reminders`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_list")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub dong_code: String,
    /// The notice's kind (`NoticeKind::as_str`).
    pub event: String,
    pub subject: String,
    pub path: Option<String>,
    pub dedup_key: String,
    pub created_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    pub done_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
