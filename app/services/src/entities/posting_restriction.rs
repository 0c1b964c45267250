use super::Stored;
use sea_orm::entity::prelude::*;

/// The expert's warning to, or block of, a person posting in the district.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posting_restrictions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub district_code: String,
    /// `warning` or `block`.
    pub kind: Stored<domain::moderation::RestrictionKind>,
    pub reason: String,
    /// A block ends then.
    pub until: Option<DateTimeUtc>,
    pub by_user: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
