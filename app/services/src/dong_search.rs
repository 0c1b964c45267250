//! Searching one dong: its proposals, groups, assemblies and fund entries at once, each through
//! its own list's visibility rules and the search index (`services::search`).

use crate::{assemblies, fund, groups, places, proposals};
use contract::dto::DongSearch;
use contract::error::AppError;
use domain::authz::Actor;
use domain::geo::{Area, DongCode};
use domain::proposal::ProposalSort;
use domain::search::Query;
use domain::text::SearchQuery;
use sea_orm::DatabaseConnection;

/// What `q` finds in `dong`, as `actor` may see it. No query, nothing found (an empty page that
/// asks for one, not a list of everything).
pub async fn search(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    q: Option<&SearchQuery>,
) -> Result<DongSearch, AppError> {
    let place = places::dong(db, dong).await?;
    let Some(q) = q else {
        return Ok(DongSearch {
            dong: place,
            query: String::new(),
            proposals: Vec::new(),
            proposals_total: 0,
            groups: Vec::new(),
            groups_total: 0,
            assemblies: Vec::new(),
            assemblies_total: 0,
            fund_entries: Vec::new(),
            fund_entries_total: 0,
        });
    };
    let area = Area::Dong(dong.clone());
    let shown = usize::try_from(DongSearch::SHOWN).unwrap_or(usize::MAX);
    let mut found_proposals = proposals::list(
        db,
        &area,
        &proposals::ProposalFilter {
            query: Some(q.clone()),
            sort: ProposalSort::Relevance,
            page: 1,
            ..Default::default()
        },
    )
    .await?;
    found_proposals.items.truncate(shown);
    let mut found_groups =
        groups::directory(db, &area, &groups::GroupFilter { query: Some(q.clone()), category: None, page: 1 }).await?;
    found_groups.items.truncate(shown);
    let terms = Query::new(q);
    let (assemblies, assemblies_total) = assemblies::search(db, actor, dong, &terms, DongSearch::SHOWN).await?;
    let (fund_entries, fund_entries_total) = fund::search_entries(db, actor, dong, &terms, DongSearch::SHOWN).await?;
    Ok(DongSearch {
        dong: place,
        query: q.as_str().to_owned(),
        proposals: found_proposals.items,
        proposals_total: found_proposals.total,
        groups: found_groups.items,
        groups_total: found_groups.total,
        assemblies,
        assemblies_total,
        fund_entries,
        fund_entries_total,
    })
}
