use sea_orm::entity::prelude::*;

/// The community service center (주민센터) of a dong: exactly one per dong.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "centers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub dong_code: String,
    pub name_ko: String,
    pub name_en: String,
    pub address_ko: String,
    pub address_en: String,
    pub opens: String,
    pub closes: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
