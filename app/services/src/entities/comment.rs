use sea_orm::entity::prelude::*;

/// A comment on a proposal; replies have a parent (one level).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    /// Markdown.
    pub body: String,
    pub hidden: bool,
    pub moderation_reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
