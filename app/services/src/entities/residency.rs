use super::Stored;
use sea_orm::entity::prelude::*;

/// Staff's record that a person lives in a dong. Ending it (moving out) keeps the row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "residencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub dong_code: String,
    /// `domain::identity::VerificationMethod` in its stored form.
    pub method: Stored<domain::identity::VerificationMethod>,
    pub verified_by: Option<i64>,
    pub verified_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    pub ended_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
