//! Reading the books: the journal, the summary, the public page and the statement.

use super::posting::{self, balances, sums};
use super::projects::projects_with;
use super::{PAGE_SIZE, today};
use crate::entities::{
    Stored, expense_claim, fund_attachment, fund_month_total, fund_project, journal_entry, journal_line,
};
use crate::{paging, places};
use contract::dto::Place;
use contract::dto::fund::{
    AttachmentView, CategoryAmount, FundPage, FundSummary, FundViewer, JournalEntryView, JournalPage, LineView,
    MonthFlowView, StatementView,
};
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::{Area, DongCode};
use domain::ledger::{Account, Balances, EntryDate, ExpenseCategory, IncomeCategory, Month, flow_of_months};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The titles of the projects `ids`.
pub(crate) async fn project_titles(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(fund_project::Entity::find()
        .filter(fund_project::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect())
}

fn category_of(lines: &[LineView]) -> Option<String> {
    lines.iter().find_map(|l| {
        l.account.strip_prefix("income:").or_else(|| l.account.strip_prefix("expense:")).map(str::to_owned)
    })
}

/// Journal rows as views: lines, project titles, reversals and (when allowed) receipts, loaded
/// with one query each for the whole page.
pub(super) async fn entry_views(
    db: &impl ConnectionTrait,
    rows: Vec<journal_entry::Model>,
    with_receipts: bool,
) -> Result<Vec<JournalEntryView>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    let mut lines: HashMap<i64, Vec<LineView>> = HashMap::new();
    for l in journal_line::Entity::find()
        .filter(journal_line::Column::EntryId.is_in(ids.clone()))
        .order_by_asc(journal_line::Column::Id)
        .all(db)
        .await?
    {
        lines.entry(l.entry_id).or_default().push(LineView { account: l.account, debit: l.debit, credit: l.credit });
    }
    let titles = project_titles(db, rows.iter().filter_map(|e| e.project_id).collect()).await?;
    let reversed_by: HashMap<i64, i64> = journal_entry::Entity::find()
        .filter(journal_entry::Column::ReversesEntryId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| r.reverses_entry_id.map(|o| (o, r.id)))
        .collect();
    let mut receipts: HashMap<i64, Vec<AttachmentView>> = HashMap::new();
    if with_receipts {
        let claims: HashMap<i64, i64> = expense_claim::Entity::find()
            .filter(expense_claim::Column::EntryId.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|c| c.entry_id.map(|e| (c.id, e)))
            .collect();
        let claim_ids: Vec<i64> = claims.keys().copied().collect();
        let files = fund_attachment::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(fund_attachment::Column::EntryId.is_in(ids.clone()))
                    .add(fund_attachment::Column::ClaimId.is_in(claim_ids)),
            )
            .order_by_asc(fund_attachment::Column::Id)
            .all(db)
            .await?;
        for f in files {
            let entry = f.entry_id.or_else(|| f.claim_id.and_then(|c| claims.get(&c).copied()));
            if let Some(entry) = entry {
                receipts.entry(entry).or_default().push(AttachmentView {
                    id: f.id,
                    name: f.original_name,
                    content_type: f.content_type,
                });
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|e| {
            let lines = lines.remove(&e.id).unwrap_or_default();
            let net = lines
                .iter()
                .filter(|l| Account::parse(&l.account).is_ok_and(Account::is_money))
                .map(|l| l.debit - l.credit)
                .sum();
            JournalEntryView {
                id: e.id,
                date: e.entry_date,
                description: e.description,
                kind: *e.kind,
                total: e.total,
                net,
                category: category_of(&lines),
                project_title: e.project_id.and_then(|p| titles.get(&p).cloned()),
                project_id: e.project_id,
                payee_type: e.payee_type.map(|p| *p),
                reverses: e.reverses_entry_id,
                reversed_by: reversed_by.get(&e.id).copied(),
                lines,
                receipts: receipts.remove(&e.id).unwrap_or_default(),
            }
        })
        .collect())
}

/// A page of the journal, newest first (by date, then by recording).
pub async fn journal(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    dong: &DongCode,
    page: u64,
) -> Result<JournalPage, AppError> {
    let q = journal_entry::Entity::find().filter(journal_entry::Column::DongCode.eq(dong.as_str()));
    let order = |q: sea_orm::Select<journal_entry::Entity>| {
        q.order_by_desc(journal_entry::Column::EntryDate).order_by_desc(journal_entry::Column::Id)
    };
    let paged = paging::page(db, q, order, page, PAGE_SIZE).await?;
    let receipts_ok = authz::can(actor, Action::ViewReceipts, &Scope::Dong(dong.clone())).is_ok();
    Ok(JournalPage {
        page: paged.page,
        pages: paged.pages,
        total: paged.total,
        entries: entry_views(db, paged.rows, receipts_ok).await?,
    })
}

/// The dong's journal entries matching `terms`, best match first: at most `limit`, and how
/// many there are. The journal is public; receipts only for those who may see them.
pub async fn search_entries(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    dong: &DongCode,
    terms: &domain::search::Query,
    limit: u64,
) -> Result<(Vec<JournalEntryView>, u64), AppError> {
    use crate::search;
    let q = journal_entry::Entity::find().filter(journal_entry::Column::DongCode.eq(dong.as_str()));
    let q = search::matching(q, db.get_database_backend(), search::Kind::FundEntry, &Area::Dong(dong.clone()), terms);
    let order = |q| {
        search::by_relevance(q).order_by_desc(journal_entry::Column::EntryDate).order_by_desc(journal_entry::Column::Id)
    };
    let paged = paging::page(db, q, order, 1, limit).await?;
    let receipts_ok = authz::can(actor, Action::ViewReceipts, &Scope::Dong(dong.clone())).is_ok();
    Ok((entry_views(db, paged.rows, receipts_ok).await?, paged.total))
}

fn by_category(b: &Balances) -> (Vec<CategoryAmount>, Vec<CategoryAmount>) {
    let income = IncomeCategory::ALL
        .iter()
        .map(|c| CategoryAmount { category: c.as_str().to_owned(), amount: b.normal(Account::Income(*c)) })
        .collect();
    let expense = ExpenseCategory::ALL
        .iter()
        .map(|c| CategoryAmount { category: c.as_str().to_owned(), amount: b.normal(Account::Expense(*c)) })
        .collect();
    (income, expense)
}

/// The balance (money held) of everything dated before `month`.
async fn balance_before(db: &impl ConnectionTrait, dong: &DongCode, month: Month) -> Result<Balances, AppError> {
    sums(db, dong, |q| q.filter(fund_month_total::Column::Month.lt(month.to_string()))).await
}

/// The public summary of a dong's fund.
pub async fn summary(db: &impl ConnectionTrait, dong: &DongCode) -> Result<FundSummary, AppError> {
    let place: Place = places::dong(db, dong).await?;
    let now = balances(db, dong).await?;
    let today = today();
    let year_start = EntryDate { year: today.year, month: 1, day: 1 };
    let year =
        sums(db, dong, |q| q.filter(fund_month_total::Column::Month.gte(year_start.month().to_string()))).await?;
    let (income_by_category, expense_by_category) = by_category(&year);
    let months = today.month().last_twelve();
    let first = months.first().copied().unwrap_or(year_start.month());
    let opening = balance_before(db, dong, first).await?.balance();
    let flows = flow_of_months(opening, &posting::months(db, dong, first, today.month()).await?, &months);
    let pending_claims = expense_claim::Entity::find()
        .filter(expense_claim::Column::DongCode.eq(dong.as_str()))
        .filter(expense_claim::Column::Status.eq(Stored(domain::ledger::ClaimStatus::Submitted)))
        .count(db)
        .await?;
    Ok(FundSummary {
        dong: place,
        balance: now.balance(),
        free: now.free(),
        earmarked: now.earmarked(),
        year: today.year,
        income_by_category,
        expense_by_category,
        months: flows
            .into_iter()
            .map(|f| MonthFlowView {
                month: f.month.to_string(),
                income: f.income,
                expense: f.expense,
                closing_balance: f.closing_balance,
            })
            .collect(),
        projects: projects_with(db, dong, &now).await?,
        pending_claims,
    })
}

/// What the viewer may do with the dong's fund.
pub fn viewer(actor: Option<&Actor>, dong: &DongCode, can_claim: bool) -> FundViewer {
    FundViewer {
        signed_in: actor.is_some(),
        can_record: authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone())).is_ok(),
        can_decide: authz::can(actor, Action::ViewReceipts, &Scope::Dong(dong.clone())).is_ok(),
        can_claim,
    }
}

/// The fund page: summary, a journal page, what the viewer may do.
pub async fn page(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    journal_page: u64,
) -> Result<FundPage, AppError> {
    let can_claim = crate::fund::claims::may_claim(db, actor, dong).await?;
    Ok(FundPage {
        summary: summary(db, dong).await?,
        journal: journal(db, actor, dong, journal_page).await?,
        viewer: viewer(actor, dong, can_claim),
        today: today().to_string(),
    })
}

/// The statement (결산) of one month.
pub async fn statement(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    dong: &DongCode,
    month: Month,
) -> Result<StatementView, AppError> {
    let place = places::dong(db, dong).await?;
    let opening = balance_before(db, dong, month).await?;
    let closing = balance_before(db, dong, month.next()).await?;
    let within = sums(db, dong, |q| q.filter(fund_month_total::Column::Month.eq(month.to_string()))).await?;
    let (income_by_category, expense_by_category) = by_category(&within);
    let rows = journal_entry::Entity::find()
        .filter(journal_entry::Column::DongCode.eq(dong.as_str()))
        .filter(journal_entry::Column::EntryDate.gte(month.first_day().to_string()))
        .filter(journal_entry::Column::EntryDate.lte(month.last_day().to_string()))
        .order_by_asc(journal_entry::Column::EntryDate)
        .order_by_asc(journal_entry::Column::Id)
        .all(db)
        .await?;
    let receipts_ok = authz::can(actor, Action::ViewReceipts, &Scope::Dong(dong.clone())).is_ok();
    Ok(StatementView {
        dong: place,
        month: month.to_string(),
        opening_balance: opening.balance(),
        income_total: income_by_category.iter().map(|c| c.amount).sum(),
        expense_total: expense_by_category.iter().map(|c| c.amount).sum(),
        closing_balance: closing.balance(),
        free_at_close: closing.free(),
        earmarked_at_close: closing.earmarked(),
        income_by_category,
        expense_by_category,
        entries: entry_views(db, rows, receipts_ok).await?,
    })
}

/// Every entry of the dong, oldest first, for the CSV export.
pub async fn all_entries(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Vec<JournalEntryView>, AppError> {
    let rows = journal_entry::Entity::find()
        .filter(journal_entry::Column::DongCode.eq(dong.as_str()))
        .order_by_asc(journal_entry::Column::EntryDate)
        .order_by_asc(journal_entry::Column::Id)
        .all(db)
        .await?;
    entry_views(db, rows, false).await
}
