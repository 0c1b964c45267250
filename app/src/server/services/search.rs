//! The search index: one document per searchable thing (`search_documents`), written in the
//! transaction that writes the thing, and the join that narrows a list to the things matching a
//! query, with their relevance.
//!
//! How a query is read (bigrams for Korean, prefixes for other words) is `domain::search`. Here
//! the query becomes SQL: on SQLite an FTS5 `MATCH` ranked by BM25, on PostgreSQL a `tsquery`
//! against the GIN-indexed `terms` ranked by `ts_rank`; on both the query's words are then checked
//! against the document's plain text, which makes the bigram phrase an exact substring match. A
//! query the index cannot answer (one-syllable Korean words only) scans the documents of the
//! place instead — a dong's, or a district's, never the city's.
//!
//! What a search finds is still filtered by the list that asked (hidden proposals, draft
//! assemblies): the index holds text, not visibility.

use crate::domain::geo::{Area, DongCode};
use crate::domain::search::{Query, index_terms};
use crate::domain::text::{like_pattern, search_text};
use crate::error::AppError;
use crate::server::entities::{assembly, journal_entry, proposal, resident_group, search_document};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, OnConflict, Order, Query as Sql, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryOrder, QuerySelect, QueryTrait, Select, Set,
};

/// What a document is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Proposal,
    Group,
    Assembly,
    FundEntry,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Proposal, Kind::Group, Kind::Assembly, Kind::FundEntry];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Proposal => "proposal",
            Kind::Group => "group",
            Kind::Assembly => "assembly",
            Kind::FundEntry => "fund_entry",
        }
    }
}

/// One thing's searchable text.
pub struct Doc<'a> {
    pub kind: Kind,
    pub id: i64,
    pub dong: &'a DongCode,
    pub title: &'a str,
    pub body: Vec<&'a str>,
}

fn row(doc: &Doc<'_>) -> search_document::ActiveModel {
    let body = doc.body.join("\n");
    search_document::ActiveModel {
        kind: Set(doc.kind.as_str().to_owned()),
        entity_id: Set(doc.id),
        dong_code: Set(doc.dong.as_str().to_owned()),
        district_code: Set(doc.dong.district().as_str().to_owned()),
        text: Set(search_text([doc.title, body.as_str()])),
        title_terms: Set(index_terms(doc.title)),
        body_terms: Set(index_terms(&body)),
        ..Default::default()
    }
}

fn upsert() -> OnConflict {
    use search_document::Column as C;
    OnConflict::columns([C::Kind, C::EntityId])
        .update_columns([C::DongCode, C::DistrictCode, C::Text, C::TitleTerms, C::BodyTerms])
        .to_owned()
}

/// Indexes (or re-indexes) one thing, in the caller's transaction.
pub async fn index(db: &impl ConnectionTrait, doc: Doc<'_>) -> Result<(), AppError> {
    search_document::Entity::insert(row(&doc)).on_conflict(upsert()).exec_without_returning(db).await?;
    Ok(())
}

/// Indexes many things in few statements (bulk loaders: the demo, `seed-scale`, the backfill).
async fn index_many(db: &impl ConnectionTrait, docs: &[Doc<'_>]) -> Result<(), AppError> {
    // eight values a row: well under SQLite's 32,766 parameters a statement
    for chunk in docs.chunks(500) {
        search_document::Entity::insert_many(chunk.iter().map(row))
            .on_conflict(upsert())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The ids of things of `kind` that have no document yet, at most `limit`, lowest first.
fn unindexed<E: EntityTrait>(kind: Kind, limit: u64) -> Select<E> {
    let table = E::default().table_name().to_owned();
    let mut indexed = Sql::select();
    indexed
        .column(search_document::Column::EntityId)
        .from(search_document::Entity)
        .and_where(search_document::Column::Kind.eq(kind.as_str()));
    let mut q = E::find();
    QueryTrait::query(&mut q).and_where(Expr::col((table.clone(), "id")).not_in_subquery(indexed));
    q.order_by(Expr::col((table, "id")), Order::Asc).limit(limit)
}

/// Indexes everything not indexed yet (the loaders write rows directly; a database made before
/// the index existed has none): a few queries when nothing is missing, so every start runs it.
/// Returns how many documents it wrote.
pub async fn index_missing(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    const BATCH: u64 = 2_000;
    let mut written = 0u64;
    loop {
        let rows = unindexed::<proposal::Entity>(Kind::Proposal, BATCH).all(db).await?;
        let dongs = dong_codes(rows.iter().map(|p| p.dong_code.as_str()))?;
        let docs: Vec<Doc<'_>> = rows
            .iter()
            .zip(&dongs)
            .map(|(p, dong)| Doc {
                kind: Kind::Proposal,
                id: p.id,
                dong,
                title: &p.title,
                body: vec![&p.problem, &p.solution],
            })
            .collect();
        written += write_batch(db, &docs).await?;
        if (rows.len() as u64) < BATCH {
            break;
        }
    }
    loop {
        let rows = unindexed::<resident_group::Entity>(Kind::Group, BATCH).all(db).await?;
        let dongs = dong_codes(rows.iter().map(|g| g.dong_code.as_str()))?;
        let docs: Vec<Doc<'_>> = rows
            .iter()
            .zip(&dongs)
            .map(|(g, dong)| Doc { kind: Kind::Group, id: g.id, dong, title: &g.name, body: vec![&g.purpose] })
            .collect();
        written += write_batch(db, &docs).await?;
        if (rows.len() as u64) < BATCH {
            break;
        }
    }
    loop {
        let rows = unindexed::<assembly::Entity>(Kind::Assembly, BATCH).all(db).await?;
        let dongs = dong_codes(rows.iter().map(|a| a.dong_code.as_str()))?;
        let docs: Vec<Doc<'_>> = rows
            .iter()
            .zip(&dongs)
            .map(|(a, dong)| Doc {
                kind: Kind::Assembly,
                id: a.id,
                dong,
                title: &a.title,
                body: vec![a.description.as_str(), a.venue.as_str()],
            })
            .collect();
        written += write_batch(db, &docs).await?;
        if (rows.len() as u64) < BATCH {
            break;
        }
    }
    loop {
        let rows = unindexed::<journal_entry::Entity>(Kind::FundEntry, BATCH).all(db).await?;
        let dongs = dong_codes(rows.iter().map(|e| e.dong_code.as_str()))?;
        let docs: Vec<Doc<'_>> = rows
            .iter()
            .zip(&dongs)
            .map(|(e, dong)| Doc { kind: Kind::FundEntry, id: e.id, dong, title: &e.description, body: vec![] })
            .collect();
        written += write_batch(db, &docs).await?;
        if (rows.len() as u64) < BATCH {
            break;
        }
    }
    Ok(written)
}

async fn write_batch(db: &impl ConnectionTrait, docs: &[Doc<'_>]) -> Result<u64, AppError> {
    index_many(db, docs).await?;
    Ok(docs.len() as u64)
}

fn dong_codes<'a>(codes: impl Iterator<Item = &'a str>) -> Result<Vec<DongCode>, AppError> {
    codes
        .map(|c| {
            DongCode::parse(c).map_err(|_| {
                tracing::error!(dong = c, "a stored dong code does not parse");
                AppError::Internal
            })
        })
        .collect()
}

/// The alias of the matches joined into a list's query; its `rank` orders best first (ascending).
pub const MATCHES: &str = "search_match";

/// The documents of `kind` in `area` matching `q`, as `(entity_id, rank)`.
fn matches(backend: DatabaseBackend, kind: Kind, area: &Area, q: &Query) -> SelectStatement {
    use search_document::Column as C;
    let mut s = Sql::select();
    s.expr_as(Expr::col((search_document::Entity, C::EntityId)), "entity_id").from(search_document::Entity);
    s.and_where(Expr::col((search_document::Entity, C::Kind)).eq(kind.as_str()));
    match area {
        Area::Dong(d) => s.and_where(Expr::col((search_document::Entity, C::DongCode)).eq(d.as_str())),
        Area::District(d) => s.and_where(Expr::col((search_document::Entity, C::DistrictCode)).eq(d.as_str())),
    };
    // a custom expression's placeholder is the backend's own: `$1` (numbered within the
    // expression) on PostgreSQL, `?` on SQLite
    let p = if backend == DatabaseBackend::Postgres { "$1" } else { "?" };
    for w in q.words() {
        let like = format!("search_documents.text LIKE {p} ESCAPE '\\'");
        s.and_where(Expr::cust_with_values(like, [like_pattern(w)]));
    }
    if !q.indexable() {
        s.expr_as(Expr::val(0.0f64), "rank");
        return s;
    }
    match backend {
        DatabaseBackend::Postgres => {
            // ts_rank grows with relevance; the rank orders ascending
            s.expr_as(
                Expr::cust_with_values("-ts_rank(search_documents.terms, CAST($1 AS tsquery))", [q.tsquery()]),
                "rank",
            );
            s.and_where(Expr::cust_with_values("search_documents.terms @@ CAST($1 AS tsquery)", [q.tsquery()]));
        }
        _ => {
            // bm25 is smaller for better matches; a title counts four times its body
            s.expr_as(Expr::cust("bm25(search_fts, 4.0, 1.0)"), "rank");
            s.join(JoinType::InnerJoin, "search_fts", Expr::cust("search_fts.rowid = search_documents.id"));
            s.and_where(Expr::cust_with_values("search_fts MATCH ?", [q.fts5()]));
        }
    }
    s
}

/// Narrows `select` (a list of things of `kind`, whose table has an `id`) to those matching `q` in
/// `area`; `MATCHES.rank` is then there to order by ([`by_relevance`]).
pub fn matching<E: EntityTrait>(
    mut select: Select<E>,
    backend: DatabaseBackend,
    kind: Kind,
    area: &Area,
    q: &Query,
) -> Select<E> {
    let table = E::default().table_name().to_owned();
    QueryTrait::query(&mut select).join_subquery(
        JoinType::InnerJoin,
        matches(backend, kind, area, q),
        MATCHES,
        Expr::col((MATCHES, "entity_id")).equals((table, "id")),
    );
    select
}

/// Orders a [`matching`] select best match first.
pub fn by_relevance<E: EntityTrait>(select: Select<E>) -> Select<E> {
    select.order_by(Expr::col((MATCHES, "rank")), Order::Asc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::SearchQuery;

    /// Each backend's placeholders, so the values are bound where the SQL expects them.
    #[test]
    fn a_search_binds_its_values_in_each_backends_syntax() {
        let q = Query::new(&SearchQuery::parse("주차 o'k%").unwrap().unwrap());
        let area = Area::Dong(DongCode::parse("1144055500").unwrap());
        for backend in [DatabaseBackend::Postgres, DatabaseBackend::Sqlite] {
            let text =
                matching(proposal::Entity::find(), backend, Kind::Proposal, &area, &q).build(backend).to_string();
            assert!(!text.contains('?') && !text.contains("$1"), "{backend:?}: {text}");
            assert_eq!(text.matches("LIKE").count(), 2, "a LIKE for each word: {text}");
            assert!(text.contains("k\\\\%%") || text.contains("k\\%%"), "% is escaped: {text}");
        }
    }
}
