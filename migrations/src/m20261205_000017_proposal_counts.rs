//! `proposal_counts`: how many public proposals (published, not hidden) each dong has in each
//! status and category, kept by triggers on `proposals` in the statement that changes a row, so
//! the proposal list's total is a sum of a few rows instead of a count of a dong's 20,000
//! (5–6 ms a page, which capped the list at about 350 pages a second per core). A row whose count
//! falls to zero is removed. Filled here from the proposals as they are.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE proposal_counts ( \
    dong_code VARCHAR(10) NOT NULL, \
    district_code VARCHAR(10) NOT NULL, \
    status VARCHAR(20) NOT NULL, \
    category VARCHAR(40) NOT NULL, \
    n BIGINT NOT NULL CHECK (n > 0), \
    PRIMARY KEY (dong_code, status, category))";

const FILL: &str = "INSERT INTO proposal_counts (dong_code, district_code, status, category, n) \
    SELECT dong_code, district_code, status, category, COUNT(*) FROM proposals \
    WHERE NOT hidden AND published_at IS NOT NULL \
    GROUP BY dong_code, district_code, status, category";

/// SQLite: one trigger per event; `p` is `NEW` or `OLD`.
fn add(p: &str) -> String {
    format!(
        "INSERT INTO proposal_counts (dong_code, district_code, status, category, n) \
         SELECT {p}.dong_code, {p}.district_code, {p}.status, {p}.category, 1 \
         WHERE NOT {p}.hidden AND {p}.published_at IS NOT NULL \
         ON CONFLICT (dong_code, status, category) DO UPDATE SET n = proposal_counts.n + 1;"
    )
}

/// The row's count, less one: a count of one is deleted first, so the decrement that follows never
/// reaches zero (nor a row the delete has just made the last).
fn remove(p: &str) -> String {
    format!(
        "DELETE FROM proposal_counts \
         WHERE NOT {p}.hidden AND {p}.published_at IS NOT NULL \
           AND dong_code = {p}.dong_code AND status = {p}.status AND category = {p}.category AND n = 1; \
         UPDATE proposal_counts SET n = n - 1 \
         WHERE NOT {p}.hidden AND {p}.published_at IS NOT NULL \
           AND dong_code = {p}.dong_code AND status = {p}.status AND category = {p}.category AND n > 1;"
    )
}

/// The columns whose change can move a proposal between counts.
const COUNTED: &str = "hidden, published_at, status, category, dong_code, district_code";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(TABLE).await?;
        db.execute_unprepared(
            "CREATE INDEX ix_proposal_counts_district ON proposal_counts (district_code, status, category)",
        )
        .await?;
        db.execute_unprepared(FILL).await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION proposal_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF TG_OP IN ('UPDATE', 'DELETE') THEN {} END IF; \
                   IF TG_OP IN ('INSERT', 'UPDATE') THEN {} END IF; \
                   RETURN NULL; \
                 END $$",
                remove("OLD"),
                add("NEW")
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER proposal_counts_follow AFTER INSERT OR DELETE OR UPDATE OF {COUNTED} \
                 ON proposals FOR EACH ROW EXECUTE FUNCTION proposal_counts_follow()"
            ))
            .await?;
        } else {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER proposal_counts_ai AFTER INSERT ON proposals BEGIN {} END",
                add("NEW")
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER proposal_counts_ad AFTER DELETE ON proposals BEGIN {} END",
                remove("OLD")
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER proposal_counts_au AFTER UPDATE OF {COUNTED} ON proposals BEGIN {} {} END",
                remove("OLD"),
                add("NEW")
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP TRIGGER proposal_counts_follow ON proposals").await?;
            db.execute_unprepared("DROP FUNCTION proposal_counts_follow()").await?;
        } else {
            for t in ["proposal_counts_ai", "proposal_counts_ad", "proposal_counts_au"] {
                db.execute_unprepared(&format!("DROP TRIGGER {t}")).await?;
            }
        }
        db.execute_unprepared("DROP TABLE proposal_counts").await?;
        Ok(())
    }
}
