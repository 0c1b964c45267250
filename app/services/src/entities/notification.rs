use super::Stored;
use sea_orm::entity::prelude::*;

/// Something a person should know about, shown under the bell.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// `domain::moderation::NoticeKind` in its stored form.
    pub kind: Stored<domain::moderation::NoticeKind>,
    pub proposal_id: Option<i64>,
    pub group_id: Option<i64>,
    pub assembly_id: Option<i64>,
    pub booking_id: Option<i64>,
    pub claim_id: Option<i64>,
    /// The title of what it is about, as it was then.
    pub subject: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
