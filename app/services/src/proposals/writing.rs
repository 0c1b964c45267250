use crate::entities::{proposal, proposal_event, proposal_support};
use crate::notices::{self, About};
use crate::{groups, places, proposal_images, search};
use chrono::Utc;
use contract::dto::{NewProposalContext, ProposalForm};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::moderation::NoticeKind;
use domain::proposal::{self as rules, Event, Lifecycle, ProposalContent, ProposalStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set,
};

use super::*;
use domain::{Field, InputRule};

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
            return Err(AppError::input(Field::GroupId, InputRule::NotChosen));
        }
    }
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
    let p = proposal::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        district_code: Set(dong.district().as_str().to_owned()),
        author_id: Set(me.user_id),
        group_id: Set(group),
        title: Set(content.title.clone()),
        problem: Set(content.problem.clone()),
        solution: Set(content.solution.clone()),
        category: Set(content.category.into()),
        cost_won: Set(content.cost_won),
        location: Set(content.location.clone()),
        status: Set(ProposalStatus::Draft.into()),
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
    .insert(&txn)
    .await?;
    search::index(&txn, proposal_doc(p.id, dong, &content)).await?;
    txn.commit().await?;
    Ok(p.id)
}

/// What the search index holds of a proposal.
fn proposal_doc<'a>(id: i64, dong: &'a DongCode, content: &'a ProposalContent) -> search::Doc<'a> {
    search::Doc {
        kind: search::Kind::Proposal,
        id,
        dong,
        title: &content.title,
        body: vec![&content.problem, &content.solution],
    }
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
        category: p.category.as_str().to_owned(),
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
    let status = *p.status;
    if !editable(&p)? {
        return Err(AppError::Conflict(ErrorCode::ProposalNotEditable));
    }
    // the condition makes a support that arrived meanwhile win over the edit
    let txn = crate::transaction::begin_write(db).await?;
    let res = proposal::Entity::update_many()
        .col_expr(proposal::Column::Title, Expr::value(content.title.clone()))
        .col_expr(proposal::Column::Problem, Expr::value(content.problem.clone()))
        .col_expr(proposal::Column::Solution, Expr::value(content.solution.clone()))
        .col_expr(proposal::Column::Category, Expr::value(content.category.as_str()))
        .col_expr(proposal::Column::CostWon, Expr::value(content.cost_won))
        .col_expr(proposal::Column::Location, Expr::value(content.location.clone()))
        .col_expr(proposal::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(proposal::Column::Id.eq(id))
        .filter(proposal::Column::SupportsCount.eq(0))
        .filter(proposal::Column::Status.eq(status.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::ProposalNotEditable));
    }
    search::index(&txn, proposal_doc(id, &dong_of(&p)?, &content)).await?;
    txn.commit().await?;
    Ok(())
}

/// The author publishes a draft; the dong's threshold at this moment applies to it.
pub async fn publish(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::EditProposal, &author_scope(&p)?)?;
    let t = threshold(db, &dong_of(&p)?).await?;
    let txn = crate::transaction::begin_write(db).await?;
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
    let txn = crate::transaction::begin_write(db).await?;
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
    let from = Lifecycle { status: *p.status, hidden: p.hidden };
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
        event: Set(event.into()),
        status: Set(to.status.into()),
        actor_id: Set(actor_id),
        note: Set(note),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(to)
}

/// Tells the author and the supporters (but the one who took the step) news of the proposal from
/// an assembly: it went on the agenda (told by the steps that put it there), or the assembly
/// decided it (told by the results, which know every decision, a budget project not funded
/// included). The news is about the proposal *and* that assembly: on the next one's agenda, after
/// a cancelled one, it is news again.
pub(crate) async fn tell_followers(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    kind: NoticeKind,
    assembly_id: i64,
    actor_id: Option<i64>,
) -> Result<(), AppError> {
    let supporters: Vec<i64> = proposal_support::Entity::find()
        .select_only()
        .column(proposal_support::Column::UserId)
        .filter(proposal_support::Column::ProposalId.eq(p.id))
        .into_tuple()
        .all(db)
        .await?;
    let people = std::iter::once(p.author_id).chain(supporters);
    let about = About { proposal_id: Some(p.id), assembly_id: Some(assembly_id), ..About::default() };
    notices::notify(db, people, actor_id, kind, about, &p.title).await
}
