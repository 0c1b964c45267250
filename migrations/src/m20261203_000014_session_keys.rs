//! Session rows are keyed by the SHA-256 of the session id (the cookie's value) instead of the id
//! itself (`app::server::session_store`). Rows written before were keyed by the plain id: they
//! can no longer be found, and each kept a usable session id readable in the table, so they go.
//! Everyone signs in again once.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DELETE FROM sessions").await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // nothing to restore: the deleted sessions are gone either way
        Ok(())
    }
}
