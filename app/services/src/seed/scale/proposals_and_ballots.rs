//! The seeded participation: proposals with their supports (most in `HOT_DONG`), and the hot
//! dong's assemblies with their online ballots.

use super::{BATCH, DOINGS, HOT_DONG, PLACES, Rng, Sizes, THINGS};
use crate::assemblies;
use crate::crypto::BallotSeal;
use crate::entities::{agenda_option, assembly_channel, open_ballot, participation, proposal, proposal_support};
use chrono::{DateTime, Duration, Utc};
use contract::error::AppError;
use domain::assembly::{AssemblyDetails, AssemblyEvent, Choice, NewItem};
use domain::category::Category;
use domain::geo::DongCode;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

pub(super) async fn proposals(
    db: &DatabaseConnection,
    rng: &mut Rng,
    dongs: &[String],
    of_dong: &HashMap<&str, Vec<i64>>,
    sizes: Sizes,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    // one in every other dong, the rest in the hot one
    let elsewhere: Vec<&String> = dongs.iter().filter(|d| *d != HOT_DONG && of_dong.contains_key(d.as_str())).collect();
    let spread = elsewhere.len().min(sizes.proposals / 2);
    let mut plan: Vec<&str> = elsewhere.iter().take(spread).map(|d| d.as_str()).collect();
    plan.extend(std::iter::repeat_n(HOT_DONG, sizes.proposals - spread));
    let threshold = support_threshold(sizes);
    let txn = db.begin().await?;
    let mut made = 0;
    for chunk in plan.chunks(BATCH) {
        let rows: Vec<_> = chunk
            .iter()
            .filter_map(|d| {
                let authors = of_dong.get(d)?;
                let (place, thing, doing) = (*rng.pick(&PLACES), *rng.pick(&THINGS), *rng.pick(&DOINGS));
                let title = format!("{place} {thing} {doing}");
                let problem = format!("{place} 근처의 {thing}이(가) 오래되어 주민들이 불편을 겪고 있습니다.");
                let solution = format!("주민이 함께 {thing} {doing}를 하고, 주민센터와 관리 방법을 정합니다.");
                let at = now - Duration::minutes(rng.below(365 * 24 * 60) as i64 + 60);
                let dong = DongCode::parse(d).ok()?;
                Some(proposal::ActiveModel {
                    dong_code: Set((*d).to_owned()),
                    district_code: Set(dong.district().as_str().to_owned()),
                    author_id: Set(*rng.pick(authors)),
                    group_id: Set(None),
                    title: Set(title),
                    problem: Set(problem),
                    solution: Set(solution),
                    category: Set((*rng.pick(&Category::ALL)).into()),
                    cost_won: Set(Some((rng.below(50) as i64 + 1) * 100_000)),
                    location: Set(None),
                    status: Set(domain::proposal::ProposalStatus::Published.into()),
                    hidden: Set(false),
                    moderation_reason: Set(None),
                    support_threshold: Set(threshold),
                    supports_count: Set(0),
                    comments_count: Set(0),
                    created_at: Set(at),
                    published_at: Set(Some(at)),
                    updated_at: Set(at),
                    ..Default::default()
                })
            })
            .collect();
        made += rows.len();
        proposal::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(made)
}

/// High enough that no seeded proposal reaches it: they all stay `published`.
fn support_threshold(sizes: Sizes) -> i32 {
    let average = sizes.supports / sizes.proposals.max(1);
    i32::try_from(2 * average + 2).unwrap_or(i32::MAX).max(50)
}

pub(super) async fn supports(
    db: &DatabaseConnection,
    rng: &mut Rng,
    of_dong: &HashMap<&str, Vec<i64>>,
    wanted: usize,
    proposals: usize,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let list: Vec<(i64, String)> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::DongCode)
        .order_by_asc(proposal::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let seeded = &list[list.len().saturating_sub(proposals)..];
    // `wanted` in all: the same share each, moved in pairs (one gives what the next gets)
    let n = seeded.len().max(1);
    let mut shares: Vec<usize> = (0..seeded.len()).map(|i| wanted / n + usize::from(i < wanted % n)).collect();
    for pair in shares.chunks_mut(2) {
        if let [a, b] = pair {
            let moved = rng.below(*b + 1);
            *a += moved;
            *b -= moved;
        }
    }
    let mut rows: Vec<(i64, i64)> = Vec::with_capacity(wanted);
    let mut counts: Vec<(i64, i32)> = Vec::with_capacity(seeded.len());
    for ((id, d), share) in seeded.iter().zip(shares) {
        let Some(voters) = of_dong.get(d.as_str()) else { continue };
        let k = share.min(voters.len());
        // distinct supporters: a stride that is prime and does not divide the count
        let stride = [7_919, 7_927, 7_933].into_iter().find(|p| voters.len() % p != 0).unwrap_or(1);
        let start = rng.below(voters.len());
        for j in 0..k {
            rows.push((*id, voters[(start + j * stride) % voters.len()]));
        }
        counts.push((*id, i32::try_from(k).unwrap_or(i32::MAX)));
    }
    let txn = db.begin().await?;
    for chunk in rows.chunks(BATCH) {
        proposal_support::Entity::insert_many(chunk.iter().map(|(p, u)| proposal_support::ActiveModel {
            proposal_id: Set(*p),
            user_id: Set(*u),
            created_at: Set(now - Duration::days(1)),
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    for (id, k) in counts.into_iter().filter(|(_, k)| *k > 0) {
        proposal::Entity::update_many()
            .col_expr(proposal::Column::SupportsCount, sea_orm::sea_query::Expr::value(k))
            .filter(proposal::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows.len())
}

/// An assembly of `items` yes/no items (single choice), announced and open for pre-voting; `n` 0 is the
/// benchmark's.
pub(super) async fn assembly(
    db: &DatabaseConnection,
    seal: &BallotSeal,
    clerk: &domain::authz::Actor,
    dong: &DongCode,
    n: usize,
    items: usize,
    now: DateTime<Utc>,
) -> Result<(i64, Vec<i64>), AppError> {
    let day = (now + Duration::days(30 + n as i64)).format("%Y-%m-%d").to_string();
    let today = format!("{}T00:00", crate::time_fmt::seoul_date(now));
    let title =
        if n == 0 { "규모 시험 총회 (벤치마크)".to_owned() } else { format!("규모 주민총회 {n}") };
    let details = AssemblyDetails::parse(
        &title,
        "규모 시험용 총회입니다.",
        "주민센터 다목적실",
        &today,
        &format!("{day}T14:00"),
        &format!("{day}T16:00"),
    )?;
    let id = assemblies::create(db, Some(clerk), dong, details).await?;
    let mut made = Vec::new();
    for i in 0..items {
        let item = NewItem::parse(
            "single_choice",
            &format!("안건 {}: 마을 규칙 개정", i + 1),
            "찬성 또는 반대로 투표합니다.",
            "찬성\n반대",
            "",
            "",
            "",
        )?;
        made.push(assemblies::add_item(db, Some(clerk), id, item).await?);
    }
    for event in [AssemblyEvent::Announce, AssemblyEvent::OpenPreVoting] {
        assemblies::advance(db, seal, Some(clerk), id, event, true).await?;
    }
    Ok((id, made))
}

/// Online ballots of `voters` on one item, written as `assemblies::cast` writes an open ballot.
pub(super) async fn ballots(
    db: &DatabaseConnection,
    rng: &mut Rng,
    assembly: i64,
    item: i64,
    voters: &[i64],
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let options = options_of(db, item).await?;
    let (&yes, &no) = (options.first().ok_or(AppError::Internal)?, options.get(1).ok_or(AppError::Internal)?);
    let choices: Vec<String> =
        [Choice::Options(vec![yes]), Choice::Options(vec![yes]), Choice::Options(vec![no]), Choice::Options(vec![])]
            .iter()
            .map(|c| serde_json::to_string(c).map_err(|_| AppError::Internal))
            .collect::<Result<_, _>>()?;
    let txn = db.begin().await?;
    for chunk in voters.chunks(BATCH) {
        assembly_channel::Entity::insert_many(chunk.iter().map(|u| assembly_channel::ActiveModel {
            assembly_id: Set(assembly),
            user_id: Set(*u),
            channel: Set(domain::assembly::Channel::Online.into()),
        }))
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                assembly_channel::Column::AssemblyId,
                assembly_channel::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        participation::Entity::insert_many(chunk.iter().map(|u| participation::ActiveModel {
            item_id: Set(item),
            user_id: Set(*u),
            channel: Set(domain::assembly::Channel::Online.into()),
            at: Set(now),
        }))
        .exec_without_returning(&txn)
        .await?;
        open_ballot::Entity::insert_many(chunk.iter().map(|u| open_ballot::ActiveModel {
            item_id: Set(item),
            user_id: Set(*u),
            choice: Set(rng.pick(&choices).clone()),
            updated_at: Set(now),
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(voters.len())
}

/// An item's options, in order.
pub(super) async fn options_of(db: &DatabaseConnection, item: i64) -> Result<Vec<i64>, AppError> {
    Ok(agenda_option::Entity::find()
        .select_only()
        .column(agenda_option::Column::Id)
        .filter(agenda_option::Column::ItemId.eq(item))
        .order_by_asc(agenda_option::Column::Position)
        .into_tuple()
        .all(db)
        .await?)
}
