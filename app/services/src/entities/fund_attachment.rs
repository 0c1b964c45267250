use sea_orm::entity::prelude::*;

/// A receipt or other evidence of a claim or an entry, stored as a file outside the database.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    pub claim_id: Option<i64>,
    pub entry_id: Option<i64>,
    pub storage_key: String,
    pub content_type: String,
    pub byte_size: i64,
    pub original_name: String,
    pub uploaded_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
