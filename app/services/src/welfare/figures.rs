//! The published figures: per dong and month, how many referrals arrived, how many households
//! were first visited and how many were first linked to a service. A count under five is withheld
//! (`domain::welfare::Figure`), so no cell can point at one household. Public.
//!
//! Only closed months are published, and each count belongs to the month its event happened in
//! (a referral's arrival, its first visit, its first linked service), so a published figure never
//! changes: nothing is shown for the running month, and nobody can date one household's
//! outcome by watching a count go up.

use crate::entities::{Stored, dong, welfare_case};
use crate::time_fmt;
use chrono::{DateTime, Utc};
use contract::dto::welfare::{MonthFigures, WelfareFigures};
use contract::error::AppError;
use domain::geo::DongCode;
use domain::ledger::Month;
use domain::welfare::{CaseKind, Figure, PUBLISH_AT_LEAST};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

fn published(n: i64) -> Option<u64> {
    match Figure::of(u64::try_from(n).unwrap_or_default()) {
        Figure::Count(n) => Some(n),
        Figure::FewerThan(_) => None,
    }
}

type Time = DateTime<Utc>;

/// The twelve closed months before the running one, oldest first.
pub async fn of_dong(db: &impl ConnectionTrait, code: &DongCode) -> Result<WelfareFigures, AppError> {
    of_dong_at(db, code, chrono::Utc::now()).await
}

/// As `of_dong`, as of `now`.
pub async fn of_dong_at(
    db: &impl ConnectionTrait,
    code: &DongCode,
    now: DateTime<Utc>,
) -> Result<WelfareFigures, AppError> {
    dong::Entity::find_by_id(code.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    let running = Month::parse(&time_fmt::seoul_date(now)[..7])?;
    let months = running.previous().last_twelve();
    let key = |m: &Month| format!("{:04}-{:02}", m.year, m.month);
    let first = months.first().map(key).unwrap_or_default();
    let last = months.last().map(key).unwrap_or_default();
    let received: Vec<(String, i64)> = welfare_case::Entity::find()
        .select_only()
        .column(welfare_case::Column::ReceivedMonth)
        .column_as(welfare_case::Column::Id.count(), "received")
        .filter(welfare_case::Column::DongCode.eq(code.as_str()))
        .filter(welfare_case::Column::Kind.eq(Stored(CaseKind::Referral)))
        .filter(welfare_case::Column::ReceivedMonth.gte(first.as_str()))
        .filter(welfare_case::Column::ReceivedMonth.lte(last.as_str()))
        .group_by(welfare_case::Column::ReceivedMonth)
        .into_tuple()
        .all(db)
        .await?;
    // first visits and links: the month each happened in (a case received before the window
    // may be visited inside it), counted here from their times (a few hundred rows a dong)
    let since = now - chrono::Duration::days(13 * 31);
    let outcomes: Vec<(Option<Time>, Option<Time>)> = welfare_case::Entity::find()
        .select_only()
        .column(welfare_case::Column::VisitedAt)
        .column(welfare_case::Column::LinkedAt)
        .filter(welfare_case::Column::DongCode.eq(code.as_str()))
        .filter(welfare_case::Column::Kind.eq(Stored(CaseKind::Referral)))
        .filter(
            sea_orm::Condition::any()
                .add(welfare_case::Column::VisitedAt.gte(since))
                .add(welfare_case::Column::LinkedAt.gte(since)),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: HashMap<String, (i64, i64, i64)> = HashMap::new();
    for (month, n) in received {
        counts.entry(month).or_default().0 += n;
    }
    let month_of = |t: DateTime<Utc>| time_fmt::seoul_date(t)[..7].to_owned();
    for (visited, linked) in outcomes {
        if let Some(t) = visited {
            counts.entry(month_of(t)).or_default().1 += 1;
        }
        if let Some(t) = linked {
            counts.entry(month_of(t)).or_default().2 += 1;
        }
    }
    Ok(WelfareFigures {
        dong_code: code.as_str().to_owned(),
        withheld_below: PUBLISH_AT_LEAST,
        months: months
            .iter()
            .map(|m| {
                let month = key(m);
                let (received, visited, linked) = counts.get(&month).copied().unwrap_or_default();
                MonthFigures {
                    month,
                    received: published(received),
                    visited: published(visited),
                    linked: published(linked),
                }
            })
            .collect(),
    })
}
