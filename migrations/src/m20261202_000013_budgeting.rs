//! Participatory budgets that are fair and funded.
//!
//! - `dong_bylaws.pb_rule`, `assemblies.pb_rule`: the rule that chooses a budget's projects,
//!   `greedy` (by votes) or `equal_shares` (the Method of Equal Shares); an assembly keeps the rule
//!   it was created under, like the rest of its bylaws.
//! - `fund_projects.decided_won`: the amount the assembly gave the project (its cost as voted),
//!   shown on the project's page beside what the books have earmarked for it.
//! - `paper_tally_entries.ballot_sets`: for a budget item under equal shares, the paper ballots
//!   grouped by the set of projects marked (JSON `[[count, [option ids]], …]`): the rule needs the
//!   sets, not only the counts per project. The table stays append-only (its triggers refuse
//!   UPDATE and DELETE whatever the columns).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const RULES: &str = "'greedy', 'equal_shares'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        // the same statements on both databases: ADD COLUMN with a default and a column CHECK
        for table in ["dong_bylaws", "assemblies"] {
            conn.execute_unprepared(&format!(
                "ALTER TABLE {table} ADD COLUMN pb_rule TEXT NOT NULL DEFAULT 'greedy' CHECK (pb_rule IN ({RULES}))"
            ))
            .await?;
        }
        conn.execute_unprepared(
            "ALTER TABLE fund_projects ADD COLUMN decided_won BIGINT CHECK (decided_won IS NULL OR decided_won >= 0)",
        )
        .await?;
        conn.execute_unprepared("ALTER TABLE paper_tally_entries ADD COLUMN ballot_sets TEXT").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        for (table, column) in [
            ("paper_tally_entries", "ballot_sets"),
            ("fund_projects", "decided_won"),
            ("assemblies", "pb_rule"),
            ("dong_bylaws", "pb_rule"),
        ] {
            conn.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN {column}")).await?;
        }
        Ok(())
    }
}
