use sea_orm::entity::prelude::*;

/// A saved text of an assembly's minutes once published. Append-only: the last is current.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assembly_id: i64,
    pub body: String,
    /// None for versions older than the record of authors.
    pub saved_by: Option<i64>,
    pub saved_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
