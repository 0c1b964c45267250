use sea_orm::entity::prelude::*;

/// A part of a dong (통, or a grouping staff drew) and the center official in charge of it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "welfare_sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    pub name: String,
    /// Which 통 or streets it covers, as residents would recognise them.
    pub covers: String,
    /// The official in charge (a member of the center's staff or welfare team); unset while
    /// nobody is named.
    pub official_id: Option<i64>,
    /// The order sections are listed in.
    pub position: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Drawn by the demo loader.
    pub is_demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
