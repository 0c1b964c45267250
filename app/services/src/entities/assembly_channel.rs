use super::Stored;
use sea_orm::entity::prelude::*;

/// How a resident takes part in an assembly: `online` (voted on the site) or `paper` (checked
/// in at the door). The first to be recorded wins; the other is refused.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assembly_channels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assembly_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub channel: Stored<domain::assembly::Channel>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
