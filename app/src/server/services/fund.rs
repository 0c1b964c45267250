//! A dong's community fund: posting entries, balances, the public summary, the journal, monthly
//! statements and projects. Claims are in `fund_claims`.
//!
//! Right by construction:
//! - Every entry is a `domain::ledger::Entry` (balanced, checked) before it is stored, and the
//!   database refuses lines beyond an entry's total, any update or delete, and (PostgreSQL) an
//!   unbalanced entry at commit.
//! - Every posting runs in a transaction whose first write bumps the fund's `version` (`lock`):
//!   on PostgreSQL that row lock, on SQLite the database's write lock, orders all postings to one
//!   fund. The balances are read after the lock, and `Balances::post` refuses an entry that would
//!   take cash, an allocation or a category below zero — so concurrent approvals never overdraw.

pub mod claims;

use crate::api::dto::Place;
use crate::api::dto::fund::{
    AttachmentView, CategoryAmount, FundPage, FundSummary, FundViewer, JournalEntryView, JournalPage, LineView,
    MonthFlowView, ProjectPage, ProjectUpdateView, ProjectView, StatementView,
};
use crate::domain::authz::{self, Action, Actor, Scope};
use crate::domain::geo::DongCode;
use crate::domain::image::{CheckedImage, ImageAlt, ImageKind};
use crate::domain::ledger::{
    Account, Balances, Entry, EntryDate, ExpenseCategory, IncomeCategory, LedgerError, Line, Month, Side, Won,
    monthly_flow,
};
use crate::domain::proposal::Event;
use crate::error::AppError;
use crate::error_code::ErrorCode;
use crate::server::entities::{
    expense_claim, fund, fund_attachment, fund_project, journal_entry, journal_line, project_photo, project_update,
};
use crate::server::markdown;
use crate::server::media::{MediaKey, MediaStore};
use crate::server::services::audit::{self, AuditAction, AuditScope};
use crate::server::services::{places, proposals, time_fmt};
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationDef, Set,
};
use std::collections::{BTreeMap, HashMap};

pub const PAGE_SIZE: u64 = 20;

/// Today on Seoul's clock.
pub fn today() -> EntryDate {
    let s = super::time_fmt::seoul_date(Utc::now());
    EntryDate::parse(&s).unwrap_or(EntryDate { year: 2026, month: 1, day: 1 })
}

fn refusal(e: LedgerError) -> AppError {
    match e {
        LedgerError::Overdrawn(Account::Allocation(_)) => AppError::Conflict(ErrorCode::AllocationShort),
        LedgerError::Overdrawn(Account::Cash) => AppError::Conflict(ErrorCode::FreeBalanceShort),
        LedgerError::Overdrawn(a) => AppError::Conflict(ErrorCode::BelowZero { account: a.to_string() }),
        other => {
            tracing::error!(error = %other, "an unbalanced entry reached the books");
            AppError::Internal
        }
    }
}

// ---- posting -----------------------------------------------------------------------------------

/// What an entry is, besides its lines.
pub struct EntryMeta {
    pub date: EntryDate,
    pub description: String,
    pub kind: &'static str,
    pub project_id: Option<i64>,
    pub payee_type: Option<&'static str>,
    pub reverses: Option<i64>,
    pub recorded_by: i64,
    pub approved_by: Option<i64>,
}

impl EntryMeta {
    /// An entry dated today, recorded by `by`, about a project if `project` is given.
    pub fn today(kind: &'static str, description: &str, by: i64, project: Option<i64>) -> Self {
        EntryMeta {
            date: today(),
            description: description.chars().take(300).collect(),
            kind,
            project_id: project,
            payee_type: None,
            reverses: None,
            recorded_by: by,
            approved_by: None,
        }
    }
}

/// Takes the fund's lock for the rest of the transaction (creating the fund on first use).
pub async fn lock(txn: &impl ConnectionTrait, dong: &DongCode) -> Result<(), AppError> {
    fund::Entity::insert(fund::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        version: Set(0),
        created_at: Set(Utc::now()),
    })
    .on_conflict(OnConflict::column(fund::Column::DongCode).do_nothing().to_owned())
    .exec_without_returning(txn)
    .await?;
    fund::Entity::update_many()
        .col_expr(fund::Column::Version, sea_orm::sea_query::ExprTrait::add(Expr::col(fund::Column::Version), 1))
        .filter(fund::Column::DongCode.eq(dong.as_str()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Σ debits − Σ credits of the grouped lines, as a BIGINT on both databases (PostgreSQL's SUM of
/// a bigint is a numeric).
fn net_of_lines() -> Expr {
    Expr::cust("CAST(COALESCE(SUM(journal_lines.debit), 0) - COALESCE(SUM(journal_lines.credit), 0) AS BIGINT)")
}

fn lines_to_entries() -> RelationDef {
    journal_line::Entity::belongs_to(journal_entry::Entity)
        .from(journal_line::Column::EntryId)
        .to(journal_entry::Column::Id)
        .into()
}

/// Σ per account of the dong's entries that `filter` keeps (debits positive).
async fn sums(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    filter: impl FnOnce(sea_orm::Select<journal_line::Entity>) -> sea_orm::Select<journal_line::Entity>,
) -> Result<Balances, AppError> {
    let q = journal_line::Entity::find()
        .select_only()
        .column(journal_line::Column::Account)
        .column_as(net_of_lines(), "net")
        .join(JoinType::InnerJoin, lines_to_entries())
        .filter(journal_entry::Column::DongCode.eq(dong.as_str()))
        .group_by(journal_line::Column::Account);
    let rows: Vec<(String, i64)> = filter(q).into_tuple().all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (code, net) in rows {
        out.push((stored_account(&code)?, net));
    }
    Ok(Balances::from_sums(out))
}

fn stored_account(code: &str) -> Result<Account, AppError> {
    Account::parse(code).map_err(|_| {
        tracing::error!(account = code, "unknown account in the journal");
        AppError::Internal
    })
}

/// The fund's balances now.
pub async fn balances(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Balances, AppError> {
    sums(db, dong, |q| q).await
}

/// Posts `entry` in `txn`, which must already hold the fund's lock; refuses it (a conflict the
/// person can act on) if it would overdraw. Returns the entry's id.
pub(crate) async fn post_locked(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    entry: &Entry,
    meta: EntryMeta,
) -> Result<i64, AppError> {
    let mut b = balances(txn, dong).await?;
    b.post(entry).map_err(refusal)?;
    let row = journal_entry::Entity::insert(journal_entry::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        entry_date: Set(meta.date.to_string()),
        description: Set(meta.description),
        kind: Set(meta.kind.to_owned()),
        total: Set(entry.total()),
        project_id: Set(meta.project_id),
        payee_type: Set(meta.payee_type.map(str::to_owned)),
        reverses_entry_id: Set(meta.reverses),
        recorded_by: Set(meta.recorded_by),
        approved_by: Set(meta.approved_by),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let id = row.last_insert_id;
    journal_line::Entity::insert_many(entry.lines().iter().map(|l| journal_line::ActiveModel {
        entry_id: Set(id),
        account: Set(l.account.code()),
        debit: Set(if l.side == Side::Debit { l.amount.get() } else { 0 }),
        credit: Set(if l.side == Side::Credit { l.amount.get() } else { 0 }),
        ..Default::default()
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(id)
}

/// Locks the fund and posts, in `txn`.
pub(crate) async fn post(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    entry: &Entry,
    meta: EntryMeta,
) -> Result<i64, AppError> {
    lock(txn, dong).await?;
    post_locked(txn, dong, entry, meta).await
}

// ---- what staff record -------------------------------------------------------------------------

/// Income as staff record it.
pub struct NewIncome {
    pub date: EntryDate,
    pub description: String,
    pub category: IncomeCategory,
    pub amount: Won,
}

impl NewIncome {
    pub fn parse(date: &str, description: &str, category: &str, amount: &str) -> Result<Self, AppError> {
        Ok(NewIncome {
            date: EntryDate::parse_not_after(date, today())?,
            description: crate::domain::text::bounded("description", description, 2, 300, false)?,
            category: IncomeCategory::parse(category)?,
            amount: Won::parse(amount)?,
        })
    }
}

/// Records income (center staff). Returns the entry's id.
pub async fn record_income(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    income: NewIncome,
) -> Result<i64, AppError> {
    authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let entry = Entry::income(income.category, income.amount);
    let txn = crate::server::db::begin_write(db).await?;
    let id = post(
        &txn,
        dong,
        &entry,
        EntryMeta { date: income.date, ..EntryMeta::today("income", &income.description, me.user_id, None) },
    )
    .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::FundEntryRecorded,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "entry": id, "kind": "income", "amount": income.amount.get() }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn find_entry(db: &impl ConnectionTrait, id: i64) -> Result<journal_entry::Model, AppError> {
    journal_entry::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// The dong whose fund an entry is in.
pub async fn dong_of_entry(db: &impl ConnectionTrait, id: i64) -> Result<DongCode, AppError> {
    Ok(DongCode::parse(&find_entry(db, id).await?.dong_code)?)
}

/// The stored entry as the domain's.
async fn entry_of(db: &impl ConnectionTrait, id: i64) -> Result<Entry, AppError> {
    let rows = journal_line::Entity::find().filter(journal_line::Column::EntryId.eq(id)).all(db).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for l in rows {
        let account = stored_account(&l.account)?;
        let (side, amount) = if l.debit > 0 { (Side::Debit, l.debit) } else { (Side::Credit, l.credit) };
        lines.push(Line { account, side, amount: Won::new(amount)? });
    }
    Entry::new(lines).map_err(|e| {
        tracing::error!(entry = id, error = %e, "a stored entry does not balance");
        AppError::Internal
    })
}

/// Corrects an entry with its reversal (center staff); the reason is public. Returns the id of
/// the reversal. An entry is reversed at most once; a reversal is not itself reversed (record the
/// right entry instead).
pub async fn reverse(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    entry_id: i64,
    reason: &str,
) -> Result<i64, AppError> {
    let original = find_entry(db, entry_id).await?;
    let dong = DongCode::parse(&original.dong_code)?;
    authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let reason = crate::domain::text::bounded("reason", reason, 2, 200, false)?;
    if original.kind == "reversal" {
        return Err(AppError::Conflict(ErrorCode::ReversalOfReversal));
    }
    let entry = entry_of(db, entry_id).await?.reversal();
    let txn = crate::server::db::begin_write(db).await?;
    lock(&txn, &dong).await?;
    let already =
        journal_entry::Entity::find().filter(journal_entry::Column::ReversesEntryId.eq(entry_id)).count(&txn).await?;
    if already > 0 {
        return Err(AppError::Conflict(ErrorCode::AlreadyReversed));
    }
    let id = post_locked(
        &txn,
        &dong,
        &entry,
        EntryMeta {
            reverses: Some(entry_id),
            ..EntryMeta::today(
                "reversal",
                &format!("{} — {reason}", original.description),
                me.user_id,
                original.project_id,
            )
        },
    )
    .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::FundEntryReversed,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "entry": id, "reverses": entry_id, "reason": reason }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

// ---- projects ----------------------------------------------------------------------------------

pub(crate) async fn find_project(db: &impl ConnectionTrait, id: i64) -> Result<fund_project::Model, AppError> {
    fund_project::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// A new project's row (`planned`); returns its id.
async fn insert_project(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    title: &str,
    proposal_id: Option<i64>,
    assembly_id: Option<i64>,
    decided_won: Option<i64>,
) -> Result<i64, AppError> {
    let now = Utc::now();
    Ok(fund_project::Entity::insert(fund_project::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        title: Set(title.chars().take(200).collect()),
        proposal_id: Set(proposal_id),
        assembly_id: Set(assembly_id),
        decided_won: Set(decided_won),
        status: Set("planned".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?
    .last_insert_id)
}

/// Creates a project in `txn` (under the fund's lock) and earmarks `amount` for it when the free
/// balance allows; returns its id and whether it was funded.
pub async fn open_project_locked(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    title: &str,
    proposal_id: Option<i64>,
    assembly_id: Option<i64>,
    amount: Option<Won>,
    by: i64,
) -> Result<(i64, bool), AppError> {
    let id = insert_project(txn, dong, title, proposal_id, assembly_id, None).await?;
    let Some(amount) = amount else { return Ok((id, false)) };
    let funded = balances(txn, dong).await?.free() >= amount.get();
    if funded {
        post_locked(txn, dong, &Entry::allocation(id, amount), EntryMeta::today("allocation", title, by, Some(id)))
            .await?;
    }
    Ok((id, funded))
}

/// Sets up a project the center runs (one not decided by an assembly), earmarking `amount` for it
/// (center staff). Refused if the free balance does not cover it. Returns the project's id.
pub async fn create_project(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    title: &str,
    amount: Won,
) -> Result<i64, AppError> {
    authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let title = crate::domain::text::bounded("title", title, 2, 200, false)?;
    let txn = crate::server::db::begin_write(db).await?;
    lock(&txn, dong).await?;
    let (id, funded) = open_project_locked(&txn, dong, &title, None, None, Some(amount), me.user_id).await?;
    if !funded {
        return Err(AppError::Conflict(ErrorCode::FreeBalanceShort));
    }
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::FundEntryRecorded,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "kind": "allocation", "project": id, "amount": amount.get() }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Earmarks more money for a project (center staff).
pub async fn allocate(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    project_id: i64,
    amount: Won,
) -> Result<i64, AppError> {
    let p = find_project(db, project_id).await?;
    let dong = DongCode::parse(&p.dong_code)?;
    authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if p.status == "done" {
        return Err(AppError::Conflict(ErrorCode::ProjectDone));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let id = post(
        &txn,
        &dong,
        &Entry::allocation(project_id, amount),
        EntryMeta::today("allocation", &p.title, me.user_id, Some(project_id)),
    )
    .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::FundEntryRecorded,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "entry": id, "kind": "allocation", "project": project_id, "amount": amount.get() }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Moves a project along: `planned` → `in_progress` → `done`; the proposal's timeline follows.
/// When a project is done, what is left of its allocation returns to the free balance.
pub async fn set_project_status(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    project_id: i64,
    to: &str,
) -> Result<(), AppError> {
    let p = find_project(db, project_id).await?;
    let dong = DongCode::parse(&p.dong_code)?;
    authz::can(actor, Action::ManageProject, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let event = match (p.status.as_str(), to) {
        ("planned", "in_progress") => Event::Start,
        ("in_progress", "done") => Event::Complete,
        _ => return Err(AppError::Conflict(ErrorCode::ProjectStep { from: p.status.clone(), to: to.to_owned() })),
    };
    let txn = crate::server::db::begin_write(db).await?;
    let res = fund_project::Entity::update_many()
        .col_expr(fund_project::Column::Status, Expr::value(to))
        .col_expr(fund_project::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(fund_project::Column::Id.eq(project_id))
        .filter(fund_project::Column::Status.eq(p.status.clone()))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::ProjectChanged));
    }
    if to == "done" {
        lock(&txn, &dong).await?;
        let left = balances(&txn, &dong).await?.signed(Account::Allocation(project_id));
        if left > 0 {
            post_locked(
                &txn,
                &dong,
                &Entry::release(project_id, Won::new(left)?),
                EntryMeta::today("release", &p.title, me.user_id, Some(project_id)),
            )
            .await?;
        }
    }
    if let Some(pid) = p.proposal_id {
        let proposal = proposals::find(&txn, pid).await?;
        proposals::apply(&txn, &proposal, event, Some(me.user_id), Some(p.title.clone())).await?;
    }
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::ProjectStatusChanged,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "project": project_id, "from": p.status, "to": to }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Posts a progress note on a project, with a photo if one is given (staff or the district's
/// expert). The photo's file is stored first and removed again if the rows cannot be written.
pub async fn add_project_update(
    db: &DatabaseConnection,
    media: &MediaStore,
    actor: Option<&Actor>,
    project_id: i64,
    note: &str,
    photo: Option<(CheckedImage, ImageAlt)>,
) -> Result<i64, AppError> {
    let p = find_project(db, project_id).await?;
    let dong = DongCode::parse(&p.dong_code)?;
    authz::can(actor, Action::ManageProject, &Scope::Dong(dong))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let body = crate::domain::text::bounded("note", note, 5, 5000, true)?;
    let photo = &photo;
    let bytes = photo.as_ref().map(|(image, _)| image.bytes());
    media
        .store_optional_with(bytes, |stored| async move {
            let txn = crate::server::db::begin_write(db).await?;
            let id = project_update::Entity::insert(project_update::ActiveModel {
                project_id: Set(project_id),
                author_id: Set(me.user_id),
                body: Set(body),
                created_at: Set(Utc::now()),
                ..Default::default()
            })
            .exec(&txn)
            .await?
            .last_insert_id;
            if let (Some((image, alt)), Some(key)) = (photo, &stored) {
                let facts = image.facts();
                project_photo::Entity::insert(project_photo::ActiveModel {
                    project_update_id: Set(id),
                    storage_key: Set(key.as_str().to_owned()),
                    content_type: Set(facts.kind.mime().to_owned()),
                    byte_size: Set(
                        i64::try_from(image.bytes().len()).map_err(|_| AppError::invalid("photo", "too large"))?
                    ),
                    width: Set(i32::try_from(facts.width).map_err(|_| AppError::invalid("photo", "too wide"))?),
                    height: Set(i32::try_from(facts.height).map_err(|_| AppError::invalid("photo", "too high"))?),
                    alt_text: Set(alt.as_str().to_owned()),
                    uploaded_by: Set(me.user_id),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                })
                .exec_without_returning(&txn)
                .await?;
            }
            txn.commit().await?;
            Ok(id)
        })
        .await
}

/// A project photo's file: public, like the project.
pub async fn project_photo_file(
    db: &DatabaseConnection,
    media: &MediaStore,
    id: i64,
) -> Result<(ImageKind, Vec<u8>), AppError> {
    let photo = project_photo::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let kind = ImageKind::from_mime(&photo.content_type).ok_or_else(|| {
        tracing::error!(photo = id, content_type = %photo.content_type, "stored photo type not accepted");
        AppError::Internal
    })?;
    Ok((kind, media.get(&MediaKey::parse(&photo.storage_key)?).await?))
}

/// Attaches evidence (a photo or PDF) to an entry, e.g. the letter of a grant (center staff).
/// The entry itself is not changed: evidence is a row of its own. Returns the entry's dong.
pub async fn attach_evidence(
    db: &DatabaseConnection,
    media: &MediaStore,
    actor: Option<&Actor>,
    entry_id: i64,
    upload: crate::server::services::fund::claims::Upload,
) -> Result<DongCode, AppError> {
    let entry = find_entry(db, entry_id).await?;
    let dong = DongCode::parse(&entry.dong_code)?;
    authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let upload = &upload;
    media
        .store_with(upload.receipt.bytes(), |key| async move {
            claims::insert_attachment(db, &dong, None, Some(entry_id), upload, &key, me.user_id).await?;
            Ok(dong)
        })
        .await
}

/// The dong's projects with budget, spent and remaining. Budget = spent + remaining: whatever
/// was earmarked and not released.
pub async fn projects(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Vec<ProjectView>, AppError> {
    projects_with(db, dong, &balances(db, dong).await?).await
}

/// The same, with the fund's balances the caller has already loaded.
pub(crate) async fn projects_with(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    b: &Balances,
) -> Result<Vec<ProjectView>, AppError> {
    let rows = fund_project::Entity::find()
        .filter(fund_project::Column::DongCode.eq(dong.as_str()))
        .order_by_desc(fund_project::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let spent: HashMap<i64, i64> = journal_line::Entity::find()
        .select_only()
        .column(journal_entry::Column::ProjectId)
        .column_as(net_of_lines(), "net")
        .join(JoinType::InnerJoin, lines_to_entries())
        .filter(journal_entry::Column::DongCode.eq(dong.as_str()))
        .filter(journal_entry::Column::ProjectId.is_not_null())
        .filter(journal_line::Column::Account.like("expense:%"))
        .group_by(journal_entry::Column::ProjectId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|p| {
            let spent = spent.get(&p.id).copied().unwrap_or(0);
            let remaining = b.signed(Account::Allocation(p.id));
            ProjectView {
                id: p.id,
                title: p.title,
                status: p.status,
                proposal_id: p.proposal_id,
                budget: spent + remaining,
                spent,
                remaining,
                decided: p.decided_won,
                assembly_id: p.assembly_id,
            }
        })
        .collect())
}

/// A project's page.
pub async fn project_page(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    project_id: i64,
) -> Result<ProjectPage, AppError> {
    let p = find_project(db, project_id).await?;
    let dong = DongCode::parse(&p.dong_code)?;
    let b = balances(db, &dong).await?;
    let view =
        projects_with(db, &dong, &b).await?.into_iter().find(|v| v.id == project_id).ok_or(AppError::NotFound)?;
    let can_manage = authz::can(actor, Action::ManageProject, &Scope::Dong(dong.clone())).is_ok();
    let receipts_ok = authz::can(actor, Action::ViewReceipts, &Scope::Dong(dong.clone())).is_ok();
    let entries = journal_entry::Entity::find()
        .filter(journal_entry::Column::ProjectId.eq(project_id))
        .order_by_desc(journal_entry::Column::EntryDate)
        .order_by_desc(journal_entry::Column::Id)
        .all(db)
        .await?;
    let entries = entry_views(db, entries, receipts_ok).await?;
    let updates = project_update::Entity::find()
        .filter(project_update::Column::ProjectId.eq(project_id))
        .order_by_desc(project_update::Column::Id)
        .all(db)
        .await?;
    let names = places::people(db, updates.iter().map(|u| u.author_id)).await?;
    let photos: HashMap<i64, project_photo::Model> = project_photo::Entity::find()
        .filter(project_photo::Column::ProjectUpdateId.is_in(updates.iter().map(|u| u.id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.project_update_id, p))
        .collect();
    Ok(ProjectPage {
        dong: places::dong(db, &dong).await?,
        project: view,
        entries,
        updates: updates
            .into_iter()
            .map(|u| ProjectUpdateView {
                author: names.get(&u.author_id).cloned().unwrap_or_default(),
                body_html: markdown::render(&u.body),
                at: time_fmt::seoul_date(u.created_at),
                photo: photos.get(&u.id).map(|p| (p.id, p.alt_text.clone())),
            })
            .collect(),
        can_manage,
        free: b.free(),
    })
}

/// What an assembly decided to carry out: a proposal it accepted, or a project its budget funded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub proposal_id: i64,
    pub title: String,
    pub cost_won: Option<i64>,
    /// Funded by a participatory budget (so its money was voted with it).
    pub from_budget: bool,
}

/// After an assembly's results are published: a project for every accepted proposal and every
/// funded budget project, with the amount the assembly gave it (`decided_won`). Runs in the
/// publishing transaction, under the fund's lock. The budget projects' money was voted with them:
/// if the free balance does not cover them all, the publication is refused (409) — nothing is
/// published with a winner the fund cannot pay. Each is earmarked with its cost. An accepted
/// proposal's cost is earmarked where what is left allows; otherwise staff allocate it later (the
/// project's page shows what the assembly gave it and what is earmarked).
pub(crate) async fn projects_from_results(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    assembly_id: i64,
    decided: &[Decided],
    by: i64,
) -> Result<(), AppError> {
    if decided.is_empty() {
        return Ok(());
    }
    lock(txn, dong).await?;
    let budget_total: i64 = decided.iter().filter(|d| d.from_budget).filter_map(|d| d.cost_won).sum();
    // read once: under the fund's lock only this loop's allocations change it
    let mut free = balances(txn, dong).await?.free();
    if budget_total > free {
        return Err(AppError::Conflict(ErrorCode::BudgetShort { need: budget_total, free }));
    }
    // budget projects first: their money is committed
    let mut ordered: Vec<&Decided> = decided.iter().collect();
    ordered.sort_by_key(|d| !d.from_budget);
    for d in ordered {
        let exists =
            fund_project::Entity::find().filter(fund_project::Column::ProposalId.eq(d.proposal_id)).count(txn).await?;
        if exists > 0 {
            continue;
        }
        let id = insert_project(txn, dong, &d.title, Some(d.proposal_id), Some(assembly_id), d.cost_won).await?;
        let Some(amount) = d.cost_won.and_then(|c| Won::new(c).ok()) else { continue };
        if free >= amount.get() {
            free -= amount.get();
            post_locked(
                txn,
                dong,
                &Entry::allocation(id, amount),
                EntryMeta::today("allocation", &d.title, by, Some(id)),
            )
            .await?;
        } else if d.from_budget {
            // cannot happen after the check above; refuse rather than publish an unpaid winner
            return Err(AppError::Conflict(ErrorCode::BudgetShort { need: budget_total, free }));
        }
    }
    Ok(())
}

/// The sum of the participatory budgets on an assembly's agenda against the fund's free balance:
/// refused (409) when the fund cannot cover them. Takes the fund's lock.
pub(crate) async fn check_budgets(txn: &impl ConnectionTrait, dong: &DongCode, total_won: i64) -> Result<(), AppError> {
    if total_won <= 0 {
        return Ok(());
    }
    lock(txn, dong).await?;
    let free = balances(txn, dong).await?.free();
    if total_won > free {
        return Err(AppError::Conflict(ErrorCode::BudgetsUnfunded { need: total_won, free }));
    }
    Ok(())
}

// ---- reading the books -------------------------------------------------------------------------

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
async fn entry_views(
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
                kind: e.kind,
                total: e.total,
                net,
                category: category_of(&lines),
                project_title: e.project_id.and_then(|p| titles.get(&p).cloned()),
                project_id: e.project_id,
                payee_type: e.payee_type,
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
    let total = q.clone().count(db).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let rows = q
        .order_by_desc(journal_entry::Column::EntryDate)
        .order_by_desc(journal_entry::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let receipts_ok = authz::can(actor, Action::ViewReceipts, &Scope::Dong(dong.clone())).is_ok();
    Ok(JournalPage { page, pages, total, entries: entry_views(db, rows, receipts_ok).await? })
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

/// The entries dated from `from` to `to` (inclusive) with their lines, for flows.
async fn dated_entries(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    from: EntryDate,
    to: EntryDate,
) -> Result<Vec<(EntryDate, Entry)>, AppError> {
    let rows: Vec<(i64, String, String, i64, i64)> = journal_line::Entity::find()
        .select_only()
        .column(journal_line::Column::EntryId)
        .column(journal_entry::Column::EntryDate)
        .column(journal_line::Column::Account)
        .column(journal_line::Column::Debit)
        .column(journal_line::Column::Credit)
        .join(JoinType::InnerJoin, lines_to_entries())
        .filter(journal_entry::Column::DongCode.eq(dong.as_str()))
        .filter(journal_entry::Column::EntryDate.gte(from.to_string()))
        .filter(journal_entry::Column::EntryDate.lte(to.to_string()))
        .order_by_asc(journal_line::Column::EntryId)
        .order_by_asc(journal_line::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut grouped: BTreeMap<i64, (String, Vec<Line>)> = BTreeMap::new();
    for (entry_id, date, account, debit, credit) in rows {
        let (side, amount) = if debit > 0 { (Side::Debit, debit) } else { (Side::Credit, credit) };
        let line = Line { account: stored_account(&account)?, side, amount: Won::new(amount)? };
        grouped.entry(entry_id).or_insert_with(|| (date, Vec::new())).1.push(line);
    }
    let mut out = Vec::with_capacity(grouped.len());
    for (id, (date, lines)) in grouped {
        let entry = Entry::new(lines).map_err(|e| {
            tracing::error!(entry = id, error = %e, "a stored entry does not balance");
            AppError::Internal
        })?;
        out.push((EntryDate::parse(&date)?, entry));
    }
    Ok(out)
}

/// The balance (money held) of everything dated before `day`.
async fn balance_before(db: &impl ConnectionTrait, dong: &DongCode, day: EntryDate) -> Result<Balances, AppError> {
    sums(db, dong, |q| q.filter(journal_entry::Column::EntryDate.lt(day.to_string()))).await
}

/// The public summary of a dong's fund.
pub async fn summary(db: &impl ConnectionTrait, dong: &DongCode) -> Result<FundSummary, AppError> {
    let place: Place = places::dong(db, dong).await?;
    let now = balances(db, dong).await?;
    let today = today();
    let year_start = EntryDate { year: today.year, month: 1, day: 1 };
    let year = sums(db, dong, |q| q.filter(journal_entry::Column::EntryDate.gte(year_start.to_string()))).await?;
    let (income_by_category, expense_by_category) = by_category(&year);
    let months = today.month().last_twelve();
    let first = months.first().map_or(year_start, |m| m.first_day());
    let opening = balance_before(db, dong, first).await?.balance();
    let entries = dated_entries(db, dong, first, today.month().last_day()).await?;
    let journal: Vec<(EntryDate, &Entry)> = entries.iter().map(|(d, e)| (*d, e)).collect();
    let flows = monthly_flow(opening, &journal, &months);
    let pending_claims = expense_claim::Entity::find()
        .filter(expense_claim::Column::DongCode.eq(dong.as_str()))
        .filter(expense_claim::Column::Status.eq("submitted"))
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
    let can_claim = crate::server::services::fund::claims::may_claim(db, actor, dong).await?;
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
    let opening = balance_before(db, dong, month.first_day()).await?;
    let closing = balance_before(db, dong, month.next().first_day()).await?;
    let within = sums(db, dong, |q| {
        q.filter(journal_entry::Column::EntryDate.gte(month.first_day().to_string()))
            .filter(journal_entry::Column::EntryDate.lte(month.last_day().to_string()))
    })
    .await?;
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
