//! Expense claims against a dong's fund: an organiser of a registered resident group or the
//! center's staff submit one (payee, purpose, category, amount, project, receipts); someone else
//! — staff or the district's expert — approves it, which records the payment entry, or rejects it
//! with a reason.
//!
//! - Submitting twice with one idempotency key (a double click, a retry) records one claim: the
//!   key is unique per submitter in the database, and the second submission finds the first.
//! - Approval takes the fund's lock before it reads the claim again, so two approvals of one
//!   claim post one payment, and concurrent approvals of different claims never overdraw: each
//!   sees the balance the one before it left (`fund::post_locked` refuses what does not fit).
//! - Nobody decides their own claim: the policy refuses it, and so does a CHECK in the database.

use crate::audit::{self, AuditAction, AuditScope};
use crate::crypto;
use crate::entities::{audit_event, expense_claim, fund_attachment, resident_group};
use crate::fund::{self, EntryMeta};
use crate::storage::{MediaKey, MediaStore};
use crate::{places, time_fmt};
use chrono::Utc;
use contract::dto::fund::{AttachmentView, ClaimView, ClaimsPage};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::image::ImageRefusal;
use domain::ledger::{self, Account, ClaimRefusal, ClaimStatus, Entry, EntryKind, NewClaim, ProjectStatus, Won};
use domain::moderation::NoticeKind;
use domain::receipt::{self, Receipt, ReceiptKind};
use domain::{Field, InputRule};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Registered groups of the dong the actor organises: (id, name).
async fn claiming_groups(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    dong: &DongCode,
) -> Result<Vec<(i64, String)>, AppError> {
    let Some(a) = actor.filter(|a| !a.organises.is_empty()) else { return Ok(Vec::new()) };
    Ok(resident_group::Entity::find()
        .filter(resident_group::Column::DongCode.eq(dong.as_str()))
        .filter(resident_group::Column::Id.is_in(a.organises.clone()))
        .filter(resident_group::Column::RegisteredAt.is_not_null())
        .filter(resident_group::Column::Hidden.eq(false))
        .order_by_asc(resident_group::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter(|g| {
            let scope = Scope::ClaimingGroup { dong: dong.clone(), id: g.id, registered: true };
            authz::can(actor, Action::SubmitClaim, &scope).is_ok()
        })
        .map(|g| (g.id, g.name))
        .collect())
}

/// Whether the actor may submit claims in the dong (as staff, or for some group).
pub async fn may_claim(db: &impl ConnectionTrait, actor: Option<&Actor>, dong: &DongCode) -> Result<bool, AppError> {
    Ok(authz::can(actor, Action::SubmitClaim, &Scope::Dong(dong.clone())).is_ok()
        || !claiming_groups(db, actor, dong).await?.is_empty())
}

/// A receipt as uploaded: the checked file and the name it came with.
pub struct Upload {
    pub receipt: Receipt,
    pub name: String,
}

/// Submits a claim; returns its id and whether this call created it (false: the same key was
/// submitted before, and that claim is returned).
pub async fn submit(
    db: &DatabaseConnection,
    media: &MediaStore,
    actor: Option<&Actor>,
    dong: &DongCode,
    group_id: Option<i64>,
    claim: NewClaim,
    upload: Option<Upload>,
) -> Result<(i64, bool), AppError> {
    let scope = match group_id {
        Some(g) => {
            let group = resident_group::Entity::find_by_id(g).one(db).await?.ok_or(AppError::NotFound)?;
            if group.dong_code != dong.as_str() {
                return Err(AppError::NotFound);
            }
            Scope::ClaimingGroup { dong: dong.clone(), id: g, registered: group.registered_at.is_some() }
        }
        None => Scope::Dong(dong.clone()),
    };
    authz::can(actor, Action::SubmitClaim, &scope)?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let key = claim.idempotency_key.as_str().to_owned();
    if let Some(existing) = by_key(db, me.user_id, &key).await? {
        return Ok((existing.id, false));
    }
    if let Some(p) = claim.project {
        let project = fund::find_project(db, p).await?;
        if project.dong_code != dong.as_str() || project.status == ProjectStatus::Done {
            return Err(AppError::input(Field::Project, InputRule::NotChosen));
        }
    }
    // refused now if it could not be paid now (approval checks again, under the lock)
    let b = fund::balances(db, dong).await?;
    let available = claim.project.map_or(b.free(), |p| b.signed(Account::Allocation(p)));
    if claim.amount.get() > available {
        return Err(AppError::Conflict(if claim.project.is_some() {
            ErrorCode::AllocationShort
        } else {
            ErrorCode::FreeBalanceShort
        }));
    }
    let upload = &upload;
    let bytes = upload.as_ref().map(|u| u.receipt.bytes());
    media
        .store_optional_with(bytes, |stored| async move {
            let txn = crate::transaction::begin_write(db).await?;
            let inserted = expense_claim::Entity::insert(expense_claim::ActiveModel {
                dong_code: Set(dong.as_str().to_owned()),
                submitted_by: Set(me.user_id),
                group_id: Set(group_id),
                payee: Set(claim.payee.clone()),
                payee_type: Set(claim.payee_type.into()),
                purpose: Set(claim.purpose.clone()),
                category: Set(claim.category.into()),
                amount: Set(claim.amount.get()),
                project_id: Set(claim.project),
                idempotency_key: Set(key.clone()),
                status: Set(ClaimStatus::Submitted.into()),
                created_at: Set(Utc::now()),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([expense_claim::Column::SubmittedBy, expense_claim::Column::IdempotencyKey])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
            let row = by_key(&txn, me.user_id, &key).await?.ok_or(AppError::Internal)?;
            if inserted == 0 {
                // the same form sent twice: the claim is there, this copy of its file is not needed
                if let Some(k) = &stored {
                    media.remove(k).await;
                }
                return Ok((row.id, false));
            }
            if let (Some(u), Some(k)) = (upload, &stored) {
                insert_attachment(&txn, dong, Some(row.id), None, u, k, me.user_id).await?;
            }
            audit::record(
                &txn,
                Some(me.user_id),
                AuditAction::FundClaimSubmitted,
                AuditScope::dong(dong),
                None,
                serde_json::json!({ "claim": row.id, "amount": claim.amount.get(), "group": group_id }),
            )
            .await?;
            txn.commit().await?;
            Ok((row.id, true))
        })
        .await
}

async fn by_key(db: &impl ConnectionTrait, user: i64, key: &str) -> Result<Option<expense_claim::Model>, AppError> {
    Ok(expense_claim::Entity::find()
        .filter(expense_claim::Column::SubmittedBy.eq(user))
        .filter(expense_claim::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?)
}

pub(crate) async fn insert_attachment(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    claim_id: Option<i64>,
    entry_id: Option<i64>,
    u: &Upload,
    key: &MediaKey,
    by: i64,
) -> Result<(), AppError> {
    fund_attachment::Entity::insert(fund_attachment::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        claim_id: Set(claim_id),
        entry_id: Set(entry_id),
        storage_key: Set(key.as_str().to_owned()),
        content_type: Set(u.receipt.kind().mime().to_owned()),
        byte_size: Set(
            i64::try_from(u.receipt.bytes().len()).map_err(|_| ImageRefusal::TooLarge.on(Field::ReceiptFile))?
        ),
        original_name: Set(receipt::file_name(&u.name)),
        uploaded_by: Set(by),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

async fn find(db: &impl ConnectionTrait, id: i64) -> Result<expense_claim::Model, AppError> {
    expense_claim::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// The people who, in the last [`authz::PREPARED_DAYS`] days, registered, verified or printed a
/// sign-in code for each of `authors` (from the audit log, written in the same transaction as
/// each of those acts). None of them may decide that author's claims: otherwise one member of
/// staff could register a "resident", sign in as them, claim and approve — two people on paper.
async fn preparers(
    db: &impl ConnectionTrait,
    authors: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, Vec<i64>>, AppError> {
    let since = Utc::now() - chrono::Duration::days(authz::PREPARED_DAYS);
    let mut by_author: HashMap<i64, Vec<i64>> = HashMap::new();
    let rows = audit_event::Entity::find()
        .filter(audit_event::Column::SubjectUserId.is_in(authors.into_iter().collect::<Vec<_>>()))
        .filter(
            audit_event::Column::Action.is_in(
                [AuditAction::ResidentRegistered, AuditAction::ResidencyVerified, AuditAction::SignInCodeIssued]
                    .map(AuditAction::as_str),
            ),
        )
        .filter(audit_event::Column::At.gt(since))
        .all(db)
        .await?;
    for e in rows {
        if let (Some(subject), Some(actor)) = (e.subject_user_id, e.actor_id) {
            by_author.entry(subject).or_default().push(actor);
        }
    }
    Ok(by_author)
}

fn decide_scope(c: &expense_claim::Model, preparers: &HashMap<i64, Vec<i64>>) -> Result<Scope, AppError> {
    Ok(Scope::ClaimDecision {
        dong: DongCode::parse(&c.dong_code)?,
        author_id: c.submitted_by,
        prepared_by: preparers.get(&c.submitted_by).cloned().unwrap_or_default(),
    })
}

/// Approves (recording the payment) or rejects a claim. A rejection needs a reason.
pub async fn decide(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    claim_id: i64,
    approve: bool,
    reason: &str,
) -> Result<ClaimStatus, AppError> {
    let c = find(db, claim_id).await?;
    let dong = DongCode::parse(&c.dong_code)?;
    let prepared = preparers(db, [c.submitted_by]).await?;
    authz::can(actor, Action::DecideClaim, &decide_scope(&c, &prepared)?).map_err(|denied| {
        // the one refusal a decider can act on: someone else must decide
        let decider = actor.filter(|a| a.is_staff_of(&dong) || a.is_expert_of(&dong.district()));
        match (prepared.get(&c.submitted_by), decider) {
            (Some(by), Some(a)) if by.contains(&a.user_id) && a.user_id != c.submitted_by => {
                AppError::Conflict(ErrorCode::PreparedTheClaimant)
            }
            _ => denied.into(),
        }
    })?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let reason = reason.trim();
    let reason = if approve && reason.is_empty() {
        None
    } else {
        Some(domain::text::bounded(Field::Reason, reason, 2, 500, false)?)
    };
    let to = if approve { ClaimStatus::Approved } else { ClaimStatus::Rejected };
    let txn = crate::transaction::begin_write(db).await?;
    // the fund's lock first: every decision and posting of this fund is ordered after it
    fund::lock(&txn, &dong).await?;
    let c = find(&txn, claim_id).await?;
    ledger::may_decide(c.submitted_by, me.user_id, *c.status).map_err(|r| match r {
        ClaimRefusal::OwnClaim => AppError::Forbidden,
        ClaimRefusal::AlreadyDecided => AppError::Conflict(ErrorCode::ClaimDecided),
    })?;
    let entry_id = if approve {
        let category = *c.category;
        let payee_type = *c.payee_type;
        let id = fund::post_locked(
            &txn,
            &dong,
            &Entry::expense(category, Won::new(c.amount)?, c.project_id),
            EntryMeta {
                payee_type: Some(payee_type),
                approved_by: Some(me.user_id),
                ..EntryMeta::today(EntryKind::Expense, &c.purpose, c.submitted_by, c.project_id)
            },
        )
        .await?;
        Some(id)
    } else {
        None
    };
    let res = expense_claim::Entity::update_many()
        .col_expr(expense_claim::Column::Status, Expr::value(to.as_str()))
        .col_expr(expense_claim::Column::DecidedBy, Expr::value(me.user_id))
        .col_expr(expense_claim::Column::DecidedAt, Expr::value(Utc::now()))
        .col_expr(expense_claim::Column::DecisionReason, Expr::value(reason.clone()))
        .col_expr(expense_claim::Column::EntryId, Expr::value(entry_id))
        .filter(expense_claim::Column::Id.eq(claim_id))
        .filter(expense_claim::Column::Status.eq(ClaimStatus::Submitted.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict(ErrorCode::ClaimDecided));
    }
    let about = crate::notices::About::claim(claim_id);
    crate::notices::notify(&txn, [c.submitted_by], Some(me.user_id), NoticeKind::ClaimDecided, about, &c.purpose)
        .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::FundClaimDecided,
        AuditScope::dong(&dong),
        Some(c.submitted_by),
        serde_json::json!({ "claim": claim_id, "decision": to.as_str(), "entry": entry_id, "reason": reason }),
    )
    .await?;
    txn.commit().await?;
    Ok(to)
}

/// A fresh idempotency key for a submission form.
pub fn form_key() -> Result<String, AppError> {
    Ok(crypto::random_bytes::<16>()?.iter().map(|b| format!("{b:02x}")).collect())
}

async fn views(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    rows: Vec<expense_claim::Model>,
) -> Result<Vec<ClaimView>, AppError> {
    let people: Vec<i64> = rows.iter().flat_map(|c| [Some(c.submitted_by), c.decided_by]).flatten().collect();
    let names = places::people(db, people).await?;
    let group_ids: Vec<i64> = rows.iter().filter_map(|c| c.group_id).collect();
    let groups: HashMap<i64, String> = if group_ids.is_empty() {
        HashMap::new()
    } else {
        resident_group::Entity::find()
            .filter(resident_group::Column::Id.is_in(group_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect()
    };
    let projects = fund::project_titles(db, rows.iter().filter_map(|c| c.project_id).collect()).await?;
    let mut files: HashMap<i64, Vec<AttachmentView>> = HashMap::new();
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    for f in fund_attachment::Entity::find()
        .filter(fund_attachment::Column::ClaimId.is_in(ids))
        .order_by_asc(fund_attachment::Column::Id)
        .all(db)
        .await?
    {
        if let Some(c) = f.claim_id {
            files.entry(c).or_default().push(AttachmentView {
                id: f.id,
                name: f.original_name,
                content_type: f.content_type,
            });
        }
    }
    let prepared = preparers(db, rows.iter().map(|c| c.submitted_by)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        let can_decide = c.status == ClaimStatus::Submitted
            && authz::can(actor, Action::DecideClaim, &decide_scope(&c, &prepared)?).is_ok();
        out.push(ClaimView {
            id: c.id,
            submitted_by: names.get(&c.submitted_by).cloned().unwrap_or_default(),
            group: c.group_id.and_then(|g| groups.get(&g).cloned()),
            payee: c.payee,
            payee_type: *c.payee_type,
            purpose: c.purpose,
            category: *c.category,
            amount: c.amount,
            project_title: c.project_id.and_then(|p| projects.get(&p).cloned()),
            project_id: c.project_id,
            status: *c.status,
            decided_by: c.decided_by.and_then(|d| names.get(&d).cloned()),
            decision_reason: c.decision_reason,
            entry_id: c.entry_id,
            submitted_at: time_fmt::seoul_datetime(c.created_at),
            receipts: files.remove(&c.id).unwrap_or_default(),
            can_decide,
        });
    }
    Ok(out)
}

/// The claims page: deciders see the dong's claims (waiting ones first), everyone else their own.
pub async fn page(db: &DatabaseConnection, actor: Option<&Actor>, dong: &DongCode) -> Result<ClaimsPage, AppError> {
    let me = actor.ok_or(AppError::Unauthorized)?;
    let groups = claiming_groups(db, actor, dong).await?;
    let can_claim = !groups.is_empty() || authz::can(actor, Action::SubmitClaim, &Scope::Dong(dong.clone())).is_ok();
    let viewer = fund::viewer(actor, dong, can_claim);
    let mut q = expense_claim::Entity::find().filter(expense_claim::Column::DongCode.eq(dong.as_str()));
    if !viewer.can_decide {
        q = q.filter(expense_claim::Column::SubmittedBy.eq(me.user_id));
    }
    let rows = q
        .order_by_desc(Expr::cust("CASE WHEN status = 'submitted' THEN 1 ELSE 0 END"))
        .order_by_desc(expense_claim::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let b = fund::balances(db, dong).await?;
    let projects = fund::projects_with(db, dong, &b)
        .await?
        .into_iter()
        .filter(|p| p.status != ProjectStatus::Done)
        .map(|p| (p.id, p.title, p.remaining))
        .collect();
    Ok(ClaimsPage {
        dong: places::dong(db, dong).await?,
        viewer,
        claims: views(db, actor, rows).await?,
        projects,
        groups,
        free: b.free(),
        form_key: form_key()?,
    })
}

/// One claim, for its author and those who decide.
pub async fn claim(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<ClaimView, AppError> {
    let c = find(db, id).await?;
    let dong = DongCode::parse(&c.dong_code)?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if me.user_id != c.submitted_by {
        authz::can(actor, Action::ViewReceipts, &Scope::Dong(dong))?;
    }
    views(db, actor, vec![c]).await?.pop().ok_or(AppError::NotFound)
}

/// A receipt's file, for the claim's author, the center's staff and the district's expert.
pub async fn receipt_file(
    db: &DatabaseConnection,
    media: &MediaStore,
    actor: Option<&Actor>,
    attachment_id: i64,
) -> Result<(ReceiptKind, Vec<u8>), AppError> {
    let f = fund_attachment::Entity::find_by_id(attachment_id).one(db).await?.ok_or(AppError::NotFound)?;
    let dong = DongCode::parse(&f.dong_code)?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let author = match f.claim_id {
        Some(c) => find(db, c).await?.submitted_by == me.user_id,
        None => false,
    };
    if !author {
        authz::can(actor, Action::ViewReceipts, &Scope::Dong(dong))?;
    }
    let kind = ReceiptKind::from_mime(&f.content_type).ok_or(AppError::Internal)?;
    Ok((kind, media.get(&MediaKey::parse(&f.storage_key)?).await?))
}
