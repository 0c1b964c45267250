//! One page of a list: counted without reading the rows, then read in its order.

use contract::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, Select};

/// A page of rows, with where it is among the pages.
pub struct Paged<M> {
    pub rows: Vec<M>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// Page `page` (1-based; clamped to the pages there are) of `filtered`, `size` rows a page, in the
/// order `order` adds. Two queries: a `COUNT(*)` of the filtered rows (sea-orm's paginator counts
/// over a subquery of every column, which reads every row of a 20,000-row list), then the page.
pub async fn page<E: EntityTrait>(
    db: &impl ConnectionTrait,
    filtered: Select<E>,
    order: impl FnOnce(Select<E>) -> Select<E>,
    page: u64,
    size: u64,
) -> Result<Paged<E::Model>, AppError> {
    let n: Option<i64> =
        filtered.clone().select_only().column_as(Expr::cust("COUNT(*)"), "n").into_tuple().one(db).await?;
    page_of(db, u64::try_from(n.unwrap_or(0)).unwrap_or(0), filtered, order, page, size).await
}

/// The same, with the total known beforehand (a count kept in the database).
pub async fn page_of<E: EntityTrait>(
    db: &impl ConnectionTrait,
    total: u64,
    filtered: Select<E>,
    order: impl FnOnce(Select<E>) -> Select<E>,
    page: u64,
    size: u64,
) -> Result<Paged<E::Model>, AppError> {
    let pages = total.div_ceil(size).max(1);
    let page = page.clamp(1, pages);
    let rows = order(filtered).offset((page - 1) * size).limit(size).all(db).await?;
    Ok(Paged { rows, total, page, pages })
}
