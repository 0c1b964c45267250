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

use crate::entities::{assembly, journal_entry, proposal, resident_group, search_document};
use contract::error::AppError;
use domain::geo::{Area, DongCode};
use domain::search::{Query, index_terms};
use domain::text::{like_pattern, search_text};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, OnConflict, Order, Query as Sql, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryOrder, QuerySelect, QueryTrait, Select, Set,
};

domain::term_enum! {
    /// What a document is about.
    pub enum Kind {
        Proposal = "proposal",
        Group = "group",
        Assembly = "assembly",
        FundEntry = "fund_entry",
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
        kind: Set(doc.kind.into()),
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

/// What the index holds of a stored row: its id, its dong's code, its title and its body.
type Parts<'a> = (i64, &'a str, &'a str, Vec<&'a str>);

fn proposal_parts(p: &proposal::Model) -> Parts<'_> {
    (p.id, &p.dong_code, &p.title, vec![&p.problem, &p.solution])
}

fn group_parts(g: &resident_group::Model) -> Parts<'_> {
    (g.id, &g.dong_code, &g.name, vec![&g.purpose])
}

fn assembly_parts(a: &assembly::Model) -> Parts<'_> {
    (a.id, &a.dong_code, &a.title, vec![&a.description, &a.venue])
}

fn entry_parts(e: &journal_entry::Model) -> Parts<'_> {
    (e.id, &e.dong_code, &e.description, vec![])
}

/// Indexes everything not indexed yet (the loaders write rows directly; a database made before
/// the index existed has none): a few queries when nothing is missing, so every start runs it.
/// Returns how many documents it wrote.
pub async fn index_missing(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    Ok(catch_up::<proposal::Entity>(db, Kind::Proposal, proposal_parts).await?
        + catch_up::<resident_group::Entity>(db, Kind::Group, group_parts).await?
        + catch_up::<assembly::Entity>(db, Kind::Assembly, assembly_parts).await?
        + catch_up::<journal_entry::Entity>(db, Kind::FundEntry, entry_parts).await?)
}

/// Indexes the things of `kind` without a document, a batch at a time.
async fn catch_up<E: EntityTrait>(
    db: &impl ConnectionTrait,
    kind: Kind,
    parts: for<'a> fn(&'a E::Model) -> Parts<'a>,
) -> Result<u64, AppError> {
    const BATCH: u64 = 2_000;
    let mut written = 0u64;
    loop {
        let rows = unindexed::<E>(kind, BATCH).all(db).await?;
        let parts: Vec<Parts<'_>> = rows.iter().map(parts).collect();
        let dongs = dong_codes(parts.iter().map(|p| p.1))?;
        let docs: Vec<Doc<'_>> = parts
            .iter()
            .zip(&dongs)
            .map(|((id, _, title, body), dong)| Doc { kind, id: *id, dong, title, body: body.clone() })
            .collect();
        index_many(db, &docs).await?;
        written += docs.len() as u64;
        if (rows.len() as u64) < BATCH {
            return Ok(written);
        }
    }
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
///
/// On SQLite the full-text match must drive: `search_fts CROSS JOIN search_documents` fixes that
/// order (measured on `seed-scale` data, 천연동's 19,575 proposals and a word in 1,211 of them:
/// driven by the dong's index instead, SQLite probed the full-text index once per document, 0.2 s
/// a query), and the `LIMIT` keeps the subquery from being flattened into the list's query, where
/// the planner joined every match with every proposal of the dong (13 s). Materialised, it is
/// a few milliseconds. PostgreSQL plans the same query well as it is (a bitmap of the GIN index).
fn matches(backend: DatabaseBackend, kind: Kind, area: &Area, q: &Query) -> SelectStatement {
    use search_document::Column as C;
    let sqlite = backend != DatabaseBackend::Postgres;
    let fts = sqlite && q.indexable();
    let mut s = Sql::select();
    s.expr_as(Expr::col((search_document::Entity, C::EntityId)), "entity_id");
    if fts {
        // the join's condition is a WHERE: sea-query writes a CROSS JOIN without its ON
        s.from("search_fts")
            .cross_join(search_document::Entity)
            .and_where(Expr::cust("search_fts.rowid = search_documents.id"));
    } else {
        s.from(search_document::Entity);
    }
    if sqlite {
        s.limit(i64::MAX.unsigned_abs());
    }
    s.and_where(Expr::col((search_document::Entity, C::Kind)).eq(kind.as_str()));
    match area {
        Area::Dong(d) => s.and_where(Expr::col((search_document::Entity, C::DongCode)).eq(d.as_str())),
        Area::District(d) => s.and_where(Expr::col((search_document::Entity, C::DistrictCode)).eq(d.as_str())),
    };
    // a custom expression's placeholder is the backend's own: `$1` (numbered within the
    // expression) on PostgreSQL, `?` on SQLite
    let p = if sqlite { "?" } else { "$1" };
    for w in q.words() {
        let like = format!("search_documents.text LIKE {p} ESCAPE '\\'");
        s.and_where(Expr::cust_with_values(like, [like_pattern(w)]));
    }
    if !q.indexable() {
        s.expr_as(Expr::val(0.0f64), "rank");
    } else if fts {
        // bm25 is smaller for better matches; a title counts four times its body
        s.expr_as(Expr::cust("bm25(search_fts, 4.0, 1.0)"), "rank");
        s.and_where(Expr::cust_with_values("search_fts MATCH ?", [q.fts5()]));
    } else {
        // ts_rank grows with relevance; the rank orders ascending
        s.expr_as(
            Expr::cust_with_values("-ts_rank(search_documents.terms, CAST($1 AS tsquery))", [q.tsquery()]),
            "rank",
        );
        s.and_where(Expr::cust_with_values("search_documents.terms @@ CAST($1 AS tsquery)", [q.tsquery()]));
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
    use domain::text::SearchQuery;

    /// Each backend's placeholders, so the values are bound where the SQL expects them.
    #[test]
    fn a_search_binds_its_values_in_each_backends_syntax() {
        let q = Query::new(&SearchQuery::parse("주차 o'k%").unwrap().unwrap());
        let area = Area::Dong(DongCode::parse("1144055500").unwrap());
        for backend in [DatabaseBackend::Postgres, DatabaseBackend::Sqlite] {
            let text =
                matching(proposal::Entity::find(), backend, Kind::Proposal, &area, &q).build(backend).to_string();
            assert!(!text.contains('?') && !text.contains("$1"), "{backend:?}: {text}");
            if backend == DatabaseBackend::Sqlite {
                assert!(text.contains("FROM \"search_fts\" CROSS JOIN \"search_documents\" WHERE"), "{text}");
                assert!(text.contains("search_fts.rowid = search_documents.id"), "{text}");
                assert!(text.contains("LIMIT 9223372036854775807) AS \"search_match\""), "{text}");
            }
            assert_eq!(text.matches("LIKE").count(), 2, "a LIKE for each word: {text}");
            assert!(text.contains("k\\\\%%") || text.contains("k\\%%"), "% is escaped: {text}");
        }
    }
}
