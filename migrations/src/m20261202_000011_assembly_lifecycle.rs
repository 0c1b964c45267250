//! An assembly can be cancelled and rescheduled, and residents are told.
//!
//! - `assemblies.status` may now be `cancelled`. The status is checked by the database, so the
//!   check is widened: on PostgreSQL by replacing the constraint; on SQLite, which cannot alter a
//!   constraint, by rewriting the table's definition (`widen_status_sqlite`).
//! - `cancel_reason`, `cancelled_at`: why and when, shown to residents.
//! - `rescheduled_at`: when the times last changed after the announcement (the notice says so).
//! - `notifications.assembly_id`: a notification may be about an assembly.

use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Assemblies {
    Table,
    CancelReason,
    CancelledAt,
    RescheduledAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    AssemblyId,
}

const OLD_STATUSES: &str = "'draft', 'announced', 'pre_voting', 'in_session', 'closed', 'results_published'";
const NEW_STATUSES: &str =
    "'draft', 'announced', 'pre_voting', 'in_session', 'closed', 'results_published', 'cancelled'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on every backend: the SQLite rewrite must not be seen half done.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => widen_status_sqlite(conn, OLD_STATUSES, NEW_STATUSES).await?,
            _ => {
                conn.execute_unprepared(&format!(
                    "ALTER TABLE assemblies DROP CONSTRAINT assemblies_status_check;
                     ALTER TABLE assemblies ADD CONSTRAINT assemblies_status_check CHECK (status IN ({NEW_STATUSES}))"
                ))
                .await?;
            }
        }
        for col in [
            text_null(Assemblies::CancelReason),
            timestamp_with_time_zone_null(Assemblies::CancelledAt),
            timestamp_with_time_zone_null(Assemblies::RescheduledAt),
        ] {
            manager.alter_table(Table::alter().table(Assemblies::Table).add_column(col).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(big_integer_null(Notifications::AssemblyId))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        conn.execute_unprepared("DELETE FROM assemblies WHERE status = 'cancelled'").await?;
        manager
            .alter_table(Table::alter().table(Notifications::Table).drop_column(Notifications::AssemblyId).to_owned())
            .await?;
        for col in [Assemblies::CancelReason, Assemblies::CancelledAt, Assemblies::RescheduledAt] {
            manager.alter_table(Table::alter().table(Assemblies::Table).drop_column(col).to_owned()).await?;
        }
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => widen_status_sqlite(conn, NEW_STATUSES, OLD_STATUSES).await?,
            _ => {
                conn.execute_unprepared(&format!(
                    "ALTER TABLE assemblies DROP CONSTRAINT assemblies_status_check;
                     ALTER TABLE assemblies ADD CONSTRAINT assemblies_status_check CHECK (status IN ({OLD_STATUSES}))"
                ))
                .await?;
            }
        }
        Ok(())
    }
}

/// Replaces the status list `from` by `to` in the check of `assemblies` on SQLite, which has no
/// `ALTER CONSTRAINT`. A table rebuild would need foreign keys off (renaming or dropping a parent
/// table with them on re-points or deletes the rows that refer to it), and they cannot be
/// switched within a transaction. A check constraint does not change how rows are stored, so
/// SQLite's documented procedure for such changes applies: the table's definition is rewritten
/// in `sqlite_schema` and the schema version bumped, so every connection reads it anew. Rows
/// that break the new check are refused first (`down` deletes them beforehand).
async fn widen_status_sqlite(conn: &impl ConnectionTrait, from: &str, to: &str) -> Result<(), DbErr> {
    let one = |sql: &str| Statement::from_string(DatabaseBackend::Sqlite, sql.to_owned());
    let table: String = conn
        .query_one_raw(one("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'assemblies'"))
        .await?
        .ok_or_else(|| DbErr::Migration("no table assemblies".into()))?
        .try_get("", "sql")?;
    if table.matches(from).count() != 1 {
        return Err(DbErr::Migration(format!("assemblies' status check is not the expected one: {table}")));
    }
    let allowed: Vec<&str> = to.split(", ").collect();
    let outside = conn
        .query_one_raw(one(&format!(
            "SELECT count(*) AS n FROM assemblies WHERE status NOT IN ({})",
            allowed.join(", ")
        )))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    if outside > 0 {
        return Err(DbErr::Migration(format!("{outside} assemblies have a status outside {to}")));
    }
    let version: i64 = conn
        .query_one_raw(one("PRAGMA schema_version"))
        .await?
        .ok_or_else(|| DbErr::Migration("no schema version".into()))?
        .try_get_by_index(0)?;
    conn.execute_unprepared("PRAGMA writable_schema = ON").await?;
    let rewritten = conn
        .execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'assemblies'",
            [table.replacen(from, to, 1).into()],
        ))
        .await;
    conn.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1)).await?;
    conn.execute_unprepared("PRAGMA writable_schema = OFF").await?;
    rewritten?;
    Ok(())
}
