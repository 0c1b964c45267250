//! Projects of the fund: opened by staff or by an assembly's results, allocated, updated with
//! notes and photos, closed; budgets checked against the free balance.

use super::books::entry_views;
use super::posting::{EntryMeta, balances, lines_to_entries, lock, net_of_lines, post, post_locked};
use super::records::find_entry;
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{Stored, fund_project, journal_entry, journal_line, project_photo, project_update};
use crate::markdown;
use crate::storage::{MediaKey, MediaStore};
use crate::{places, proposals, time_fmt};
use chrono::Utc;
use contract::dto::fund::{ProjectPage, ProjectUpdateView, ProjectView};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::Field;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::image::ImageRefusal;
use domain::image::{CheckedImage, ImageAlt, ImageKind};
use domain::ledger::{Account, Balances, Entry, EntryKind, ProjectStatus, Won};
use domain::proposal::Event;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

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
        status: Set(ProjectStatus::Planned.into()),
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
        post_locked(
            txn,
            dong,
            &Entry::allocation(id, amount),
            EntryMeta::today(EntryKind::Allocation, title, by, Some(id)),
        )
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
    let title = domain::text::bounded(Field::ProjectName, title, 2, 200, false)?;
    let txn = crate::transaction::begin_write(db).await?;
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
    if p.status == ProjectStatus::Done {
        return Err(AppError::Conflict(ErrorCode::ProjectDone));
    }
    let txn = crate::transaction::begin_write(db).await?;
    let id = post(
        &txn,
        &dong,
        &Entry::allocation(project_id, amount),
        EntryMeta::today(EntryKind::Allocation, &p.title, me.user_id, Some(project_id)),
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
    to: ProjectStatus,
) -> Result<(), AppError> {
    let p = find_project(db, project_id).await?;
    let dong = DongCode::parse(&p.dong_code)?;
    authz::can(actor, Action::ManageProject, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let event = match (p.status.next(), to) {
        (Some(ProjectStatus::InProgress), ProjectStatus::InProgress) => Event::Start,
        (Some(ProjectStatus::Done), ProjectStatus::Done) => Event::Complete,
        _ => {
            let (from, to) = (p.status.as_str().to_owned(), to.as_str().to_owned());
            return Err(AppError::Conflict(ErrorCode::ProjectStep { from, to }));
        }
    };
    let txn = crate::transaction::begin_write(db).await?;
    let res = fund_project::Entity::update_many()
        .col_expr(fund_project::Column::Status, Expr::value(Stored(to)))
        .col_expr(fund_project::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(fund_project::Column::Id.eq(project_id))
        .filter(fund_project::Column::Status.eq(p.status))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::ProjectChanged));
    }
    if to == ProjectStatus::Done {
        lock(&txn, &dong).await?;
        let left = balances(&txn, &dong).await?.signed(Account::Allocation(project_id));
        if left > 0 {
            post_locked(
                &txn,
                &dong,
                &Entry::release(project_id, Won::new(left)?),
                EntryMeta::today(EntryKind::Release, &p.title, me.user_id, Some(project_id)),
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
        serde_json::json!({ "project": project_id, "from": p.status.as_str(), "to": to.as_str() }),
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
    let body = domain::text::bounded(Field::Note, note, 5, 5000, true)?;
    let photo = &photo;
    let bytes = photo.as_ref().map(|(image, _)| image.bytes());
    media
        .store_optional_with(bytes, |stored| async move {
            let txn = crate::transaction::begin_write(db).await?;
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
                        i64::try_from(image.bytes().len()).map_err(|_| ImageRefusal::TooLarge.on(Field::Photo))?
                    ),
                    width: Set(i32::try_from(facts.width).map_err(|_| ImageRefusal::BadDimensions.on(Field::Photo))?),
                    height: Set(i32::try_from(facts.height).map_err(|_| ImageRefusal::BadDimensions.on(Field::Photo))?),
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
    upload: crate::fund::claims::Upload,
) -> Result<DongCode, AppError> {
    let entry = find_entry(db, entry_id).await?;
    let dong = DongCode::parse(&entry.dong_code)?;
    authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let upload = &upload;
    media
        .store_with(upload.receipt.bytes(), |key| async move {
            super::claims::insert_attachment(db, &dong, None, Some(entry_id), upload, &key, me.user_id).await?;
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
                status: *p.status,
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
                EntryMeta::today(EntryKind::Allocation, &d.title, by, Some(id)),
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
