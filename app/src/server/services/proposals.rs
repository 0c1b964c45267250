//! Proposals: writing and publishing, the lists, the proposal page, supports, comments and the
//! per-dong support threshold.
//!
//! Status changes go through `domain::proposal::transition` and are written with a condition on
//! the status they start from, together with a timeline row, in one transaction. Supports are
//! unique per resident in the database; `supports_count` changes in the same transaction as the
//! support row, so concurrent supports can neither be lost nor counted twice.

use crate::api::dto::{
    CommentView, GroupRef, NewProposalContext, ProposalDetail, ProposalForm, ProposalPage, ProposalSummary,
    ProposalViewer, TimelineEntry,
};
use crate::domain::authz::{self, Action, Actor, Scope};
use crate::domain::category::Category;
use crate::domain::geo::{Area, DongCode};
use crate::domain::moderation::NoticeKind;
use crate::domain::proposal::{
    self as rules, Event, Lifecycle, ProposalContent, ProposalSort, ProposalStatus, SupportThreshold,
};
use crate::domain::text::{SearchQuery, bounded, search_text};
use crate::error::AppError;
use crate::error_code::ErrorCode;
use crate::server::entities::{comment, dong_setting, proposal, proposal_event, proposal_support, resident_group};
use crate::server::markdown;
use crate::server::services::audit::{self, AuditAction, AuditScope};
use crate::server::services::notices::{self, About};
use crate::server::services::{groups, places, proposal_images, time_fmt};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, OnConflict, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

pub const PAGE_SIZE: u64 = 20;

/// `col` contains the search query (a substring match on the stored lower-cased text).
pub(crate) fn contains(col: impl ColumnTrait, q: &SearchQuery) -> SimpleExpr {
    Expr::col(col.as_column_ref()).like(LikeExpr::new(q.like_pattern()).escape('\\'))
}

pub(crate) async fn find(db: &impl ConnectionTrait, id: i64) -> Result<proposal::Model, AppError> {
    proposal::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub(crate) fn status_of(p: &proposal::Model) -> Result<ProposalStatus, AppError> {
    Ok(ProposalStatus::parse(&p.status)?)
}

pub(crate) fn dong_of(p: &proposal::Model) -> Result<DongCode, AppError> {
    Ok(DongCode::parse(&p.dong_code)?)
}

pub(crate) fn author_scope(p: &proposal::Model) -> Result<Scope, AppError> {
    Ok(Scope::Proposal { dong: dong_of(p)?, author_id: p.author_id })
}

/// Whether the author may still change the proposal's content (text and images): not hidden,
/// and a draft or a published proposal nobody has supported yet.
pub(crate) fn editable(p: &proposal::Model) -> Result<bool, AppError> {
    let supports = u32::try_from(p.supports_count).unwrap_or(u32::MAX);
    Ok(!p.hidden && rules::author_may_edit(status_of(p)?, supports))
}

/// Claims the right to change an editable proposal's content within `txn`: touches the row on
/// condition that it is still unsupported, visible and in `status`, so a support that arrives
/// meanwhile wins over the edit (and, on PostgreSQL, concurrent edits of one proposal queue up
/// on the row lock).
pub(crate) async fn claim_for_edit(db: &impl ConnectionTrait, p: &proposal::Model) -> Result<(), AppError> {
    let res = proposal::Entity::update_many()
        .col_expr(proposal::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(proposal::Column::Id.eq(p.id))
        .filter(proposal::Column::SupportsCount.eq(0))
        .filter(proposal::Column::Hidden.eq(false))
        .filter(proposal::Column::Status.eq(p.status.as_str()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::ProposalNotEditable));
    }
    Ok(())
}

/// Who may see what of a proposal: its page (drafts: the author alone) and its content (hidden
/// content: the district's expert alone, who reviews it).
pub(crate) struct Visibility {
    pub page: bool,
    pub content: bool,
    pub moderator: bool,
}

pub(crate) fn visibility(actor: Option<&Actor>, p: &proposal::Model) -> Result<Visibility, AppError> {
    let is_author = actor.is_some_and(|a| a.user_id == p.author_id);
    let page = status_of(p)?.is_public() || is_author;
    let moderator = authz::can(actor, Action::Moderate, &Scope::District(dong_of(p)?.district())).is_ok();
    Ok(Visibility { page, content: page && (!p.hidden || moderator), moderator })
}

/// The dong's support threshold (the default where the dong has not set one).
pub async fn threshold(db: &impl ConnectionTrait, dong: &DongCode) -> Result<SupportThreshold, AppError> {
    let stored = dong_setting::Entity::find_by_id(dong.as_str().to_owned()).one(db).await?;
    Ok(stored.map_or(SupportThreshold::DEFAULT, |s| SupportThreshold::from_stored(s.support_threshold)))
}

/// Staff of the dong or the district's expert set the dong's threshold (for proposals published
/// from now on).
pub async fn set_threshold(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    value: SupportThreshold,
) -> Result<(), AppError> {
    authz::can(actor, Action::ConfigureDong, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let n = value.stored();
    let txn = crate::server::db::begin_write(db).await?;
    crate::server::db::upsert_by_key::<dong_setting::Entity>(
        &txn,
        dong_setting::ActiveModel {
            dong_code: Set(dong.as_str().to_owned()),
            support_threshold: Set(n),
            updated_by: Set(Some(me.user_id)),
            updated_at: Set(Utc::now()),
        },
        dong_setting::Column::DongCode,
    )
    .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::SupportThresholdChanged,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "threshold": n }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- writing -----------------------------------------------------------------------------

/// What the "new proposal" form needs.
pub async fn new_context(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
) -> Result<NewProposalContext, AppError> {
    authz::can(actor, Action::SubmitProposal, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    Ok(NewProposalContext {
        dong: places::dong(db, dong).await?,
        groups: groups::organised_in(db, me, dong).await?,
        threshold: threshold(db, dong).await?.stored(),
    })
}

/// Saves a new draft (private to its author until published); returns its id. With `group`,
/// it is submitted on behalf of a group the author organises in that dong.
pub async fn create(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    content: ProposalContent,
    group: Option<i64>,
) -> Result<i64, AppError> {
    authz::can(actor, Action::SubmitProposal, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if let Some(gid) = group {
        let g = groups::find(db, gid).await?;
        authz::can(actor, Action::ManageGroup, &groups::scope_of(&g)?)?;
        if g.dong_code != dong.as_str() {
            return Err(AppError::invalid("group_id", "the group belongs to another dong"));
        }
    }
    let now = Utc::now();
    let p = proposal::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        district_code: Set(dong.district().as_str().to_owned()),
        author_id: Set(me.user_id),
        group_id: Set(group),
        search_text: Set(search_text([content.title.as_str(), &content.problem, &content.solution])),
        title: Set(content.title),
        problem: Set(content.problem),
        solution: Set(content.solution),
        category: Set(content.category.as_str().to_owned()),
        cost_won: Set(content.cost_won),
        location: Set(content.location),
        status: Set(ProposalStatus::Draft.as_str().to_owned()),
        hidden: Set(false),
        moderation_reason: Set(None),
        support_threshold: Set(threshold(db, dong).await?.stored()),
        supports_count: Set(0),
        comments_count: Set(0),
        created_at: Set(now),
        published_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(p.id)
}

/// The author's form for editing.
pub async fn form(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<ProposalForm, AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::EditProposal, &author_scope(&p)?)?;
    let (images, editable) = (proposal_images::of_proposal(db, p.id).await?, editable(&p)?);
    Ok(ProposalForm {
        id: p.id,
        dong: places::dong(db, &dong_of(&p)?).await?,
        images,
        editable,
        title: p.title,
        problem: p.problem,
        solution: p.solution,
        category: p.category,
        cost_won: p.cost_won,
        location: p.location,
        group_id: p.group_id,
    })
}

/// The author edits: a draft, or a published proposal nobody has supported yet.
pub async fn update(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    content: ProposalContent,
) -> Result<(), AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::EditProposal, &author_scope(&p)?)?;
    let status = status_of(&p)?;
    if !editable(&p)? {
        return Err(AppError::Conflict(ErrorCode::ProposalNotEditable));
    }
    // the condition makes a support that arrived meanwhile win over the edit
    let res = proposal::Entity::update_many()
        .col_expr(
            proposal::Column::SearchText,
            Expr::value(search_text([content.title.as_str(), &content.problem, &content.solution])),
        )
        .col_expr(proposal::Column::Title, Expr::value(content.title))
        .col_expr(proposal::Column::Problem, Expr::value(content.problem))
        .col_expr(proposal::Column::Solution, Expr::value(content.solution))
        .col_expr(proposal::Column::Category, Expr::value(content.category.as_str()))
        .col_expr(proposal::Column::CostWon, Expr::value(content.cost_won))
        .col_expr(proposal::Column::Location, Expr::value(content.location))
        .col_expr(proposal::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(proposal::Column::Id.eq(id))
        .filter(proposal::Column::SupportsCount.eq(0))
        .filter(proposal::Column::Status.eq(status.as_str()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::ProposalNotEditable));
    }
    Ok(())
}

/// The author publishes a draft; the dong's threshold at this moment applies to it.
pub async fn publish(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::EditProposal, &author_scope(&p)?)?;
    let t = threshold(db, &dong_of(&p)?).await?;
    let txn = crate::server::db::begin_write(db).await?;
    let now = Utc::now();
    proposal::Entity::update_many()
        .col_expr(proposal::Column::SupportThreshold, Expr::value(t.stored()))
        .col_expr(proposal::Column::PublishedAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    apply(&txn, &p, Event::Publish, actor.map(|a| a.user_id), None).await?;
    txn.commit().await?;
    Ok(())
}

/// The author withdraws a proposal before it goes on an agenda.
pub async fn withdraw(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::EditProposal, &author_scope(&p)?)?;
    let txn = crate::server::db::begin_write(db).await?;
    apply(&txn, &p, Event::Withdraw, actor.map(|a| a.user_id), None).await?;
    txn.commit().await?;
    Ok(())
}

/// Applies a lifecycle event: checks the transition, writes the new status on condition that
/// the row is still where `p` says it is, and adds the timeline row. Returns the new lifecycle.
pub(crate) async fn apply(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    event: Event,
    actor_id: Option<i64>,
    note: Option<String>,
) -> Result<Lifecycle, AppError> {
    let from = Lifecycle { status: status_of(p)?, hidden: p.hidden };
    let to = rules::transition(from, event).map_err(|_| {
        AppError::Conflict(ErrorCode::ProposalStep { from: from.status.as_str().into(), event: event.as_str().into() })
    })?;
    let res = proposal::Entity::update_many()
        .col_expr(proposal::Column::Status, Expr::value(to.status.as_str()))
        .col_expr(proposal::Column::Hidden, Expr::value(to.hidden))
        .col_expr(proposal::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(proposal::Column::Id.eq(p.id))
        .filter(proposal::Column::Status.eq(from.status.as_str()))
        .filter(proposal::Column::Hidden.eq(from.hidden))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::ProposalChanged));
    }
    proposal_event::ActiveModel {
        proposal_id: Set(p.id),
        event: Set(event.as_str().to_owned()),
        status: Set(to.status.as_str().to_owned()),
        actor_id: Set(actor_id),
        note: Set(note),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(to)
}

// ---- supports ----------------------------------------------------------------------------

/// Supports a proposal (once: supporting again changes nothing). Reaching the threshold makes
/// it eligible and tells the author.
pub async fn support(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::SupportProposal, &Scope::Dong(dong_of(&p)?))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if p.hidden || !status_of(&p)?.accepts_supports() {
        return Err(AppError::Conflict(ErrorCode::NoSupportsNow));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let inserted = proposal_support::Entity::insert(proposal_support::ActiveModel {
        proposal_id: Set(id),
        user_id: Set(me.user_id),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([proposal_support::Column::ProposalId, proposal_support::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted == 1 {
        count_changed(&txn, id, 1).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Takes one's support back, until the assembly decides.
pub async fn unsupport(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::SupportProposal, &Scope::Dong(dong_of(&p)?))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if !status_of(&p)?.accepts_supports() {
        return Err(AppError::Conflict(ErrorCode::SupportsFinal));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let deleted = proposal_support::Entity::delete_by_id((id, me.user_id)).exec(&txn).await?.rows_affected;
    if deleted == 1 {
        count_changed(&txn, id, -1).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Moves the count by `delta` and applies the threshold rule to the row as it is now.
async fn count_changed(db: &impl ConnectionTrait, id: i64, delta: i32) -> Result<(), AppError> {
    proposal::Entity::update_many()
        .col_expr(proposal::Column::SupportsCount, Expr::col(proposal::Column::SupportsCount).add(delta))
        .filter(proposal::Column::Id.eq(id))
        .exec(db)
        .await?;
    let p = find(db, id).await?;
    let t = SupportThreshold::from_stored(p.support_threshold);
    let supports = u32::try_from(p.supports_count).unwrap_or(0);
    if let Some(event) = rules::after_support_change(status_of(&p)?, supports, t) {
        apply(db, &p, event, None, None).await?;
        if event == Event::ReachThreshold {
            notices::notify(db, [p.author_id], None, NoticeKind::ProposalEligible, About::proposal(id), &p.title)
                .await?;
        }
    }
    Ok(())
}

// ---- comments ----------------------------------------------------------------------------

/// Comments on a proposal, or replies to a comment (replies to a reply join its thread: one
/// level). Tells the proposal's author and its group's organisers, and the person replied to.
pub async fn comment(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    proposal_id: i64,
    parent_id: Option<i64>,
    body: &str,
) -> Result<i64, AppError> {
    let p = find(db, proposal_id).await?;
    authz::can(actor, Action::Comment, &Scope::Dong(dong_of(&p)?))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let body = bounded("body", body, 2, 3000, true)?;
    let status = status_of(&p)?;
    if p.hidden || !status.is_public() || status == ProposalStatus::Withdrawn {
        return Err(AppError::Conflict(ErrorCode::NoComments));
    }
    let parent = match parent_id {
        Some(pid) => {
            let c = comment::Entity::find_by_id(pid).one(db).await?.filter(|c| c.proposal_id == proposal_id);
            Some(c.ok_or_else(|| AppError::invalid("parent_id", "no such comment on this proposal"))?)
        }
        None => None,
    };
    let txn = crate::server::db::begin_write(db).await?;
    let c = comment::ActiveModel {
        proposal_id: Set(proposal_id),
        parent_id: Set(parent.as_ref().map(|c| c.parent_id.unwrap_or(c.id))),
        author_id: Set(me.user_id),
        body: Set(body),
        hidden: Set(false),
        moderation_reason: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    proposal::Entity::update_many()
        .col_expr(proposal::Column::CommentsCount, Expr::col(proposal::Column::CommentsCount).add(1))
        .filter(proposal::Column::Id.eq(proposal_id))
        .exec(&txn)
        .await?;
    let mut told = vec![p.author_id];
    if let Some(gid) = p.group_id {
        told.extend(groups::organiser_ids(&txn, gid).await?);
    }
    notices::notify(
        &txn,
        told.clone(),
        Some(me.user_id),
        NoticeKind::NewComment,
        About::proposal(proposal_id),
        &p.title,
    )
    .await?;
    if let Some(parent) = parent.filter(|c| !told.contains(&c.author_id)) {
        notices::notify(
            &txn,
            [parent.author_id],
            Some(me.user_id),
            NoticeKind::NewReply,
            About::proposal(proposal_id),
            &p.title,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(c.id)
}

// ---- reading -----------------------------------------------------------------------------

/// Filters of a proposal list.
#[derive(Debug, Clone, Default)]
pub struct ProposalFilter {
    pub status: Option<ProposalStatus>,
    pub category: Option<Category>,
    pub query: Option<SearchQuery>,
    pub sort: ProposalSort,
    pub page: u64,
}

/// A page of the public proposals of a dong or district. Withdrawn ones only when asked for;
/// hidden ones never. Four queries whatever the page size: count, page, and the names.
pub async fn list(db: &impl ConnectionTrait, area: &Area, f: &ProposalFilter) -> Result<ProposalPage, AppError> {
    let mut q = proposal::Entity::find()
        .filter(proposal::Column::Hidden.eq(false))
        .filter(proposal::Column::PublishedAt.is_not_null());
    q = match area {
        Area::Dong(d) => q.filter(proposal::Column::DongCode.eq(d.as_str())),
        Area::District(d) => q.filter(proposal::Column::DistrictCode.eq(d.as_str())),
    };
    q = match f.status {
        Some(s) => q.filter(proposal::Column::Status.eq(s.as_str())),
        None => q.filter(proposal::Column::Status.ne(ProposalStatus::Withdrawn.as_str())),
    };
    if let Some(c) = f.category {
        q = q.filter(proposal::Column::Category.eq(c.as_str()));
    }
    if let Some(s) = &f.query {
        q = q.filter(contains(proposal::Column::SearchText, s));
    }
    q = match f.sort {
        ProposalSort::Newest => q.order_by_desc(proposal::Column::PublishedAt),
        ProposalSort::MostSupported => q.order_by_desc(proposal::Column::SupportsCount),
        ProposalSort::ClosestToThreshold => q
            .order_by(Expr::cust("CASE WHEN status = 'published' THEN 0 ELSE 1 END"), Order::Asc)
            .order_by(Expr::cust("support_threshold - supports_count"), Order::Asc),
    };
    let paginator = q.order_by_desc(proposal::Column::Id).paginate(db, PAGE_SIZE);
    let counts = paginator.num_items_and_pages().await?;
    let pages = std::cmp::max(counts.number_of_pages, 1);
    let page = f.page.clamp(1, pages);
    let rows = paginator.fetch_page(page - 1).await?;
    Ok(ProposalPage { items: summaries(db, rows).await?, total: counts.number_of_items, page, pages })
}

/// The public proposals of a group, newest first.
pub async fn of_group(db: &impl ConnectionTrait, group_id: i64) -> Result<Vec<ProposalSummary>, AppError> {
    let rows = proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(group_id))
        .filter(proposal::Column::Hidden.eq(false))
        .filter(proposal::Column::PublishedAt.is_not_null())
        .order_by_desc(proposal::Column::PublishedAt)
        .limit(50)
        .all(db)
        .await?;
    summaries(db, rows).await
}

/// Proposals as list rows: dongs, authors and groups named with one query each.
pub(crate) async fn summaries(
    db: &impl ConnectionTrait,
    rows: Vec<proposal::Model>,
) -> Result<Vec<ProposalSummary>, AppError> {
    let dongs = places::dongs(db, rows.iter().map(|p| p.dong_code.clone())).await?;
    let authors = places::people(db, rows.iter().map(|p| p.author_id)).await?;
    let group_ids: Vec<i64> = rows.iter().filter_map(|p| p.group_id).collect();
    let group_names: HashMap<i64, String> = if group_ids.is_empty() {
        HashMap::new()
    } else {
        resident_group::Entity::find()
            .select_only()
            .column(resident_group::Column::Id)
            .column(resident_group::Column::Name)
            .filter(resident_group::Column::Id.is_in(group_ids))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .filter_map(|p| {
            Some(ProposalSummary {
                id: p.id,
                dong: dongs.get(&p.dong_code)?.clone(),
                author: authors.get(&p.author_id).cloned().unwrap_or_default(),
                group: p.group_id.and_then(|id| Some(GroupRef { id, name: group_names.get(&id)?.clone() })),
                published_on: p.published_at.map(time_fmt::seoul_date),
                title: p.title,
                category: p.category,
                status: p.status,
                supports_count: p.supports_count,
                support_threshold: p.support_threshold,
                comments_count: p.comments_count,
                cost_won: p.cost_won,
            })
        })
        .collect())
}

/// A proposal's page. Drafts are their author's alone; hidden content shows only its public
/// reason, except to the district's expert, who reviews it.
pub async fn detail(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<ProposalDetail, AppError> {
    let p = find(db, id).await?;
    let dong = dong_of(&p)?;
    let status = status_of(&p)?;
    let Visibility { page, content: show, moderator } = visibility(actor, &p)?;
    if !page {
        return Err(AppError::NotFound);
    }
    let supported = match actor {
        Some(a) => proposal_support::Entity::find_by_id((id, a.user_id)).one(db).await?.is_some(),
        None => false,
    };
    let in_dong = Scope::Dong(dong.clone());
    let may_edit = authz::can(actor, Action::EditProposal, &author_scope(&p)?).is_ok();
    let viewer = ProposalViewer {
        signed_in: actor.is_some(),
        supported,
        can_support: !p.hidden
            && status.accepts_supports()
            && authz::can(actor, Action::SupportProposal, &in_dong).is_ok(),
        can_comment: !p.hidden
            && status.is_public()
            && status != ProposalStatus::Withdrawn
            && authz::can(actor, Action::Comment, &in_dong).is_ok(),
        can_edit: may_edit && editable(&p)?,
        can_publish: may_edit && status == ProposalStatus::Draft,
        can_withdraw: may_edit && rules::transition(Lifecycle { status, hidden: p.hidden }, Event::Withdraw).is_ok(),
        moderator,
    };
    let timeline = proposal_event::Entity::find()
        .filter(proposal_event::Column::ProposalId.eq(id))
        .order_by_asc(proposal_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| TimelineEntry { event: e.event, status: e.status, at: time_fmt::seoul_datetime(e.at), note: e.note })
        .collect();
    let comments = comments_of(db, id, moderator).await?;
    let district = places::districts(db).await?.remove(dong.district().as_str()).ok_or(AppError::NotFound)?;
    Ok(ProposalDetail {
        district,
        problem_html: if show { markdown::render(&p.problem) } else { String::new() },
        solution_html: if show { markdown::render(&p.solution) } else { String::new() },
        location: if show { p.location.clone() } else { None },
        images: if show { proposal_images::of_proposal(db, id).await? } else { Vec::new() },
        hidden: p.hidden,
        moderation_reason: p.moderation_reason.clone(),
        timeline,
        comments,
        viewer,
        summary: summaries(db, vec![p]).await?.pop().ok_or(AppError::NotFound)?,
    })
}

/// A proposal's comments as threads (oldest first), hidden ones by their reason.
async fn comments_of(db: &DatabaseConnection, proposal_id: i64, moderator: bool) -> Result<Vec<CommentView>, AppError> {
    let rows = comment::Entity::find()
        .filter(comment::Column::ProposalId.eq(proposal_id))
        .order_by_asc(comment::Column::Id)
        .limit(1000)
        .all(db)
        .await?;
    let names = places::people(db, rows.iter().map(|c| c.author_id)).await?;
    let view = |c: &comment::Model| CommentView {
        id: c.id,
        parent_id: c.parent_id,
        author: names.get(&c.author_id).cloned().unwrap_or_default(),
        body_html: if !c.hidden || moderator { markdown::render(&c.body) } else { String::new() },
        hidden: c.hidden,
        moderation_reason: c.moderation_reason.clone(),
        at: time_fmt::seoul_datetime(c.created_at),
        replies: Vec::new(),
    };
    let mut threads: Vec<CommentView> = rows.iter().filter(|c| c.parent_id.is_none()).map(view).collect();
    for reply in rows.iter().filter(|c| c.parent_id.is_some()) {
        if let Some(t) = threads.iter_mut().find(|t| Some(t.id) == reply.parent_id) {
            t.replies.push(view(reply));
        }
    }
    Ok(threads)
}
