use sea_orm::entity::prelude::*;

/// Σ debits − Σ credits of one account in one dong's journal over one month (`YYYY-MM`),
/// changed in the transaction that posts the entry: the fund's balances and flows read these
/// instead of summing the journal.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_month_totals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dong_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub account: String,
    pub net: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
