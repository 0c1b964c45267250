use crate::entities::{comment, proposal, proposal_count, proposal_event, proposal_support, resident_group};
use crate::markdown;
use crate::{paging, places, proposal_images, search, time_fmt};
use contract::dto::{
    CommentView, GroupRef, ProposalDetail, ProposalPage, ProposalSummary, ProposalViewer, TimelineEntry,
};
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::category::Category;
use domain::geo::Area;
use domain::proposal::{self as rules, Event, Lifecycle, ProposalSort, ProposalStatus};
use domain::search::Query as SearchTerms;
use domain::text::SearchQuery;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

use super::*;

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
/// hidden ones never. A search narrows through the search index (`services::search`). Four
/// queries whatever the page size: count, page, and the names.
pub async fn list(db: &impl ConnectionTrait, area: &Area, f: &ProposalFilter) -> Result<ProposalPage, AppError> {
    use proposal::Column as P;
    let public = proposal::Entity::find().filter(P::Hidden.eq(false)).filter(P::PublishedAt.is_not_null());
    let mut q = shown(public, [P::DongCode, P::DistrictCode, P::Status, P::Category], area, f);
    let searching = f.query.as_ref().map(SearchTerms::new);
    if let Some(terms) = &searching {
        q = search::matching(q, db.get_database_backend(), search::Kind::Proposal, area, terms);
    }
    // the expressions of `ix_proposals_dong_closest`, character for character
    let order = |q: sea_orm::Select<proposal::Entity>| {
        let q = match f.sort {
            ProposalSort::Relevance if searching.is_some() => search::by_relevance(q),
            ProposalSort::Newest | ProposalSort::Relevance => q.order_by_desc(proposal::Column::PublishedAt),
            ProposalSort::MostSupported => q.order_by_desc(proposal::Column::SupportsCount),
            ProposalSort::ClosestToThreshold => q
                .order_by(Expr::cust("CASE WHEN status = 'published' THEN 0 ELSE 1 END"), Order::Asc)
                .order_by(Expr::cust("support_threshold - supports_count"), Order::Asc),
        };
        q.order_by_desc(proposal::Column::Id)
    };
    let paged = match searching {
        Some(_) => paging::page(db, q, order, f.page, PAGE_SIZE).await?,
        None => paging::page_of(db, public_count(db, area, f).await?, q, order, f.page, PAGE_SIZE).await?,
    };
    Ok(ProposalPage {
        items: summaries(db, paged.rows).await?,
        total: paged.total,
        page: paged.page,
        pages: paged.pages,
    })
}

/// How many public proposals of `area` pass the filter's status and category, from the counts
/// the database keeps (`proposal_counts`): the same rows `list` reads, without reading them.
async fn public_count(db: &impl ConnectionTrait, area: &Area, f: &ProposalFilter) -> Result<u64, AppError> {
    use proposal_count::Column as C;
    let sum = proposal_count::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(proposal_counts.n), 0) AS BIGINT)"), "n");
    let n: Option<i64> =
        shown(sum, [C::DongCode, C::DistrictCode, C::Status, C::Category], area, f).into_tuple().one(db).await?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// Keeps the rows of `area` in the filter's status (every status but withdrawn when none is
/// asked for) and category; `cols` are the table's dong, district, status and category columns.
/// The list's rows and its kept counts are filtered by this one rule.
fn shown<E: EntityTrait>(
    q: sea_orm::Select<E>,
    cols: [E::Column; 4],
    area: &Area,
    f: &ProposalFilter,
) -> sea_orm::Select<E> {
    let [dong, district, status, category] = cols;
    let q = match area {
        Area::Dong(d) => q.filter(dong.eq(d.as_str())),
        Area::District(d) => q.filter(district.eq(d.as_str())),
    };
    let q = match f.status {
        Some(s) => q.filter(status.eq(s.as_str())),
        None => q.filter(status.ne(ProposalStatus::Withdrawn.as_str())),
    };
    match f.category {
        Some(c) => q.filter(category.eq(c.as_str())),
        None => q,
    }
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
                category: *p.category,
                status: *p.status,
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
    let status = *p.status;
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
        .map(|e| TimelineEntry { event: *e.event, status: *e.status, at: time_fmt::seoul_datetime(e.at), note: e.note })
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
