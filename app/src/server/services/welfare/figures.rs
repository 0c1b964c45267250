//! The published figures: per dong and month, how many referrals arrived, how many households
//! were visited and how many were linked to a service. A count under five is withheld
//! (`domain::welfare::Figure`), so no cell can point at one household. Public.

use crate::domain::geo::DongCode;
use crate::domain::ledger::Month;
use crate::domain::welfare::{Figure, PUBLISH_AT_LEAST};
use crate::dto::welfare::{MonthFigures, WelfareFigures};
use crate::error::AppError;
use crate::server::entities::{dong, welfare_case};
use crate::server::services::time_fmt;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

fn published(n: i64) -> Option<u64> {
    match Figure::of(u64::try_from(n).unwrap_or_default()) {
        Figure::Count(n) => Some(n),
        Figure::FewerThan(_) => None,
    }
}

/// The last twelve months of the dong's referrals, oldest first.
pub async fn of_dong(db: &impl ConnectionTrait, code: &DongCode) -> Result<WelfareFigures, AppError> {
    dong::Entity::find_by_id(code.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    let this = Month::parse(&time_fmt::seoul_date(chrono::Utc::now())[..7])?;
    let months = this.last_twelve();
    let first = months.first().map(|m| format!("{:04}-{:02}", m.year, m.month)).unwrap_or_default();
    let rows: Vec<(String, i64, i64, i64)> = welfare_case::Entity::find()
        .select_only()
        .column(welfare_case::Column::ReceivedMonth)
        .column_as(welfare_case::Column::Id.count(), "received")
        .column_as(welfare_case::Column::VisitedAt.count(), "visited")
        .column_as(welfare_case::Column::LinkedAt.count(), "linked")
        .filter(welfare_case::Column::DongCode.eq(code.as_str()))
        .filter(welfare_case::Column::Kind.eq("referral"))
        .filter(welfare_case::Column::ReceivedMonth.gte(first))
        .group_by(welfare_case::Column::ReceivedMonth)
        .into_tuple()
        .all(db)
        .await?;
    let by_month: HashMap<String, (i64, i64, i64)> = rows.into_iter().map(|(m, a, b, c)| (m, (a, b, c))).collect();
    Ok(WelfareFigures {
        dong_code: code.as_str().to_owned(),
        withheld_below: PUBLISH_AT_LEAST,
        months: months
            .into_iter()
            .map(|m| {
                let key = format!("{:04}-{:02}", m.year, m.month);
                let (received, visited, linked) = by_month.get(&key).copied().unwrap_or_default();
                MonthFigures {
                    month: key,
                    received: published(received),
                    visited: published(visited),
                    linked: published(linked),
                }
            })
            .collect(),
    })
}
