use super::Stored;
use sea_orm::entity::prelude::*;

/// One entry of a case's log: a contact attempt, a visit, or a service the case was linked to.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "welfare_activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    /// `contact_attempt`, `visit` or `service`.
    pub kind: Stored<domain::welfare::LogKind>,
    /// `YYYY-MM-DD`: the day it happened.
    pub on_date: String,
    /// Who made the attempt or the visit.
    pub official_id: Option<i64>,
    /// The service linked (`domain::welfare::Service`); `service` entries only.
    pub service: Option<Stored<domain::welfare::Service>>,
    /// Sealed: what was found. Emptied when the case's retention ends.
    pub findings: Option<String>,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
