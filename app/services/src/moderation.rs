//! Moderation by the district's community project expert: reports, automatic hiding pending
//! review, hide/restore decisions with a public reason, warnings and posting blocks, the
//! district's report threshold, and the expert's workspace. Every decision is audited.

use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{
    Stored, comment, district_setting, dong, posting_restriction, proposal, report, residency, resident_group,
};
use crate::markdown;
use crate::notices::{self, About};
use crate::{groups, identity, places, proposals, time_fmt};
use chrono::{Duration, Utc};
use contract::dto::{DongSettingsRow, Place, QueueItem, ReportView, Workspace, WorkspaceCounts};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::Field;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::{DistrictCode, DongCode};
use domain::moderation::{
    Decision, NoticeKind, REPORT_WINDOW_SECS, REPORTS_PER_WINDOW, ReportInput, ReportThreshold, Restriction,
    TargetKind, counts_toward_hiding,
};
use domain::proposal::Event;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// The item a report or decision is about.
struct Target {
    kind: TargetKind,
    id: i64,
    dong: DongCode,
    author_id: i64,
    /// The title (or an excerpt) for notifications and the queue.
    subject: String,
    hidden: bool,
    /// The proposal the item is, or is on.
    proposal_id: Option<i64>,
    group_id: Option<i64>,
}

async fn target(db: &impl ConnectionTrait, kind: TargetKind, id: i64) -> Result<Target, AppError> {
    targets(db, &[(kind, id)]).await?.remove(&(kind, id)).ok_or(AppError::NotFound)
}

/// The items of `keys` that exist (and, for proposals, have been published), with one query per
/// kind of item plus one for the comments' proposals, however many keys there are.
async fn targets(
    db: &impl ConnectionTrait,
    keys: &[(TargetKind, i64)],
) -> Result<HashMap<(TargetKind, i64), Target>, AppError> {
    let ids = |kind: TargetKind| -> Vec<i64> { keys.iter().filter(|k| k.0 == kind).map(|k| k.1).collect() };
    let (proposal_ids, comment_ids, group_ids) =
        (ids(TargetKind::Proposal), ids(TargetKind::Comment), ids(TargetKind::Group));
    let comments = if comment_ids.is_empty() {
        Vec::new()
    } else {
        comment::Entity::find().filter(comment::Column::Id.is_in(comment_ids)).all(db).await?
    };
    let wanted: Vec<i64> = proposal_ids.iter().copied().chain(comments.iter().map(|c| c.proposal_id)).collect();
    let proposals: HashMap<i64, proposal::Model> = if wanted.is_empty() {
        HashMap::new()
    } else {
        proposal::Entity::find()
            .filter(proposal::Column::Id.is_in(wanted))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    let groups = if group_ids.is_empty() {
        Vec::new()
    } else {
        resident_group::Entity::find().filter(resident_group::Column::Id.is_in(group_ids)).all(db).await?
    };

    let mut out = HashMap::new();
    for id in proposal_ids {
        let Some(p) = proposals.get(&id).filter(|p| p.published_at.is_some()) else { continue };
        let t = Target {
            kind: TargetKind::Proposal,
            id,
            dong: DongCode::parse(&p.dong_code)?,
            author_id: p.author_id,
            subject: p.title.clone(),
            hidden: p.hidden,
            proposal_id: Some(id),
            group_id: None,
        };
        out.insert((TargetKind::Proposal, id), t);
    }
    for c in comments {
        let Some(p) = proposals.get(&c.proposal_id) else { continue };
        let t = Target {
            kind: TargetKind::Comment,
            id: c.id,
            dong: DongCode::parse(&p.dong_code)?,
            author_id: c.author_id,
            subject: markdown::excerpt(&c.body, 80),
            hidden: c.hidden,
            proposal_id: Some(p.id),
            group_id: None,
        };
        out.insert((TargetKind::Comment, c.id), t);
    }
    for g in groups {
        let t = Target {
            kind: TargetKind::Group,
            id: g.id,
            dong: DongCode::parse(&g.dong_code)?,
            author_id: g.created_by,
            subject: g.name,
            hidden: g.hidden,
            proposal_id: None,
            group_id: Some(g.id),
        };
        out.insert((TargetKind::Group, g.id), t);
    }
    Ok(out)
}

fn about(t: &Target) -> About {
    About { proposal_id: t.proposal_id, group_id: t.group_id, ..About::default() }
}

/// The district's report threshold (the default where the district has not set one).
pub async fn report_threshold(db: &impl ConnectionTrait, district: &DistrictCode) -> Result<ReportThreshold, AppError> {
    let stored = district_setting::Entity::find_by_id(district.as_str().to_owned()).one(db).await?;
    Ok(stored.map_or(ReportThreshold::DEFAULT, |s| ReportThreshold::from_stored(s.report_threshold)))
}

/// Reports an item. One open report per person and item, and at most
/// [`REPORTS_PER_WINDOW`] reports per person within [`REPORT_WINDOW_SECS`] (refused with 429,
/// counted under one lock per person, so a burst of concurrent reports gets exactly that many).
/// Every report is recorded and shown to the expert, but only reports from verified residents of
/// the item's dong count toward hiding it: once enough of them have open reports on it, the item
/// is hidden pending the expert's review. Accounts anyone can make cannot hide anything.
pub async fn report(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    kind: TargetKind,
    id: i64,
    input: ReportInput,
) -> Result<(), AppError> {
    authz::can(actor, Action::Report, &Scope::City)?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let t = target(db, kind, id).await?;
    let district = t.dong.district();
    let threshold = report_threshold(db, &district).await?;
    let Some(place) =
        identity::reserve_place(db, &format!("report:{}", me.user_id), REPORTS_PER_WINDOW, REPORT_WINDOW_SECS).await?
    else {
        return Err(AppError::RateLimited);
    };
    let txn = crate::transaction::begin_write(db).await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        // Reports of one item count one at a time (SQLite: the write lock), so that of two
        // reports that together reach the threshold, the later sees the earlier and hides it.
        let lock = sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [format!("report-item:{}:{id}", kind.as_str()).into()],
        );
        txn.query_one_raw(lock).await?;
    }
    let inserted = report::Entity::insert(report::ActiveModel {
        target_kind: Set(kind.into()),
        target_id: Set(id),
        dong_code: Set(t.dong.as_str().to_owned()),
        district_code: Set(district.as_str().to_owned()),
        reporter_id: Set(me.user_id),
        reason: Set(input.reason.into()),
        detail: Set(input.detail),
        created_at: Set(Utc::now()),
        resolved_at: Set(None),
        resolved_by: Set(None),
        ..Default::default()
    })
    .on_conflict(OnConflict::new().do_nothing().to_owned())
    .exec_without_returning(&txn)
    .await?;
    if inserted == 0 {
        txn.rollback().await?;
        // a second report of the same item is no report: it takes no place in the limit
        identity::release_attempts(db, &[place]).await?;
        return Err(AppError::Conflict(ErrorCode::AlreadyReported));
    }
    // A report that does not count cannot tip the item over: only count when it does.
    if !t.hidden && counts_toward_hiding(me, &t.dong) && threshold.hides(counting_reports(&txn, &t).await?) {
        set_hidden(&txn, &t, true, None, None).await?;
        notices::notify(&txn, [t.author_id], None, NoticeKind::ContentHidden, about(&t), &t.subject).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The open reports on the item whose reporters are verified residents of its dong now (a
/// residency that has not ended or expired): the reports that count toward hiding it.
async fn counting_reports(db: &impl ConnectionTrait, t: &Target) -> Result<u64, AppError> {
    let current = Condition::all()
        .add(residency::Column::DongCode.eq(t.dong.as_str()))
        .add(residency::Column::EndedAt.is_null())
        .add(
            Condition::any()
                .add(residency::Column::ExpiresAt.is_null())
                .add(residency::Column::ExpiresAt.gt(Utc::now())),
        );
    let residents =
        Query::select().column(residency::Column::UserId).from(residency::Entity).cond_where(current).to_owned();
    Ok(report::Entity::find()
        .filter(report::Column::TargetKind.eq(t.kind.as_str()))
        .filter(report::Column::TargetId.eq(t.id))
        .filter(report::Column::ResolvedAt.is_null())
        .filter(report::Column::ReporterId.in_subquery(residents))
        .count(db)
        .await?)
}

/// Hides or shows the item, with the public reason (none while pending review).
async fn set_hidden(
    db: &impl ConnectionTrait,
    t: &Target,
    hidden: bool,
    reason: Option<String>,
    actor_id: Option<i64>,
) -> Result<(), AppError> {
    match t.kind {
        TargetKind::Proposal => {
            let p = proposals::find(db, t.id).await?;
            if p.hidden != hidden {
                let event = if hidden { Event::Hide } else { Event::Restore };
                proposals::apply(db, &p, event, actor_id, reason.clone()).await?;
            }
            proposal::Entity::update_many()
                .col_expr(proposal::Column::ModerationReason, Expr::value(reason))
                .filter(proposal::Column::Id.eq(t.id))
                .exec(db)
                .await?;
        }
        TargetKind::Comment => {
            comment::Entity::update_many()
                .col_expr(comment::Column::Hidden, Expr::value(hidden))
                .col_expr(comment::Column::ModerationReason, Expr::value(reason))
                .filter(comment::Column::Id.eq(t.id))
                .exec(db)
                .await?;
        }
        TargetKind::Group => {
            resident_group::Entity::update_many()
                .col_expr(resident_group::Column::Hidden, Expr::value(hidden))
                .col_expr(resident_group::Column::ModerationReason, Expr::value(reason))
                .filter(resident_group::Column::Id.eq(t.id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// The expert hides or restores an item with a public reason; the item's open reports close.
pub async fn decide(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    kind: TargetKind,
    id: i64,
    decision: Decision,
    reason: String,
) -> Result<(), AppError> {
    let t = target(db, kind, id).await?;
    let district = t.dong.district();
    authz::can(actor, Action::Moderate, &Scope::District(district.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let txn = crate::transaction::begin_write(db).await?;
    let hide = decision == Decision::Hide;
    set_hidden(&txn, &t, hide, Some(reason.clone()), Some(me.user_id)).await?;
    report::Entity::update_many()
        .col_expr(report::Column::ResolvedAt, Expr::value(Utc::now()))
        .col_expr(report::Column::ResolvedBy, Expr::value(me.user_id))
        .filter(report::Column::TargetKind.eq(kind.as_str()))
        .filter(report::Column::TargetId.eq(id))
        .filter(report::Column::ResolvedAt.is_null())
        .exec(&txn)
        .await?;
    let (action, notice) = if hide {
        (AuditAction::ContentHidden, NoticeKind::ContentHidden)
    } else {
        (AuditAction::ContentRestored, NoticeKind::ContentRestored)
    };
    audit::record(
        &txn,
        Some(me.user_id),
        action,
        AuditScope::dong(&t.dong),
        Some(t.author_id),
        serde_json::json!({ "kind": kind.as_str(), "id": id, "reason": reason }),
    )
    .await?;
    if t.hidden != hide {
        notices::notify(&txn, [t.author_id], None, notice, about(&t), &t.subject).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The expert warns a person, or blocks them from posting in the district for some days.
pub async fn restrict(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    district: &DistrictCode,
    user_id: i64,
    restriction: Restriction,
    reason: String,
) -> Result<(), AppError> {
    authz::can(actor, Action::Moderate, &Scope::District(district.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if places::people(db, [user_id]).await?.is_empty() {
        return Err(AppError::NotFound);
    }
    let now = Utc::now();
    let until = match restriction {
        Restriction::Warning => None,
        Restriction::Block { days } => Some(now + Duration::days(i64::from(days))),
    };
    let txn = crate::transaction::begin_write(db).await?;
    posting_restriction::ActiveModel {
        user_id: Set(user_id),
        district_code: Set(district.as_str().to_owned()),
        kind: Set(restriction.kind().into()),
        reason: Set(reason.clone()),
        until: Set(until),
        by_user: Set(me.user_id),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let (action, notice) = match restriction {
        Restriction::Warning => (AuditAction::UserWarned, NoticeKind::Warned),
        Restriction::Block { .. } => (AuditAction::UserBlocked, NoticeKind::Blocked),
    };
    audit::record(
        &txn,
        Some(me.user_id),
        action,
        AuditScope::district(district),
        Some(user_id),
        serde_json::json!({ "reason": reason, "until": until.map(time_fmt::seoul_date) }),
    )
    .await?;
    notices::notify(&txn, [user_id], None, notice, About::default(), &reason).await?;
    txn.commit().await?;
    Ok(())
}

/// The expert sets how many reports hide an item in the district.
pub async fn set_report_threshold(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    district: &DistrictCode,
    value: ReportThreshold,
) -> Result<(), AppError> {
    authz::can(actor, Action::Moderate, &Scope::District(district.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let n = i32::try_from(value.value()).map_err(|_| AppError::input(Field::ReportThreshold, ReportThreshold::RULE))?;
    audit::save_setting::<district_setting::Entity>(
        db,
        district_setting::ActiveModel {
            district_code: Set(district.as_str().to_owned()),
            report_threshold: Set(n),
            updated_by: Set(Some(me.user_id)),
            updated_at: Set(Utc::now()),
        },
        district_setting::Column::DistrictCode,
        me.user_id,
        (AuditAction::ReportThresholdChanged, AuditScope::district(district), serde_json::json!({ "threshold": n })),
    )
    .await
}

/// The expert's workspace: the report queue and an overview of the district's dongs.
pub async fn workspace(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    district: &DistrictCode,
) -> Result<Workspace, AppError> {
    authz::can(actor, Action::Moderate, &Scope::District(district.clone()))?;
    let district_place: Place = places::districts(db).await?.remove(district.as_str()).ok_or(AppError::NotFound)?;
    let queue = queue(db, district).await?;

    let fortnight = Utc::now() - Duration::days(14);
    let new_q = proposal::Entity::find()
        .filter(proposal::Column::DistrictCode.eq(district.as_str()))
        .filter(proposal::Column::Hidden.eq(false))
        .filter(proposal::Column::PublishedAt.gte(fortnight));
    let new_count = new_q.clone().count(db).await?;
    let new_rows = new_q.order_by_desc(proposal::Column::PublishedAt).limit(6).all(db).await?;
    let near_q = proposal::Entity::find()
        .filter(proposal::Column::DistrictCode.eq(district.as_str()))
        .filter(proposal::Column::Hidden.eq(false))
        .filter(
            sea_orm::Condition::any()
                .add(proposal::Column::Status.eq(Stored(domain::proposal::ProposalStatus::Eligible)))
                .add(
                    sea_orm::Condition::all()
                        .add(proposal::Column::Status.eq(Stored(domain::proposal::ProposalStatus::Published)))
                        .add(Expr::cust("supports_count * 5 >= support_threshold * 4")),
                ),
        );
    let near_count = near_q.clone().count(db).await?;
    let near_rows = near_q.order_by_desc(proposal::Column::SupportsCount).limit(6).all(db).await?;
    let groups_q = resident_group::Entity::find()
        .filter(resident_group::Column::DistrictCode.eq(district.as_str()))
        .filter(resident_group::Column::Hidden.eq(false));
    let groups_count = groups_q.clone().count(db).await?;
    let group_rows = groups_q.order_by_desc(resident_group::Column::MembersCount).limit(6).all(db).await?;

    let dong_rows = dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq(district.as_str()))
        .filter(dong::Column::Active.eq(true))
        .order_by_asc(dong::Column::NameKo)
        .all(db)
        .await?;
    let proposal_counts = count_by_dong(
        db,
        proposal::Entity::find().filter(proposal::Column::PublishedAt.is_not_null()),
        proposal::Column::DongCode,
        proposal::Column::DistrictCode,
        district,
    )
    .await?;
    let group_counts = count_by_dong(
        db,
        resident_group::Entity::find(),
        resident_group::Column::DongCode,
        resident_group::Column::DistrictCode,
        district,
    )
    .await?;
    let thresholds: HashMap<String, i32> = crate::entities::dong_setting::Entity::find()
        .filter(crate::entities::dong_setting::Column::DongCode.is_in(dong_rows.iter().map(|d| d.code.clone())))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.dong_code, s.support_threshold))
        .collect();
    let default_threshold = domain::proposal::SupportThreshold::DEFAULT.stored();
    let dongs = dong_rows
        .into_iter()
        .map(|d| DongSettingsRow {
            support_threshold: thresholds.get(&d.code).copied().unwrap_or(default_threshold),
            proposals: proposal_counts.get(&d.code).copied().unwrap_or(0),
            groups: group_counts.get(&d.code).copied().unwrap_or(0),
            dong: Place { code: d.code, name_ko: d.name_ko, name_en: d.name_en },
        })
        .collect();

    Ok(Workspace {
        district: district_place,
        report_threshold: i32::try_from(report_threshold(db, district).await?.value()).unwrap_or(3),
        queue,
        counts: WorkspaceCounts { new_proposals: new_count, near_threshold: near_count, groups: groups_count },
        new_proposals: proposals::summaries(db, new_rows).await?,
        near_threshold: proposals::summaries(db, near_rows).await?,
        active_groups: groups::summaries(db, group_rows).await?,
        dongs,
    })
}

async fn count_by_dong<E: EntityTrait>(
    db: &DatabaseConnection,
    q: sea_orm::Select<E>,
    dong_col: E::Column,
    district_col: E::Column,
    district: &DistrictCode,
) -> Result<HashMap<String, u64>, AppError> {
    let rows: Vec<(String, i64)> = q
        .select_only()
        .column(dong_col)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(district_col.eq(district.as_str()))
        .group_by(dong_col)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(d, n)| (d, u64::try_from(n).unwrap_or(0))).collect())
}

/// Open reports of the district, grouped by item, oldest first.
async fn queue(db: &DatabaseConnection, district: &DistrictCode) -> Result<Vec<QueueItem>, AppError> {
    let reports = report::Entity::find()
        .filter(report::Column::DistrictCode.eq(district.as_str()))
        .filter(report::Column::ResolvedAt.is_null())
        .order_by_asc(report::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    let mut order: Vec<(TargetKind, i64)> = Vec::new();
    let mut by_item: HashMap<(TargetKind, i64), Vec<ReportView>> = HashMap::new();
    for r in reports {
        let kind = *r.target_kind;
        let key = (kind, r.target_id);
        if !by_item.contains_key(&key) {
            order.push(key);
        }
        by_item.entry(key).or_default().push(ReportView {
            reason: *r.reason,
            detail: r.detail,
            at: time_fmt::seoul_datetime(r.created_at),
        });
    }
    let mut found = targets(db, &order).await?;
    let mut items = Vec::with_capacity(order.len());
    let mut dong_codes = Vec::new();
    for key in order {
        // an item deleted since it was reported drops out of the queue
        let Some(t) = found.remove(&key) else { continue };
        let link = match t.kind {
            TargetKind::Proposal => format!("/proposals/{}", t.id),
            TargetKind::Comment => format!("/proposals/{}#comment-{}", t.proposal_id.unwrap_or(0), t.id),
            TargetKind::Group => format!("/groups/{}", t.id),
        };
        dong_codes.push(t.dong.as_str().to_owned());
        items.push((t, link, by_item.remove(&key).unwrap_or_default()));
    }
    let dongs = places::dongs(db, dong_codes).await?;
    let authors = places::people(db, items.iter().map(|(t, _, _)| t.author_id)).await?;
    Ok(items
        .into_iter()
        .filter_map(|(t, link, reports)| {
            Some(QueueItem {
                kind: t.kind,
                id: t.id,
                dong: dongs.get(t.dong.as_str())?.clone(),
                author: authors.get(&t.author_id).cloned().unwrap_or_default(),
                author_id: t.author_id,
                excerpt: t.subject,
                link,
                hidden: t.hidden,
                reports,
            })
        })
        .collect())
}
