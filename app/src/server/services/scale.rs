//! `uri-dongne seed-scale`: Seoul-sized synthetic data for benchmarks (docs/PERFORMANCE.md).
//!
//! Deterministic (a fixed-seed generator, no clock but "now" for dates): the same sizes give the
//! same rows. Every dong gets a staff member, residents, three spaces with bookings and a year
//! of fund entries; one dong (`HOT_DONG`, 천연동) holds the worst case — most proposals with
//! their supports, and the assemblies with their ballots. Rows that would take a service call
//! each (supports, ballots, bookings, ledger entries, residents) are inserted in batches,
//! written exactly as the services write them, so `uri-dongne check` finds every invariant
//! holding; spaces, assemblies and tokens go through the services. Everything made is marked
//! as demo data (`is_demo`), so `uri-dongne demo remove` takes the people away again.

use crate::domain::assembly::{AssemblyDetails, AssemblyEvent, Bylaws, Choice, NewItem, Quorum};
use crate::domain::booking::{Access, RulesInput};
use crate::domain::category::Category;
use crate::domain::geo::DongCode;
use crate::domain::identity::TokenScope;
use crate::domain::ledger::{Account, ExpenseCategory, IncomeCategory};
use crate::error::AppError;
use crate::server::crypto::BallotSeal;
use crate::server::entities::{
    agenda_option, assembly_channel, booking, dong, journal_entry, journal_line, open_ballot, participation, proposal,
    proposal_support, residency, role_grant, user,
};
use crate::server::services::bookings::spaces::{self, SpaceForm, SpaceInput};
use crate::server::services::{assemblies, fund, identity};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use std::collections::HashMap;

/// The dong that holds the worst case.
pub const HOT_DONG: &str = "1141052000";
/// How the seeded residents are named (and found again).
const RESIDENT_PREFIX: &str = "규모 주민 ";
/// Rows per multi-row INSERT: under SQLite's 32,766 parameters at ten columns.
const BATCH: usize = 1_000;

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub residents: usize,
    pub proposals: usize,
    pub supports: usize,
    pub ballots: usize,
    pub bookings: usize,
    pub entries: usize,
    /// Read-write API tokens of residents of the hot dong, for the benchmark's writes.
    pub tokens: usize,
}

impl Sizes {
    /// Seoul: 426 dongs, 100k residents, 20k proposals, 500k supports, 200k ballots, 50k
    /// bookings, 100k ledger entries.
    pub const SEOUL: Sizes = Sizes {
        residents: 100_000,
        proposals: 20_000,
        supports: 500_000,
        ballots: 200_000,
        bookings: 50_000,
        entries: 100_000,
        tokens: 200,
    };

    /// Seoul divided by `divisor` (tests use small ones).
    pub fn divided_by(divisor: usize) -> Sizes {
        let d = divisor.max(1);
        let s = Sizes::SEOUL;
        Sizes {
            residents: s.residents / d,
            proposals: s.proposals / d,
            supports: s.supports / d,
            ballots: s.ballots / d,
            bookings: s.bookings / d,
            entries: s.entries / d,
            tokens: (s.tokens / d).max(1),
        }
    }
}

/// What was made.
#[derive(Debug, Default)]
pub struct Report {
    pub residents: usize,
    pub proposals: usize,
    pub supports: usize,
    pub ballots: usize,
    pub bookings: usize,
    pub entries: usize,
    /// The open assembly whose items the benchmark votes on, and its items with their options.
    pub open_assembly: Option<i64>,
    pub open_items: Vec<(i64, Vec<i64>)>,
    /// The first and last number of the hot dong's seeded proposals.
    pub hot_proposals: (i64, i64),
    /// The hot dong's seeded spaces.
    pub hot_spaces: Vec<i64>,
    /// `(account number, token)` of residents of the hot dong.
    pub tokens: Vec<(i64, String)>,
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Two-syllable words, most of them: what residents search for.
const PLACES: [&str; 16] = [
    "공원",
    "골목",
    "시장",
    "학교",
    "정류장",
    "놀이터",
    "하천",
    "뒷산",
    "광장",
    "주차장",
    "도서관",
    "경로당",
    "상가",
    "육교",
    "약수터",
    "텃밭",
];
const THINGS: [&str; 16] = [
    "화단",
    "벤치",
    "가로등",
    "그늘막",
    "쓰레기",
    "안내판",
    "자전거",
    "계단",
    "난간",
    "벽화",
    "분리수거",
    "방범등",
    "쉼터",
    "꽃길",
    "책장",
    "운동기구",
];
const DOINGS: [&str; 8] = ["가꾸기", "고치기", "만들기", "옮기기", "늘리기", "정비", "청소", "설치"];

/// Seeds everything once; a database that has the seeded residents already is left as it is
/// (the report is then empty).
pub async fn seed(db: &DatabaseConnection, seal: &BallotSeal, sizes: Sizes) -> Result<Report, AppError> {
    let first = format!("{RESIDENT_PREFIX}{:06}", 1);
    if user::Entity::find().filter(user::Column::DisplayName.eq(first)).one(db).await?.is_some() {
        return Ok(Report::default());
    }
    let mut rng = Rng(0x5EED_2026_1204);
    let now = Utc::now();
    let dongs: Vec<String> =
        dong::Entity::find().order_by_asc(dong::Column::Code).all(db).await?.into_iter().map(|d| d.code).collect();
    if !dongs.iter().any(|d| d == HOT_DONG) {
        return Err(AppError::Internal);
    }
    let mut report = Report::default();

    // ---- staff: one per dong ----
    let staff = people(db, "규모 직원 ", |i| dongs[i].clone(), dongs.len(), 1975, now).await?;
    let staff: HashMap<String, i64> = staff.into_iter().map(|(id, dong)| (dong, id)).collect();
    let txn = db.begin().await?;
    for chunk in dongs.chunks(BATCH) {
        role_grant::Entity::insert_many(chunk.iter().map(|d| role_grant::ActiveModel {
            user_id: Set(staff[d]),
            role: Set("center_staff".to_owned()),
            district_code: Set(None),
            dong_code: Set(Some(d.clone())),
            created_at: Set(now),
            granted_by: Set(None),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;

    // ---- residents: a tenth in the hot dong, the rest round the city ----
    let others: Vec<&String> = dongs.iter().filter(|d| *d != HOT_DONG).collect();
    let hot_count = sizes.residents / 10;
    let home = |i: usize| if i < hot_count { HOT_DONG.to_owned() } else { others[i % others.len()].clone() };
    let residents = people(db, RESIDENT_PREFIX, home, sizes.residents, 1940, now).await?;
    let txn = db.begin().await?;
    for chunk in residents.chunks(BATCH) {
        residency::Entity::insert_many(chunk.iter().map(|(id, d)| residency::ActiveModel {
            user_id: Set(*id),
            dong_code: Set(d.clone()),
            method: Set("id_card".to_owned()),
            verified_by: Set(Some(staff[d])),
            verified_at: Set(now - Duration::days(400)),
            expires_at: Set(None),
            ended_at: Set(None),
            ended_by: Set(None),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    report.residents = residents.len();
    tracing::info!(residents = report.residents, "seed-scale: residents");
    let mut of_dong: HashMap<&str, Vec<i64>> = HashMap::new();
    for (id, d) in &residents {
        of_dong.entry(d.as_str()).or_default().push(*id);
    }
    let hot: Vec<i64> = of_dong.get(HOT_DONG).cloned().unwrap_or_default();

    // ---- proposals (most in the hot dong) and their supports ----
    let before: Option<i64> = proposal::Entity::find()
        .select_only()
        .column_as(proposal::Column::Id.max(), "max")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    report.proposals = proposals(db, &mut rng, &dongs, &of_dong, sizes, now).await?;
    tracing::info!(proposals = report.proposals, "seed-scale: proposals");
    report.supports = supports(db, &mut rng, &of_dong, sizes.supports, report.proposals, now).await?;
    tracing::info!(supports = report.supports, "seed-scale: supports");

    // ---- spaces and bookings in every dong ----
    report.bookings = bookings(db, &mut rng, &dongs, &staff, &of_dong, sizes.bookings, now).await?;
    tracing::info!(bookings = report.bookings, "seed-scale: spaces and bookings");

    // ---- the fund's books ----
    report.entries = ledger(db, &mut rng, &dongs, &staff, sizes.entries, now).await?;
    tracing::info!(entries = report.entries, "seed-scale: ledger");

    // ---- assemblies in the hot dong: ballots, and one open for the benchmark ----
    let hot_dong = DongCode::parse(HOT_DONG)?;
    let clerk = identity::load_actor(db, staff[HOT_DONG]).await?.ok_or(AppError::Internal)?;
    let open_ballots = Bylaws {
        quorum: Quorum::Absolute(1),
        minimum_age: 14,
        secret_ballot: false,
        running_results_visible: true,
        ..Bylaws::default()
    };
    assemblies::set_bylaws(db, Some(&clerk), &hot_dong, open_ballots).await?;
    if !hot.is_empty() {
        let items_needed = sizes.ballots.div_ceil(hot.len());
        let mut cast = 0;
        let mut n = 0;
        while cast < sizes.ballots && n < items_needed.div_ceil(2) + 1 {
            n += 1;
            let (id, items) = assembly(db, seal, &clerk, &hot_dong, n, 2, now).await?;
            for item in items {
                let voters = hot.len().min(sizes.ballots - cast);
                cast += ballots(db, &mut rng, id, item, &hot[..voters], now).await?;
            }
            for event in [AssemblyEvent::OpenSession, AssemblyEvent::Close] {
                assemblies::advance(db, seal, Some(&clerk), id, event, true).await?;
            }
        }
        report.ballots = cast;
    }
    let (open, items) = assembly(db, seal, &clerk, &hot_dong, 0, 3, now).await?;
    report.open_assembly = Some(open);
    for item in items {
        report.open_items.push((item, options_of(db, item).await?));
    }
    let hot_ids: Vec<i64> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .filter(proposal::Column::DongCode.eq(HOT_DONG))
        .filter(proposal::Column::Id.gt(before.unwrap_or(0)))
        .order_by_asc(proposal::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    report.hot_proposals = (hot_ids.first().copied().unwrap_or(0), hot_ids.last().copied().unwrap_or(0));
    report.hot_spaces = crate::server::entities::space::Entity::find()
        .select_only()
        .column(crate::server::entities::space::Column::Id)
        .filter(crate::server::entities::space::Column::DongCode.eq(HOT_DONG))
        .filter(crate::server::entities::space::Column::Name.is_in(["규모 북카페", "규모 회의실", "규모 상영실"]))
        .order_by_asc(crate::server::entities::space::Column::Id)
        .into_tuple()
        .all(db)
        .await?;

    crate::server::services::search::index_missing(db).await?;
    // statistics for the planner, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite, at
    // every start) would leave them: without, PostgreSQL counted the proposal list from the
    // heap (21 ms) instead of from its index (6 ms)
    db.execute_unprepared(match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    })
    .await?;

    // ---- API tokens for the benchmark's writes ----
    for &id in hot.iter().take(sizes.tokens) {
        let actor = identity::load_actor(db, id).await?.ok_or(AppError::Internal)?;
        let token = identity::create_token(db, &actor, "benchmark".to_owned(), TokenScope::ReadWrite).await?;
        report.tokens.push((id, token));
    }
    Ok(report)
}

/// Makes `count` people named `prefix` + number, living in `home(i)`; returns `(id, dong)` in order.
async fn people(
    db: &DatabaseConnection,
    prefix: &str,
    home: impl Fn(usize) -> String,
    count: usize,
    born_from: i32,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, String)>, AppError> {
    let txn = db.begin().await?;
    for start in (0..count).step_by(BATCH) {
        let end = (start + BATCH).min(count);
        user::Entity::insert_many((start..end).map(|i| user::ActiveModel {
            display_name: Set(format!("{prefix}{:06}", i + 1)),
            birth_year: Set(Some(born_from + (i % 60) as i32)),
            is_demo: Set(true),
            created_at: Set(now - Duration::days(400)),
            home_dong_code: Set(Some(home(i))),
            lang: Set(None),
            stay_signed_in: Set(false),
            deleted_at: Set(None),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    let rows: Vec<(i64, Option<String>)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::HomeDongCode)
        .filter(user::Column::DisplayName.starts_with(prefix))
        .order_by_asc(user::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, d)| (id, d.unwrap_or_default())).collect())
}

async fn proposals(
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
                    category: Set(rng.pick(&Category::ALL).as_str().to_owned()),
                    cost_won: Set(Some((rng.below(50) as i64 + 1) * 100_000)),
                    location: Set(None),
                    status: Set("published".to_owned()),
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

async fn supports(
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

/// Three spaces in every dong (through the service, as staff make them); `wanted` bookings over
/// them, confirmed, an hour each, eight a day from four days ago.
async fn bookings(
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
    crate::server::entities::space::Entity::update_many()
        .col_expr(crate::server::entities::space::Column::IsDemo, sea_orm::sea_query::Expr::value(true))
        .filter(crate::server::entities::space::Column::Id.is_in(made_spaces.iter().map(|(id, _)| *id)))
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
                status: Set("confirmed".to_owned()),
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
async fn ledger(
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
                ("expense", amount, Account::Expense(category), Account::Cash, "마을 행사 물품 구입")
            } else {
                let amount = (rng.below(15) as i64 + 5) * 10_000;
                let category = *rng.pick(&[IncomeCategory::Donation, IncomeCategory::RentalFees]);
                ("income", amount, Account::Cash, Account::Income(category), "주민 기부금·사용료")
            };
            planned.push((format!("{text} #{:06}", i + 1), date, kind, amount, debit, credit));
        }
        for chunk in planned.chunks(BATCH) {
            journal_entry::Entity::insert_many(chunk.iter().map(|(text, date, kind, amount, ..)| {
                journal_entry::ActiveModel {
                    dong_code: Set(d.clone()),
                    entry_date: Set(date.clone()),
                    description: Set(text.clone()),
                    kind: Set((*kind).to_owned()),
                    total: Set(*amount),
                    project_id: Set(None),
                    payee_type: Set(None),
                    reverses_entry_id: Set(None),
                    recorded_by: Set(clerk),
                    approved_by: Set((*kind == "expense").then_some(clerk)),
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

/// An assembly of `items` yes/no items (single choice), announced and open for pre-voting; `n` 0 is the
/// benchmark's.
async fn assembly(
    db: &DatabaseConnection,
    seal: &BallotSeal,
    clerk: &crate::domain::authz::Actor,
    dong: &DongCode,
    n: usize,
    items: usize,
    now: DateTime<Utc>,
) -> Result<(i64, Vec<i64>), AppError> {
    let day = (now + Duration::days(30 + n as i64)).format("%Y-%m-%d").to_string();
    let today = format!("{}T00:00", crate::server::services::time_fmt::seoul_date(now));
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
async fn ballots(
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
            channel: Set("online".to_owned()),
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
            channel: Set("online".to_owned()),
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
async fn options_of(db: &DatabaseConnection, item: i64) -> Result<Vec<i64>, AppError> {
    Ok(agenda_option::Entity::find()
        .select_only()
        .column(agenda_option::Column::Id)
        .filter(agenda_option::Column::ItemId.eq(item))
        .order_by_asc(agenda_option::Column::Position)
        .into_tuple()
        .all(db)
        .await?)
}
