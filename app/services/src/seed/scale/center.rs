//! The seeded centers: three spaces in every dong with their bookings, and a year of each
//! dong's fund.

use super::{BATCH, HOT_DONG, Rng};
use crate::bookings::spaces::{self, SpaceForm, SpaceInput};
use crate::entities::{booking, journal_entry, journal_line};
use crate::{fund, identity};
use chrono::{DateTime, Duration, Utc};
use contract::error::AppError;
use domain::booking::{Access, RulesInput};
use domain::geo::DongCode;
use domain::ledger::{Account, EntryKind, ExpenseCategory, IncomeCategory};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait};
use std::collections::HashMap;

/// Three spaces in every dong (through the service, as staff make them); `wanted` bookings over
/// them, confirmed, an hour each, eight a day from four days ago.
pub(super) async fn bookings(
    db: &DatabaseConnection,
    rng: &mut Rng,
    dongs: &[String],
    staff: &HashMap<String, i64>,
    of_dong: &HashMap<&str, Vec<i64>>,
    wanted: usize,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let hours = [("09:00", "22:00"); 7];
    let mut made_spaces: Vec<(i64, String)> = Vec::new();
    for d in dongs {
        let dong = DongCode::parse(d)?;
        let Some(clerk) = identity::load_actor(db, staff[d]).await? else { continue };
        for (kind, name) in
            [("book_cafe", "규모 북카페"), ("meeting_room", "규모 회의실"), ("screening_room", "규모 상영실")]
        {
            let input = SpaceInput {
                name,
                kind,
                floor: "1층",
                access: Access { step_free: true, elevator: true, accessible_toilet: true, hearing_loop: false },
                equipment: "",
                description: "",
                rules: RulesInput {
                    capacity: "20",
                    slot_minutes: "30",
                    min_minutes: "30",
                    max_minutes: "240",
                    // a year: room for the benchmark's distinct booking slots
                    horizon_days: "365",
                    min_notice_minutes: "0",
                    approval_required: false,
                    fee_per_hour: "0",
                    group_waiver: true,
                    weekly_quota_person: "",
                    weekly_quota_group: "",
                },
                hours,
            };
            let id = spaces::create(db, Some(&clerk), &dong, SpaceForm::parse(&input)?).await?;
            made_spaces.push((id, d.clone()));
        }
    }
    crate::entities::space::Entity::update_many()
        .col_expr(crate::entities::space::Column::IsDemo, sea_orm::sea_query::Expr::value(true))
        .filter(crate::entities::space::Column::Id.is_in(made_spaces.iter().map(|(id, _)| *id)))
        .exec(db)
        .await?;
    // 10:00 Seoul today, in UTC
    let today = now.date_naive().and_hms_opt(1, 0, 0).map(|t| t.and_utc()).ok_or(AppError::Internal)?;
    let per_space = wanted / made_spaces.len().max(1);
    let mut rows = Vec::with_capacity(wanted);
    for (n, (space, d)) in made_spaces.iter().enumerate() {
        let Some(bookers) = of_dong.get(d.as_str()) else { continue };
        let extra = usize::from(n < wanted % made_spaces.len().max(1));
        for i in 0..per_space + extra {
            let starts = today + Duration::days(i as i64 / 8 - 4) + Duration::hours(i as i64 % 8);
            let booker = *rng.pick(bookers);
            rows.push(booking::ActiveModel {
                space_id: Set(*space),
                dong_code: Set(d.clone()),
                booker_id: Set(booker),
                created_by: Set(booker),
                walk_in_name: Set(None),
                group_id: Set(None),
                series_id: Set(None),
                assembly_id: Set(None),
                starts_at: Set(starts),
                ends_at: Set(starts + Duration::hours(1)),
                purpose: Set("주민 모임".to_owned()),
                attendees: Set(6),
                status: Set(domain::booking::Status::Confirmed.into()),
                fee: Set(0),
                fund_entry_id: Set(None),
                reason: Set(None),
                decided_by: Set(None),
                decided_at: Set(None),
                created_at: Set(starts - Duration::days(7)),
                updated_at: Set(starts - Duration::days(7)),
                ..Default::default()
            });
        }
    }
    let made = rows.len();
    let txn = db.begin().await?;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(BATCH / 2).collect();
        booking::Entity::insert_many(chunk).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(made)
}

/// `wanted` entries over all funds (a fifth in the hot dong): three incomes, then an expense
/// smaller than any income, so no fund is ever overdrawn.
pub(super) async fn ledger(
    db: &DatabaseConnection,
    rng: &mut Rng,
    dongs: &[String],
    staff: &HashMap<String, i64>,
    wanted: usize,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let hot_share = wanted / 5;
    let others = dongs.len().saturating_sub(1).max(1);
    let (each, rest) = ((wanted - hot_share) / others, (wanted - hot_share) % others);
    let mut made = 0;
    let mut plan: Vec<(&String, usize)> = Vec::with_capacity(dongs.len());
    for (i, d) in dongs.iter().filter(|d| *d != HOT_DONG).enumerate() {
        plan.push((d, each + usize::from(i < rest)));
    }
    let hot = dongs.iter().find(|d| *d == HOT_DONG).ok_or(AppError::Internal)?;
    plan.push((hot, hot_share));
    for (d, count) in plan {
        if count == 0 {
            continue;
        }
        let dong = DongCode::parse(d)?;
        let clerk = staff[d];
        let txn = db.begin().await?;
        fund::lock(&txn, &dong).await?;
        let mut planned = Vec::with_capacity(count);
        for i in 0..count {
            let day = now - Duration::days(365 - (i * 365 / count) as i64);
            let date = day.format("%Y-%m-%d").to_string();
            let (kind, amount, debit, credit, text) = if i % 4 == 3 {
                let amount = (rng.below(4) as i64 + 1) * 10_000;
                let category = *rng.pick(&ExpenseCategory::ALL);
                (EntryKind::Expense, amount, Account::Expense(category), Account::Cash, "마을 행사 물품 구입")
            } else {
                let amount = (rng.below(15) as i64 + 5) * 10_000;
                let category = *rng.pick(&[IncomeCategory::Donation, IncomeCategory::RentalFees]);
                (EntryKind::Income, amount, Account::Cash, Account::Income(category), "주민 기부금·사용료")
            };
            planned.push((format!("{text} #{:06}", i + 1), date, kind, amount, debit, credit));
        }
        for chunk in planned.chunks(BATCH) {
            journal_entry::Entity::insert_many(chunk.iter().map(|(text, date, kind, amount, ..)| {
                journal_entry::ActiveModel {
                    dong_code: Set(d.clone()),
                    entry_date: Set(date.clone()),
                    description: Set(text.clone()),
                    kind: Set((*kind).into()),
                    total: Set(*amount),
                    project_id: Set(None),
                    payee_type: Set(None),
                    reverses_entry_id: Set(None),
                    recorded_by: Set(clerk),
                    approved_by: Set((*kind == EntryKind::Expense).then_some(clerk)),
                    created_at: Set(now),
                    ..Default::default()
                }
            }))
            .exec_without_returning(&txn)
            .await?;
            // the new entries' ids, by their descriptions (unique within the dong's seeded ones)
            let ids: HashMap<String, i64> = journal_entry::Entity::find()
                .select_only()
                .column(journal_entry::Column::Description)
                .column(journal_entry::Column::Id)
                .filter(journal_entry::Column::DongCode.eq(d.as_str()))
                .filter(journal_entry::Column::Description.is_in(chunk.iter().map(|c| c.0.clone())))
                .into_tuple::<(String, i64)>()
                .all(&txn)
                .await?
                .into_iter()
                .collect();
            let lines = chunk.iter().flat_map(|(text, _, _, amount, debit, credit)| {
                let entry = ids.get(text).copied().unwrap_or_default();
                [(entry, debit.code(), *amount, 0), (entry, credit.code(), 0, *amount)]
            });
            journal_line::Entity::insert_many(lines.map(|(entry, account, debit, credit)| journal_line::ActiveModel {
                entry_id: Set(entry),
                account: Set(account),
                debit: Set(debit),
                credit: Set(credit),
                ..Default::default()
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        fund::rebuild_totals(&txn, &dong).await?;
        txn.commit().await?;
        made += count;
    }
    Ok(made)
}
