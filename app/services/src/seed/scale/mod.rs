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

mod center;
mod proposals_and_ballots;

use center::{bookings, ledger};
use proposals_and_ballots::{assembly, ballots, options_of, proposals, supports};

use crate::crypto::BallotSeal;
use crate::entities::{dong, proposal, residency, role_grant, user};
use crate::{assemblies, identity};
use chrono::{DateTime, Duration, Utc};
use contract::error::AppError;
use domain::assembly::{AssemblyEvent, Bylaws, Quorum};
use domain::geo::DongCode;
use domain::identity::TokenScope;
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
            role: Set(domain::roles::Role::CenterStaff.into()),
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
            method: Set(domain::identity::VerificationMethod::IdCard.into()),
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
    report.hot_spaces = crate::entities::space::Entity::find()
        .select_only()
        .column(crate::entities::space::Column::Id)
        .filter(crate::entities::space::Column::DongCode.eq(HOT_DONG))
        .filter(crate::entities::space::Column::Name.is_in(["규모 북카페", "규모 회의실", "규모 상영실"]))
        .order_by_asc(crate::entities::space::Column::Id)
        .into_tuple()
        .all(db)
        .await?;

    crate::search::index_missing(db).await?;
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
