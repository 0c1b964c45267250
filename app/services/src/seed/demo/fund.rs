//! The demo's community funds: a year of books for two Seodaemun-gu dongs (천연동, 북아현동) —
//! a district grant, donations, monthly rental fees, event income, two projects with
//! allocations and expenses (one finished, its remainder returned), other spending, and one
//! mistyped expense corrected by a reversal. Posted through `fund::post`, so every entry obeys
//! the same rules as real ones; projects the demo assembly decided get their allocation here.

use crate::entities::{Stored, fund_project, journal_entry};
use crate::fund::{self, EntryMeta};
use crate::{fund::claims, identity};
use contract::error::AppError;
use domain::geo::DongCode;
use domain::ledger::{
    Entry, EntryDate, EntryKind, ExpenseCategory as X, IncomeCategory as I, Month, PayeeType, ProjectStatus, Won,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// The dongs whose funds the demo fills.
pub const DEMO_FUND_DONGS: [&str; 2] = ["1141052000", "1141055500"];

/// Loads the demo books once; returns how many entries it posted.
pub async fn load(db: &DatabaseConnection) -> Result<usize, AppError> {
    let mut posted = 0;
    for (i, code) in DEMO_FUND_DONGS.into_iter().enumerate() {
        let dong = DongCode::parse(code)?;
        let already = journal_entry::Entity::find().filter(journal_entry::Column::DongCode.eq(code)).count(db).await?;
        if already > 0 {
            continue;
        }
        let staff = crate::seed::demo::demo_staff_of(db, &dong).await?;
        let (Some(&clerk), Some(&approver)) = (staff.first(), staff.get(1)) else { continue };
        posted += books(db, &dong, clerk, approver, i as i64).await?;
        // one claim waiting for a decision, so the queue is not empty
        if let Some(actor) = identity::load_actor(db, clerk).await? {
            let key = format!("demo-claim-{code}-0001");
            let claim = domain::ledger::NewClaim::parse(
                "서대문 인쇄소",
                "business",
                "주민총회 안내문 인쇄 (A4 300장)",
                "events",
                "66,000",
                "",
                &key,
            )?;
            let media = crate::storage::MediaStore::new(std::env::temp_dir());
            claims::submit(db, &media, Some(&actor), &dong, None, claim, None).await?;
        }
    }
    Ok(posted)
}

/// Posts the demo's entries of one dong in one transaction.
struct Books<'a, C: sea_orm::ConnectionTrait> {
    txn: &'a C,
    dong: &'a DongCode,
    clerk: i64,
    approver: i64,
}

/// What an entry refers to.
#[derive(Default)]
struct Refs {
    project: Option<i64>,
    payee: Option<PayeeType>,
    reverses: Option<i64>,
}

impl<C: sea_orm::ConnectionTrait> Books<'_, C> {
    async fn post(
        &self,
        entry: Entry,
        date: EntryDate,
        description: &str,
        kind: EntryKind,
        refs: Refs,
    ) -> Result<i64, AppError> {
        fund::post_locked(
            self.txn,
            self.dong,
            &entry,
            EntryMeta {
                date,
                payee_type: refs.payee,
                reverses: refs.reverses,
                approved_by: (kind == EntryKind::Expense).then_some(self.approver),
                ..EntryMeta::today(kind, description, self.clerk, refs.project)
            },
        )
        .await
    }
}

/// One dong's year: `seed` varies the amounts between the two dongs.
async fn books(
    db: &DatabaseConnection,
    dong: &DongCode,
    clerk: i64,
    approver: i64,
    seed: i64,
) -> Result<usize, AppError> {
    let today = fund::today();
    let months = today.month().last_twelve();
    let day = |m: Month, d: u32| EntryDate { year: m.year, month: m.month, day: d.min(m.last_day().day) };
    let won = Won::new;
    let txn = crate::transaction::begin_write(db).await?;
    // one transaction for the year, under the fund's lock taken once
    fund::lock(&txn, dong).await?;
    let b = Books { txn: &txn, dong, clerk, approver };
    let none = Refs::default;
    let paid = |project: Option<i64>, payee: PayeeType| Refs { project, payee: Some(payee), reverses: None };
    let first = months[0];
    b.post(
        Entry::income(I::DistrictGrant, won(6_000_000 + seed * 1_000_000)?),
        day(first, 5),
        "서대문구 마을기금 지원금",
        EntryKind::Income,
        none(),
    )
    .await?;
    for (i, m) in months.iter().enumerate() {
        let i = i as i64;
        let fee_day = day(*m, 15);
        if fee_day <= today {
            let fee = 120_000 + ((i * 37_000 + seed * 11_000) % 120_000) / 10_000 * 10_000;
            b.post(Entry::income(I::RentalFees, won(fee)?), fee_day, "북카페·회의실 사용료", EntryKind::Income, none())
                .await?;
        }
        if i % 3 == 1 && day(*m, 20) <= today {
            let gift = 50_000 + (i * 25_000) % 250_000;
            b.post(Entry::income(I::Donation, won(gift)?), day(*m, 20), "주민 기부금", EntryKind::Income, none())
                .await?;
        }
    }
    // the autumn festival: income and costs
    let fest = months[9];
    b.post(
        Entry::income(I::EventIncome, won(180_000)?),
        day(fest, 12),
        "가을 마을축제 먹거리 장터 수익",
        EntryKind::Income,
        none(),
    )
    .await?;
    b.post(
        Entry::expense(X::Events, won(240_000)?, None),
        day(fest, 12),
        "가을 마을축제 천막·음향 대여",
        EntryKind::Expense,
        paid(None, PayeeType::Business),
    )
    .await?;

    // two projects of the year, earmarked in the second month
    let (garden, _) = fund::open_project_locked(&txn, dong, "골목 화단 가꾸기", None, None, None, clerk).await?;
    let (phones, _) = fund::open_project_locked(&txn, dong, "어르신 스마트폰 교실", None, None, None, clerk).await?;
    // a project opened from the books names no person: the mark is how `demo remove` knows it
    fund_project::Entity::update_many()
        .col_expr(fund_project::Column::IsDemo, sea_orm::sea_query::Expr::value(true))
        .filter(fund_project::Column::Id.is_in([garden, phones]))
        .exec(&txn)
        .await?;
    let m2 = months[1];
    let earmark = |p: i64| Refs { project: Some(p), ..Refs::default() };
    b.post(
        Entry::allocation(garden, won(1_500_000)?),
        day(m2, 10),
        "골목 화단 가꾸기",
        EntryKind::Allocation,
        earmark(garden),
    )
    .await?;
    b.post(
        Entry::allocation(phones, won(800_000)?),
        day(m2, 10),
        "어르신 스마트폰 교실",
        EntryKind::Allocation,
        earmark(phones),
    )
    .await?;
    let spend = [
        (garden, X::Materials, 320_000, 2, "화단 흙·퇴비 구입", PayeeType::Business),
        (garden, X::Materials, 415_000, 3, "꽃모종 400본 구입", PayeeType::Business),
        (phones, X::Services, 300_000, 3, "스마트폰 교실 강사료 (4회)", PayeeType::Person),
        (garden, X::Services, 200_000, 5, "화단 조성 작업 인건비", PayeeType::Person),
        (phones, X::Venue, 60_000, 4, "교실 프로젝터 대여", PayeeType::Business),
        (phones, X::Services, 300_000, 6, "스마트폰 교실 강사료 (4회)", PayeeType::Person),
    ];
    for (project, cat, amount, month, what, payee) in spend {
        b.post(
            Entry::expense(cat, won(amount)?, Some(project)),
            day(months[month], 22),
            what,
            EntryKind::Expense,
            paid(Some(project), payee),
        )
        .await?;
    }
    // a mistyped amount (450,000 for 45,000), corrected the next day
    let m7 = months[7];
    let typo = b
        .post(
            Entry::expense(X::Materials, won(450_000)?, None),
            day(m7, 8),
            "주민센터 게시판 보수 자재",
            EntryKind::Expense,
            paid(None, PayeeType::Business),
        )
        .await?;
    let fix = Refs { reverses: Some(typo), ..Refs::default() };
    b.post(
        Entry::expense(X::Materials, won(450_000)?, None).reversal(),
        day(m7, 9),
        "주민센터 게시판 보수 자재 — 금액 오기 (45,000원)",
        EntryKind::Reversal,
        fix,
    )
    .await?;
    b.post(
        Entry::expense(X::Materials, won(45_000)?, None),
        day(m7, 9),
        "주민센터 게시판 보수 자재",
        EntryKind::Expense,
        paid(None, PayeeType::Business),
    )
    .await?;
    // the phone class is finished: what is left returns to the fund
    b.post(
        Entry::release(phones, won(140_000)?),
        day(m7, 30),
        "어르신 스마트폰 교실 — 남은 예산 반환",
        EntryKind::Release,
        earmark(phones),
    )
    .await?;
    for (id, status) in [(phones, ProjectStatus::Done), (garden, ProjectStatus::InProgress)] {
        fund_project::Entity::update_many()
            .col_expr(fund_project::Column::Status, sea_orm::sea_query::Expr::value(Stored(status)))
            .filter(fund_project::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    // projects the demo assembly decided (no money was earmarked when its results came out)
    let waiting = fund_project::Entity::find()
        .filter(fund_project::Column::DongCode.eq(dong.as_str()))
        .filter(fund_project::Column::AssemblyId.is_not_null())
        .all(&txn)
        .await?;
    for p in waiting {
        let cost = match p.proposal_id {
            Some(pid) => crate::entities::proposal::Entity::find_by_id(pid).one(&txn).await?.and_then(|p| p.cost_won),
            None => None,
        };
        let free = fund::balances(&txn, dong).await?.free();
        if let Some(cost) = cost.filter(|c| *c > 0 && *c <= free) {
            b.post(Entry::allocation(p.id, won(cost)?), today, &p.title, EntryKind::Allocation, earmark(p.id)).await?;
        }
    }
    let n = journal_entry::Entity::find().filter(journal_entry::Column::DongCode.eq(dong.as_str())).count(&txn).await?;
    txn.commit().await?;
    Ok(usize::try_from(n).unwrap_or(0))
}
